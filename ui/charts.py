"""A Plotly chart on a page: its title and notes as page text, the figure sized to its column."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import streamlit as st

from kpis.charts.fit import PageChart, for_page


def chart(figure: go.Figure | PageChart, *, key: str, **kwargs) -> object:
    """Show `figure` fitting its column at any screen size (Streamlit sizes the figure to its
    column; the title and notes wrap as page text); returns st.plotly_chart's result. A cached
    view passes a PageChart already fitted (fitting copies the whole figure)."""
    lifted = figure if isinstance(figure, PageChart) else for_page(figure)
    if lifted.title:
        st.html(f'<p style="font-weight:600;font-size:1.05rem;margin:0">{escape(lifted.title)}</p>')
    shown = st.plotly_chart(lifted.figure, key=key, **kwargs)
    for note in lifted.notes:
        st.caption(note.replace("\n", "  \n"))
    return shown
