"""Benchmarks: how the authority compares with its neighbours, London and England (DfE data)."""

import streamlit as st

from kpis.benchmarks.charts import neighbour_bar_chart, trend_chart
from ui import published, state
from ui.widgets import download_buttons, status_bar

st.title("How we compare")
status_bar()
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
mine = frame[frame["kpi_id"] == kpi_id]

st.plotly_chart(trend_chart(frame, kpi, names[la], model), key="bench_trend")
st.plotly_chart(
    neighbour_bar_chart(data.values, data.neighbours, data.areas, la, kpi, model),
    key="bench_bars",
)
st.header("The figures behind the charts")
table = mine.pivot_table(index="year", columns="comparator", values="value", aggfunc="first")
table = table.reindex(
    columns=[
        c
        for c in ["la", "england", "region", "london", "sn_mean", "sn_median", "rank"]
        if c in table.columns
    ]
)
bands = mine[mine["comparator"] == "quartile"].set_index("year")["band"]
table["quartile"] = bands
table = table.rename(
    columns={
        "la": names[la],
        "england": "England",
        "region": "Region",
        "london": "London group",
        "sn_mean": f"Neighbours mean ({model})",
        "sn_median": f"Neighbours median ({model})",
        "rank": "National rank",
        "quartile": "Quartile (A best)",
    }
)
table = table.sort_index(ascending=False).reset_index().rename(columns={"year": "Year"})
st.dataframe(table, hide_index=True, width="stretch")
download_buttons(table, f"benchmarks_{kpi_id}_{la}")
st.caption(f"{published.SOURCE}. Years are the year the published period ends (2024/25 is 2025).")
