"""The app's pages for the sidebar: made once, copied for each run."""

from __future__ import annotations

from copy import copy

import streamlit as st

from kpis.access import Actor, Permission
from ui.cache import shared


@shared(max_entries=None)
def _pages() -> tuple[list, list]:
    """The page objects, made once (each resolves its file's path); every run gets copies,
    since st.navigation marks the page it runs on the object."""
    board = [
        st.Page("pages/scorecard.py", title="Scorecard", icon=":material/dashboard:", default=True),
        st.Page("pages/exceptions.py", title="Exceptions", icon=":material/warning:"),
        st.Page("pages/kpi.py", title="Measure detail", icon=":material/query_stats:"),
        st.Page("pages/benchmarks.py", title="How we compare", icon=":material/leaderboard:"),
        st.Page("pages/plan.py", title="Improvement plan", icon=":material/checklist:"),
        st.Page("pages/quality.py", title="Quality assurance", icon=":material/fact_check:"),
        st.Page("pages/pack.py", title="Board pack", icon=":material/picture_as_pdf:"),
        st.Page("pages/definitions.py", title="Definitions", icon=":material/menu_book:"),
        st.Page("pages/screen.py", title="Office screen", icon=":material/tv:"),
    ]
    analysts = [
        (
            st.Page("pages/upload.py", title="Upload figures", icon=":material/upload_file:"),
            Permission.PUBLISH,
        ),
        (
            st.Page("pages/loads.py", title="Load history", icon=":material/history:"),
            Permission.PUBLISH,
        ),
        (
            st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
            Permission.CHANGE_SETTINGS,
        ),
        (
            st.Page("pages/audit.py", title="Audit log", icon=":material/policy:"),
            Permission.READ_AUDIT,
        ),
    ]
    return board, analysts


def pages_for(actor: Actor) -> dict[str, list]:
    """The board's pages for everyone, and the analysts' pages this person may use."""
    board_pages, analyst_pages = _pages()
    board = [copy(page) for page in board_pages]
    analysts = [copy(page) for page, permission in analyst_pages if actor.can(permission)]
    return {"Board": board, **({"Analysts": analysts} if analysts else {})}
