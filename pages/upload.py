"""Upload: check a scorecard file whole, preview what changes, publish only a clean file."""

import streamlit as st

from ui.entry_grid import entry_section
from ui.figures_due import completeness_panel, month_to_fill, template_download
from ui.upload_audits import audits_section
from ui.upload_cases import annex_a_section
from ui.upload_figures import scorecard_upload
from ui.upload_plan import plan_section
from ui.upload_returns import returns_section
from ui.widgets import page_header

page_header("Upload figures")
st.write(
    "Load this month's figures from CSV or Excel, in the long layout (one row per KPI and month) "
    "or the wide layout (one column per month). The whole file is checked before anything is "
    "published."
)
fill_period = month_to_fill()
completeness_panel(fill_period)
tabs = [
    "Scorecard file",
    "Annex A workbook",
    "Enter figures",
    "Improvement plan",
    "Case audits",
    "DfE returns",
]
# A key keeps the chosen tab across reruns (editing the grid reruns the page).
scorecard_tab, cases_tab, entry_tab, plan_tab, audits_tab, returns_tab = st.tabs(
    tabs, key="upload_tabs"
)
with cases_tab:
    annex_a_section()
with plan_tab:
    plan_section()
with audits_tab:
    audits_section()
with returns_tab:
    returns_section()


with scorecard_tab:
    template_download(fill_period)
    scorecard_upload()
with entry_tab:
    entry_section(fill_period)
