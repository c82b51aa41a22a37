"""Streamlit-side plumbing shared by the pages: cached access to the domain package."""
