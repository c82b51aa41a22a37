"""Quality assurance: the month's case audits by grade, their trend, and the triangulation."""

import streamlit as st

from ui import quality
from ui.widgets import page_header, section

page_header("Quality assurance")
st.write(
    "Managers and auditors grade a sample of case files each month on the Ofsted scale, overall "
    "and by practice domain; a second reader moderates some. Grades here are after moderation."
)
offered = quality.months()
if not offered:
    st.info("No case audits loaded yet: an analyst can load the audit file on **Upload figures**.")
    st.stop()
period = quality.choose_month(offered)
parts = quality.month_parts(period)
section("Grades of the month", parts.grades)
quality.trend(period)
section("By practice domain", parts.domains)
section("By team", parts.teams)
section("Triangulation: audits beside the measures", parts.triangulation)
quality.behind_the_figures(period)
