"""Sign-in: single sign-on (OIDC) when configured, else local accounts, else demo mode."""

from __future__ import annotations

import os
import time

import streamlit as st

from kpis.access import LOCAL_ANALYST, Actor, Role
from kpis.users import AuthError, accounts_configured, actor_for_email, authenticate

SESSION_MINUTES = float(os.environ.get("KPIS_SESSION_MINUTES", "30"))


def _oidc() -> dict | None:
    """The [auth] secrets Streamlit's st.login uses, if the deployment configured them."""
    try:
        return dict(st.secrets["auth"]) if "auth" in st.secrets else None
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None


def signed_in_mode() -> bool:
    """True when people sign in (accounts or single sign-on), False in demo mode."""
    return _oidc() is not None or accounts_configured()


def _expired() -> bool:
    last = st.session_state.get("last_seen", 0.0)
    return time.time() - last > SESSION_MINUTES * 60


def _record(event: str, detail: str, actor: Actor) -> None:
    from ui import state

    state.shared_store().as_actor(actor).record(event, detail)


def sign_out() -> None:
    for key in ("actor", "last_seen"):
        st.session_state.pop(key, None)


def current_actor() -> Actor:
    """Who is using this session; shows the sign-in screen and stops the page if nobody."""
    if (settings := _oidc()) is not None:
        return _single_sign_on(settings)
    if not accounts_configured():
        return LOCAL_ANALYST
    actor = st.session_state.get("actor")
    if actor is not None and not _expired():
        st.session_state["last_seen"] = time.time()
        return actor
    if actor is not None:
        sign_out()
        st.info("Your session expired. Please sign in again.")
    _login_form()
    st.stop()
    raise AssertionError("unreachable")


def _login_form() -> None:
    st.title("Sign in")
    with st.form("sign_in"):
        name = st.text_input("User name", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        if st.form_submit_button("Sign in", type="primary"):
            try:
                actor = authenticate(name.strip(), password)
            except AuthError as refused:
                who = Actor(name.strip() or "?", Role.VIEWER)
                _record("sign-in refused", name.strip(), who)
                st.error(str(refused))
                return
            st.session_state["actor"], st.session_state["last_seen"] = actor, time.time()
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
    actor = actor_for_email(email, groups, group_roles)
    if actor is None:
        st.error(f"{email} has no role in this dashboard. Ask an administrator for access.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
    if st.session_state.get("actor") != actor:
        st.session_state["actor"] = actor
        _record("sign-in", "single sign-on", actor)
    return actor
