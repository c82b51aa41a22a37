"""KPI detail: the story behind one number — trend with SPC, teams, comparators, commentary."""

import streamlit as st

from ui import plan, state, views, year_end
from ui.cases import cases_behind
from ui.kpi_view import (
    choose,
    commentary,
    default_month,
    published_section,
    spc_section,
    team_breakdown,
)
from ui.widgets import month_label, page_header, row

catalogue = state.catalogue()
kpi_id = choose([k.id for k in catalogue.kpis], "kpi", "Measure", "kpi",
                format_func=lambda i: catalogue.get(i).name)  # fmt: skip
kpi = catalogue.get(kpi_id)
page_header(kpi.name)
offered = views.kpi_choices(kpi_id)
if not offered.months:
    st.info("No figures loaded for this measure yet: an analyst can upload them.")
    st.stop()
choices = row()
with choices:
    team = choose(offered.teams, "team", "Team", "team",
                  format_func=lambda t: t or "Whole authority")  # fmt: skip
    months = offered.months.get(team, [])
    period = choose(months, "kpi_period", "Month", "period", default=default_month(months),
                    format_func=month_label)  # fmt: skip

line, tiles = views.kpi_line(kpi_id, period, team)
st.html(tiles)
spc_section(kpi, team, period, line["target"])
team_breakdown(kpi, period)
cases_behind(kpi_id, period, team)
if not team:
    year_end.detail_section(kpi_id)
    published_section(kpi)

st.markdown(
    f"## Definition\n\n{kpi.definition}\n\n:small[Numerator: {kpi.numerator or '–'} · "
    f"Denominator: {kpi.denominator or '–'} · Source: {kpi.source}]"
)
commentary(kpi_id, team)
plan.evidenced_by(kpi_id)
