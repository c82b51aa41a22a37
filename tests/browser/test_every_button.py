"""Every button and download on every page, pressed in a real browser by each role.

A button no test presses is untested: the Improvement plan's "Prepare the PDF" crashed the page
and no test pressed it. So, per role (viewer, manager, analyst, admin), on a
store of its own (a copy of the demo with the four accounts) and a server of its own, signed in
through the form in a fresh browser context: open each page the sidebar offers (ui/nav.py's
pages_for, as the app draws it), and the views only a link reaches; open every tab and
expander; give the uploaders and forms the least they need; then press every button, form
button and download in the page (and in any dialog one opens) until none is left unpressed,
pressing again a button that revealed others (a confirmation's Cancel, then its Yes).
Destructive buttons (the rollback's Yes) go last, on the role's throwaway store. After every
press the page must show no error; every download must be a file of its kind. Sign out last.

Then `test_every_button_in_the_code_was_pressed` reads every button the code draws (pages/,
ui/, app.py) and fails on any label no role pressed. (By label: single sign-on's "Sign in" and
"Sign out", drawn only with an identity provider, share theirs with the local form's.)
"""

from __future__ import annotations

import ast
import contextlib
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kpis.access import Actor, Role
from kpis.catalogue import load_catalogue
from kpis.demo import load_demo_if_empty
from kpis.store import Store
from kpis.users import add_account
from tests.plans_helpers import rec, update, workbook

from . import harness
from .harness import (
    AppPage,
    expect,
    no_error_elements,
    open_page,
    run_and_wait,
    upload,
    wait_for_run,
)

pytestmark = pytest.mark.browser

ROOT = harness.ROOT
PASSWORD = "every button passphrase"
ROLES = ["viewer", "manager", "analyst", "admin"]
# The pages each role is offered (ui/nav.py): the board's, then the analysts' it may use.
BOARD = ["scorecard", "exceptions", "kpi", "benchmarks", "plan", "quality", "pack", "definitions",
         "screen"]  # fmt: skip
