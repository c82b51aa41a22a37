"""The demo's year-end figures from its returns (DESIGN §10.4) in a real browser: on a measure's
detail each year beside DfE's published figure, and who is behind the latest year's, as charts
and tables, on a laptop, a tablet and a phone, with no sideways scrolling and axe-clean."""

from __future__ import annotations

import pytest

from kpis.catalogue import load_catalogue

from .harness import (
    SIZES,
    AppPage,
    assert_no_violations_of_ours,
    axe_violations,
    expect,
    no_error_elements,
    open_page,
    overflowing,
    require_axe,
    screenshot,
)

pytestmark = pytest.mark.browser
KPI = load_catalogue().get("placement_stability_3plus")


@pytest.mark.parametrize("size", ["laptop", "tablet-landscape", "phone"])
def test_the_demo_shows_the_year_end_figure_and_who_is_behind_it(browser, app_server, size):
    require_axe()
    context = browser.new_context(viewport=SIZES[size])
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        detail = AppPage("pages/kpi.py", f"kpi?kpi={KPI.id}", KPI.name)
        open_page(page, app_server, detail, timeout=120_000)
        main = page.locator('[data-testid="stMain"]')
        expect(page.get_by_role("heading", name="Year-end figure from the returns")).to_be_visible()
        text = main.inner_text()
        # Each of the demo's three years beside DfE's published figure (Haringey: 10%, 10%, 7%).
        for year, published in (("2022/23", "10.0%"), ("2023/24", "10.0%"), ("2024/25", "7.0%")):
            assert f"{year}: DfE published {published}; our returns give " in text, year
        behind = page.get_by_role("heading", name="Who is behind the figure")
        behind.scroll_into_view_if_needed()
        expect(behind).to_be_visible()
        # A chart per dimension (its text alternative names it) and a table per dimension.
        charts = page.get_by_role("img", name=f"{KPI.name.split(' (')[0]}", exact=False)
        assert charts.count() >= 1
        for dimension in ("age band", "sex", "ethnic group", "UASC status"):
            heading = page.get_by_role("heading", name=f"By {dimension}", exact=True)
            expect(heading).to_be_attached()
            rows = heading.locator("xpath=following::table[1]//tbody/tr")
            assert rows.count() >= 2, dimension
        no_error_elements(page)
        behind.scroll_into_view_if_needed()
        screenshot(page, f"year-end-demo-{size}")
        assert not overflowing(page)
        assert_no_violations_of_ours(axe_violations(page, f"year-end on the demo, {size}"))
    finally:
        context.close()
