"""The office screen in a real browser: no controls, rotating on its timer, the data-as-at line
always in view, and a load published meanwhile shown without the page being reloaded."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from .harness import (
    ROOT,
    AppServer,
    eventually,
    expect,
    no_error_elements,
    open_page,
    overflowing,
    screenshot,
)
from .test_any_device import sized

pytestmark = pytest.mark.browser

EVERY = 2
SLIDE = """() => {
  const h = document.querySelector('[data-testid="stMain"] .scr h1');
  const part = document.querySelector('[data-testid="stMain"] .scr .part');
  return h ? h.textContent + (part ? ' ' + part.textContent : '') : null;
}"""


@pytest.fixture(scope="module")
def screen_server(browser, tmp_path_factory):
    """A server of its own: the test publishes a load into its store."""
    folder = tmp_path_factory.mktemp("screen")
    db_url = f"sqlite:///{folder / 'scorecard.sqlite'}"
    server = AppServer(db_url, folder / "streamlit.log")
    try:
        url = server.start()
        context = sized(browser, "laptop")
        try:  # the first visit loads the demo
            open_page(context.new_page(), url, "scorecard", timeout=120_000)
        finally:
            context.close()
    except Exception as failed:
        server.stop()
        pytest.fail(f"the app did not start: {failed}\n{server.log_tail()}")
    yield url, db_url
    server.stop()


def tv(browser, width: int = 1920, height: int = 1080):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    return context


def slide(page) -> str | None:
    return page.evaluate(SLIDE)


def footer_in_view(page) -> str:
    foot = page.locator(".scr-foot")
    box = foot.bounding_box()
    height = page.viewport_size["height"]
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= height + 1, (box, height)
    return foot.inner_text()


def test_screen_rotates_with_no_controls_and_the_as_at_line_in_view(browser, screen_server):
    url, _ = screen_server
    context = tv(browser)
    try:
        page = context.new_page()
        page.goto(f"{url}/screen?every={EVERY}")
        page.get_by_role("heading", name="Help and protection").wait_for(timeout=60_000)
        no_error_elements(page)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert not page.locator('[data-testid="stHeader"]').is_visible()
        controls = page.locator("[data-testid='stMain'] :is(input, select, button, textarea)")
        assert controls.count() == 0, "the screen shows controls"
        assert "Data as at Mar 2025" in footer_in_view(page)
        screenshot(page, "screen-tv")
        # The slides in the order the screen shows them (it may have moved on once while the
        # checks above ran, on a busy machine: the order is what counts).
        order = [
            "Help and protection (1 of 3)",
            "Help and protection (2 of 3)",
            "Help and protection (3 of 3)",
            "Looked after and permanence (1 of 3)",
        ]
        first = slide(page)
        assert first in order[:2], first
        seen = [first]
        deadline = time.monotonic() + 8 * EVERY + 10
        while time.monotonic() < deadline and seen[-1] != order[-1]:
            time.sleep(0.2)
            now = slide(page)
            if now and now != seen[-1]:
                seen.append(now)
                assert "Data as at" in footer_in_view(page)
        assert seen == order[order.index(first) :], seen
        # A TV screen shows a whole slide: no tile hidden behind the footer.
        tiles = page.locator(".scr-tile").all()
        bottom = max(t.bounding_box()["y"] + t.bounding_box()["height"] for t in tiles)
        assert bottom <= page.locator(".scr-foot").bounding_box()["y"] + 1
    finally:
        context.close()


def test_a_load_published_meanwhile_appears_without_a_reload(browser, screen_server, tmp_path):
    url, db_url = screen_server
    context = tv(browser, 1024, 768)
    try:
        page = context.new_page()
        page.goto(f"{url}/screen?area=help-and-protection&every={EVERY}")
        page.locator(".scr-tile").first.wait_for(timeout=60_000)
        page.evaluate("() => { window.__sameDocument = 'yes'; }")
        before = footer_in_view(page)
        # The demo's last load is the measure its case audits publish (load 3).
        assert "(load 3)" in before, before
        revision = tmp_path / "revision.csv"
        revision.write_text(
            "kpi_id,period,value,numerator,denominator,target,team,commentary\n"
            "icpc_15_days,2025-03,12.5,,,,,Private note for the board only\n"
        )
        done = subprocess.run(
            [sys.executable, "-m", "kpis", "--db", db_url, "ingest", str(revision)],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

        def shows_the_load() -> None:
            assert "(load 4)" in footer_in_view(page)
            tile = page.locator(".scr-tile").filter(has_text="ICPCs held within 15 working days")
            assert tile.count() == 1 and "12.5%" in tile.inner_text()

        # Within one rotation of the slide that holds it (two slides in this area).
        eventually(shows_the_load, timeout=4 * EVERY + 10, every=0.2)
        assert page.evaluate("() => window.__sameDocument") == "yes", "the page was reloaded"
        assert "Private note" not in page.inner_text("body"), "commentary on the screen"
        no_error_elements(page)
        assert not overflowing(page), overflowing(page)
    finally:
        context.close()


def test_the_screen_has_a_way_back_to_the_scorecard(page, app_server):
    open_page(page, app_server, "screen")
    assert page.title() == "Office screen · Children's services scorecard"
    back = page.get_by_role("link", name="Back to the scorecard")
    expect(back).to_be_visible()
    back.click()
    expect(page.get_by_role("heading", name="Leadership and workforce")).to_be_visible(
        timeout=60_000
    )
