"""Children's services performance scorecard: the Streamlit entry point and page router."""

# Imported before st.navigation runs: a lazy first import of pandas inside a page, racing
# Streamlit's own threads, fails with "partially initialized module 'pandas'" (DESIGN §5).
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import streamlit as st

from kpis.catalogue import CatalogueError

st.set_page_config(
    page_title="Children's services scorecard", page_icon=":material/monitoring:", layout="wide"
)

try:
    from ui import state

    state.catalogue()
    state.store()
except CatalogueError as broken:
    st.error(f"The KPI catalogue (data/catalogue.yaml) cannot be used.\n\n{broken}")
    st.stop()

pages = {
    "Board": [
        st.Page("pages/scorecard.py", title="Scorecard", icon=":material/dashboard:", default=True),
    ],
    "Analysts": [
        st.Page("pages/upload.py", title="Upload figures", icon=":material/upload_file:"),
        st.Page("pages/loads.py", title="Load history", icon=":material/history:"),
    ],
}
st.navigation(pages).run()
