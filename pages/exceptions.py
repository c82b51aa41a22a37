"""Exceptions: the KPIs that need attention this month, ranked, each saying why."""

from urllib.parse import urlencode

import streamlit as st

from kpis.month.exceptions_html import exceptions_html
from kpis.month.scorecard import SUPPRESSED
from kpis.month.scorecard_html import CSS
from kpis.periods import label
from kpis.rag import Rag, format_value
from ui import state
from ui.actions import actions_for, record_action
from ui.widgets import download_buttons, month_picker, status_bar

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
    value_text=[
        SUPPRESSED if hidden else f"{Rag(rag).symbol} {format_value(v, u)}"
        for v, u, rag, hidden in zip(
            ranked["value"], ranked["unit"], ranked["rag"], ranked["suppressed"], strict=True
        )
    ],
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
    "Open a measure to see its trend, teams and commentary."
)


def link(row) -> str:
    return "kpi?" + urlencode({"kpi": row["kpi_id"], "period": row["period_shown"],
                               "team": row["team"]})  # fmt: skip


st.html(CSS)
st.html(exceptions_html(shown, link=link, actions=actions_for))
download_buttons(
    shown.assign(reasons=shown["why"])[["rank", "kpi_id", "name", "team", "value", "target",
                                        "rag", "reasons"]],
    f"exceptions_{period}",
)  # fmt: skip
record_action(shown, period)
