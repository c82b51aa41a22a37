"""The board's paths to the story behind a number: scorecard link, shared URL, exceptions list."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from kpis.catalogue import load_catalogue
from kpis.periods import label
from kpis.store import Store

from .harness import (
    app_page,
    expect,
    first_line,
    no_error_elements,
    open_page,
    select_grid_row,
    selected,
    svg_charts,
    table_rows,
    wait_for_run,
)

pytestmark = pytest.mark.browser


def wait_for_heading(page, name: str) -> None:
    page.get_by_role("heading", name=name, exact=True).first.wait_for(timeout=60_000)
    wait_for_run(page)
    no_error_elements(page)


def assert_chart_with_data(page) -> None:
    charts = svg_charts(page)
    assert charts, "no chart on the page"
    assert any(c["points"] > 1 and c["lines"] and c["described"] for c in charts), charts


def test_clicking_a_measure_on_the_scorecard_opens_its_detail_with_a_chart(page, app_server):
    open_page(page, app_server, "scorecard")
    name = load_catalogue().get("icpc_15_days").name
    page.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(r"kpi=icpc_15_days"))
    wait_for_heading(page, name)
    assert_chart_with_data(page)


def test_a_url_with_query_parameters_opens_that_view(page, app_server, app_db_url):
    open_page(page, app_server, "scorecard")  # the store has the demo once the app has run
    figures = Store(app_db_url).figures()
    by_team = figures[figures["team"] != ""].sort_values(["kpi_id", "team", "period"])
    assert not by_team.empty, "the demo has no team figures"
    kpi_id, team = by_team.iloc[0][["kpi_id", "team"]]
    months = by_team[(by_team["kpi_id"] == kpi_id) & (by_team["team"] == team)]["period"]
    period = months.iloc[len(months) // 2]  # not the latest, which the page shows anyway
    path = app_page("kpi").path.split("?")[0]
    query = urlencode({"kpi": kpi_id, "period": period, "team": team})
    page.goto(f"{app_server}/{path}?{query}")
    wait_for_heading(page, load_catalogue().get(kpi_id).name)
    assert selected(page, "Team") == team
    assert selected(page, "Month") == label(period)
    assert_chart_with_data(page)


def test_exceptions_page_lists_them_and_each_opens_its_measure(page, app_server):
    open_page(page, app_server, "exceptions")
    no_error_elements(page)
    # The list is an HTML table with a link per row, or a st.dataframe with row selection.
    listing = page.locator(
        '[data-testid="stMain"] [data-testid="stHtml"] table, '
        '[data-testid="stMain"] [data-testid="stDataFrame"]'
    ).first
    rows = table_rows(listing)
    assert rows, "no exceptions listed for the demo's latest month"
    assert all(r.get("Why it is here") for r in rows), rows
    first = rows[0]
    name = first_line(first["Measure"])
    if listing.evaluate("e => e.matches('table')"):
        listing.locator("tbody tr").first.get_by_role("link", name=name, exact=True).click()
    else:
        select_grid_row(page, listing, 0)
    expect(page).to_have_url(re.compile(r"kpi="))
    wait_for_heading(page, name)
    assert selected(page, "Team") == first["Team"]
    assert_chart_with_data(page)


def test_clicking_a_point_on_the_spc_chart_opens_that_month(page, app_server):
    open_page(page, app_server, "scorecard")
    path = app_page("kpi").path.split("?")[0]
    page.goto(f"{app_server}/{path}?kpi=dental_checks&period=2025-03")
    name = load_catalogue().get("dental_checks").name
    wait_for_heading(page, name)
    assert selected(page, "Month") == label("2025-03")
    points = page.locator(".kpis-chart-wide svg a")
    points.first.wait_for(timeout=30_000)
    target = points.nth(3)
    # Hovering says which month and why the point is coloured as it is.
    assert re.match(r"[A-Z][a-z]{2} \d{4}: ", target.locator("title").text_content())
    target.scroll_into_view_if_needed()
    target.click()
    expect(page).not_to_have_url(re.compile(r"period=2025-03"), timeout=30_000)
    wait_for_run(page)
    month = re.search(r"period=(\d{4}-\d{2})", page.url)[1]
    assert selected(page, "Month") == label(month)
    no_error_elements(page)


def test_clicking_a_team_opens_its_view(page, app_server):
    open_page(page, app_server, "scorecard")
    path = app_page("kpi").path.split("?")[0]
    page.goto(f"{app_server}/{path}?kpi=icpc_15_days&period=2025-03")
    wait_for_heading(page, load_catalogue().get("icpc_15_days").name)
    assert selected(page, "Team") == "Whole authority"
    heading = page.get_by_role("heading", name="By team", exact=True)
    table = heading.locator("xpath=following::table[1]")
    teams = [first_line(r["Team"]) for r in table_rows(table)]
    link = table.locator("tbody tr").nth(1).get_by_role("link", name=teams[1], exact=True)
    link.scroll_into_view_if_needed()
    link.click()
    expect(page).to_have_url(re.compile(r"team="), timeout=30_000)
    wait_for_heading(page, load_catalogue().get("icpc_15_days").name)
    assert selected(page, "Team") == teams[1]
    no_error_elements(page)


def test_exception_downloads_are_the_listed_exceptions(page, app_server):
    """The files are made when the button is pressed (not on every run): both still arrive."""
    open_page(page, app_server, "exceptions")
    shown = page.get_by_text(re.compile(r"^\d+ of \d+ exceptions for")).first.inner_text()
    count = int(shown.split(" of ")[0])
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Download CSV").first.click()
    lines = Path(csv_download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "rank,kpi_id,name,team,value,target,rag,reasons"
    assert len(lines) == count + 1 and csv_download.value.suggested_filename.endswith(".csv")
    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Download Excel").first.click()
    assert Path(xlsx_download.value.path()).read_bytes()[:2] == b"PK"  # an XLSX is a zip
    no_error_elements(page)


def test_an_action_recorded_in_its_dialog_shows_beside_the_exception(page, fresh_app_server):
    open_page(page, fresh_app_server, "exceptions")
    first = page.get_by_text(re.compile(r"^\d+ of \d+ exceptions for")).first
    expect(first).to_be_visible(timeout=60_000)
    # The form is not on the page until someone opens it.
    assert page.get_by_label("Owner").count() == 0
    page.get_by_role("button", name="Record an action against an exception").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Owner")).to_be_visible()
    dialog.get_by_label("Owner").fill("Head of service")
    dialog.get_by_label("Action").fill("Weekly review of late conferences")
    dialog.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action saved.")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_for_run(page)
    no_error_elements(page)
    expect(page.get_by_text("Weekly review of late conferences").first).to_be_visible()


LAC_CHANGED = (
    "The process changed in Jun 2021: limits from before the change cannot judge the target"
)


def test_an_analyst_re_bases_where_the_process_changed_and_a_verdict_returns(
    page, fresh_app_server
):
    from .harness import AppPage

    lac = AppPage("pages/kpi.py", "kpi?kpi=lac_reviews_timely&period=2025-03",
                  "LAC reviews held within timescale")  # fmt: skip
    open_page(page, fresh_app_server, lac, timeout=120_000)
    main = page.locator('[data-testid="stMain"]')
    # In words on the page (not only in an icon's title), and no verdict.
    assert LAC_CHANGED in main.inner_text()
    assert "will consistently fail the target" not in main.inner_text()
    page.get_by_role("button", name="Record a re-base at Jun 2021").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Why the process changed")).to_be_visible()
    dialog.get_by_label("Why the process changed").fill("New independent reviewing officers")
    dialog.get_by_role("button", name="Record the re-base").click()
    expect(page.get_by_text("Re-based at Jun 2021")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_for_run(page)
    no_error_elements(page)
    # The limits restart in Jun 2021 and judge the target again; the chart names the reason.
    assert LAC_CHANGED not in main.inner_text()
    assert "Assurance – " in main.inner_text()
    assert page.get_by_role("button", name=re.compile("Record a re-base")).count() == 0
    expect(page.get_by_text("Re-based: New independent reviewing officers").first).to_be_attached()
