"""Drive the real app in a real browser: start `streamlit run`, wait for it, check it, run axe.

Shared by the browser tests (through `conftest.py`) and by `bench/page_load.py`, so both start the
server and decide "the page has finished drawing" the same way. Nothing here imports Streamlit or
the app: the app runs in its own process, exactly as `python -m streamlit run app.py` runs it.

To cover a new page, add one `AppPage` line to `PAGES`; the smoke, accessibility and screenshot
tests are parametrised over that list, and `test_every_page_is_registered` fails until it is there.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

try:  # so the test modules import without Playwright; the suite then skips (or fails in CI)
    from playwright.sync_api import expect
except ImportError:
    expect = None

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KPIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
OUT = Path(os.environ.get("KPIS_BROWSER_OUT", ROOT / "bench" / "out"))
SCREENSHOTS = OUT / "screenshots"
VIEWPORT = {"width": 1400, "height": 900}


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package is missing (pip install -r requirements.txt)")
    return "; ".join(missing) or None


def new_context(browser):
    """A browser context (a fresh Streamlit session) set up the way every helper here expects."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    context.add_init_script(RUN_COUNTER)
    return context


def launch_chromium(playwright, **options):
    """Headless Debian Chromium; Playwright's own browser downloads are never used."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **options
    )


# --------------------------------------------------------------------------------------------
# The server


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a process started in its own group, and everything it started: politely, then not."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def readme_command() -> list[str]:
    """The command the README gives a new user to start the dashboard, as words."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = r"^python -m pip install -r requirements\.txt && (python -m streamlit run [^\n]+)$"
    found = re.search(start, text, re.MULTILINE)
    if found is None:
        raise RuntimeError("README.md no longer gives the command that starts the dashboard")
    return found.group(1).split()


