"""Editing a KPI's target and amber tolerance from the app (validated, audited)."""

from __future__ import annotations

import streamlit as st

from kpis.access import Permission
from kpis.catalogue import CatalogueError
from kpis.clock import now
from kpis.markup import markdown_text
from kpis.rag import format_target
from kpis.targets import change_target
from ui import auth, state


def targets_section() -> None:
    store = auth.store()
    if not store.actor.can(Permission.SET_TARGETS):
        return
    st.header("Targets and tolerances")
    st.write(
        "Change a measure's target for a financial year (April to March) or its default. "
        "A target uploaded with a figure still overrides these for that month."
    )
    catalogue = state.catalogue()
    targeted = [k for k in catalogue.kpis if k.polarity.value != "neutral"]
    this_year = now().year if now().month >= 4 else now().year - 1
    years = ["", *(f"{y}/{(y + 1) % 100:02d}" for y in range(this_year - 2, this_year + 2))]
    with st.form("target_form"):
        kpi_id = st.selectbox("Measure", [k.id for k in targeted],
                              format_func=lambda i: catalogue.get(i).name)  # fmt: skip
        year = st.selectbox("Applies to", years, format_func=lambda y: y or "Every year (default)")
        target = st.number_input("Target", min_value=0.0, step=0.5, value=None)
        tolerance = st.number_input("Amber tolerance (optional)", min_value=0.0, step=0.5,
                                    value=None)  # fmt: skip
        if st.form_submit_button("Save target"):
            if target is None:
                st.error("Enter a target.")
                return
            try:
                change_target(store, kpi_id, target=target, tolerance=tolerance,
                              financial_year=year)  # fmt: skip
            except CatalogueError as bad:
                st.error(f"The target was not saved: {markdown_text(str(bad))}")
                return
            st.cache_data.clear()
            kpi = state.catalogue().get(kpi_id)
            st.success(f"{kpi.name}: target {format_target(target, kpi.unit)} "
                       f"({year or 'every year'}).")  # fmt: skip
    changes = store.target_changes()
    if not changes.empty:
        with st.expander(f"Changes made ({len(changes)})"):
            st.dataframe(changes.iloc[::-1], hide_index=True, width="stretch")