ANALYSTS = {
    "viewer": [],
    "manager": [],
    "analyst": ["upload", "loads", "settings"],
    "admin": ["upload", "loads", "settings", "audit"],
}
# Views only a link reaches: a recommendation's detail (its forms are the managers'), and the
# demo's LAC reviews, whose process has moved on from its limits (analysts are offered the re-base).
LINKED = [
    AppPage("pages/plan.py", "plan?ref=R1&date=2025-03-31", "Status over time"),
    AppPage("pages/kpi.py", "kpi?kpi=lac_reviews_timely", "LAC reviews held within timescale"),
]
# Pressed last: they undo something, on this role's own store.
DESTRUCTIVE = {"key:rollback_confirm"}
# The most presses on one page: a page that keeps offering new buttons is a bug of its own.
MOST_PRESSES = 40
FILE_KINDS = {
    ".pdf": b"%PDF",
    ".xlsx": b"PK",
    ".docx": b"PK",
    ".zip": b"PK",
    ".html": b"<",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Every role's presses, for the inventory check at the end: role -> [Press].
PRESSED: dict[str, list] = {}


@dataclass(frozen=True)
class Press:
    page: str
    ident: str
    label: str
    kind: str


FILLED = """
details => details.open && !!details.querySelector(
  '[data-testid="stExpanderDetails"] [data-testid="stElementContainer"]')
"""

# The buttons visible in the page (and any dialog), in page order: how to find each again, its
# label, its kind and whether it can be pressed.
BUTTONS = """
() => {
  const kinds = {stButton: 'button', stDownloadButton: 'download',
                 stFormSubmitButton: 'form'};
  const scopes = [...document.querySelectorAll('[data-testid="stMain"], [role="dialog"]')];
  const found = [];
  for (const scope of scopes) {
    for (const b of scope.querySelectorAll('button')) {
      const wrap = b.closest(Object.keys(kinds).map(k => `[data-testid="${k}"]`).join(','));
      if (!wrap || !b.checkVisibility()) continue;
      const box = wrap.closest('[data-testid="stElementContainer"]');
      const key = box && [...box.classList].find(c => c.startsWith('st-key-'));
      const text = b.querySelector('[data-testid="stMarkdownContainer"]') || b;
      const label = text.innerText.replace(/\\s+/g, ' ').trim();
      const kind = kinds[wrap.dataset.testid];
      found.push({ident: key ? 'key:' + key.slice(7) : kind + ':' + label, key: key || '',
                  label, kind, disabled: b.disabled, dialog: !!b.closest('[role="dialog"]')});
    }
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    """The demo with an account for each role, made once; each role gets a copy."""
    folder = tmp_path_factory.mktemp("every-button")
    path = folder / "store.sqlite"
    url = f"sqlite:///{path}"
    load_demo_if_empty(Store(url), load_catalogue())
    admin = Store(url, actor=Actor("admin", Role.ADMIN))
    add_account(admin, "admin", Role.ADMIN, PASSWORD)
    for role in ROLES[:-1]:
        add_account(admin, role, Role(role), PASSWORD)
    return path


@pytest.fixture
def role_server(demo_store, tmp_path):
    """A server on a copy of the demo store, for one role to press everything on."""
    path = tmp_path / "store.sqlite"
    # SQLite's own copy: the demo's latest writes may still be in its write-ahead log.
    with sqlite3.connect(demo_store) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    env = {"KPIS_USERS_FILE": str(tmp_path / "no-users.yaml")}
    server = harness.AppServer(f"sqlite:///{path}", tmp_path / "app.log", env=env)
    try:
        server.start()
    except RuntimeError as failed:
        pytest.fail(str(failed))
    yield server
    server.stop()


def sign_in(page, base_url: str, name: str) -> None:
    page.goto(base_url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=120_000)
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    run_and_wait(page, page.get_by_role("button", name="Sign in").click, timeout=120_000)
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible(timeout=120_000)


def offered_pages(page, base_url: str) -> list[AppPage]:
    """The pages the sidebar offers this person (pages_for, as the app draws it), in order."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    more = nav.get_by_role("button", name=re.compile(r"^View \d+ more"))
    if more.count():
        more.click()
    offered = []
    for link in nav.locator("a").all():
        path = urlparse(link.get_attribute("href") or "").path.strip("/")
        offered.append(next(p for p in harness.PAGES if p.path.split("?")[0] == path))
    return offered


# --------------------------------------------------------------------------------------------
# Input a button needs before it shows: the least that makes it appear, per page and tab.


def _scorecard_file(page) -> None:
    body = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"
    body += "lado_referrals,2025-04,7,,,,,\n"
    upload(page, "every-button.csv", body.encode(), label="Scorecard file")


def _annex_a(page) -> None:
    import tempfile

    from kpis.annex_a.synthetic import make_annex_a, write_annex_a

    with tempfile.TemporaryDirectory() as folder:
        data = write_annex_a(Path(folder) / "annex.xlsx", make_annex_a(children=300)).read_bytes()
    upload(page, "annex-a.xlsx", data, XLSX, label="Annex A workbook")


def _entered_figure(page) -> None:
    from .test_entry import type_values

    grid = page.locator('.st-key-entry_editor [data-testid="stDataFrame"]')
    grid.wait_for()
    type_values(page, grid, {0: "50"})


def _plan_file(page) -> None:
    plan = workbook([rec("X1", kpis="dental_checks")], None, [update("X1", "2025-03-31")])
    upload(page, "plan.xlsx", plan, XLSX, label="Plan file (XLSX or CSV)")


def _audit_file(page) -> None:
    from tests.audits_helpers import csv_bytes, row

    team = "Assessment Team"
    data = csv_bytes([row("EB1", "good", team=team), row("EB2", "inadequate", team=team)])
    upload(page, "audits.csv", data, label="Audit file (CSV or XLSX)")


def _returns_file(page) -> None:
    from tests.returns_helpers import cin_xml

    child = {"id": "EB1", "details": [{"referral": "2025-01-06", "section47": [
        {"S47ActualStartDate": "2025-01-07", "DateOfInitialCPC": "2025-01-20"}]}]}  # fmt: skip
    data = cin_xml("2025-03-31", [child])
    upload(page, "cin.xml", data, "application/xml", label="Return files (CSV, XML or zip)")


def _benchmark_file(page) -> None:
    data = (ROOT / "tests/fixtures/benchmarks/ees_synthetic_accommodation.csv").read_bytes()
    upload(page, "ees_synthetic_accommodation.csv", data, label="LAIT long file")


PREPARE = {
    ("upload", "Scorecard file"): _scorecard_file,
    ("upload", "Annex A workbook"): _annex_a,
    ("upload", "Enter figures"): _entered_figure,
    ("upload", "Improvement plan"): _plan_file,
    ("upload", "Case audits"): _audit_file,
    ("upload", "DfE returns"): _returns_file,
    ("settings", ""): _benchmark_file,
}


def fill_form(page, button) -> None:
    """The least a form needs: every empty text box and number in it filled."""
    form = button.locator("xpath=ancestor::*[@data-testid='stForm'][1]")
    if not form.count():
        return
    for box in form.locator("textarea, input[type='text']:not([role='combobox'])").all():
        if box.is_visible() and not box.input_value():
            box.fill("Pressed by the every-button test")
    for box in form.locator("input[type='number']").all():
        if box.is_visible() and not box.input_value():
            box.fill("1")


# --------------------------------------------------------------------------------------------
# The walk


@dataclass
class Walk:
    page: object
    role: str
    where: str
    pressed: dict[str, Press] = field(default_factory=dict)
    reveals: dict[str, set[str]] = field(default_factory=dict)
    downloads: list[tuple[str, str, str, int]] = field(default_factory=list)

    def visible(self) -> list[dict]:
        return self.page.evaluate(BUTTONS)

    def open_expanders(self) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        closed = self.page.locator(
            '[data-testid="stMain"] [data-testid="stExpander"] details:not([open]) > summary'
        )
        for _ in range(20):
            shown = [s for s in closed.all() if s.is_visible()]
            if not shown:
                return
            details = shown[0].locator("xpath=..").element_handle()
            shown[0].click()
            # An expander that asks for its contents when opened reruns the page to draw them:
            # wait for them (an expander that stays empty just costs the wait).
            with contextlib.suppress(PlaywrightTimeout):
                self.page.wait_for_function(FILLED, arg=details, timeout=20_000, polling=50)
            wait_for_run(self.page)

    def locate(self, button: dict):
        scope = self.page.get_by_role("dialog") if button["dialog"] else self.page.locator(
            '[data-testid="stMain"]'
        )  # fmt: skip
        if button["key"]:
            return scope.locator(f".{button['key']} button").first
        return scope.get_by_role("button", name=button["label"], exact=True).first

    def download(self, target):
        """The download a press starts. Streamlit drops a download's file when a rerun of the
        page overlaps the click (its media manager keeps only the latest run's files): a person
        clicks again once the page has settled, and so does this, once."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            with self.page.expect_download(timeout=120_000) as made:
                target.click()
            return made
        except PlaywrightTimeout:
            wait_for_run(self.page)
        with self.page.expect_download(timeout=120_000) as made:
            target.click()
        return made

    def press(self, button: dict) -> None:
        assert not button["disabled"], f"{self.where}: '{button['label']}' cannot be pressed"
        target = self.locate(button)
        if button["kind"] == "download":
            made = self.download(target)
            saved = Path(made.value.path())
            name = made.value.suggested_filename
            data = saved.read_bytes()
            assert data, f"{self.where}: '{button['label']}' downloaded an empty {name}"
            signature = FILE_KINDS.get(Path(name).suffix.lower(), b"")
            assert data.lstrip().startswith(signature), f"{name} is not a {Path(name).suffix}"
            self.downloads.append((self.where, button["label"], name, len(data)))
            wait_for_run(self.page)
        else:
            if button["kind"] == "form":
                fill_form(self.page, target)
            run_and_wait(self.page, target.click, timeout=300_000)
        no_error_elements(self.page)

    def run(self) -> None:
        """Press every button in view until none is left, re-pressing revealers as needed."""
        settled = False
        for _ in range(MOST_PRESSES):
            self.open_expanders()
            before = self.visible()
            shown = {b["ident"] for b in before}
            todo = [b for b in before if b["ident"] not in self.pressed]
            if not todo:
                # A button pressed earlier that showed ones still unpressed: press it again.
                todo = [
                    b for b in before
                    if self.reveals.get(b["ident"], set()) - set(self.pressed)
                ]  # fmt: skip
            if not todo and settled:
                return
            if not todo:  # a last look once the page has settled: a late rerun draws more
                settled = True
                self.page.wait_for_timeout(500)
                wait_for_run(self.page)
                continue
            settled = False
            # An open dialog makes the page behind it inert: its buttons first.
            todo.sort(key=lambda b: (b["ident"] in DESTRUCTIVE, not b["dialog"]))
            button = todo[0]
            self.pressed[button["ident"]] = Press(
                self.where, button["ident"], button["label"], button["kind"]
            )
            try:
                self.press(button)
            except Exception as failed:
                shot = harness.screenshot(self.page, f"failed-every-button-{self.role}")
                raise AssertionError(
                    f"{self.role} on {self.where}: pressing '{button['label']}' "
                    f"({button['ident']}) failed; the page: {shot}"
                ) from failed
            after = {b["ident"] for b in self.visible()}
            self.reveals.setdefault(button["ident"], set()).update(after - shown)
        pytest.fail(f"{self.where}: still new buttons after {MOST_PRESSES} presses")


def walk_page(page, base_url: str, spec: AppPage, role: str) -> Walk:
    open_page(page, base_url, spec, timeout=120_000)
    no_error_elements(page)
    walk = Walk(page, role, spec.path or "scorecard")
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    names = [t.inner_text().strip() for t in tabs.all()] or [""]
    for name in names:
        if name:
            page.locator('[data-testid="stMain"]').get_by_role("tab", name=name).click()
            wait_for_run(page)
        walk.where = f"{spec.path or 'scorecard'}{' / ' + name if name else ''}"
        prepare = PREPARE.get((spec.name, name))
        if prepare:
            prepare(page)
            no_error_elements(page)
        walk.run()
    return walk


@pytest.mark.parametrize("role", ROLES)
def test_every_button_on_every_page(browser, role_server, role):
    context = harness.new_context(browser)
    page = context.new_page()
    try:
        sign_in(page, role_server.url, role)
        offered = offered_pages(page, role_server.url)
        assert [p.name for p in offered] == BOARD + ANALYSTS[role]
        views = []
        for spec in offered:
            views.append(spec)
            views.extend(linked for linked in LINKED if linked.name == spec.name)
        presses: list[Press] = []
        for spec in views:
            walk = walk_page(page, role_server.url, spec, role)
            presses.extend(walk.pressed.values())
            for where, label, name, size in walk.downloads:
                print(f"{role:8} {where:30} {label!r} -> {name} ({size:,} bytes)")
        # Last, the sidebar's Sign out (from a page that has the sidebar: the office screen
        # hides it): the form again, and a reload does not sign back in.
        open_page(page, role_server.url, harness.PAGES[0])
        run_and_wait(page, page.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name="Sign out").click)  # fmt: skip
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
        page.reload()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
        presses.append(Press("sidebar", "key:sign_out", "Sign out", "button"))
        presses.append(Press("sign in", "form:Sign in", "Sign in", "form"))
        PRESSED[role] = presses
        for p in presses:
            print(f"{role:8} {p.page:30} {p.kind:8} {p.label}")
    finally:
        context.close()


# --------------------------------------------------------------------------------------------
# The inventory: every button the code draws


BUTTON_CALLS = {"button", "download_button", "form_submit_button"}
# Labels the code takes from data rather than writes in the call: where, and what they are.
LABELS_FROM_DATA = {
    "pages/pack.py": ["Download PDF", "Download HTML", "Download Excel"],
}


def _label_pattern(node: ast.expr) -> str | None:
    """A regex for the label a call draws: a string, or an f-string's fixed parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(
            re.escape(part.value) if isinstance(part, ast.Constant) else ".+"
            for part in node.values
        )
    return None


