"""Scorecard: every KPI by judgement area for one month, with target, RAG, SPC and benchmarks."""

import streamlit as st

from ui import state, views
from ui.widgets import month_picker, page_header

page_header("Performance scorecard")
period = month_picker()
if period is None:
    st.stop()
page = views.scorecard(period)
views.warm_board(state.months())
st.html(page)
