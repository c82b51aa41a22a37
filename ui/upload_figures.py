"""The Upload page's scorecard tab: check a file whole, preview what changes, then publish."""

from __future__ import annotations

import streamlit as st

from kpis import ingest
from kpis.markup import markdown_text
from ui import auth, state
from ui.upload_report import report
from ui.widgets import flash, flashed

PREVIEW = {
    "status": "Change",
    "kpi_id": "KPI",
    "period": "Month",
    "team": "Team",
    "value_old": "Published value",
    "value": "New value",
    "commentary": "Commentary",
}


def scorecard_upload() -> None:
    flashed("scorecard_published")
    uploaded = st.file_uploader("Scorecard file (CSV or XLSX)", type=["csv", "xlsx"], key="upload")
    if uploaded is None:
        return
    store = auth.store()
    with st.spinner("Checking the file…"):
        checked = ingest.check(store, uploaded.getvalue(), uploaded.name, state.catalogue())

    name = markdown_text(uploaded.name)
    if not checked.ok:
        st.error(
            f"**{name} cannot be published**: {len(checked.errors)} problem(s) found. "
            "Nothing has been published. Correct the file and upload it again."
        )
        report(checked.errors, "Problems")
        if checked.warnings:
            report(checked.warnings, "Warnings")
        auth.store().record("load rejected", f"{uploaded.name}: {len(checked.errors)} problem(s)")
        return

    counts = checked.counts()
    layout = "wide (one column per month)" if checked.validation.shape == "wide" else "long"
    st.success(
        f"**{name}** is valid ({layout} layout): {len(checked.validation.rows)} figures, "
        f"{counts['new']} new, {counts['revised']} revised, {counts['unchanged']} unchanged."
    )
    if checked.warnings:
        st.caption("The file can still be published; check these warnings first.")
        report(checked.warnings, "Warnings")

    st.header("What will change")
    preview = checked.changes.sort_values(["status", "kpi_id", "period"]).rename(columns=PREVIEW)
    st.dataframe(
        preview[list(PREVIEW.values())].astype(object).fillna(""), hide_index=True, width="stretch"
    )

    if counts["new"] + counts["revised"] == 0:
        st.info("Every figure in this file is already published: there is nothing to publish.")
        return
    if st.button("Publish these figures", type="primary", key="publish"):
        done = ingest.publish(store, checked, user=auth.user())
        st.cache_data.clear()
        flash("scorecard_published", markdown_text(done.summary()))
