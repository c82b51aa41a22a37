"""Exceptions: the KPIs that need attention this month, ranked, each saying why."""

import streamlit as st

from kpis.periods import label
from ui import state, views
from ui.actions import record_action
from ui.widgets import download_buttons, month_picker, page_header, row

page_header("Exceptions")
period = month_picker()
if period is None:
    st.stop()
ranked = views.exceptions(period)
if ranked.empty:
    st.success(f"No exceptions for {label(period)}: every measure is on target and in control.")
    st.stop()

filters = row()
areas = filters.multiselect("Area", state.catalogue().areas, key="area_filter")
teams = filters.multiselect("Team", sorted(ranked["team_name"].unique()), key="team_filter")
kinds = filters.multiselect("Reason", sorted(set(views.REASONS.values())), key="reason_filter")
shown, table, download = views.exception_list(period, areas, teams, kinds)
st.html(table)
download_buttons(download, f"exceptions_{period}")
record_action(shown, period)
