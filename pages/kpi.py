"""KPI detail: the story behind one number — trend with SPC, teams, comparators, commentary."""

import streamlit as st

from kpis.charts.spc import spc_chart, spc_table
from kpis.periods import label
from kpis.scorecard import kpi_row
from ui import state
from ui.cases import cases_behind
from ui.widgets import download_buttons, spc_icons, status_bar, team_breakdown

catalogue = state.catalogue()
ids = [k.id for k in catalogue.kpis]
wanted = st.query_params.get("kpi")
kpi_id = st.selectbox(
    "Measure",
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    key="kpi",
    format_func=lambda i: catalogue.get(i).name,
)
kpi = catalogue.get(kpi_id)
st.query_params["kpi"] = kpi_id
st.title(kpi.name)
status_bar()
figures = state.figures()
mine = figures[figures["kpi_id"] == kpi_id]
if mine.empty:
    st.info("No figures loaded for this measure yet: an analyst can upload them.")
    st.stop()
teams = ["", *sorted(t for t in mine["team"].unique() if t)]
cols = st.columns(2)
wanted_team = st.query_params.get("team", "")
team = cols[0].selectbox(
    "Team",
    teams,
    index=teams.index(wanted_team) if wanted_team in teams else 0,
    format_func=lambda t: t or "Whole authority",
    key="team",
)
months = sorted(mine.loc[mine["team"] == team, "period"].unique(), reverse=True)
wanted_month = st.query_params.get("period")
period = cols[1].selectbox(
    "Month",
    months,
    index=months.index(wanted_month) if wanted_month in months else 0,
    format_func=label,
    key="kpi_period",
)
st.query_params.update({"team": team, "period": period})

line = kpi_row(figures, kpi, period, team)
heads = st.columns(4)
heads[0].metric(f"Value ({kpi.basis})", line["value_text"])
heads[1].metric("Target", line["target_text"])
heads[2].metric("RAG", line["rag_text"])
heads[3].metric("Since last period", line["vs_previous_text"])
if line["numerator"] is not None and line["denominator"] == line["denominator"]:
    st.caption(f"{line['numerator']:,.0f} of {line['denominator']:,.0f}")

spc = state.spc(kpi_id, team, period)
st.subheader("Trend and statistical process control")
spc_icons(spc)
st.plotly_chart(
    spc_chart(
        spc,
        title=f"{kpi.name} – {team or 'whole authority'}",
        unit=kpi.unit.value,
        target=line["target"],
        rebase_reasons=state.rebase_reasons(kpi_id, team),
    ),
    key="spc_chart",
)
with st.expander("Chart data as a table"):
    table = spc_table(spc, kpi.unit.value)
    st.dataframe(table, hide_index=True, width="stretch")
    download_buttons(table, f"{kpi_id}_{team or 'authority'}_spc")

team_breakdown(figures, kpi, period)
cases_behind(kpi_id, period, team)

st.subheader("Definition")
st.write(kpi.definition)
st.caption(
    f"Numerator: {kpi.numerator or '–'} · Denominator: {kpi.denominator or '–'} · "
    f"Source: {kpi.source}"
)

notes = mine[(mine["team"] == team) & mine["commentary"].notna()].sort_values("period")
st.subheader("Commentary")
if notes.empty:
    st.caption("No commentary recorded for this measure.")
for note in notes.iloc[::-1].itertuples():
    # Commentary is the analysts' free text: shown as plain text, never as markdown or HTML.
    st.markdown(f"**{label(note.period)}**")
    st.text(note.commentary)
