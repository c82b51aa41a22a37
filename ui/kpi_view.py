"""Pieces of the measure-detail page: choosing the view, the headline, charts, commentary."""

from __future__ import annotations

import streamlit as st

from kpis.catalogue import Kpi
from ui import published
from ui.widgets import download_buttons, on_request, remember, section, spc_icons


def choose(options: list, key: str, label_text: str, param: str, **kwargs):
    """A selectbox whose choice lives in the URL, so a link in an email opens the same view."""
    wanted = st.query_params.get(param)
    index = options.index(wanted) if wanted in options else 0
    choice = st.selectbox(label_text, options, index=index, key=key, **kwargs)
    remember(param, choice)
    return choice


def spc_section(
    kpi: Kpi,
    team: str,
    period: str,
    target: float | None,
    title: str = "Trend and statistical process control",
) -> None:
    """The SPC chart (a click on a point opens that month), its icons and its data table.

    The charts are server-drawn SVG in one Markdown element (st.html takes SVG out): no
    charting script for the browser to load, and one message to each viewer."""
    from ui import views

    spc, drawn, table, markup = views.spc_view(kpi.id, team, period, target)
    st.markdown(
        f"## {title}\n\n{spc_icons(spc)}\n\n{drawn}",
        unsafe_allow_html=True,
    )
    box = on_request("Chart data as a table", "spc_table")
    if box:
        with box:
            st.html(markup)
            download_buttons(table, f"{kpi.id}_{team or 'authority'}_spc")


def published_section(kpi: Kpi) -> None:
    """DfE's annual comparators for this measure, where DfE publishes it."""
    from ui import views

    shown = views.published_view(kpi.id)
    if shown is None:
        return
    drawn, table, markup = shown
    st.markdown(
        "## How we compare (DfE published figures)\n\n"
        f":small[{published.SOURCE}. More on the **How we compare** page.]\n\n{drawn}",
        unsafe_allow_html=True,
    )
    box = on_request("Published figures as a table", "published_table")
    if box:
        with box:
            published.show_table(table, f"{kpi.id}_published", markup)


def commentary(kpi_id: str, team: str) -> None:
    from ui import views

    notes = views.commentary(kpi_id, team)
    none = '<p class="kpis-status">No commentary recorded for this measure.</p>'
    section("Commentary", none if notes is None else notes)
