"""Fixtures for the browser tests: one real `streamlit run` server and headless Chromium pages.

The whole directory is skipped, with the reason, when Chromium or Playwright is missing, except
under CI=true, where it fails instead: CI installs them (`.ci/run`) and must run these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import harness

BROWSER_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    """Every test in this directory is a browser test, marked or not."""
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    """After the run: what axe found, ours and Streamlit's (the README lists Streamlit's)."""
    if not harness.FINDINGS:
        return
    path = harness.save_findings(harness.FINDINGS)
    serious = [f for f in harness.FINDINGS if f.impact in harness.SERIOUS]
    rest = [f for f in harness.FINDINGS if f.impact not in harness.SERIOUS]
    write = terminalreporter.write_line
    terminalreporter.section("axe-core findings (all pages)")
    write("serious/critical:")
    write(harness.findings_report(serious) or "  none")
    write("moderate/minor (not gated):")
    write(harness.findings_report(rest) or "  none")
    write(f"every finding, with HTML and axe's explanation: {path}")


@pytest.fixture(scope="session")
def browser_requirements():
    reason = harness.missing_browser()
    if reason:
        if harness.in_ci():
            pytest.fail(f"CI=true and the browser tests cannot run: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session", autouse=True)
def _browser_suite(browser_requirements):
    """Applies the skip (or CI failure) to every test in this directory before anything starts."""


@pytest.fixture(scope="session")
def app_db_url(tmp_path_factory) -> str:
    """The server's store: an empty SQLite file, so the app loads the demo on first start."""
    return f"sqlite:///{tmp_path_factory.mktemp('browser-store') / 'scorecard.sqlite'}"


@pytest.fixture(scope="session")
def app_server(browser_requirements, browser, app_db_url, tmp_path_factory):
    """The base URL of a real `python -m streamlit run app.py` serving `app_db_url`.

    Opened once at the root before any test, as a running server would have been: that loads the
    demo (so no test pays for it) and makes Streamlit use app.py's navigation for every later
    deep link (see test_a_deep_link_opened_first_after_a_restart_gets_the_whole_app, which
    tests a server nobody has visited yet).
    """
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    server = harness.AppServer(app_db_url, log)
    try:
        url = server.start()
        context = harness.new_context(browser)
        try:
            harness.open_page(context.new_page(), url, harness.PAGES[0], timeout=120_000)
        finally:
            context.close()
    except Exception as failed:
        server.stop()
        pytest.fail(f"the app did not start: {failed}\n{server.log_tail()}")
    yield url
    server.stop()


@pytest.fixture
def fresh_app_server(browser_requirements, tmp_path):
    """A second server, just started, that no browser has visited yet (for first-visit tests).

    Costs a server start (a few seconds): use it only where "first visit" is the point.
    """
    server = harness.AppServer(f"sqlite:///{tmp_path / 'fresh.sqlite'}", tmp_path / "app.log")
    try:
        url = server.start()
    except RuntimeError as failed:
        pytest.fail(str(failed))
    yield url
    server.stop()


@pytest.fixture(scope="session")
def browser(browser_requirements):
    from playwright.sync_api import sync_playwright

    for old in harness.SCREENSHOTS.glob("failed-*.png"):  # only this run's failures stay
        old.unlink()
    with sync_playwright() as playwright:
        chromium = harness.launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context (so a fresh Streamlit session) and page, 1400×900.

    On failure the page is saved to bench/out/screenshots/failed-<test>.png.
    """
    context = harness.new_context(browser)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
        try:
            tab.screenshot(path=harness.SCREENSHOTS / f"failed-{name}.png")
        except Exception as missed:  # the page may be gone; the test's own error matters more
            print(f"no failure screenshot: {missed}")
        if errors:
            print("JavaScript errors on the page:\n" + "\n".join(errors))
    context.close()
