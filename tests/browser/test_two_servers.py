"""Two app servers on one PostgreSQL behave as one app (DESIGN §6 "More than one server").

A load, a rollback, a target change and an account lockout made through one server are seen
through the other at its next rerun, and two servers started together on an empty database
load the demo once.
"""

from __future__ import annotations

import pytest

from kpis.catalogue import load_catalogue
from kpis.demo import DEMO_USER
from kpis.periods import label, shift
from kpis.rag import format_target, format_value
from kpis.store import Store

from . import harness
from .harness import (
    choose,
    click_button,
    expect,
    first_line,
    go_to,
    open_page,
    options,
    selected,
    upload,
)
from .servers import app_servers, empty_database, kpis_command

pytestmark = pytest.mark.browser

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"
ICPC = load_catalogue().get("icpc_15_days")
FIRST_TARGETED = next(k for k in load_catalogue().kpis if k.polarity.value != "neutral")


def row(page, kpi) -> dict[str, str]:
    """The measure's row of the scorecard (every measure here is under Help and protection)."""
    rows = harness.table_after_heading(page, kpi.area) or []
    return next(r for r in rows if first_line(r.get("Measure")) == kpi.name)


def drawn_together(pages_and_urls) -> None:
    """Open each page at once (no waiting in between), then wait for every one to draw, so the
    servers run their first sessions at the same moment."""
    for page, url in pages_and_urls:
        page.goto(url, wait_until="commit")
    ready = harness.PAGES[0].ready
    for page, _ in pages_and_urls:
        page.wait_for_function(harness.DRAWN_OR_FAILED, arg=[ready], timeout=180_000, polling=50)
        harness.wait_for_run(page, 120_000)
        harness.no_error_elements(page)
        expect(page.get_by_role("heading", name=ready)).to_be_visible()


def sign_in(page, name: str, password: str) -> None:
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    click_button(page, "Sign in")


def test_two_servers_on_one_database_behave_as_one_app(browser, tmp_path):
    with empty_database() as db_url, app_servers(db_url, 2, tmp_path) as (one, two):
        a_context, b_context = harness.new_context(browser), harness.new_context(browser)
        try:
            a, b = a_context.new_page(), b_context.new_page()
            _check(db_url, one.url, two.url, a, b)
        except Exception:
            for name, page in (("a", a), ("b", b)):
                harness.screenshot(page, f"failed-two-servers-{name}")
            print(one.log_tail(), two.log_tail())
            raise
        finally:
            a_context.close()
            b_context.close()


def _check(db_url: str, url_a: str, url_b: str, a, b) -> None:
    # Both servers start their first session at once on an empty database: one demo load.
    drawn_together([(a, url_a), (b, url_b)])
    loads = Store(db_url).loads()
    # The demo is three loads (its scorecard, its returns, its audits' measure), each made once.
    assert loads["user"].tolist() == [DEMO_USER] * 3, loads[["id", "user", "loaded_at"]]
    assert loads["kind"].tolist() == ["scorecard", "returns", "audits"]

    # A load through server A ...
    latest = selected(b, "Month")
    figures = Store(db_url).figures()
    newest = figures.loc[figures["team"] == "", "period"].max()
    assert latest == label(newest)
    month = shift(newest, 1)
    good = (HEADER + f"icpc_15_days,{month},91.5,,,,,\n").encode()
    open_page(a, url_a, "upload")
    upload(a, f"{month}.csv", good, label="Scorecard file")
    click_button(a, "Publish these figures")
    expect(a.get_by_text("published as load").first).to_be_visible()
    # ... is on server B's scorecard at its next rerun (a click in the same session).
    go_to(b, "Load history")
    go_to(b, "Scorecard")
    # One measure of the month is not enough to make it the board's month (DESIGN §4): it is
    # offered, marked incomplete, and shows A's figure once chosen.
    assert selected(b, "Month") == latest
    [offered] = [o for o in options(b, "Month", label(month)) if o.startswith(label(month))]
    assert "(incomplete: 1 of" in offered
    choose(b, "Month", offered)
    assert first_line(row(b, ICPC)["Value"]) == format_value(91.5, ICPC.unit)
    harness.screenshot(b, "two-servers-b-sees-a-load")

    # A rollback through server A: B's scorecard goes back to the month before.
    open_page(a, url_a, "loads")
    # Load 4: after the demo's scorecard, returns and audits.
    click_button(a, "Roll back load 4…")
    click_button(a, "Yes, roll back load 4")
    go_to(b, "Load history")
    go_to(b, "Scorecard")
    assert selected(b, "Month") == latest

    # A target change through server A: B's scorecard shows the new target.
    open_page(a, url_a, "settings")
    assert selected(a, "Measure") == FIRST_TARGETED.name  # the form's first measure
    a.get_by_label("Target", exact=True).fill("71.5")
    click_button(a, "Save target")
    expect(a.get_by_text("target").filter(has_text="71.5").first).to_be_visible()
    go_to(b, "Load history")
    go_to(b, "Scorecard")
    assert format_target(71.5, FIRST_TARGETED.unit) in row(b, FIRST_TARGETED)["Target"]

    # Accounts added by another process end demo mode on both servers at their next rerun.
    kpis_command(db_url, "users", "add", "ada", "--role", "admin",
                 env={"KPIS_NEW_PASSWORD": "admin passphrase 1"})  # fmt: skip
    signed = {"KPIS_USER": "ada", "KPIS_PASSWORD": "admin passphrase 1"}
    kpis_command(db_url, "users", "add", "ana", "--role", "analyst",
                 env={**signed, "KPIS_NEW_PASSWORD": "analyst passphrase"})  # fmt: skip
    go_to(b, "Load history")
    expect(b.get_by_role("heading", name="Sign in")).to_be_visible()
    go_to(a, "Scorecard")
    expect(a.get_by_role("heading", name="Sign in")).to_be_visible()

    # Five wrong passwords through server A lock the account on server B too.
    for _ in range(5):
        sign_in(a, "ana", "not the password")
        expect(a.get_by_text("is not right").first).to_be_visible()
    sign_in(b, "ana", "analyst passphrase")
    expect(b.get_by_text("this account is locked").first).to_be_visible()
    harness.screenshot(b, "two-servers-b-locked")
    # Another account signs in on B and keeps its session there.
    sign_in(b, "ada", "admin passphrase 1")
    expect(b.get_by_text("Signed in as").first).to_contain_text("ada")
    events = Store(db_url, actor=harness_admin()).audit_log()["event"].tolist()
    assert events.count("account locked") == 1 and "sign-in" in events


def harness_admin():
    from kpis.access import Actor, Role

    return Actor("test", Role.ADMIN)
