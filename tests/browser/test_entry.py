"""The month's figures without building a file, in a real browser: the completeness panel,
typing figures into the "Enter figures" grid, Check showing problems on their rows, Publish as
one load that Load history rolls back; and a downloaded template filled and uploaded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kpis.store import Store

from .harness import (
    GRID_HEADER_PX,
    click_button,
    eventually,
    expect,
    no_error_elements,
    open_expander,
    open_page,
    run_and_wait,
    screenshot,
    selected,
    table_rows,
    upload,
    wait_for_run,
)

pytestmark = pytest.mark.browser

MONTH_LABEL = "Apr 2025"  # the month after the demo's last: nothing is published for it
# The grid's columns before Value: Measure (with its unit), Previous, Target.
TO_VALUE = 3
# The grid's rows are tall enough to wrap a long measure name (ui/entry_grid.py).
ENTRY_ROW_PX = 68


def open_entry(page, app_server):
    open_page(page, app_server, "upload")
    assert selected(page, "Month to fill") == MONTH_LABEL
    page.get_by_role("tab", name="Enter figures").click()  # tabs switch without a rerun
    grid = page.locator('.st-key-entry_editor [data-testid="stDataFrame"]')
    grid.wait_for()
    return grid


def type_values(page, grid, values: dict[int, str]) -> None:
    """Type each row's value as a user does: select the row's first cell, move right to Value,
    open the cell with Enter, type the number and press Enter (which commits the cell and
    reruns the app)."""
    for row, text in values.items():
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # let the pane settle: the click must land on its row
        box = grid.locator("canvas").first.bounding_box()
        y = box["y"] + GRID_HEADER_PX + ENTRY_ROW_PX * row + ENTRY_ROW_PX / 2
        page.mouse.click(box["x"] + 30, y)
        # The click may only focus the grid (and it may be scrolled): from wherever the
        # selection is, go to the first cell, then down to the row and right to Value.
        for key, times in (("ArrowUp", 40), ("ArrowLeft", 12), ("ArrowDown", row),
                           ("ArrowRight", TO_VALUE)):  # fmt: skip
            for _ in range(times):
                page.keyboard.press(key)
        page.keyboard.press("Enter")  # opens the cell's editor
        editor = page.locator("#portal input, #portal textarea").first
        editor.wait_for()
        editor.fill(text)
        run_and_wait(page, lambda: page.keyboard.press("Enter"))


def problems_below(page) -> list[dict[str, str]]:
    return table_rows(page.locator('.st-key-entry_problems_2025-04 [data-testid="stDataFrame"]'))


def test_enter_check_publish_and_roll_back(page, app_server, app_db_url):
    before = Store(app_db_url).figures()
    grid = open_entry(page, app_server)
    expect(page.locator('[data-testid="stAlertContentWarning"]').first).to_contain_text(
        f"0 of 33 measures due for {MONTH_LABEL} have figures; 33 missing, listed below."
    )
    no_error_elements(page)
    screenshot(page, "entry-grid")

    # A count, and a percentage over 100: Check names the problem on its row.
    type_values(page, grid, {0: "900", 1: "150"})
    click_button(page, "Check")
    no_error_elements(page)
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_contain_text(
        "1 problem(s) found"
    )
    rows = problems_below(page)
    assert [(r["Measure"], r["Problem"]) for r in rows] == [
        ("Assessments completed within 45 working days", "the percentage 150 is outside 0–100")
    ]
    assert Store(app_db_url).figures().equals(before), "checking must not publish"
    screenshot(page, "entry-checked")
    # The whole grid, its problems column too, fits the page at 1400 px: no sideways scrolling.
    scroller = grid.locator(".dvn-scroller").first
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1], widths

    # Corrected, it publishes as one load named "entered in the app".
    type_values(page, grid, {1: "85"})
    click_button(page, "Publish")
    no_error_elements(page)
    published = page.get_by_text("entered in the app (Apr 2025): published as load")
    expect(published.first).to_be_visible()
    expect(page.locator('[data-testid="stAlertContentWarning"]').first).to_contain_text(
        f"2 of 33 measures due for {MONTH_LABEL} have figures"
    )
    screenshot(page, "entry-published")
    loads = Store(app_db_url).loads()
    load = loads.iloc[-1]
    assert (load["file_name"], load["rows_in_file"]) == ("entered in the app", 2)

    open_page(page, app_server, "loads")
    assert selected(page, "Load to roll back").startswith(f"Load {load['id']}: entered in the app")
    click_button(page, f"Roll back load {load['id']}…")
    click_button(page, f"Yes, roll back load {load['id']}")
    no_error_elements(page)
    eventually(lambda: _rolled_back(app_db_url, int(load["id"])))
    assert Store(app_db_url).figures().equals(before)


def _rolled_back(db_url: str, load_id: int) -> None:
    loads = Store(db_url).loads().set_index("id")
    assert loads.at[load_id, "rolled_back_at"] is not None


def test_downloaded_template_filled_and_uploaded_is_valid(page, app_server, app_db_url):
    open_page(page, app_server, "upload")
    open_expander(page, f"Download a template for {MONTH_LABEL}")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download template (Excel)").click()
    download = waiting.value
    assert download.suggested_filename == "template-2025-04-long.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["kpi_id", "period"] and header[-3:] == ["name", "unit", "previous"]
    assert sheet.freeze_panes == "A2"
    # Fill two rows; delete the rest, as the analyst does with measures not ready yet.
    for row in range(sheet.max_row, 3, -1):
        sheet.delete_rows(row)
    sheet.cell(2, header.index("value") + 1, 880)
    sheet.cell(3, header.index("numerator") + 1, 40)
    sheet.cell(3, header.index("denominator") + 1, 50)
    filled = io.BytesIO()
    book.save(filled)
    version = Store(app_db_url).version()
    upload(page, "template-2025-04-long.xlsx", filled.getvalue(),
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           label="Scorecard file")  # fmt: skip
    wait_for_run(page)
    no_error_elements(page)
    expect(page.locator('[data-testid="stAlertContentSuccess"]').first).to_contain_text(
        "is valid (long layout): 2 figures, 2 new"
    )
    expect(page.get_by_text("check these warnings first")).to_have_count(0)
    assert Store(app_db_url).version() == version
    screenshot(page, "entry-template-uploaded")


@pytest.mark.parametrize("width, height", [(1024, 768), (390, 844)])
def test_enter_figures_tab_at_other_sizes(page, app_server, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_entry(page, app_server)
    no_error_elements(page)
    screenshot(page, f"entry-grid-{width}")
