"""Signed-in browsers on a real server: the cookie, deep links, ended sessions, uploads."""

from __future__ import annotations

import asyncio
import re
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from kpis.access import Actor, Role
from kpis.store import Store
from kpis.users import add_account

from . import harness
from .harness import click_button, expect, wait_for_run
from .servers import kpis_command

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def accounts_server(browser_requirements, tmp_path_factory):
    """A server whose store has accounts (so people sign in), demo loaded."""
    folder = tmp_path_factory.mktemp("accounts")
    db_url = f"sqlite:///{folder / 'store.sqlite'}"
    admin = Store(db_url, actor=Actor("ada", Role.ADMIN))
    add_account(admin, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(admin, "ana", Role.ANALYST, "analyst passphrase")
    server = harness.AppServer(db_url, folder / "app.log")
    try:
        server.start()
    except RuntimeError as failed:
        pytest.fail(str(failed))
    yield server
    server.stop()


def sign_in(page, name: str, password: str) -> None:
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    click_button(page, "Sign in")


def heading(page, text: str, timeout: float = 90_000) -> None:
    expect(page.get_by_role("heading", name=text).first).to_be_visible(timeout=timeout)


def test_a_reload_and_a_new_tab_stay_signed_in_until_sign_out(browser, accounts_server):
    context = harness.new_context(browser)
    try:
        page = context.new_page()
        page.goto(accounts_server.url)
        heading(page, "Sign in")
        sign_in(page, "ana", "analyst passphrase")
        heading(page, "Performance scorecard")
        cookie = next(c for c in context.cookies() if c["name"] == "kpis_session")
        assert cookie["sameSite"] == "Strict" and cookie["value"] not in page.url
        page.reload()
        heading(page, "Performance scorecard")
        expect(page.get_by_text("Signed in as ana")).to_be_visible()
        other = context.new_page()
        other.goto(f"{accounts_server.url}/exceptions")
        heading(other, "Exceptions")
        wait_for_run(page)
        run = page.get_by_role("button", name="Sign out")
        harness.run_and_wait(page, run.click)
        heading(page, "Sign in")
        page.reload()
        heading(page, "Sign in")
        # The other tab's session ended in the database too: its next run asks again.
        other.reload()
        heading(other, "Sign in")
    finally:
        context.close()


def test_sign_in_returns_to_the_link_that_was_asked_for(browser, accounts_server):
    context = harness.new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{accounts_server.url}/kpi?kpi=dental_checks&period=2024-10")
        heading(page, "Sign in")
        sign_in(page, "ana", "analyst passphrase")
        heading(page, "LAC (12+ months) with an up-to-date dental check")
        assert "kpi=dental_checks" in page.url and "period=2024-10" in page.url
    finally:
        context.close()


def test_an_open_dialog_cannot_save_after_an_admin_resets_the_password(browser, accounts_server):
    context = harness.new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{accounts_server.url}/exceptions")
        heading(page, "Sign in")
        sign_in(page, "ana", "analyst passphrase")
        heading(page, "Exceptions")
        page.get_by_role("button", name="Record an action against an exception").click()
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_label("Owner")).to_be_visible(timeout=60_000)
        dialog.get_by_label("Owner").fill("Head of service")
        dialog.get_by_label("Action").fill("Saved by a session that has ended")
        kpis_command(accounts_server.db_url, "users", "passwd", "ana", "--user", "ada",
                     env={"KPIS_NEW_PASSWORD": "a brand new passphrase",
                          "KPIS_PASSWORD": "admin passphrase 1"})  # fmt: skip
        dialog.get_by_role("button", name="Save action").click()
        expect(page.get_by_text("You are signed out")).to_be_visible(timeout=60_000)
        assert Store(accounts_server.db_url).actions().empty
    finally:
        context.close()


def _upload_as_a_session_that_never_signed_in(base_url: str) -> tuple[int, str]:
    """Open a session over Streamlit's websocket as a script would, and while it is open PUT a
    file to Streamlit's upload route for it: the HTTP status and the reply's text."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from bench.concurrency import Session, rerun_backmsg

    # Streamlit's double-submit XSRF cookie (the health route sets it, as the page's does).
    with urllib.request.urlopen(f"{base_url}/_stcore/health") as reply:
        xsrf = re.search(r"_streamlit_xsrf=([^;]+)", reply.headers.get("Set-Cookie", ""))

    def put(session_id: str) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"'
            f"\r\nContent-Type: text/csv\r\n\r\n{'x' * 1000}\r\n--{boundary}--\r\n"
        ).encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if xsrf:
            token = xsrf.group(1)
            headers |= {"X-Xsrftoken": token, "Cookie": f"_streamlit_xsrf={token}"}
        request = urllib.request.Request(
            f"{base_url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
            data=body, method="PUT", headers=headers,
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    async def talk() -> tuple[int, str]:
        session = Session(base_url)
        await session.open()
        await session.ws.send(rerun_backmsg())
        session_id = ""
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await session.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                session_id = msg.new_session.initialize.session_id
            if (
                kind == "script_finished"
                and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                break
        try:
            return await asyncio.to_thread(put, session_id)
        finally:
            await session.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(talk(), 120)).result()


def test_a_session_that_never_signed_in_cannot_upload(accounts_server, fresh_app_server):
    status, text = _upload_as_a_session_that_never_signed_in(accounts_server.url)
    assert (status, "Sign in as an analyst to upload" in text) == (403, True)
    # The same request from a session that may upload (demo mode: the local analyst) lands.
    assert _upload_as_a_session_that_never_signed_in(fresh_app_server)[0] == 204
