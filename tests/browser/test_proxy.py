"""The app through deploy/'s nginx proxy: two replicas on one PostgreSQL, sticky sessions.

Starts two app servers and `deploy/start_proxy.sh` (non-root, a temporary prefix, a free port
on 127.0.0.1), then drives the app through the proxy in Chromium: pages draw over the proxied
websocket, and an upload (an HTTP request that must reach the server holding the session)
publishes. nginx's access log shows each browser kept to one replica while new browsers are
spread over both. Every reply through the proxy, errors too, carries the anti-framing and
no-sniffing headers, and nginx names no version.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

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


SECURITY_HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (the last of each name; Set-Cookie joined) and body, errors included."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            status, message, body = reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        status, message, body = error.code, error.headers, error.read()
    found = {name: message[name] for name in message}
    found["Set-Cookie"] = "\n".join(message.get_all("Set-Cookie") or [])
    return status, found, body


def raw_reply(port: int, request: bytes) -> bytes:
    """nginx's own reply to a request it refuses before any upstream sees it."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def assert_hardened(status: int, headers: dict[str, str], body: bytes) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, (status, name, headers)
    # nginx's name only: no version to look up known holes by, in the header or the page.
    assert headers.get("Server") == "nginx", headers
    assert b"nginx/" not in body


def test_every_reply_through_the_proxy_refuses_framing_and_hides_the_version(app_server, tmp_path):
    missing_nginx()
    with Proxy([urlsplit(app_server).port], tmp_path / "proxy") as proxy:
        page = fetch(f"{proxy.url}/")
        assert page[0] == 200 and b"<html" in page[2].lower()
        assert_hardened(*page)
        cookie = page[1]["Set-Cookie"]
        assert cookie.startswith("kpis_replica=") and "; HttpOnly" in cookie
        assert "; SameSite=Lax" in cookie
        # Plain http here: a Secure cookie would be dropped by the browser, ending stickiness.
        assert "Secure" not in cookie
        # Behind TLS ended by the proxy in front (which says so), the cookie is Secure.
        behind_tls = fetch(f"{proxy.url}/", {"X-Forwarded-Proto": "https"})
        assert "; Secure" in behind_tls[1]["Set-Cookie"]

        missing = fetch(f"{proxy.url}/media/no-such-file.png")
        assert missing[0] == 404
        assert_hardened(*missing)

        # A request nginx itself refuses (no Host header): its own error page.
        reply = raw_reply(proxy.port, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
        head, _, body = reply.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        assert lines[0].startswith("HTTP/1.1 400"), lines
        headers = dict(line.split(": ", 1) for line in lines[1:])
        assert_hardened(400, headers, body)
