"""Recording and showing the actions agreed against exceptions."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from kpis.clock import now
from kpis.periods import label
from kpis.problems import InputRejected
from ui import state


def actions_for(kpi_id: str, team: str) -> str:
    """The actions recorded for a KPI and team, newest first, as one line of text."""
    frame = state.actions()
    mine = frame[(frame["kpi_id"] == kpi_id) & (frame["team"] == team)].iloc[::-1]
    return " · ".join(
        f"{a.action} ({a.owner}, due {a.due}; agreed {label(a.period)})" for a in mine.itertuples()
    )


def record_action(shown: pd.DataFrame, period: str) -> None:
    """A small form under the exception list: owner, action and due date."""
    with st.expander("Record an action against an exception"):
        options = list(range(len(shown)))
        # Worded once, not a row lookup per option per run (a fifth of the page's server time).
        words = [f"{n} – {t}" for n, t in zip(shown["name"], shown["team_name"], strict=True)]
        with st.form("action_form", clear_on_submit=True):
            choice = st.selectbox("Exception", options, format_func=words.__getitem__)
            owner = st.text_input("Owner")
            action = st.text_area("Action")
            due = st.date_input("Due by", value=(now() + timedelta(days=28)).date())
            if st.form_submit_button("Save action"):
                row = shown.iloc[choice]
                try:
                    state.store().add_action(
                        row["kpi_id"],
                        period,
                        owner=owner,
                        action=action,
                        due=due,
                        user=state.user(),
                        team=row["team"],
                    )
                except InputRejected as rejected:
                    st.error(
                        "The action was not saved: "
                        + "; ".join(f"{p.column} {p.message}" for p in rejected.problems)
                    )
                else:
                    st.success("Action saved. The board will see it beside this exception.")
                    st.rerun()