def buttons_in_the_code() -> list[tuple[str, int, str]]:
    """(file, line, label pattern) of every button, form button and download the app draws."""
    found = []
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
             *sorted((ROOT / "ui").glob("*.py"))]  # fmt: skip
    for path in files:
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in BUTTON_CALLS:
                continue
            label = node.args[0] if node.args else next(
                (k.value for k in node.keywords if k.arg == "label"), None
            )  # fmt: skip
            pattern = _label_pattern(label) if label is not None else None
            if pattern is None:
                assert where in LABELS_FROM_DATA, f"{where}:{node.lineno}: name its labels"
                found.extend((where, node.lineno, re.escape(t)) for t in LABELS_FROM_DATA[where])
            else:
                found.append((where, node.lineno, pattern))
    return found


def test_the_inventory_finds_the_buttons_it_must():
    patterns = {(where, pattern) for where, _, pattern in buttons_in_the_code()}
    assert ("ui/plan.py", re.escape("Prepare the PDF")) in patterns
    assert ("ui/rollback.py", re.escape("Roll back load ") + ".+…") in patterns
    assert len(patterns) > 30


def test_every_button_in_the_code_was_pressed():
    if set(PRESSED) != set(ROLES):
        pytest.skip("needs every role's walk in the same run (test_every_button_on_every_page)")
    labels = {p.label for presses in PRESSED.values() for p in presses}
    missed = [
        f"{where}:{line}: {pattern}"
        for where, line, pattern in buttons_in_the_code()
        if not any(re.fullmatch(pattern, label) for label in labels)
    ]
    assert not missed, "buttons no role pressed:\n" + "\n".join(missed)
