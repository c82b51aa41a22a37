"""The cases behind a case-level figure, for the people allowed to see them."""

from __future__ import annotations

import streamlit as st

from kpis.access import Permission
from kpis.periods import label
from ui import auth

COLUMNS = {
    "child_id": "Child ID",
    "team": "Team",
    "worker": "Worker",
    "start_date": "Start",
    "event_date": "Event",
    "due_date": "Due",
    "days_late": "Days late",
    "reason": "Why it misses",
}


def cases_behind(kpi_id: str, period: str, team: str) -> None:
    """A section listing the cases that miss this KPI (managers: their own teams only)."""
    actor = auth.store().actor
    if not actor.can(Permission.VIEW_CASES):
        return
    from ui import views

    if not views.kpi_choices(kpi_id).has_cases:
        return
    st.header("Cases behind this figure")
    st.caption(
        "Personal data from the Annex A workbook or the DfE returns: child IDs only, never "
        "names. Shown to "
        "managers for their own teams and to analysts; never on board views or in the pack. "
        "Every view is recorded in the audit log."
    )
    if not st.toggle("Show the cases", key="show_cases"):
        return
    cases = auth.store().cases()
    mine = cases[(cases["kpi_id"] == kpi_id) & (cases["period"] == period)]
    if team:
        mine = mine[mine["team"] == team]
    if mine.empty:
        st.info(f"No cases miss this measure for {label(period)} in the teams you can see.")
        return
    st.dataframe(mine.rename(columns=COLUMNS)[list(COLUMNS.values())], hide_index=True,
                 width="stretch")  # fmt: skip
