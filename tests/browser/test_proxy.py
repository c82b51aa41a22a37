"""The app through deploy/'s nginx proxy: two replicas on one PostgreSQL, sticky sessions.

Starts two app servers and `deploy/start_proxy.sh` (non-root, a temporary prefix, a free port
on 127.0.0.1), then drives the app through the proxy in Chromium: pages draw over the proxied
websocket, and an upload (an HTTP request that must reach the server holding the session)
publishes. nginx's access log shows each browser kept to one replica while new browsers are
spread over both.
"""

from __future__ import annotations

import urllib.request

import pytest

from kpis.periods import shift
from kpis.store import Store

from . import harness
from .harness import click_button, expect, go_to, open_page, upload
from .servers import Proxy, app_servers, empty_database, missing_nginx

pytestmark = pytest.mark.browser

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"


def test_the_app_through_the_proxy_keeps_each_browser_on_one_replica(browser, tmp_path):
    missing_nginx()
    with (
        empty_database() as db_url,
        app_servers(db_url, 2, tmp_path) as servers,
        Proxy([s.port for s in servers], tmp_path / "proxy") as proxy,
    ):
        context = harness.new_context(browser)
        try:
            page = context.new_page()
            open_page(page, proxy.url, "scorecard", timeout=180_000)
            harness.no_error_elements(page)
            harness.screenshot(page, "proxy-scorecard")
            go_to(page, "Measure detail")
            harness.no_error_elements(page)

            figures = Store(db_url).figures()
            month = shift(figures.loc[figures["team"] == "", "period"].max(), 1)
            open_page(page, proxy.url, "upload")
            data = (HEADER + f"lado_referrals,{month},7,,,,,\n").encode()
            upload(page, f"{month}.csv", data, label="Scorecard file")
            click_button(page, "Publish these figures")
            expect(page.get_by_text("published as load").first).to_be_visible()
            assert Store(db_url).loads()["file_name"].tolist()[-1] == f"{month}.csv"
            key = next(c["value"] for c in context.cookies() if c["name"] == "kpis_replica")
        except Exception:
            print(proxy.prefix, [s.log_tail() for s in servers])
            raise
        finally:
            context.close()

        # New browsers (no cookie) are spread over both replicas ...
        for _ in range(20):
            with urllib.request.urlopen(f"{proxy.url}/_stcore/health", timeout=10) as reply:
                assert reply.status == 200
        log = proxy.access_log()
        replicas = {f"127.0.0.1:{s.port}" for s in servers}
        fresh = {line["upstream"] for line in log if "health" in line["request"]}
        assert fresh == replicas, fresh
        # ... while every request of the browser above, websocket and upload included, went to
        # the one replica its cookie named.
        mine = [line for line in log if line.get("replica_key") == key]
        assert any("/_stcore/stream" in line["request"] for line in mine)
        assert any("/_stcore/upload_file" in line["request"] for line in mine)
        assert len({line["upstream"] for line in mine}) == 1, mine