class AppServer:
    """The README's `python -m streamlit run app.py` on a free port against `db_url`.

    Started in its own process group, so `stop()` takes down Streamlit and anything it spawned.
    The app's config turns the file watcher off, so edits made in the tree meanwhile trigger no
    reruns (Streamlit still reads each page script afresh when it runs it).
    """

    def __init__(
        self,
        db_url: str,
        log_path: Path,
        *,
        env: dict[str, str] | None = None,
        cwd: Path = ROOT,
    ):
        self.db_url = db_url
        self.cwd = Path(cwd)
        self.log_path = Path(log_path)
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, port: int) -> list[str]:
        """The README's command, exactly (its interpreter this one): the app's own
        .streamlit/config.toml decides every setting; `environment` gives only the port."""
        return [sys.executable, *readme_command()[1:]]

    def environment(self, port: int) -> dict[str, str]:
        # Where to listen is not a setting of the app: many servers share this machine.
        return {"STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}

    def start(self, timeout: float = 90) -> str:
        for _attempt in range(3):  # another process may take the free port before we bind it
            self.port = free_port()
            env = {**os.environ, **self.extra_env, "KPIS_DATABASE_URL": self.db_url}
            env |= self.environment(self.port)
            env["PYTHONUNBUFFERED"] = "1"
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(
                    self.command(self.port),
                    cwd=self.cwd,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            if self._wait_healthy(timeout):
                return self.url
            self.stop()
            if "already in use" not in self.log_tail():
                break
        raise RuntimeError(f"streamlit did not become healthy:\n{self.log_tail()}")

    def _wait_healthy(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        health = f"{self.url}/_stcore/health"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(health, timeout=2) as reply:
                    if reply.status == 200 and reply.read().strip() == b"ok":
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        return False

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc is None:
            return
        stop_group(self.proc)
        self.proc = None

    def __enter__(self) -> AppServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# --------------------------------------------------------------------------------------------
# The pages


@dataclass(frozen=True)
class AppPage:
    """One page of the app as a browser opens it.

    `file` is the script under pages/; `path` the URL path (with any query string) Streamlit
    serves it at; `ready` the text of a heading that is on the page once it has drawn; `role`
    the role needed to see it, when the demo's local analyst may not (the suite runs the app in
    demo mode, so such pages are only checked for failing gracefully).
    """

    file: str
    path: str
    ready: str
    role: str = ""

    @property
    def name(self) -> str:
        return Path(self.file).stem

    def url(self, base_url: str) -> str:
        return f"{base_url}/{self.path}"


PAGES = [
    AppPage("pages/scorecard.py", "", "Leadership and workforce"),
    AppPage("pages/exceptions.py", "exceptions", "Exceptions"),
    AppPage(
        "pages/kpi.py",
        "kpi?kpi=icpc_15_days",
        "ICPCs held within 15 working days of the strategy discussion",
    ),
    AppPage("pages/definitions.py", "definitions", "Definitions"),
    AppPage("pages/pack.py", "pack", "Board pack"),
    AppPage("pages/benchmarks.py", "benchmarks", "How we compare"),
    AppPage("pages/plan.py", "plan", "Progress report"),
    AppPage("pages/quality.py", "quality", "Triangulation: audits beside the measures"),
    AppPage("pages/screen.py", "screen", "Help and protection"),
    AppPage("pages/upload.py", "upload", "Upload figures"),
    AppPage("pages/loads.py", "loads", "Load history"),
    AppPage("pages/settings.py", "settings", "Settings"),
    AppPage("pages/audit.py", "audit", "Audit log", role="admin"),
]


def app_page(name: str) -> AppPage:
    return next(p for p in PAGES if p.name == name)


# The views a board member reads (DESIGN §9): each must fit every screen size in SIZES. A board
# page added later (the improvement plan, say) joins by its file stem here once it is in PAGES.
BOARD_VIEWS = ("scorecard", "exceptions", "kpi", "benchmarks", "plan", "quality", "definitions")
BOARD_PAGES = [p for p in PAGES if p.name in BOARD_VIEWS]

# What the suite can open as the demo's local analyst, and what it cannot.
OPEN_PAGES = [p for p in PAGES if not p.role]
RESTRICTED_PAGES = [p for p in PAGES if p.role]


# Counts every change of the app's script-run state, so an action can wait for the rerun it
# caused rather than returning on the idle state from before it; and every message the server
# sends, because a rerun fast enough can finish before the page ever shows it running.
RUN_COUNTER = """
(() => {
  window.__stStateChanges = 0;
  window.__stMessages = 0;
  new MutationObserver(records => { window.__stStateChanges += records.length; })
    .observe(document, {subtree: true, attributes: true,
                        attributeFilter: ['data-test-script-state']});
  const Socket = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Socket(...args);
    socket.addEventListener('message', () => { window.__stMessages += 1; });
    return socket;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, Socket);
})();
"""
_COUNTS = "() => [window.__stStateChanges || 0, window.__stMessages || 0]"
_MOVED = "n => (window.__stStateChanges || 0) > n[0] || (window.__stMessages || 0) > n[1]"

IDLE = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  const connection = app.dataset.testConnectionState;
  if (connection && connection !== 'CONNECTED') return false;
  return !document.querySelector(
    '[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"], ' +
    '[data-testid="stAppSkeleton"]');
}
"""


def wait_for_run(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script and every element is fresh."""
    page.wait_for_function(IDLE, timeout=timeout, polling=50)


def run_and_wait(page, action, timeout: float = 60_000) -> None:
    """Do something that makes Streamlit rerun, then wait until that rerun has finished."""
    before = page.evaluate(_COUNTS)
    action()
    page.wait_for_function(_MOVED, arg=before, timeout=timeout, polling=20)
    if page.evaluate("() => window.__stStateChanges || 0") == before[0]:
        # Only messages so far: give the page a moment to show the run it is drawing.
        page.wait_for_timeout(300)
    wait_for_run(page, timeout)


DRAWN_OR_FAILED = """
([ready]) => {
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  if (headings.some(h => norm(h.textContent).includes(ready))) return true;
  if (document.querySelector('[data-testid="stException"], [data-testid="stAlertContentError"]'))
    return true;
  // Finished drawing something else (another page, say): no point waiting for the heading.
  return !!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')
    && (IDLE)();
}
""".replace("IDLE", IDLE.strip())


def open_page(page, base_url: str, target: AppPage | str, timeout: float = 60_000):
    """Load a page of the app and wait until it has drawn completely.

    Fails at once, with what the page shows, when it draws an error instead of its heading.
    """
    spec = app_page(target) if isinstance(target, str) else target
    page.goto(spec.url(base_url))
    page.wait_for_function(DRAWN_OR_FAILED, arg=[spec.ready], timeout=timeout, polling=50)
    wait_for_run(page, timeout)
    heading = page.get_by_role("heading", name=spec.ready)
    if not heading.count():
        no_error_elements(page)
        errors = "\n".join(error_alerts(page)) or page.inner_text("body")[:2000]
        raise AssertionError(f"{spec.name} page did not draw {spec.ready!r}; it shows:\n{errors}")
    return page


def go_to(page, title: str) -> None:
    """Follow a link in the sidebar navigation, as a user does."""
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first
    run_and_wait(page, link.click)


TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|"
    r"\b[A-Z]\w*(Error|Exception): |\bat 0x[0-9a-f]+>"
)


def error_alerts(page) -> list[str]:
    """The text of every st.error box on the page."""
    return [a.inner_text() for a in page.locator('[data-testid="stAlertContentError"]').all()]


# What app.py shows in place of a page that raised (the details go to the server log).
PAGE_FAILED = "Something went wrong showing this page"


def no_error_elements(page) -> None:
    """Assert the page shows no exception box and no error message carrying a traceback.

    A friendly st.error (a rejected file, say) is allowed; st.exception, an uncaught exception,
    app.py's sentence for a page that raised, or an error box with a traceback or a Python
    exception name in it is not.
    """
    shown = page.locator('[data-testid="stException"]')
    assert shown.count() == 0, "exception shown on the page:\n" + shown.first.inner_text()[:3000]
    for text in error_alerts(page):
        assert not TRACEBACK.search(text), f"error box shows a traceback:\n{text[:3000]}"
        assert PAGE_FAILED not in text, f"the page raised (see the server log):\n{text}"
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text() if main.count() else page.inner_text("body")
    assert "Traceback (most recent call last)" not in text, text[:3000]


# Tables as the browser shows them: an HTML <table> (st.html, st.table) as it is; for st.dataframe,
# which draws on a canvas, the accessible <table> glide-data-grid keeps of its rendered rows (what a
# screen reader reads). A cell's text keeps its line breaks; each line has its spaces tidied.
CELLS = """
table => [...table.querySelectorAll('tr')].map(tr => [...tr.querySelectorAll('th, td')].map(
  c => (c.innerText || c.textContent).split('\\n').map(s => s.replace(/\\s+/g, ' ').trim())
       .filter(Boolean).join('\\n')))
"""

TABLE_AFTER_HEADING = (
    """
([heading]) => {
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const h = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .find(e => norm(e.textContent) === heading);
  if (!h) return {found: false};
  const next = [...document.querySelectorAll('table, [data-testid="stDataFrame"]')]
    .find(t => h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  const table = next && (next.matches('table') ? next : next.querySelector('table'));
  return {found: !!next, cells: table ? ("""
    + CELLS
    + """)(table) : null};
}
"""
)


def _records(cells: list[list[str]] | None) -> list[dict[str, str]] | None:
    if not cells:
        return None
    header, *rows = cells
    return [dict(zip(header, row, strict=False)) for row in rows if row]


def table_rows(element, timeout: float = 10_000) -> list[dict[str, str]]:
    """Rows of the table in (or at) locator `element`, as {column header: cell text}.

    A st.dataframe builds its accessible table a moment after it draws; this waits for it.
    """
    element.wait_for(timeout=timeout)
    table = element if element.evaluate("e => e.matches('table')") else element.locator("table")
    table.first.wait_for(state="attached", timeout=timeout)
    return _records(table.first.evaluate(CELLS)) or []


def table_after_heading(page, heading: str, timeout: float = 10) -> list[dict[str, str]] | None:
    """Rows of the first table after the heading with exactly this text (None: no table)."""
    deadline = time.monotonic() + timeout
    while True:
        found = page.evaluate(TABLE_AFTER_HEADING, [heading])
        if found["cells"] or not found["found"] or time.monotonic() > deadline:
            return _records(found["cells"])
        time.sleep(0.1)


def first_line(text: str | None) -> str:
    return (text or "").split("\n")[0]


def selectbox(page, label: str):
    """The combobox input of the selectbox labelled `label`."""
    box = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=label)
    )
    return box.get_by_role("combobox")


