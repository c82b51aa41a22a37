"""Exceptions: the KPIs that need attention this month, ranked, each saying why."""

import streamlit as st

from kpis.periods import label
from ui import state
from ui.actions import actions_for, record_action
from ui.widgets import month_picker, status_bar

REASONS = {
    "Off target": "Off target",
    "Special cause of concern": "Special cause",
    "Will consistently fail": "Will consistently fail",
    "worst quarter": "Worst quartile nationally",
}

st.title("Exceptions")
status_bar()
period = month_picker()
if period is None:
    st.stop()
with st.spinner("Finding exceptions…"):
    ranked = state.exceptions(period)
if ranked.empty:
    st.success(f"No exceptions for {label(period)}: every measure is on target and in control.")
    st.stop()

ranked = ranked.assign(
    why=ranked["reasons"].map(lambda r: " · ".join(r)),
    kinds=ranked["reasons"].map(lambda r: {v for k, v in REASONS.items() for x in r if k in x}),
    team_name=ranked["team"].replace("", "Whole authority"),
)
cols = st.columns(3)
areas = cols[0].multiselect("Area", state.catalogue().areas, key="area_filter")
teams = cols[1].multiselect("Team", sorted(ranked["team_name"].unique()), key="team_filter")
kinds = cols[2].multiselect("Reason", sorted(set(REASONS.values())), key="reason_filter")
keep = ranked["area"].isin(areas or ranked["area"])
keep &= ranked["team_name"].isin(teams or ranked["team_name"])
if kinds:
    keep &= ranked["kinds"].map(lambda k: bool(k & set(kinds)))
shown = ranked[keep]
st.caption(
    f"{len(shown)} of {len(ranked)} exceptions for {label(period)}, most serious first. "
    "Select a row to open the measure."
)
table = shown.assign(actions=[actions_for(r.kpi_id, r.team) for r in shown.itertuples()]).rename(
    columns={
        "rank": "Rank",
        "name": "Measure",
        "team_name": "Team",
        "why": "Why it is here",
        "actions": "Actions agreed",
    }
)[["Rank", "Measure", "Team", "Why it is here", "Actions agreed"]]
picked = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height="content",
    on_select="rerun",
    selection_mode="single-row",
    key="exception_table",
    column_config={"Why it is here": st.column_config.TextColumn(width="large")},
)
record_action(shown, period)
if picked.selection.rows:
    row = shown.iloc[picked.selection.rows[0]]
    st.switch_page(
        "pages/kpi.py",
        query_params={"kpi": row["kpi_id"], "period": row["period_shown"], "team": row["team"]},
    )
