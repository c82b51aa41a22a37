"""Scorecard: every KPI by judgement area for one month, with target, RAG, SPC and benchmarks."""

from html import escape
from urllib.parse import urlencode

import streamlit as st

from kpis.month.board import headline
from kpis.month.scorecard_html import CSS, scorecard_html
from kpis.rag import Rag
from ui import published, state
from ui.figures_due import completeness_caption
from ui.widgets import month_picker, status_bar

st.title("Performance scorecard")
status_bar()
period = month_picker()
if period is None:
    st.stop()
with st.spinner("Preparing the scorecard…"):
    card = state.board(period)
completeness_caption(period)
counts = headline(card)
cols = st.columns(4)
cols[0].metric(f"{Rag.RED.symbol} Off target", counts["red"])
cols[1].metric(f"{Rag.AMBER.symbol} Near target", counts["amber"])
cols[2].metric(f"{Rag.GREEN.symbol} On target", counts["green"])
cols[3].metric("Special causes of concern", counts["concern"])
st.caption(
    "Open a measure's name to see its trend, teams and commentary. Neighbour and England "
    f"figures are DfE's latest published year, shown under each figure. {published.SOURCE}."
)


def link(kpi_id: str) -> str:
    return "kpi?" + urlencode({"kpi": kpi_id, "period": period})


model = published.who().model_year
state.warm_board(state.months())
# One HTML block for every area: the browser redraws a month change in one go.
st.html(
    CSS
    + "".join(
        f'<h2 class="kpi-area">{escape(area)}</h2>'
        + scorecard_html(rows, model_year=model, link=link, area=area)
        for area, rows in card.groupby("area", sort=False)
    )
)
