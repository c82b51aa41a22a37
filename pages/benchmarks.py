"""Benchmarks: how the authority compares with its neighbours, London and England (DfE data)."""

import streamlit as st

from kpis.benchmarks.charts import neighbour_bar_chart, trend_chart
from kpis.charts.fit import for_page
from kpis.charts.page_svg import chart_html
from ui import published, state
from ui.widgets import page_header

page_header("How we compare")
data = published.data()
me = published.who()
catalogue = state.catalogue()
measured = [k for k in catalogue.kpis if k.id in set(data.measures["kpi_id"])]
ids = [k.id for k in measured]
authorities = data.authorities(me.model_year)
codes = authorities["area_code"].astype(int).tolist()
names = dict(zip(codes, authorities["area_name"], strict=True))

cols = st.columns([2, 1, 1])
wanted = st.query_params.get("kpi")
kpi_id = cols[0].selectbox(
    "Measure",
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    format_func=lambda i: catalogue.get(i).name,
    key="bench_kpi",
)
la = cols[1].selectbox(
    "Authority",
    codes,
    index=codes.index(me.la_code),
    format_func=lambda c: f"{names[c]} ({c})",
    key="bench_la",
)
model = cols[2].selectbox(
    "Neighbour model",
    data.model_years[::-1],
    key="bench_model",
    index=data.model_years[::-1].index(me.model_year),
)
kpi = catalogue.get(kpi_id)
frame = published.comparators(la, model)

trend = for_page(trend_chart(frame, kpi, names[la], model))
bars = for_page(neighbour_bar_chart(data.values, data.neighbours, data.areas, la, kpi, model))
# Drawn as SVG, as on a measure's detail (st.html would take the SVG out); the two charts share
# their notes.
st.markdown(
    chart_html(trend, chart_id="trend", notes=False) + chart_html(bars, chart_id="bars"),
    unsafe_allow_html=True,
)
st.header("The figures behind the charts")
published.show_table(
    published.comparator_table(frame, kpi_id, names[la], model), f"benchmarks_{kpi_id}_{la}"
)
st.caption(f"{published.SOURCE}. Years are the year the published period ends (2024/25 is 2025).")
