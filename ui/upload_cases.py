"""Loading an Annex A workbook from the app: figures per team, cases kept for managers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.annex_a import AnnexAError
from kpis.cases import import_workbook
from kpis.markup import markdown_text
from ui import auth
from ui.widgets import flash, flashed


def _problems(problems) -> pd.DataFrame:
    return pd.DataFrame(
        {"List": [p.list or "" for p in problems], "Row": [p.row or "" for p in problems],
         "Column": [p.column or "" for p in problems], "Problem": [p.message for p in problems]}
    ).astype(str)  # fmt: skip


def annex_a_section() -> None:
    st.write(
        "Drop the Ofsted Annex A workbook (or a zip of one CSV per list). Lists 4, 5, 8 and 9 "
        "give this month's timeliness, health and care-leaver figures per team; the cases "
        "behind them are kept for managers and never shown to the board."
    )
    flashed("cases_published")
    upload = st.file_uploader("Annex A workbook", type=["xlsx", "zip"], key="annex_a")
    if upload is None:
        return
    store = auth.store()
    try:
        with st.spinner("Reading the workbook…"):
            preview = import_workbook(store, upload.getvalue(), upload.name, dry_run=True)
    except AnnexAError as rejected:
        st.error(f"**{markdown_text(upload.name)} cannot be used**: nothing has been published.")
        st.dataframe(_problems(rejected.problems), hide_index=True, width="stretch")
        store.record("load rejected", f"{upload.name}: {len(rejected.problems)} problem(s)")
        return
    st.success(markdown_text(preview.summary().replace("; dry run, nothing was published", "")))
    if preview.warnings:
        st.caption(f"{len(preview.warnings)} row(s) need a look; each is left out only of the "
                   "figures it cannot support.")  # fmt: skip
        st.dataframe(_problems(preview.warnings), hide_index=True, width="stretch")
    st.dataframe(preview.figures[preview.figures["team"] == ""], hide_index=True)
    if st.button("Publish these figures", type="primary", key="publish_cases"):
        done = import_workbook(store, upload.getvalue(), upload.name)
        st.cache_data.clear()
        flash("cases_published", markdown_text(done.summary()))