def selected(page, label: str) -> str:
    """The option shown in the selectbox with this label."""
    return selectbox(page, label).input_value().strip()


def choose(page, label: str, option: str) -> None:
    """Pick an option in a selectbox (typing to filter, then clicking it) and wait for the rerun."""
    selectbox(page, label).fill(option)
    choice = page.get_by_role("listbox").get_by_role("option", name=option, exact=True)
    run_and_wait(page, choice.click)


def options(page, label: str, typed: str) -> list[str]:
    """The options a selectbox offers when `typed` is typed into it; leaves it unchanged."""
    box = selectbox(page, label)
    box.fill(typed)
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    texts = [o.inner_text().strip() for o in listbox.get_by_role("option").all()]
    page.keyboard.press("Escape")
    return texts


# st.dataframe's geometry (Streamlit defaults): a 35 px header, 35 px rows, and with row selection
# a checkbox column first.
GRID_HEADER_PX = 35
GRID_ROW_PX = 35


def select_grid_row(page, grid, index: int) -> None:
    """Tick row `index` (0 = first data row) of a st.dataframe with row selection, as a user
    clicks its checkbox. The rerun may switch page, so this waits for the rerun only."""
    box = grid.locator("canvas").first.bounding_box()
    y = box["y"] + GRID_HEADER_PX + GRID_ROW_PX * index + GRID_ROW_PX / 2
    run_and_wait(page, lambda: page.mouse.click(box["x"] + 15, y))


