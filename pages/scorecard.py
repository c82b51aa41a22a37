"""Scorecard: every KPI by judgement area for one month, with target, RAG, SPC and benchmarks."""

import streamlit as st

from kpis.rag import Rag
from ui import published, state, views
from ui.figures_due import completeness_caption
from ui.widgets import month_picker, row, status_bar

st.title("Performance scorecard")
status_bar()
period = month_picker()
if period is None:
    st.stop()
counts, scorecard = views.scorecard(period)
completeness_caption(period)
tiles = row()
tiles.metric(f"{Rag.RED.symbol} Off target", counts["red"])
tiles.metric(f"{Rag.AMBER.symbol} Near target", counts["amber"])
tiles.metric(f"{Rag.GREEN.symbol} On target", counts["green"])
tiles.metric("Special causes of concern", counts["concern"])
st.caption(
    "Open a measure's name to see its trend, teams and commentary. Neighbour and England "
    f"figures are DfE's latest published year, shown under each figure. {published.SOURCE}."
)

state.warm_board(state.months())
st.html(scorecard)
