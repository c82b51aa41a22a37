"""The landing page: the board's scorecard for the latest month, demo data labelled."""

from __future__ import annotations

import pytest

from .harness import (
    error_alerts,
    expect,
    no_error_elements,
    open_page,
    selected,
    table_after_heading,
)

pytestmark = pytest.mark.browser

AREAS = [
    "Help and protection",
    "Looked after and permanence",
    "Care leavers",
    "Youth justice",
    "Leadership and workforce",
]


def test_landing_page_shows_every_area_and_the_demo_label(page, app_server):
    open_page(page, app_server, "scorecard")
    no_error_elements(page)
    assert not error_alerts(page), error_alerts(page)
    expect(page.get_by_role("heading", name="Performance scorecard", level=1)).to_be_visible()
    for area in AREAS:
        expect(page.get_by_role("heading", name=area, exact=True)).to_be_visible()
        rows = table_after_heading(page, area)
        assert rows, f"no table of measures under {area!r}"
        assert all(row.get("Measure") for row in rows), rows
    expect(page.get_by_text("Illustrative demo data").first).to_be_visible()
    assert selected(page, "Month"), "no month selected"
