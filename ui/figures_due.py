"""The month to fill on the Upload page: its completeness, and its template to download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.clock import current_month
from kpis.entry.completeness import MISSING, completeness, completeness_line
from kpis.entry.template import template_bytes, template_frame
from kpis.periods import label, shift
from ui import state
from ui.widgets import row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFERED_MONTHS = 36
# Up to this many missing measures are named in the panel's sentence, more in its list only.
LISTED = 8


@st.cache_data(show_spinner=False, max_entries=4)
def _raw_figures(url: str, version: str) -> pd.DataFrame:
    return state.shared_store().figures()


def raw_figures() -> pd.DataFrame:
    """Every published figure, unsuppressed (analysts' views), re-read once per data version."""
    return _raw_figures(state.db_url(), state.version())


def month_to_fill() -> str:
    """The month the Upload page works on: by default the latest month with figures while it
    is incomplete, else the one after it (never after this month)."""
    now = current_month()
    months = [shift(now, -n) for n in range(OFFERED_MONTHS)]
    latest = state.months()[0] if state.months() else now
    table = completeness(state.catalogue(), raw_figures(), latest)
    default = latest if (table["status"] == MISSING).any() else min(shift(latest, 1), now)
    if default not in months:
        months.append(default)
    return st.selectbox(
        "Month to fill", months, index=months.index(default), format_func=label,
        key="fill_period", help="The month whose figures the template, the grid and the "
        "completeness panel below are about.",
    )  # fmt: skip


def completeness_panel(period: str) -> None:
    """How many of the month's due measures have figures, and which do not."""
    table = completeness(state.catalogue(), raw_figures(), period)
    missing = table[table["status"] == MISSING]
    line = completeness_line(table, period)
    if len(missing) > LISTED:
        # A long list reads better as the list below than as one paragraph.
        line = line.split("; missing:")[0] + f"; {len(missing)} missing, listed below."
    (st.warning if len(missing) else st.success)(line)
    if len(missing):
        with st.expander(f"Missing for {label(period)} ({len(missing)})"):
            # A list, not a table: the page's tables are the upload report's.
            st.markdown("\n".join(f"- {n} (`{k}`)" for k, n in zip(missing["kpi_id"],
                                                                    missing["name"],
                                                                    strict=True)))  # fmt: skip


def completeness_line_for(url: str, version: str, period: str) -> str:
    """The one line the scorecard shows: how complete the month is, naming what is missing."""
    table = completeness(state._catalogue(url, version), state._figures(url, version), period)
    return completeness_line(table, period)


def template_download(period: str) -> None:
    """Download the month's template, long or wide, as CSV or Excel, ready to fill."""
    with st.expander(f"Download a template for {label(period)}"):
        st.caption(
            "One row per measure due this month, with its name, unit, target and previous value "
            "beside it. Fill it in and upload it here as it is: the reference columns are ignored."
        )
        layout = st.radio(
            "Layout", ["long", "wide"], horizontal=True, key="template_layout",
            format_func=lambda v: {"long": "Long (one row per measure)",
                                   "wide": "Wide (the last 12 months beside each measure)"}[v],
        )  # fmt: skip
        catalogue = state.catalogue()
        frame = template_frame(catalogue, raw_figures(), period, layout)
        stem = f"template-{period}-{layout}"
        # Made when pressed, as every download (widgets.download_buttons): a file made with
        # the run is gone if the page runs again before the click.
        buttons = row()
        buttons.download_button(
            "Download template (Excel)", lambda: template_bytes(frame, catalogue, ".xlsx"),
            f"{stem}.xlsx", XLSX, key="template_xlsx", on_click="ignore",
        )  # fmt: skip
        buttons.download_button(
            "Download template (CSV)", lambda: template_bytes(frame, catalogue, ".csv"),
            f"{stem}.csv", "text/csv", key="template_csv", on_click="ignore",
        )  # fmt: skip
