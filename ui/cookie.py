"""The sign-in cookie: a browser's session token, so a reload or a new tab stays signed in."""

from __future__ import annotations

import re

import streamlit as st

NAME = "kpis_session"
# Only what users.start_session makes (URL-safe base64): nothing else is ever echoed back.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def read() -> str | None:
    """The token the browser sent when this session's connection opened, if well formed.
    The token is worth nothing on its own: the database says whether its session is live."""
    value = st.context.cookies.get(NAME)
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else None


def _script(assignment: str) -> None:
    # Streamlit cannot set a cookie from the server, so the page does; Secure over https, never
    # sent by another site (SameSite=Strict), and a browser session's only (no Max-Age).
    st.html(
        f"<script>document.cookie = '{assignment}; Path=/; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def write(token: str) -> None:
    if _TOKEN.fullmatch(token):
        _script(f"{NAME}={token}")


def forget() -> None:
    """Sign-out or an ended session: the browser drops the cookie (the database already has)."""
    _script(f"{NAME}=; Max-Age=0")
