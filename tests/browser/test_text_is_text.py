"""What a user, a file or an address supplies is shown as text in a real browser: Streamlit's own
Markdown makes no link of it, and no image of it loads from anywhere else."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

from kpis import ingest
from kpis.catalogue import load_catalogue
from kpis.demo import load_demo_if_empty
from kpis.store import Store

from .harness import AppPage, AppServer, error_alerts, new_context, no_error_elements, open_page

pytestmark = pytest.mark.browser

EVIL = "evil.example"
LINK = f"Nope. [Your session has expired - sign in](https://{EVIL}/login) or www.{EVIL}"
TEAM = f"North\n\n![x](https://{EVIL}/x.png)\n\n<img src=https://{EVIL}/y.png>"
NOTE = f"See [the audit](https://{EVIL}/a) ![y](https://{EVIL}/z.png)"
HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"
DETAIL = "ICPCs held within 15 working days of the strategy discussion"
# Where each image or link points, resolved against the page (SVG's too, whose href is no string).
RESOLVED = """all => all.map(e => new URL(e.getAttribute('src') || e.getAttribute('href') ||
  e.getAttribute('xlink:href') || '', document.baseURI).href)"""


@pytest.fixture(scope="module")
def hostile_server(browser_requirements, tmp_path_factory):
    """A server of its own, whose store holds a team named to break out of the chart's HTML."""
    folder = tmp_path_factory.mktemp("hostile")
    db_url = f"sqlite:///{folder / 'scorecard.sqlite'}"
    store, catalogue = Store(db_url), load_catalogue()
    load_demo_if_empty(store, catalogue)
    quoted = '"' + TEAM.replace('"', '""') + '"'
    rows = "".join(
        f'icpc_15_days,2025-{m:02d},{70 + m},,,,{quoted},"{NOTE}"\n' for m in range(1, 5)
    )
    checked = ingest.check(store, (HEADER + rows).encode(), "hostile.csv", catalogue)
    assert checked.ok, checked.errors
    ingest.publish(store, checked, user="analyst")
    server = AppServer(db_url, folder / "streamlit.log")
    try:
        url = server.start()
    except RuntimeError as failed:
        pytest.fail(str(failed))
    yield url
    server.stop()


@pytest.fixture
def elsewhere(browser):
    """A browser session that may reach only this machine; every other host it asks for is
    refused and listed."""
    context = new_context(browser)
    asked: list[str] = []

    def route(found):
        host = urlsplit(found.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or found.request.url.startswith("data:"):
            found.continue_()
        else:
            asked.append(found.request.url)
            found.abort()

    context.route("**/*", route)
    yield context, asked
    context.close()


def test_an_address_quoting_a_link_is_shown_as_text(hostile_server, elsewhere):
    context, asked = elsewhere
    page = context.new_page()
    screen = AppPage("pages/screen.py", "screen?" + urlencode({"team": LINK}), "Performance screen")
    open_page(page, hostile_server, screen)
    no_error_elements(page)
    (shown,) = error_alerts(page)
    assert f"There is no team “{LINK}”" in shown.replace("\u2060", "")
    assert page.locator('[data-testid="stAlertContentError"] a').count() == 0
    assert not [u for u in asked if EVIL in u], asked


def test_a_team_name_with_markdown_loads_nothing_and_links_nowhere(hostile_server, elsewhere):
    context, asked = elsewhere
    page = context.new_page()
    path = "kpi?" + urlencode({"kpi": "icpc_15_days", "team": TEAM, "period": "2025-04"})
    open_page(page, hostile_server, AppPage("pages/kpi.py", path, DETAIL))
    no_error_elements(page)
    main = page.locator('[data-testid="stMain"]')
    main.locator("figure.kpis-chart svg").first.wait_for()
    # The chart's title says the team's name as it was written, image syntax and all.
    title = main.locator("p", has_text="![x]").first.text_content()
    assert f"![x](https://{EVIL}/x.png)" in title and f"<img src=https://{EVIL}/y.png>" in title
    # Every image and link (resolved) stays on this machine or in the page itself.
    found = main.locator("img, image, a").evaluate_all(RESOLVED)
    away = [u for u in found if (urlsplit(u).hostname or "127.0.0.1") != "127.0.0.1"]
    assert not away, away
    assert "[the audit]" in main.inner_text()  # the commentary, as written
    assert not [u for u in asked if EVIL in u], asked
