"""Improvement plan: each inspection recommendation's status, evidence, actions and report."""

import streamlit as st

from kpis.plans.charts import history_chart, history_table
from kpis.plans.page_html import CSS, card_html
from kpis.plans.report.html import ACTION_HEADERS, action_rows
from ui import plan as view
from ui.widgets import page_header, section

page_header("Improvement plan")
found = view.plan()
if not found.recommendations:
    st.info("No improvement plan has been loaded: an analyst can upload one on Upload figures.")
    st.stop()
day = view.review_date(found)
reviewed = view.review(day)
ref = st.query_params.get("ref")
chosen = next((r for r in reviewed.recommendations if r.ref == ref), None)

if chosen is None:
    st.html(view.tiles(day))
    st.html(view.cards(day, view.filters(reviewed)))
    view.report_downloads(day)
    st.stop()

rec = chosen.recommendation
st.page_link("pages/plan.py", label="All recommendations", icon=":material/arrow_back:",
             query_params={"date": day.isoformat()})  # fmt: skip
st.html(CSS + card_html(chosen, view.plan_link, view.kpi_link))
st.header("Status over time")
updates = chosen.history
if updates:
    st.plotly_chart(history_chart(list(updates)), width="stretch", key="plan_history",
                    config={"displayModeBar": False})  # fmt: skip
    st.dataframe(history_table(list(updates)), hide_index=True, width="stretch")
else:
    st.write("No progress update on or before the review date.")
st.header("Actions")
if chosen.actions:
    st.dataframe(dict(zip(ACTION_HEADERS, zip(*action_rows(chosen), strict=True), strict=True)),
                 hide_index=True, width="stretch")  # fmt: skip
else:
    st.write("No actions recorded.")
if rec.kpis:
    section("Evidence measures", view.link_list([(view.kpi_link(e.kpi_id), e.name)
                                                  for e in chosen.evidence]))  # fmt: skip
view.update_forms(chosen)
