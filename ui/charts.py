"""A Plotly chart on a page: its title and notes as page text, the figure sized to its column."""

from __future__ import annotations

import json
from dataclasses import replace
from html import escape

import plotly.graph_objects as go
import plotly.io
import streamlit as st

from kpis.charts.fit import PageChart, for_page


class _Encoded(go.Figure):
    """A figure many sessions show: st.plotly_chart takes a copy of a figure's whole dict and
    encodes that at every call (a fifth of the measure page's server time at twenty sessions);
    this one gives out the plain dict it made once. Read-only, like everything in ui/views."""

    def __init__(self, figure: go.Figure):
        super().__init__(figure)
        self._encoded = json.loads(plotly.io.to_json(figure, validate=False))

    def to_dict(self) -> dict:
        return self._encoded


def encoded(chart: PageChart) -> PageChart:
    """`chart` ready to be shown by many sessions from a cache (see _Encoded)."""
    return replace(chart, figure=_Encoded(chart.figure))


def chart(
    figure: go.Figure | PageChart, *, key: str, lead: str = "", notes: bool = True, **kwargs
) -> object:
    """Show `figure` fitting its column at any screen size (Streamlit sizes the figure to its
    column; the title and notes wrap as page text); returns st.plotly_chart's result. A cached
    view passes a PageChart already fitted (fitting copies the whole figure). `lead` is
    Markdown (its section's heading, or the notes of the chart before: `notes_markdown`) shown
    in the title's element, and `notes=False` leaves this chart's notes to the caller: each
    element is a message to every viewer."""
    lifted = figure if isinstance(figure, PageChart) else for_page(figure)
    title = (
        f'<p style="font-weight:600;font-size:1.05rem;margin:.6rem 0 0">{escape(lifted.title)}</p>'
        if lifted.title
        else ""
    )
    if lead or title:
        st.markdown(f"{lead}\n\n{title}".strip(), unsafe_allow_html=True)
    shown = st.plotly_chart(lifted.figure, key=key, **kwargs)
    if notes and lifted.notes:
        st.caption("  \n".join(note.replace("\n", "  \n") for note in lifted.notes))
    return shown


def notes_markdown(figure: PageChart) -> str:
    """A chart's notes as a caption would show them, for the element after the chart."""
    lines = "<br>".join(escape(note).replace("\n", "<br>") for note in figure.notes)
    # Styled inline: Markdown's own paragraph rule outranks the page's caption class.
    caption = "font-size:0.875rem;color:#505a5f;margin:0 0 0.5rem"
    return f'<p style="{caption}">{lines}</p>' if lines else ""
