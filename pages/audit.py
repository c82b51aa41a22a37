"""Audit log (admins): every sign-in, load, rollback, target change, action and case view."""

import streamlit as st

from ui import auth
from ui.widgets import download_buttons, page_header

page_header("Audit log")
log = auth.store().audit_log()
if log.empty:
    st.info("Nothing has been recorded yet.")
    st.stop()
events = sorted(log["event"].unique())
chosen = st.multiselect("Events", events, key="audit_events")
people = st.multiselect("People", sorted(log["actor"].unique()), key="audit_people")
shown = log[log["event"].isin(chosen or events) & log["actor"].isin(people or log["actor"])]
table = shown.iloc[::-1].rename(
    columns={"at": "When (UTC)", "actor": "Who", "role": "Role", "event": "What",
             "detail": "Detail"}
)[["When (UTC)", "Who", "Role", "What", "Detail"]]  # fmt: skip
st.dataframe(table, hide_index=True, width="stretch")
download_buttons(table, "audit_log")
