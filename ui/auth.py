"""Sign-in: single sign-on (OIDC) when configured, else local accounts, else demo mode."""

from __future__ import annotations

import os
from datetime import timedelta

import streamlit as st

from kpis import users
from kpis.access import LOCAL_ANALYST, NOBODY, Actor
from kpis.markup import markdown_text
from kpis.store import Store
from ui import cookie, state, uploads

# Sessions, accounts and lockouts are in the database, so any server behind the proxy agrees.
SESSION_IDLE = timedelta(minutes=float(os.environ.get("KPIS_SESSION_MINUTES", "30")))
SESSION_LIFETIME = timedelta(hours=float(os.environ.get("KPIS_SESSION_HOURS", "12")))


def _oidc() -> dict | None:
    """The [auth] secrets Streamlit's st.login uses, if the deployment configured them: read
    once a run (each look at st.secrets checks its files again)."""
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
    return users.accounts_configured(state.shared_store(), state.pulse())


def acting() -> Actor:
    """Who this run acts as, worked out afresh for every run (page, fragment or dialog) from
    the database: a session signed out, expired, reset or revoked anywhere acts as nobody."""
    return _sign_in()[0]


def store() -> Store:
    """The store acted on by whoever is signed in to this session; the domain checks their
    role, so a session that has ended can neither write nor read cases."""
    return state.shared_store().as_actor(acting())


def user() -> str:
    """The signed-in person's name (the single local analyst in demo mode)."""
    return acting().name


def still_signed_in() -> None:
    """For fragments and dialogs, which rerun without app.py: stop unless the session's
    sign-in is still live."""
    if acting() is NOBODY:
        st.warning("You are signed out. Reload the page to sign in again.")
        st.stop()


def _sign_in() -> tuple[Actor, str]:
    """(actor, why there is none), once per run."""
    return state.this_run("sign_in", _read_sign_in)


def _read_sign_in() -> tuple[Actor, str]:
    if (settings := _oidc()) is not None:
        return _single_sign_on_actor(settings)
    if not _accounts_configured():
        return LOCAL_ANALYST, ""
    # A reload or a new tab is a new Streamlit session: its sign-in comes from the cookie.
    token = st.session_state.get("session_token") or cookie.read()
    if not token:
        return NOBODY, ""
    try:
        actor = users.resume_session(
            state.shared_store(), token, SESSION_IDLE, lifetime=SESSION_LIFETIME
        )
    except users.SessionEnded as ended:
        return NOBODY, str(ended)
    st.session_state["session_token"] = token
    return actor, ""


def sign_out() -> None:
    token = st.session_state.pop("session_token", None) or cookie.read()
    if token:
        users.end_session(state.shared_store(), token)
    st.session_state["signed_out"] = True


def current_actor() -> Actor:
    """Who is using this session (app.py, every full run); shows the sign-in screen and stops
    the page if nobody. Uploads are accepted only for a session whose actor may make them."""
    actor, why = _sign_in()
    uploads.allow(actor)
    if actor is not NOBODY:
        if token := st.session_state.pop("set_cookie", None):
            cookie.write(token)
        return actor
    st.session_state.pop("session_token", None)
    _remember_destination()
    if _oidc() is not None:
        _single_sign_on_form()
    else:
        cookie.forget()
        if why and not st.session_state.pop("signed_out", False):
            st.info(why)
        _login_form()
    st.stop()
    raise AssertionError("unreachable")


def _remember_destination() -> None:
    """The page and query a signed-out browser asked for (a link from an e-mail), kept for
    after sign-in: Streamlit shows the default page once a run has drawn no navigation."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if "asked_for" not in st.session_state:
        manager = getattr(get_script_run_ctx(), "pages_manager", None)
        name = getattr(manager, "intended_page_name", None) or ""
        st.session_state["asked_for"] = (name, st.query_params.to_dict())


def destination(pages: dict[str, list], running) -> tuple[object, dict] | None:
    """Once signed in: the page asked for before sign-in, if it is one of this person's pages
    and not the one about to run, with its query."""
    name, query = st.session_state.pop("asked_for", ("", {}))
    for page in (p for group in pages.values() for p in group):
        if name and page.url_path == name and page.url_path != running.url_path:
            return page, query
    return None


def _login_form() -> None:
    st.set_page_config(page_title="Sign in · Children's services scorecard")
    st.title("Sign in")
    with st.form("sign_in"):
        # Keyed, so the typed values reach the submit whatever else the run drew before them.
        name = st.text_input("User name", autocomplete="username", key="sign_in_name")
        password = st.text_input(
            "Password", type="password", autocomplete="current-password", key="sign_in_password"
        )
        if st.form_submit_button("Sign in", type="primary"):
            try:
                actor = users.authenticate(state.shared_store(), name.strip(), password)
            except users.AuthError as refused:
                st.error(str(refused))
                return
            token = users.start_session(state.shared_store(), actor)
            st.session_state["session_token"] = token
            st.session_state["set_cookie"] = token
            st.session_state.pop("signed_out", None)
            state.shared_store().as_actor(actor).record("sign-in", "local account")
            st.rerun()


def _single_sign_on_actor(settings: dict) -> tuple[Actor, str]:
    if not st.user.is_logged_in:
        return NOBODY, ""
    email = str(st.user.get("email", ""))
    groups = list(st.user.get("groups", []) or [])
    group_roles = dict(st.secrets.get("kpis", {}).get("group_roles", {}))
    actor = users.actor_for_email(state.shared_store(), email, groups, group_roles)
    if actor is None:
        return NOBODY, f"{email} has no role in this dashboard. Ask an administrator for access."
    if st.session_state.get("sso_actor") != actor:
        st.session_state["sso_actor"] = actor
        state.shared_store().as_actor(actor).record("sign-in", "single sign-on")
    return actor, ""


def _single_sign_on_form() -> None:
    st.title("Sign in")
    if st.user.is_logged_in:
        st.error(markdown_text(_sign_in()[1]), icon=":material/block:")
        st.button("Sign out", on_click=st.logout)
        return
    st.write("Sign in with your council account to see the scorecard.")
    if st.button("Sign in", type="primary"):
        st.login()
