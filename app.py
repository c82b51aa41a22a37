"""Children's services performance scorecard: the Streamlit entry point and page router."""

# Imported before st.navigation runs: a lazy first import of pandas inside a page, racing
# Streamlit's own threads, fails with "partially initialized module 'pandas'" (DESIGN §5).
import logging

import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import streamlit as st

from kpis.catalogue import CatalogueError
from kpis.markup import markdown_text
from ui.sockets import no_delay

no_delay()

PAGE_FAILED = (
    "Something went wrong showing this page. It has been logged for the team; "
    "try another month or measure, or come back later."
)
STORE_DOWN = "The data store is not reachable; try again shortly."

APP_TITLE = "Children's services scorecard"
st.set_page_config(page_title=APP_TITLE, page_icon=":material/monitoring:", layout="wide")


def failed(error: Exception) -> None:
    """Visitors get a plain sentence, never a traceback; the details go to the server log."""
    from sqlalchemy.exc import DBAPIError

    logging.getLogger("kpis.app").error("page failed", exc_info=error)
    st.error(STORE_DOWN if isinstance(error, DBAPIError) else PAGE_FAILED)
    st.stop()


try:
    from ui import auth, nav, state

    state.catalogue()
    actor = auth.current_actor()
except CatalogueError as broken:
    st.error(f"The KPI catalogue (data/catalogue.yaml) cannot be used.\n\n{broken}")
    st.stop()
except Exception as error:
    failed(error)

try:
    pages = nav.pages_for(actor)
    with st.sidebar:
        if auth.signed_in_mode():
            st.caption(f"Signed in as **{markdown_text(actor.name)}** ({actor.role.value})")
            st.button("Sign out", on_click=auth.sign_out, key="sign_out")
        else:
            st.caption(
                "Demo mode: no accounts are configured, so everyone is the single local analyst."
            )
    running = st.navigation(pages)
    # The browser tab names the page, so a board member with five tabs open can find theirs.
    st.set_page_config(page_title=f"{running.title} · {APP_TITLE}")
    if (asked := auth.destination(pages, running)) is not None:
        st.switch_page(asked[0], query_params=asked[1])
    running.run()
except Exception as error:
    failed(error)
