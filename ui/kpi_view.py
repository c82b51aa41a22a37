"""Pieces of the measure-detail page: choosing the view, the headline, charts, commentary."""

from __future__ import annotations

import streamlit as st

from kpis.catalogue import Kpi
from ui import published
from ui.charts import chart, notes_markdown
from ui.widgets import download_buttons, remember, section, spc_icons


def choose(options: list, key: str, label_text: str, param: str, **kwargs):
    """A selectbox whose choice lives in the URL, so a link in an email opens the same view."""
    wanted = st.query_params.get(param)
    index = options.index(wanted) if wanted in options else 0
    choice = st.selectbox(label_text, options, index=index, key=key, **kwargs)
    remember(param, choice)
    return choice


def _open_clicked_month() -> None:
    """A click on a point opens that month: set before the page runs, so the Month selector
    (whose value the browser would otherwise send back) and the URL both follow."""
    selection = st.session_state.get("spc_chart")
    points = selection.selection.points if selection and selection.selection else []
    if points and points[0].get("x"):
        month = str(points[0]["x"])[:7]
        st.session_state["kpi_period"] = month
        st.query_params["period"] = month


def spc_section(kpi: Kpi, team: str, period: str, target: float | None) -> None:
    """The SPC chart (click a point to open that month), its icons and its data table."""
    from ui import views

    spc, figure, table, markup = views.spc_view(kpi.id, team, period, target)
    lead = f"## Trend and statistical process control\n\n{spc_icons(spc)}"
    chart(figure, key="spc_chart", on_select=_open_clicked_month, selection_mode="points",
          lead=lead)  # fmt: skip
    with st.expander("Chart data as a table"):
        st.html(markup)
        download_buttons(table, f"{kpi.id}_{team or 'authority'}_spc")


def published_section(kpi: Kpi) -> None:
    """DfE's annual comparators for this measure, where DfE publishes it."""
    from ui import views

    shown = views.published_view(kpi.id)
    if shown is None:
        return
    trend, bars, table, markup = shown
    lead = (
        "## How we compare (DfE published figures)\n\n"
        f":small[{published.SOURCE}. More on the **How we compare** page.]"
    )
    chart(trend, key="kpi_bench_trend", lead=lead, notes=False)
    chart(bars, key="kpi_bench_bars", lead=notes_markdown(trend))
    with st.expander("Published figures as a table"):
        published.show_table(table, f"{kpi.id}_published", markup)


def commentary(kpi_id: str, team: str) -> None:
    from ui import views

    notes = views.commentary(kpi_id, team)
    none = '<p class="kpis-status">No commentary recorded for this measure.</p>'
    section("Commentary", none if notes is None else notes)
