"""Children's services performance scorecard: the Streamlit entry point and page router."""

# Imported before st.navigation runs: a lazy first import of pandas inside a page, racing
# Streamlit's own threads, fails with "partially initialized module 'pandas'" (DESIGN §5).
import logging

import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import streamlit as st

from kpis.catalogue import CatalogueError
from ui.sockets import no_delay

no_delay()

PAGE_FAILED = (
    "Something went wrong showing this page. It has been logged for the team; "
    "try another month or measure, or come back later."
)

st.set_page_config(
    page_title="Children's services scorecard", page_icon=":material/monitoring:", layout="wide"
)

try:
    from ui import auth, nav, state

    state.begin_run()
    state.catalogue()
    actor = auth.current_actor()
    st.session_state["actor"] = actor
except CatalogueError as broken:
    st.error(f"The KPI catalogue (data/catalogue.yaml) cannot be used.\n\n{broken}")
    st.stop()


pages = nav.pages_for(actor)

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