SVG_CHARTS = """
() => [...document.querySelectorAll('.kpis-chart > div')]
  .filter(drawing => drawing.checkVisibility())
  .map(drawing => ({
    lines: drawing.querySelectorAll('polyline').length,
    points: drawing.querySelectorAll('g.points circle, g.points path').length,
    bars: drawing.querySelectorAll('rect[fill^="#"]').length,
    described: (drawing.querySelector('svg desc') || {}).textContent || '' }))
"""


def svg_charts(page) -> list[dict]:
    """Each chart drawn as SVG and shown at this width (a chart has a drawing per width):
    its polylines, points, bars and text alternative."""
    return page.evaluate(SVG_CHARTS)


def upload(page, name: str, data: bytes, mime: str = "text/csv", *, label: str = "") -> None:
    """Put a file in a file uploader (the one labelled `label`, else the first on the page), as
    if chosen in the file dialog, and wait for the rerun."""
    boxes = page.locator('[data-testid="stFileUploader"]')
    if label:
        boxes = boxes.filter(has=page.locator('[data-testid="stWidgetLabel"]', has_text=label))
    field = boxes.first.locator('[data-testid="stFileUploaderDropzoneInput"]')
    files = [{"name": name, "mimeType": mime, "buffer": data}]
    run_and_wait(page, lambda: field.set_input_files(files=files))


def reported_problems(page) -> set[tuple[str, str]]:
    """(row, column) of every problem in the visible problem tables: a table with a "Column"
    and a "Row" (or "Rows": "2, 5 and 3 more") column, as the upload report shows them."""
    found = set()
    for grid in page.locator('[data-testid="stDataFrame"]').all():
        if not grid.is_visible():
            continue
        for line in table_rows(grid):
            rows, column = line.get("Row", line.get("Rows")), line.get("Column")
            if rows is None or column is None:
                continue
            for row in re.split(r",\s*|\s+and\s+", rows):
                if row.strip().isdigit():
                    found.add((row.strip(), column))
    return found


