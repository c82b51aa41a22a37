"""The Upload page's audit tab: check an audit file whole, say what it changes, then import."""

from __future__ import annotations

import streamlit as st

from kpis.access import Permission
from kpis.markup import markdown_text
from ui import auth
from ui.upload_report import report


def audits_section() -> None:
    from kpis.audits import importing

    store = auth.store()
    if not store.actor.can(Permission.IMPORT_AUDITS):
        st.info("Only analysts can import case audits.")
        return
    st.write(
        "The case audit file (CSV, or Excel with a sheet named **Audits** or the first sheet): "
        "one row per audit and domain, with one **Overall** row per audit. Importing adds audits "
        "and replaces those already stored (by `audit_id`), never deletes, and publishes "
        "*Case audits graded good or better* for the authority and each team."
    )
    uploaded = st.file_uploader("Audit file (CSV or XLSX)", type=["csv", "xlsx"], key="audits")
    if uploaded is None:
        return
    with st.spinner("Checking the audits…"):
        found = importing.check(store, uploaded.getvalue(), uploaded.name)
    if not found.ok:
        st.error(
            f"**{markdown_text(uploaded.name)} cannot be imported**: "
            f"{len(found.errors)} problem(s) found. "
            "Nothing has been changed. Correct the file and upload it again."
        )
        report(found.errors, "Problems")
        if found.warnings:
            report(found.warnings, "Warnings")
        store.record("audits rejected", f"{uploaded.name}: {len(found.errors)} problem(s)")
        return
    st.success(markdown_text(found.summary().replace("; dry run, nothing was imported", "")))
    if found.warnings:
        st.caption("The file can still be imported; check these warnings first.")
        report(found.warnings, "Warnings")
    if st.button("Import these audits", type="primary", key="audits_publish"):
        done = importing.publish(store, found, user=auth.user())
        st.cache_data.clear()
        st.success(markdown_text(done.summary()))
