"""The analyst's round trip in the browser: reject a bad file, publish a good one, roll it back."""

from __future__ import annotations

import pytest

from kpis.catalogue import load_catalogue
from kpis.periods import label, shift
from kpis.rag import format_value
from kpis.store import Store

from .harness import (
    choose,
    click_button,
    eventually,
    expect,
    first_line,
    no_error_elements,
    open_page,
    options,
    reported_problems,
    screenshot,
    selected,
    table_after_heading,
    table_rows,
    upload,
)

pytestmark = pytest.mark.browser

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"
# Row 2: a percentage over 100; row 3: a KPI id the catalogue does not know.
BAD = (HEADER + "icpc_15_days,2016-10,850,,,,,\nnope,2016-10,1,,,,,\n").encode()
SCORECARD_FILE = "Scorecard file"
FIGURES = ["kpi_id", "period", "team", "value", "numerator", "denominator", "target", "commentary"]


def published(db_url: str):
    frame = Store(db_url).figures()[FIGURES]
    return frame.sort_values(["kpi_id", "period", "team"]).reset_index(drop=True)


def icpc_value(page) -> str:
    name = load_catalogue().get("icpc_15_days").name
    rows = table_after_heading(page, "Help and protection") or []
    return next(first_line(r["Value"]) for r in rows if first_line(r.get("Measure")) == name)


def test_bad_file_shows_the_report_and_publishes_nothing(page, app_server, app_db_url):
    open_page(page, app_server, "upload")
    before = Store(app_db_url).version()
    upload(page, "bad.csv", BAD, label=SCORECARD_FILE)
    no_error_elements(page)
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_contain_text(
        "cannot be published"
    )
    problems = reported_problems(page)
    assert {("2", "value"), ("3", "kpi_id")} <= problems, problems
    expect(page.get_by_role("button", name="Publish these figures")).to_have_count(0)
    assert Store(app_db_url).version() == before
    screenshot(page, "upload-rejected")


def test_publish_changes_the_scorecard_and_rollback_restores_it(page, app_server, app_db_url):
    # The scorecard as it stands.
    open_page(page, app_server, "scorecard")
    before, version = published(app_db_url), Store(app_db_url).version()
    latest = before.loc[before["team"] == "", "period"].max()
    month = shift(latest, 1)  # a month with no figures yet
    assert selected(page, "Month") == label(latest)
    old_value = icpc_value(page)

    # Upload a good file for the next month: a preview, nothing written yet.
    good = (HEADER + f"icpc_15_days,{month},91.5,,,,,\nlado_referrals,{month},7,,,,,\n").encode()
    open_page(page, app_server, "upload")
    upload(page, f"{month}.csv", good, label=SCORECARD_FILE)
    no_error_elements(page)
    expect(page.locator('[data-testid="stAlertContentSuccess"]').first).to_contain_text("valid")
    assert Store(app_db_url).version() == version, "checking a file must not write anything"
    screenshot(page, "upload-preview")

    # Publish.
    click_button(page, "Publish these figures")
    no_error_elements(page)
    expect(page.get_by_text("published as load").first).to_be_visible()
    screenshot(page, "upload-published")
    assert Store(app_db_url).version() != version
    load_id = int(Store(app_db_url).loads()["id"].max())

    # One measure does not make the month the board's (DESIGN §4): the scorecard still opens
    # on the ready month, offers the new one marked incomplete, and shows the figure there.
    open_page(page, app_server, "scorecard")
    assert selected(page, "Month") == label(latest)
    [offered] = [o for o in options(page, "Month", label(month)) if o.startswith(label(month))]
    assert "(incomplete: 2 of" in offered
    choose(page, "Month", offered)
    unit = load_catalogue().get("icpc_15_days").unit
    assert icpc_value(page) == format_value(91.5, unit)

    # Roll the load back from the load history.
    open_page(page, app_server, "loads")
    assert selected(page, "Load to roll back").startswith(f"Load {load_id}:")
    click_button(page, f"Roll back load {load_id}…")
    expect(page.locator('[data-testid="stAlertContentWarning"]').first).to_contain_text(
        f"Roll back load {load_id}, {month}.csv"
    )
    click_button(page, f"Yes, roll back load {load_id}")
    no_error_elements(page)
    expect(page.get_by_text(f"Rolled back load {load_id} ({month}.csv)")).to_be_visible()

    def marked_rolled_back():
        rows = table_rows(page.locator('[data-testid="stDataFrame"]').first)
        row = next(r for r in rows if r.get("Load") == str(load_id))
        assert row.get("Rolled back at"), row

    eventually(marked_rolled_back)
    screenshot(page, "loads-rolled-back")

    # Every figure is as it was, and the scorecard with it.
    after = published(app_db_url)
    assert after.equals(before), "rollback did not restore the published figures"
    open_page(page, app_server, "scorecard")
    assert selected(page, "Month") == label(latest)
    assert label(month) not in options(page, "Month", typed=label(month))
    assert icpc_value(page) == old_value


def test_a_bad_audit_file_is_reported_by_row_and_column(page, app_server, app_db_url):
    from tests.audits_helpers import csv_bytes, row

    open_page(page, app_server, "upload")
    page.get_by_role("tab", name="Case audits").click()
    before = Store(app_db_url).version()
    bad = csv_bytes([row("B1", "good"), row("B2", "superb"), row("B3", "good", domain="Plan")])
    upload(page, "audits.csv", bad, label="Audit file (CSV or XLSX)")
    no_error_elements(page)
    expect(page.get_by_text("audits.csv cannot be imported")).to_be_visible()
    page.get_by_text("Every problem by row").click()
    assert {("3", "grade"), ("4", "domain")} <= reported_problems(page)
    assert Store(app_db_url).version() == before


def test_dfe_returns_are_checked_by_file_and_row_and_the_import_offered(
    page, app_server, app_db_url
):
    from tests.returns_helpers import cin_xml

    open_page(page, app_server, "upload")
    page.get_by_role("tab", name="DfE returns").click()
    before = Store(app_db_url).version()
    label_ = "Return files (CSV, XML or zip)"
    upload(page, "odd.csv", b"CHILD,WHATEVER\n1,2\n", label=label_)
    no_error_elements(page)
    expect(page.get_by_text("odd.csv: cannot be imported")).to_be_visible()
    assert ("1", "") in reported_problems(page)
    # Checking (good files too) stores nothing: the import is offered, not done.
    open_page(page, app_server, "upload")
    page.get_by_role("tab", name="DfE returns").click()
    child = {"id": "K1", "details": [{"referral": "2024-10-06"}]}
    upload(page, "cin.xml", cin_xml("2025-03-31", [child]), "application/xml", label=label_)
    no_error_elements(page)
    expect(page.get_by_text("pass every check")).to_be_visible()
    expect(page.get_by_role("button", name="Import these returns")).to_be_visible()
    assert Store(app_db_url).version() == before
