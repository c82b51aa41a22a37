"""Small pieces of page furniture used on several pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.demo import DEMO_LABEL
from kpis.problems import Problem
from ui import state


def status_bar() -> None:
    """Demo label and when the data was last loaded: on every page."""
    if state.demo():
        st.info(DEMO_LABEL, icon=":material/science:")
    loads = state.loads()
    active = loads[loads["rolled_back_at"].isna()]
    if active.empty:
        st.caption("No figures have been loaded yet.")
        return
    last = active.iloc[-1]
    when = pd.Timestamp(last["loaded_at"]).tz_convert("Europe/London").strftime("%d %b %Y %H:%M")
    st.caption(f"Last load: {when} by {last['user']} ({last['file_name']}, load {last['id']})")


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Row": [p.row if p.row is not None else "" for p in problems],
            "Column": [p.column or "" for p in problems],
            "Problem": [p.message for p in problems],
        }
    ).astype(str)
