"""Recording and showing the actions agreed against exceptions."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from kpis.clock import now
from kpis.markup import markdown_text
from kpis.periods import label
from kpis.problems import InputRejected
from ui import auth, state


def actions_for(kpi_id: str, team: str) -> str:
    """The actions recorded for a KPI and team, newest first, as one line of text."""
    frame = state.actions()
    mine = frame[(frame["kpi_id"] == kpi_id) & (frame["team"] == team)].iloc[::-1]
    return " · ".join(
        f"{a.action} ({a.owner}, due {a.due}; agreed {label(a.period)})" for a in mine.itertuples()
    )


def record_action(shown: pd.DataFrame, period: str) -> None:
    """A button under the exception list opening a small form: owner, action and due date.
    (In a dialog, the form is sent only when someone opens it: a board of twenty opening the
    page does not each receive it.)"""
    from kpis.access import Permission

    if saved := st.session_state.pop("action_saved", None):
        st.success(saved)
    if not auth.store().actor.can(Permission.RECORD_ACTION):
        return
    if st.button("Record an action against an exception", key="record_action"):
        _action_dialog(shown, period)


@st.dialog("Record an action against an exception")
def _action_dialog(shown: pd.DataFrame, period: str) -> None:
    # A dialog reruns as a fragment, without app.py's sign-in check.
    auth.still_signed_in()
    options = list(range(len(shown)))
    # Worded once, not a row lookup per option per run (a fifth of the page's server time).
    words = [f"{n} – {t}" for n, t in zip(shown["name"], shown["team_name"], strict=True)]
    with st.form("action_form", clear_on_submit=True):
        choice = st.selectbox("Exception", options, format_func=words.__getitem__)
        owner = st.text_input("Owner")
        action = st.text_area("Action")
        due = st.date_input("Due by", value=(now() + timedelta(days=28)).date())
        if not st.form_submit_button("Save action"):
            return
    row = shown.iloc[choice]
    try:
        auth.store().add_action(
            row["kpi_id"], period, owner=owner, action=action, due=due, user=auth.user(),
            team=row["team"],
        )  # fmt: skip
    except InputRejected as rejected:
        st.error(
            "The action was not saved: "
            + markdown_text("; ".join(f"{p.column} {p.message}" for p in rejected.problems))
        )
        return
    st.session_state["action_saved"] = "Action saved. The board will see it beside this exception."
    st.rerun()
