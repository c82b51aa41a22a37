"""Sign-in: single sign-on (OIDC) when configured, else local accounts, else demo mode."""

from __future__ import annotations

import os
from datetime import timedelta

import streamlit as st

from kpis import users
from kpis.access import LOCAL_ANALYST, Actor, Role

# Sessions, accounts and lockouts are in the database, so any server behind the proxy agrees.
SESSION_IDLE = timedelta(minutes=float(os.environ.get("KPIS_SESSION_MINUTES", "30")))


def _oidc() -> dict | None:
    """The [auth] secrets Streamlit's st.login uses, if the deployment configured them: read
    once a run (each look at st.secrets checks its files again)."""
    from ui import state

    return state.this_run("oidc", _read_oidc)


def _read_oidc() -> dict | None:
    try:
        return dict(st.secrets["auth"]) if "auth" in st.secrets else None
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None


def signed_in_mode() -> bool:
    """True when people sign in (accounts or single sign-on), False in demo mode."""
    return _oidc() is not None or _accounts_configured()


def _accounts_configured() -> bool:
    """Whether any account exists: read from the database once per run (an account made on
    any server shows at the next rerun)."""
    from ui import state

    return users.accounts_configured(_store(), state.pulse())


def _store():
    from ui import state

    return state.shared_store()


def _record(event: str, detail: str, actor: Actor) -> None:
    _store().as_actor(actor).record(event, detail)


def sign_out() -> None:
    token = st.session_state.pop("session_token", None)
    if token:
        users.end_session(_store(), token)
    st.session_state.pop("actor", None)


def current_actor() -> Actor:
    """Who is using this session; shows the sign-in screen and stops the page if nobody."""
    if (settings := _oidc()) is not None:
        return _single_sign_on(settings)
    if not _accounts_configured():
        return LOCAL_ANALYST
    token = st.session_state.get("session_token")
    if token:
        try:
            return users.resume_session(_store(), token, SESSION_IDLE)
        except users.SessionEnded as ended:
            st.session_state.pop("session_token", None)
            st.session_state.pop("actor", None)
            st.info(str(ended))
    _login_form()
    st.stop()
    raise AssertionError("unreachable")


def _login_form() -> None:
    st.title("Sign in")
    with st.form("sign_in"):
        # Keyed, so the typed values reach the submit whatever else the run drew before them.
        name = st.text_input("User name", autocomplete="username", key="sign_in_name")
        password = st.text_input(
            "Password", type="password", autocomplete="current-password", key="sign_in_password"
        )
        if st.form_submit_button("Sign in", type="primary"):
            try:
                actor = users.authenticate(_store(), name.strip(), password)
            except users.AuthError as refused:
                who = Actor(name.strip() or "?", Role.VIEWER)
                _record("sign-in refused", name.strip(), who)
                st.error(str(refused))
                return
            st.session_state["session_token"] = users.start_session(_store(), actor)
            st.session_state["actor"] = actor
            _record("sign-in", "local account", actor)
            st.rerun()


def _single_sign_on(settings: dict) -> Actor:
    if not st.user.is_logged_in:
        st.title("Sign in")
        st.write("Sign in with your council account to see the scorecard.")
        if st.button("Sign in", type="primary"):
            st.login()
        st.stop()
    email = str(st.user.get("email", ""))
    groups = list(st.user.get("groups", []) or [])
    group_roles = dict(st.secrets.get("kpis", {}).get("group_roles", {}))
    actor = users.actor_for_email(_store(), email, groups, group_roles)
    if actor is None:
        st.error(f"{email} has no role in this dashboard. Ask an administrator for access.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
    if st.session_state.get("actor") != actor:
        st.session_state["actor"] = actor
        _record("sign-in", "single sign-on", actor)
    return actor
