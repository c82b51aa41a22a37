"""Children's services performance scorecard: the Streamlit entry point and page router."""

# Imported before st.navigation runs: a lazy first import of pandas inside a page, racing
# Streamlit's own threads, fails with "partially initialized module 'pandas'" (DESIGN §5).
import logging

import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import streamlit as st

from kpis.access import Permission
from kpis.catalogue import CatalogueError

PAGE_FAILED = (
    "Something went wrong showing this page. It has been logged for the team; "
    "try another month or measure, or come back later."
)

st.set_page_config(
    page_title="Children's services scorecard", page_icon=":material/monitoring:", layout="wide"
)

try:
    from ui import auth, state

    state.begin_run()
    state.catalogue()
    actor = auth.current_actor()
    st.session_state["actor"] = actor
except CatalogueError as broken:
    st.error(f"The KPI catalogue (data/catalogue.yaml) cannot be used.\n\n{broken}")
    st.stop()

board = [
    st.Page("pages/scorecard.py", title="Scorecard", icon=":material/dashboard:", default=True),
    st.Page("pages/exceptions.py", title="Exceptions", icon=":material/warning:"),
    st.Page("pages/kpi.py", title="Measure detail", icon=":material/query_stats:"),
    st.Page("pages/benchmarks.py", title="How we compare", icon=":material/leaderboard:"),
    st.Page("pages/plan.py", title="Improvement plan", icon=":material/checklist:"),
    st.Page("pages/pack.py", title="Board pack", icon=":material/picture_as_pdf:"),
    st.Page("pages/definitions.py", title="Definitions", icon=":material/menu_book:"),
    st.Page("pages/screen.py", title="Office screen", icon=":material/tv:"),
]
analysts = [
    page
    for page, permission in (
        (st.Page("pages/upload.py", title="Upload figures", icon=":material/upload_file:"),
         Permission.PUBLISH),
        (st.Page("pages/loads.py", title="Load history", icon=":material/history:"),
         Permission.PUBLISH),
        (st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
         Permission.CHANGE_SETTINGS),
        (st.Page("pages/audit.py", title="Audit log", icon=":material/policy:"),
         Permission.READ_AUDIT),
    )
    if actor.can(permission)
]  # fmt: skip
pages = {"Board": board, **({"Analysts": analysts} if analysts else {})}

with st.sidebar:
    if auth.signed_in_mode():
        st.caption(f"Signed in as **{actor.name}** ({actor.role.value})")
        st.button("Sign out", on_click=auth.sign_out, key="sign_out")
    else:
        st.caption(
            "Demo mode: no accounts are configured, so everyone is the single local analyst."
        )
try:
    st.navigation(pages).run()
except Exception:
    # Users get a short message, never a traceback; the details go to the server log.
    logging.getLogger("kpis.app").exception("page failed")
    st.error(PAGE_FAILED)
