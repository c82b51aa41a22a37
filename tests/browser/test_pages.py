"""Every page of the app, opened once in a real browser: draws without an error, is screenshotted,
and has no serious or critical axe-core violation of our own making.

The screenshots (bench/out/screenshots/<page>.png) are for people to look at: the layout, clipped
columns, empty areas. A table, chart or anything else wider than its container fails the test
(test_any_device.py checks the board views at tablet and phone sizes too).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import (
    OPEN_PAGES,
    PAGES,
    RESTRICTED_PAGES,
    ROOT,
    assert_no_violations_of_ours,
    axe_violations,
    error_alerts,
    expect,
    new_context,
    no_error_elements,
    open_page,
    overflowing,
    require_axe,
    screenshot,
    wait_for_run,
)

pytestmark = pytest.mark.browser


def test_every_page_is_registered():
    """A page added beside the others must get a line in harness.PAGES, so it is tested here too."""
    folders = {Path(p.file).parent for p in PAGES}
    on_disk = {
        str(f.relative_to(ROOT))
        for folder in folders
        for f in (ROOT / folder).glob("*.py")
        if not f.stem.startswith("_")
    }
    registered = {p.file for p in PAGES}
    assert on_disk <= registered, f"add to PAGES in harness.py: {on_disk - registered}"
    assert registered <= on_disk, f"PAGES lists pages that are gone: {registered - on_disk}"


@pytest.fixture(scope="module", params=OPEN_PAGES, ids=lambda p: p.name)
def opened(request, browser, app_server):
    """Each page opened once, in its own session, for the checks below to share (page loads
    are most of this suite's time)."""
    context = new_context(browser)
    tab = context.new_page()
    try:
        open_page(tab, app_server, request.param)
        yield request.param, tab
    finally:
        context.close()


def test_page_draws_without_errors(opened):
    spec, page = opened
    no_error_elements(page)
    # The app turns a failing page into a short st.error; on a plain visit there is none.
    assert not error_alerts(page), f"{spec.name} shows an error: {error_alerts(page)}"
    shot = screenshot(page, spec.name)
    assert shot.stat().st_size > 10_000, f"{shot} looks blank"
    found = overflowing(page)
    assert not found, f"{spec.name} does not fit at 1400px:\n  " + "\n  ".join(found[:25])
    # The browser tab names the page, then the app.
    app = "Children's services scorecard"
    assert page.title().endswith(f" · {app}") and page.title() != f" · {app}", page.title()


def test_page_has_no_serious_accessibility_violations_of_ours(opened):
    require_axe()
    spec, page = opened
    no_error_elements(page)
    assert_no_violations_of_ours(axe_violations(page, spec.name))


@pytest.mark.parametrize("spec", RESTRICTED_PAGES, ids=lambda p: p.name)
def test_a_page_the_user_may_not_see_fails_gracefully_when_opened_by_url(page, app_server, spec):
    """The demo's local analyst opens, by its URL, a page only another role may see: it must not
    be shown, and whatever is shown instead must carry no traceback."""
    page.goto(spec.url(app_server))
    page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]').first.wait_for()
    wait_for_run(page)
    no_error_elements(page)
    expect(page.get_by_role("heading", name=spec.ready)).to_have_count(0)


def test_a_deep_link_opened_first_after_a_restart_gets_the_whole_app(page, fresh_app_server):
    """A link in an email is often the first visit after the server restarted. Streamlit then
    runs the linked script on its own as a legacy `pages/` page, skipping app.py (no navigation
    sections, no wide layout, no catalogue check) until someone opens the root URL; naming the
    folder anything but `pages/` avoids it (streamlit/streamlit#9624)."""
    open_page(page, fresh_app_server, "kpi")
    no_error_elements(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    raw = nav.get_by_role("link", name="app", exact=True)
    assert not raw.count(), "sidebar lists the raw pages/ files: " + nav.inner_text().replace(
        "\n\n", ", "
    )
    expect(nav.get_by_role("link", name="Scorecard")).to_be_visible()