def eventually(check, timeout: float = 10, every: float = 0.1):
    """Retry `check` (a function that asserts) until it passes or `timeout` seconds go by."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        time.sleep(every)


# An opening expander animates its height: a click aimed at its content while it grows lands on
# whatever has moved under the pointer (seen in CI: a download button's click hit its column).
SETTLED = "el => el.getAnimations({subtree: true}).every(a => a.playState !== 'running')"


def open_expander(page, label: str) -> None:
    """Open the expander headed `label` and wait until it has finished growing."""
    expander = page.locator('[data-testid="stExpander"]').filter(has_text=label).first
    expander.locator("summary").click()
    page.wait_for_function(SETTLED, arg=expander.element_handle(), polling="raf")


def click_button(page, name: str) -> None:
    run_and_wait(page, page.get_by_role("button", name=name).click)


def screenshot(page, name: str) -> Path:
    """The whole page as a PNG. Streamlit scrolls inside its main pane, not the window, so the
    window is stretched to the pane's height for the shot and put back afterwards."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return Math.ceil(Math.max(m ? m.scrollHeight : 0,
                                             document.documentElement.scrollHeight)); }"""
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height, size["height"]), 16000)}
    )
    try:
        wait_for_run(page)
        page.wait_for_timeout(500)  # the grids redraw their canvases for the new size
        page.screenshot(path=path)
    finally:
        page.set_viewport_size(size)
    return path


# The screen sizes a board member reads on (CSS pixels): a laptop, a tablet held landscape and
# portrait, a phone. DESIGN §9: every board view fits each without sideways scrolling.
SIZES = {
    "laptop": {"width": 1400, "height": 900},
    "tablet-landscape": {"width": 1024, "height": 768},
    "tablet-portrait": {"width": 768, "height": 1024},
    "phone": {"width": 390, "height": 844},
}

OVERFLOW = """
(scopeSelector) => {
  const found = [];
  const root = document.documentElement;
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const what = e => {
    const id = e.dataset && e.dataset.testid;
    const cls = typeof e.className === 'string' && e.className.split(' ')[0];
    const text = norm(e.innerText || e.textContent).slice(0, 60);
    return `${id || e.tagName.toLowerCase() + (cls ? '.' + cls : '')}${text ? ` "${text}"` : ''}`;
  };
  if (root.scrollWidth > root.clientWidth + 1)
    found.push(`the page scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px`);
  const scope = document.querySelector(scopeSelector) || document.body;
  if (scope.scrollWidth > scope.clientWidth + 1)
    found.push(`the main pane scrolls sideways: ${scope.scrollWidth}px in ${scope.clientWidth}px`);
  const column = (scope.querySelector('[data-testid="stMainBlockContainer"]') || scope)
    .getBoundingClientRect();
  const right = Math.min(column.right, root.clientWidth), left = Math.max(column.left, 0);
  // Inside a box of a pixel or less that hides its overflow: visually hidden on purpose (a
  // screen-reader caption, Streamlit's hidden inputs), so never seen and never scrolled to.
  const hiddenAway = e => {
    for (let a = e; a && a !== scope; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && getComputedStyle(a).overflow !== 'visible')
        return true;
    }
    return false;
  };
  for (const e of scope.querySelectorAll('*')) {
    // Plotly's invisible drag handles reach past the plot's corners by design.
    if (e.closest('.draglayer')) continue;
    const box = e.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || hiddenAway(e)) continue;
    // Moved off to the left on purpose (Plotly's text-measuring SVG): never shown, no scroll.
    if (box.right <= 0) continue;
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1) {
      found.push(`scrolls sideways: ${what(e)} (${e.scrollWidth}px in ${e.clientWidth}px)`);
      continue;
    }
    if (style.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1
        && !e.closest('[data-baseweb="select"]')) {
      found.push(`text cut off with an ellipsis: ${what(e)}`);
      continue;
    }
    if (box.right > right + 1 || box.left < left - 1)
      found.push(`beyond the column (${Math.round(box.left)}-${Math.round(box.right)}px in ` +
                 `${Math.round(left)}-${Math.round(right)}px): ${what(e)}`);
  }
  // One line per culprit: an element outside the column drags its descendants with it.
  return found.filter((line, i) => found.indexOf(line) === i);
}
"""


def overflowing(page, scope: str = '[data-testid="stMain"]') -> list[str]:
    """Everything that makes the page (or anything in it) wider than the screen: sideways
    scrolling of the window, the main pane or any table or grid inside it; an element reaching
    past the content column (a table wider than its container, a chart, a long word); text cut
    off with an ellipsis. Empty when the page fits. `scope` is where to look (an HTML file
    opened on its own: "body")."""
    return page.evaluate(OVERFLOW, scope)


# --------------------------------------------------------------------------------------------
# Accessibility: axe-core, with each finding put down to our content or to Streamlit's chrome

AXE_RUN = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const describe = selector => {
    let el = null;
    try { el = selector.length === 1 ? document.querySelector(selector[0]) : null; } catch (e) {}
    if (!el) return {testids: [], inMain: false, inSidebarContent: false, label: null};
    const testids = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement)
      if (e.dataset && e.dataset.testid) testids.push(e.dataset.testid);
    const container = el.closest('[data-testid="stElementContainer"]');
    const label = container && container.querySelector('[data-testid="stWidgetLabel"]');
    return {
      testids,
      inMain: !!el.closest('[data-testid="stMain"]'),
      inSidebarContent: !!el.closest('[data-testid="stSidebarUserContent"]'),
      label: label ? label.textContent.trim() : null,
    };
  };
  return result.violations.map(v => ({
    rule: v.id, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      impact: n.impact || v.impact, target: n.target.map(String), html: n.html,
      summary: n.failureSummary || '', ...describe(n.target),
    })),
  }));
}
"""

