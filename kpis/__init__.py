"""Children's services performance scorecard: the domain package (no Streamlit here)."""
