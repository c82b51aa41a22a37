"""Every board view and the HTML board pack fit a laptop, a tablet either way up and a phone:
nothing wider than its container, nothing that scrolls sideways, nothing cut off (DESIGN §9).

Each page is opened afresh at each size, as a board member's device would open it, with every
expander opened (the data tables behind the charts count too). The screenshots,
bench/out/screenshots/<page>-<size>.png, are for people to look at.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .harness import (
    BOARD_PAGES,
    BOARD_VIEWS,
    PAGES,
    ROOT,
    RUN_COUNTER,
    SIZES,
    no_error_elements,
    open_page,
    overflowing,
    screenshot,
    wait_for_run,
)

pytestmark = pytest.mark.browser


def test_every_board_page_on_disk_is_measured():
    """A board page that exists (pages/plan.py, once written) is in the size test."""
    on_disk = {name for name in BOARD_VIEWS if (ROOT / "pages" / f"{name}.py").exists()}
    assert {p.name for p in BOARD_PAGES} == on_disk, "add the page to PAGES in harness.py"
    assert {p.name for p in PAGES} >= on_disk


def sized(browser, size: str):
    context = browser.new_context(viewport=SIZES[size])
    context.set_default_timeout(30_000)
    context.add_init_script(RUN_COUNTER)
    return context


def open_every_expander(page) -> None:
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        if summary.is_visible():
            summary.click()
    page.wait_for_timeout(300)  # an expander whose contents are sent on request reruns the page
    wait_for_run(page)
    page.wait_for_timeout(300)  # the opened content lays out


def assert_fits(page, where: str) -> None:
    found = overflowing(page)
    assert not found, f"{where} does not fit its screen:\n  " + "\n  ".join(found[:25])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("spec", BOARD_PAGES, ids=lambda p: p.name)
def test_board_page_fits_the_screen(browser, app_server, spec, size):
    context = sized(browser, size)
    try:
        page = context.new_page()
        open_page(page, app_server, spec)
        open_every_expander(page)
        no_error_elements(page)
        screenshot(page, f"{spec.name}-{size}")
        assert_fits(page, f"{spec.name} at {SIZES[size]['width']}px")
    finally:
        context.close()


@pytest.fixture(scope="module")
def pack_file(app_server, app_db_url, tmp_path_factory):
    """The HTML board pack as `python -m kpis pack` writes it from the app's (demo) store."""
    out = tmp_path_factory.mktemp("pack") / "pack.html"
    done = subprocess.run(
        [sys.executable, "-m", "kpis", "--db", app_db_url, "pack", "--period", "2025-03",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("size", SIZES)
def test_html_board_pack_fits_the_screen(browser, pack_file, size):
    context = sized(browser, size)
    try:
        page = context.new_page()
        page.goto(pack_file.as_uri())
        page.wait_for_function(
            "() => document.documentElement.dataset.chartsReady === 'yes'", timeout=60_000
        )
        page.wait_for_timeout(300)
        shot = f"pack-{size}"
        page.screenshot(path=screenshot_path(shot), full_page=True)
        found = overflowing(page, "body")
        assert not found, f"the pack at {SIZES[size]['width']}px does not fit:\n  " + "\n  ".join(
            found[:25]
        )
    finally:
        context.close()


def screenshot_path(name: str):
    from .harness import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def _scorecard(browser, app_server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    open_page(page, app_server, "scorecard")
    return context, page


def _page_height(page) -> int:
    return page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")


def test_the_scorecard_on_a_tablet_is_a_compact_table_close_to_the_laptops_height(
    browser, app_server
):
    laptop, page = _scorecard(browser, app_server, 1400, 900)
    try:
        tall = _page_height(page)
    finally:
        laptop.close()
    for width, height in ((1024, 768), (768, 1024)):
        context, page = _scorecard(browser, app_server, width, height)
        try:
            screenshot(page, f"scorecard-tablet-{width}x{height}")
            assert _page_height(page) <= 1.5 * tall, (width, _page_height(page), tall)
            # One row a measure, with its value, target, RAG, direction and trend in view; the
            # rest folded under "More", which opens on a tap.
            table = page.locator("table.scorecard").first
            assert table.locator("thead").is_visible()
            row = table.locator("tbody tr").first
            assert row.locator("td[data-label='Neighbours (2025 model)']").is_hidden()
            more = row.locator("details.more summary")
            more.click()
            assert row.locator("details.more dd").first.is_visible()
            assert_fits(page, f"the scorecard at {width}px")
        finally:
            context.close()
    context, page = _scorecard(browser, app_server, 390, 844)
    try:
        # On a phone each measure is a card: every column is shown under its name.
        row = page.locator("table.scorecard tbody tr").first
        assert row.locator("td[data-label='England']").is_visible()
        assert row.locator("details.more").is_hidden()
    finally:
        context.close()