SERIOUS = ("serious", "critical")

# Streamlit's own page furniture: nothing in it is written or configured by the app.
STREAMLIT_CHROME = {
    "stSidebarNav": "sidebar page navigation",
    "stSidebarHeader": "sidebar header",
    "stSidebarCollapseButton": "sidebar collapse button",
    "stSidebarCollapsedControl": "sidebar expand button",
    "stExpandSidebarButton": "sidebar expand button",
    "stSidebarResizeHandle": "sidebar resize handle",
    "stHeader": "app header",
    "stToolbar": "app toolbar",
    "stMainMenu": "main menu",
    "stStatusWidget": "running indicator",
    "stDecoration": "header decoration",
    "stSkipToContent": "skip link",
    "stAppDeployButton": "deploy button",
    "stElementToolbar": "table/chart toolbar (search, download, fullscreen)",
    "stHeaderActionElements": "heading anchor link",
    "stTooltipIcon": "help tooltip icon",
}
# Widgets whose inner markup Streamlit builds: its roles, structure and styling are Streamlit's;
# the label text we pass is ours (and an accessible-name failure on a widget we left unlabelled).
WIDGETS = {
    "stFileUploader": "file uploader",
    "stDataFrame": "data grid (glide-data-grid)",
    "stTable": "static table",
    "stSelectbox": "selectbox",
    "stMultiSelect": "multiselect",
    "stDateInput": "date input",
    "stNumberInput": "number input",
    "stTextInput": "text input",
    "stTextArea": "text area",
    "stCheckbox": "checkbox",
    "stRadio": "radio",
    "stSlider": "slider",
    "stSelectSlider": "select slider",
    "stSegmentedControl": "segmented control",
    "stPills": "pills",
    "stButton": "button",
    "stDownloadButton": "download button",
    "stFormSubmitButton": "form submit button",
    "stPageLink": "page link",
    "stTabs": "tabs",
    "stExpander": "expander",
    "stPopover": "popover",
    "stPlotlyChart": "Plotly chart",
    "stVegaLiteChart": "Vega-Lite chart",
    "stSpinner": "spinner",
}
NAME_RULES = {
    "label",
    "select-name",
    "aria-input-field-name",
    "aria-toggle-field-name",
    "input-button-name",
    "button-name",
    "link-name",
}
# Findings on the document itself rather than an element of a page.
PAGE_RULES_OURS = {
    "document-title": "st.set_page_config(page_title=...)",
    "page-has-heading-one": "each page's st.title",
}


