"""The Quality assurance page in a real browser, signed in as a viewer and as a manager: the
board's month for both, the audits behind a team only for the manager's own teams, axe-clean,
and no sideways scrolling at a laptop's, a tablet's and a phone's width."""

from __future__ import annotations

import pytest

from kpis.access import Actor, Role
from kpis.store import Store
from kpis.users import add_account

from . import harness
from .harness import (
    SIZES,
    assert_no_violations_of_ours,
    axe_violations,
    click_button,
    expect,
    no_error_elements,
    overflowing,
    require_axe,
    run_and_wait,
    screenshot,
)

pytestmark = pytest.mark.browser
FLAG = "Child Protection North: all 18 audits good or better, while 2 of 4 measures are red"


@pytest.fixture(scope="module")
def accounts_server(browser_requirements, tmp_path_factory):
    """A server whose store has a viewer and a manager of Child Protection North, demo loaded."""
    folder = tmp_path_factory.mktemp("quality")
    db_url = f"sqlite:///{folder / 'store.sqlite'}"
    admin = Store(db_url, actor=Actor("ada", Role.ADMIN))
    add_account(admin, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(admin, "vera", Role.VIEWER, "viewer passphrase 1")
    add_account(admin, "max", Role.MANAGER, "manager passphrase 1",
                teams=["Child Protection North"])  # fmt: skip
    server = harness.AppServer(db_url, folder / "app.log")
    try:
        server.start()
    except RuntimeError as failed:
        pytest.fail(str(failed))
    yield server
    server.stop()


def signed_in(browser, server, name: str, password: str, size: str = "laptop"):
    context = browser.new_context(viewport=SIZES[size])
    context.set_default_timeout(60_000)
    context.add_init_script(harness.RUN_COUNTER)
    page = context.new_page()
    page.goto(f"{server.url}/quality")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=90_000)
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    click_button(page, "Sign in")
    expect(page.get_by_role("heading", name="Grades of the month")).to_be_visible(timeout=90_000)
    return context, page


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize("size", ["laptop", "tablet-landscape", "phone"])
def test_a_viewer_reads_the_month_on_any_screen_and_nothing_case_level(browser, accounts_server,
                                                                       size):  # fmt: skip
    require_axe()
    context, page = signed_in(browser, accounts_server, "vera", "viewer passphrase 1", size)
    try:
        no_error_elements(page)
        expect(page.get_by_role("heading", name="Triangulation: audits beside the measures")
               ).to_be_visible()  # fmt: skip
        # The page streams in: the last section drawn before its text is read.
        expect(page.get_by_text("Good or better over time").first).to_be_attached()
        expect(page.get_by_role("img", name="Grades of the 35 audits completed in Mar 2025",
                                exact=False)).to_be_visible()  # fmt: skip
        text = main_text(page)
        assert FLAG in text and "Good or better over time" in text
        assert "DEMO-" not in text and "The audits behind the figures" not in text
        screenshot(page, f"quality-viewer-{size}")
        found = overflowing(page)
        assert not found, "\n".join(found[:20])
        assert_no_violations_of_ours(axe_violations(page, f"quality as a viewer, {size}"))
    finally:
        context.close()


def test_a_manager_sees_the_audits_of_their_own_team(browser, accounts_server):
    require_axe()
    context, page = signed_in(browser, accounts_server, "max", "manager passphrase 1")
    try:
        expect(page.get_by_role("heading", name="The audits behind the figures")).to_be_visible()
        assert "DEMO-" not in main_text(page)  # nothing personal until asked for
        run_and_wait(page, lambda: page.get_by_text("Show the audits").click())
        expect(page.get_by_role("heading", name="Child Protection North: audits in Mar 2025")
               ).to_be_visible()  # fmt: skip
        no_error_elements(page)
        listed = page.locator("table").filter(has_text="Domain grades").first
        expect(listed.get_by_text("DEMO-", exact=False).first).to_be_visible()
        assert "Child Protection South" not in listed.inner_text()
        screenshot(page, "quality-manager-laptop")
        assert not overflowing(page)
        assert_no_violations_of_ours(axe_violations(page, "quality as a manager"))
    finally:
        context.close()
