"""Benchmarks: how the authority compares with its neighbours, London and England (DfE data)."""

import streamlit as st

from ui import published, state, views, year_end
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
# The charts and table made once per data version and shared by every viewer (ui/views.py).
drawn, table, markup = views.published_view(kpi_id, la, model)
st.markdown(drawn, unsafe_allow_html=True)
year_end.compare_line(kpi_id, la)
st.header("The figures behind the charts")
published.show_table(table, f"benchmarks_{kpi_id}_{la}", markup)
st.caption(f"{published.SOURCE}. Years are the year the published period ends (2024/25 is 2025).")