@dataclass
class Finding:
    where: str
    rule: str
    impact: str
    help: str
    target: str
    html: str
    owner: str  # "ours" or "streamlit"
    why: str
    summary: str = ""

    def line(self) -> str:
        return (
            f"[{self.where}] {self.rule} ({self.impact}) {self.help}: {self.target}\n"
            f"    {self.why}\n    {self.html[:240]}\n    {self.summary[:400]}".rstrip()
        )


def classify(rule: str, node: dict) -> tuple[str, str]:
    """Whose fault a violating node is: ("ours" | "streamlit", why)."""
    testids = node.get("testids") or []
    for testid in testids:
        if testid in STREAMLIT_CHROME:
            return "streamlit", f"Streamlit chrome: {STREAMLIT_CHROME[testid]} ({testid})"
    if not (node.get("inMain") or node.get("inSidebarContent")):
        if rule in PAGE_RULES_OURS:
            return "ours", f"set by the app: {PAGE_RULES_OURS[rule]}"
        return "streamlit", "Streamlit page template (outside the app's content)"
    if "stWidgetLabel" in testids:
        return "ours", "the widget label the app passes"
    widget = next((t for t in testids if t in WIDGETS), None)
    if widget:
        if rule in NAME_RULES and not node.get("label"):
            return "ours", f"{WIDGETS[widget]} the app left without a visible label"
        return "streamlit", f"Streamlit widget internals: {WIDGETS[widget]} ({widget})"
    return "ours", "the app's own content: " + (
        next((t for t in testids if t not in {"stElementContainer", "stVerticalBlock"}), "page")
    )


# Every finding of the session, minor ones too, for the summary printed after the tests.
FINDINGS: list[Finding] = []


def axe_available() -> bool:
    return AXE_JS.exists()


def axe_findings(page, where: str) -> list[Finding]:
    """Run axe-core on the page as it stands; every violating node, classified."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found = []
    for violation in page.evaluate(AXE_RUN):
        for node in violation["nodes"]:
            owner, why = classify(violation["rule"], node)
            found.append(
                Finding(
                    where=where,
                    rule=violation["rule"],
                    impact=node["impact"] or "unknown",
                    help=violation["help"],
                    target=" ".join(node["target"]),
                    html=node["html"],
                    owner=owner,
                    why=why,
                    summary=node["summary"],
                )
            )
    FINDINGS.extend(found)
    return found


def require_axe() -> None:
    """Skip the test (fail it under CI=true) when axe-core is not installed (`npm ci`)."""
    if not axe_available():
        import pytest

        reason = f"axe-core is not installed ({AXE_JS} missing): run `npm ci` in {ROOT}"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)


def axe_violations(page, where: str = "") -> list[Finding]:
    """Serious and critical axe-core violations on the page, each marked ours or Streamlit's.

    Skips the test (fails it under CI=true) when axe-core is not installed (`npm ci`).
    """
    require_axe()
    where = where or page.url
    return [f for f in axe_findings(page, where) if f.impact in SERIOUS]


def assert_no_violations_of_ours(found: list[Finding]) -> None:
    """Fail on our own serious/critical findings; print Streamlit's (captured unless -s)."""
    ours = [f for f in found if f.owner == "ours"]
    theirs = [f for f in found if f.owner == "streamlit"]
    if theirs:
        print("Streamlit's own (not ours to fix):\n" + findings_report(theirs))
    assert not ours, "serious/critical accessibility violations in our content:\n" + "\n".join(
        f.line() for f in ours
    )


def findings_report(findings: list[Finding]) -> str:
    """One line per owner, rule and cause, with how many elements and on which pages."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.owner, f.impact, f.rule, f.why), []).append(f)
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    lines = []
    for (owner, impact, rule, why), seen in sorted(
        groups.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 9), kv[0][2], kv[0][3])
    ):
        pages = ", ".join(sorted({f.where for f in seen}))
        lines.append(f"{owner:9} {impact:8} {rule}: {seen[0].help}")
        lines.append(f"          {why}; {len(seen)} element(s); on: {pages}")
    return "\n".join(lines)


def save_findings(findings: list[Finding]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "axe-findings.json"
    path.write_text(json.dumps([asdict(f) for f in findings], indent=1, ensure_ascii=False))
    return path
