"""A session acts as whoever is signed in now, read afresh each run; an ended one as nobody."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kpis.access import Actor, Role
from kpis.store import Store
from kpis.users import add_account, end_session, set_password, start_session

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(monkeypatch, db_url):
    monkeypatch.setenv("KPIS_DATABASE_URL", db_url)
    monkeypatch.setenv("KPIS_WARM_MONTHS", "0")
    return db_url


@pytest.fixture
def accounts(env):
    admin = Store(env, actor=Actor("ada", Role.ADMIN))
    add_account(admin, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(admin, "ana", Role.ANALYST, "analyst passphrase")
    return admin


def acting_script() -> None:
    """A run that tries to write as the session's store does: what the probe's websocket did."""
    from datetime import date

    import streamlit as st

    from kpis.access import PermissionDenied
    from ui import auth

    st.text(f"acting as {auth.acting().name} ({auth.acting().role.value})")
    try:
        auth.store().add_action("icpc_15_days", "2025-03", owner="o", action="a",
                                due=date(2025, 4, 30), user=auth.user())  # fmt: skip
        st.text("stored")
    except PermissionDenied as refused:
        st.text(f"refused: {refused}")


def run_with(token: str | None) -> list[str]:
    app = AppTest.from_function(acting_script, default_timeout=60)
    if token is not None:
        app.session_state["session_token"] = token
    app.run()
    assert not app.exception, app.exception
    return [t.value for t in app.text]


def test_a_session_that_never_signed_in_cannot_write(accounts):
    shown = run_with(None)
    assert shown[0] == "acting as nobody (not signed in) (viewer)"
    assert shown[1].startswith("refused: permission denied")
    assert Store(accounts.url).actions().empty


def test_a_live_sign_in_writes_as_its_account(accounts):
    ana = Actor("ana", Role.ANALYST)
    shown = run_with(start_session(accounts, ana))
    assert shown == ["acting as ana (analyst)", "stored"]
    assert accounts.audit_log()["actor"].iloc[-1] == "ana"


@pytest.mark.parametrize("ended_by", ["sign-out", "password reset", "idle limit", "lifetime"])
def test_a_session_ended_anywhere_cannot_write(accounts, ticker, ended_by):
    ana = Actor("ana", Role.ANALYST)
    token = start_session(accounts, ana)
    if ended_by == "sign-out":
        end_session(accounts, token)
    elif ended_by == "password reset":
        set_password(accounts, "ana", "a new passphrase")
    elif ended_by == "idle limit":
        ticker.set(ticker.moment + timedelta(minutes=31))
    else:
        for _ in range(25):  # active every 29 minutes, for more than the 12-hour lifetime
            ticker.set(ticker.moment + timedelta(minutes=29))
            run_with(token)
    before = len(Store(accounts.url).actions())
    shown = run_with(token)
    assert shown[0] == "acting as nobody (not signed in) (viewer)", ended_by
    assert shown[1].startswith("refused")
    assert len(Store(accounts.url).actions()) == before


def test_demo_mode_only_while_the_database_has_no_accounts(env):
    shown = run_with(None)
    assert shown == ["acting as local analyst (analyst)", "stored"]
    add_account(Store(env, actor=Actor("ada", Role.ADMIN)), "ada", Role.ADMIN, "admin passphrase 1")
    assert run_with(None)[0] == "acting as nobody (not signed in) (viewer)"


def test_the_database_down_shows_a_sentence_not_a_traceback(monkeypatch):
    # Nothing listens on port 9: the store cannot be reached.
    monkeypatch.setenv("KPIS_DATABASE_URL", "postgresql+psycopg://kpis@127.0.0.1:9/kpis")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    shown = [e.value for e in app.error]
    assert shown == ["The data store is not reachable; try again shortly."]


def test_visitors_never_get_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
