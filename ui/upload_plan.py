"""The Upload page's plan tab: check a plan file whole, preview what changes, then import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.access import Permission
from kpis.markup import markdown_text
from kpis.problems import Problem
from ui import auth, state
from ui.widgets import flash, flashed


def _problems(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Sheet": [getattr(p, "sheet", None) or "" for p in problems],
            "Row": [str(p.row) if p.row is not None else "" for p in problems],
            "Column": [p.column or "" for p in problems],
            "Problem": [p.message for p in problems],
        }
    )


def plan_section() -> None:
    from kpis.plans import importing

    store = auth.store()
    if not store.actor.can(Permission.IMPORT_PLAN):
        st.info("Only analysts can import improvement plans.")
        return
    st.write(
        "An Excel workbook with sheets **Recommendations**, **Actions** and **Updates** (any may "
        "be left out), or a CSV of one of them. Importing adds and changes; it never deletes."
    )
    flashed("plan_imported")
    uploaded = st.file_uploader("Plan file (XLSX or CSV)", type=["xlsx", "csv"], key="plan_upload")
    if uploaded is None:
        return
    with st.spinner("Checking the plan…"):
        found = importing.check(store, uploaded.getvalue(), uploaded.name, state.catalogue())
    name = markdown_text(uploaded.name)
    if not found.ok:
        st.error(
            f"**{name} cannot be imported**: {len(found.errors)} problem(s) found. "
            "Nothing has been changed. Correct the file and upload it again."
        )
        st.dataframe(_problems(found.errors), hide_index=True, width="stretch")
        store.record("plan rejected", f"{uploaded.name}: {len(found.errors)} problem(s)")
        return
    counts = {sheet: found.counts(kind) for kind, sheet in importing.KINDS.items()}
    described = "; ".join(f"{k}: {v}" for k, v in counts.items())
    st.success(f"**{name}** is valid: {described}")
    if found.warnings:
        st.caption("The plan can still be imported; check these warnings first.")
        st.dataframe(_problems(found.warnings), hide_index=True, width="stretch")
    if not found.changes_anything():
        st.info("The plan already holds everything in this file: there is nothing to import.")
        return
    if st.button("Import this plan", type="primary", key="plan_publish"):
        done = importing.publish(store, found, user=auth.user())
        st.cache_data.clear()
        flash("plan_imported", markdown_text(done.summary()))
