"""The Improvement plan in a real browser: cards, a recommendation's detail, a manager's update,
a plan file through the Upload page, and axe on the detail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plans_helpers import rec, update, workbook

from .harness import (
    AppPage,
    assert_no_violations_of_ours,
    axe_violations,
    expect,
    no_error_elements,
    open_page,
    require_axe,
    run_and_wait,
    upload,
)

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_page(query: str, ready: str = "Status over time") -> AppPage:
    return AppPage("pages/plan.py", f"plan?{query}", ready)


def test_cards_show_status_evidence_and_checks(page, app_server):
    open_page(page, app_server, plan_page("date=2025-03-31", "Progress report"))
    no_error_elements(page)
    main = page.locator("section.main, [data-testid='stMain']").first
    expect(main.get_by_text("Status: On track (was At risk)").first).to_be_visible()
    expect(main.get_by_text(
        "Rated On track, but 1 of 1 evidence measures are off target."
    )).to_be_visible()  # fmt: skip
    expect(main.get_by_text("Rated At risk, while all 2 evidence measures are on target.")
           ).to_be_visible()  # fmt: skip
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_progress_report_downloads_for_the_chosen_date(page, app_server, tmp_path):
    from docx import Document

    open_page(page, app_server, plan_page("date=2025-03-31", "Progress report"))
    # The files are made when a button is pressed (not on every run of the page).
    with page.expect_download() as word:
        page.get_by_role("button", name="Progress report (Word)").click()
    assert word.value.suggested_filename == "plan-progress-2025-03-31.docx"
    saved = tmp_path / "report.docx"
    word.value.save_as(saved)
    text = "\n".join(p.text for p in Document(saved).paragraphs)
    assert "Rated On track, but 1 of 1 evidence measures are off target." in text
    with page.expect_download() as html:
        page.get_by_role("button", name="Progress report (HTML)").click()
    assert "R11" in Path(html.value.path()).read_text(encoding="utf-8")
    no_error_elements(page)


def test_detail_has_history_actions_links_and_no_violations(page, app_server):
    require_axe()
    open_page(page, app_server, plan_page("ref=R7&date=2025-03-31"))
    no_error_elements(page)
    expect(page.get_by_role("heading", name="Status over time")).to_be_visible()
    expect(page.get_by_role("link", name="LAC (12+ months) with an up-to-date "
                            "dental check").first).to_be_visible()  # fmt: skip
    assert page.locator(".js-plotly-plot").count() == 1
    assert_no_violations_of_ours(axe_violations(page, "plan: detail"))


def test_a_manager_update_appears_at_once(page, app_server):
    open_page(page, app_server, plan_page("ref=LSCB2", "Record progress"))
    page.get_by_label("Narrative").fill("Audit tool agreed with the police")
    run_and_wait(page, lambda: page.get_by_role("button", name="Add update").click())
    no_error_elements(page)
    expect(page.get_by_text("Saved: the progress update of")).to_be_visible()
    expect(page.get_by_text("Audit tool agreed with the police").first).to_be_visible()


def test_a_plan_file_through_the_upload_page(page, app_server):
    open_page(page, app_server, "upload")
    page.get_by_role("tab", name="Improvement plan").click()
    bad = workbook([rec("X1", kpis="nope")], None, [update("X9")])
    upload(page, "bad.xlsx", bad, XLSX, label="Plan file (XLSX or CSV)")
    expect(page.get_by_text("cannot be imported")).to_be_visible()
    good = workbook([rec("X1", kpis="dental_checks")], None, [update("X1", "2025-03-31")])
    upload(page, "good.xlsx", good, XLSX, label="Plan file (XLSX or CSV)")
    run_and_wait(page, lambda: page.get_by_role("button", name="Import this plan").click())
    expect(page.get_by_text("imported; recommendations: 1 new")).to_be_visible()
    open_page(page, app_server, plan_page("ref=X1&date=2025-03-31"))
    expect(page.get_by_text("Recommendation X1").first).to_be_visible()
