"""Streamlit-side plumbing shared by the pages: cached access to the domain package."""

import streamlit as _st
from streamlit.runtime.pages_manager import PagesManager as _PagesManager

# With a pages/ folder beside app.py, a fresh server answers its very first request in
# Streamlit's legacy mode and runs the page named in the URL directly, skipping app.py (and
# so sign-in). Every page imports this package first: switch the legacy mode off and run the
# request again, through app.py's navigation.
if _PagesManager.uses_pages_directory:
    _PagesManager.uses_pages_directory = False
    _st.rerun()
