"""Scorecard: every KPI by judgement area for one month, with target, RAG and direction."""

import streamlit as st

from kpis.periods import label
from kpis.rag import Rag
from kpis.scorecard import latest_period, scorecard
from ui import state
from ui.widgets import status_bar

st.title("Performance scorecard")
status_bar()
figures = state.figures()
if figures.empty:
    st.info("No figures loaded yet. An analyst can load a scorecard file on **Upload figures**.")
    st.stop()

months = sorted(figures.loc[figures["team"] == "", "period"].unique(), reverse=True)
period = st.selectbox(
    "Month", months, index=months.index(latest_period(figures)), format_func=label, key="period"
)
card = scorecard(figures, state.catalogue(), period)

counts = card["rag"].value_counts()
cols = st.columns(4)
cols[0].metric(f"{Rag.RED.symbol} Off target", int(counts.get(Rag.RED, 0)))
cols[1].metric(f"{Rag.AMBER.symbol} Near target", int(counts.get(Rag.AMBER, 0)))
cols[2].metric(f"{Rag.GREEN.symbol} On target", int(counts.get(Rag.GREEN, 0)))
cols[3].metric("Measures with a figure", int(card["value"].notna().sum()))

for area, rows in card.groupby("area", sort=False):
    st.subheader(area)
    table = rows.assign(Month=[label(p) if p else "No figure" for p in rows["period_shown"]])
    table = table[
        [
            "name",
            "value_text",
            "target_text",
            "rag_text",
            "vs_previous_text",
            "vs_last_year_text",
            "Month",
            "basis",
        ]
    ]
    st.dataframe(
        table.rename(
            columns={
                "name": "Measure",
                "value_text": "Value",
                "target_text": "Target",
                "rag_text": "RAG",
                "vs_previous_text": "Since last period",
                "vs_last_year_text": "Since a year ago",
                "basis": "Basis",
            }
        ),
        hide_index=True,
        width="stretch",
        height="content",
        column_config={"Measure": st.column_config.TextColumn(width="large")},
    )
