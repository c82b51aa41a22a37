"""The "Enter figures" tab: the month's due measures as a grid, checked by the upload rules and
published as one ordinary load."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.charts.theme import axis_title
from kpis.entry.grid import (
    EntryCheck,
    as_long_file,
    check_entry,
    entry_rows,
    publish_entry,
    summary,
)
from kpis.periods import label
from kpis.rag import format_target, format_value
from ui import auth, state
from ui.figures_due import raw_figures
from ui.widgets import problem_table

SHOWN = {
    "measure": "Measure",
    "previous": "Previous",
    "target": "Target",
    "value": "Value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "commentary": "Commentary",
    "problems": "Problems",
}
EDITED = {v: k for k, v in SHOWN.items()}


def _grid(period: str) -> pd.DataFrame:
    rows = entry_rows(state.catalogue(), raw_figures(), period)
    shown = rows.assign(
        previous=[format_value(v, u) for v, u in zip(rows["previous"], rows["unit"], strict=True)],
        target=[format_target(v, u) for v, u in zip(rows["target"], rows["unit"], strict=True)],
        unit=rows["unit"].str.replace("_", " "),
        # Name and unit in one wrapping cell: at 1400 px the whole grid fits without scrolling.
        measure=[f"{n} ({axis_title(u).lower()})" for n, u in zip(rows["name"], rows["unit"],
                                                                  strict=True)],
        problems="",
    )  # fmt: skip
    return shown


def entry_section(period: str) -> None:
    st.write(
        f"Type the figures for **{label(period)}** below: a value, or a numerator and "
        "denominator for a percentage or rate. **Check** runs the same rules as an uploaded "
        "file; **Publish** makes one load (named *entered in the app*) that Load history lists "
        "and can roll back. Rows left blank are not published and stay missing."
    )
    base = _grid(period)
    result: EntryCheck | None = st.session_state.get(f"entry_result_{period}")
    if result is not None:
        notes = result.on_rows()
        base["problems"] = ["; ".join(notes.get(i, [])) for i in range(len(base))]
    # Widths in pixels that add up to the page's column at 1400 px; rows tall enough that the
    # grid wraps a long name or problem onto a second and third line instead of cutting it.
    any_problems = bool((base["problems"] != "").any())
    config = {
        "measure": st.column_config.TextColumn("Measure", width=230),
        "previous": st.column_config.TextColumn("Previous", help="The latest figure before "
                                                "this month", width=75),
        "target": st.column_config.TextColumn("Target", width=65),
        "value": st.column_config.NumberColumn("Value", width=75),
        "numerator": st.column_config.NumberColumn("Numerator", min_value=0, width=95),
        "denominator": st.column_config.NumberColumn("Denominator", min_value=0, width=105),
        "commentary": st.column_config.TextColumn("Commentary",
                                                  width=105 if any_problems else 250),
        "problems": st.column_config.TextColumn("Problems", width=150),
    }  # fmt: skip
    shown = [c for c in SHOWN if c != "problems" or any_problems]
    edited = st.container(key="entry_editor").data_editor(
        base, key=f"entry_grid_{period}", num_rows="fixed", hide_index=True, width="stretch",
        column_order=shown, column_config=config, row_height=68,
        disabled=["measure", "name", "unit", "previous", "target", "problems"], placeholder="",
    )  # fmt: skip
    grid = edited.drop(columns="problems")
    cols = st.columns([1, 1, 8], gap="small")
    if cols[0].button("Check", key="entry_check"):
        _run(period, grid, publish=False)
    if cols[1].button("Publish", type="primary", key="entry_publish"):
        _run(period, grid, publish=True)
    _outcome(period, result, grid)


def _run(period: str, grid: pd.DataFrame, *, publish: bool) -> None:
    store = auth.store()
    checked = check_entry(store, state.catalogue(), _for_check(grid, period), period)
    st.session_state[f"entry_result_{period}"] = checked
    st.session_state.pop(f"entry_done_{period}", None)
    if publish and checked.ok:
        done = publish_entry(store, checked, user=auth.user())
        st.cache_data.clear()
        st.session_state[f"entry_done_{period}"] = summary(done, period)
        st.session_state.pop(f"entry_result_{period}", None)
    st.rerun()


def _for_check(grid: pd.DataFrame, period: str) -> pd.DataFrame:
    """The edited grid with the hidden columns the check needs (ids, uploaded targets)."""
    rows = entry_rows(state.catalogue(), raw_figures(), period)
    return rows.assign(**{c: grid[c].to_numpy() for c in ("value", "numerator", "denominator",
                                                          "commentary")})  # fmt: skip


def _fingerprint(grid: pd.DataFrame, period: str) -> str:
    import hashlib

    data, _ = as_long_file(_for_check(grid, period), period)
    return hashlib.sha256(data).hexdigest()


def _outcome(period: str, result: EntryCheck | None, grid: pd.DataFrame) -> None:
    done = st.session_state.get(f"entry_done_{period}")
    if done:
        st.success(done)
        return
    if result is None:
        return
    if result.empty:
        st.info("Nothing to check: type a value in at least one row.")
        return
    checked = result.checked
    if _fingerprint(grid, period) != result.fingerprint:
        st.caption("The figures have changed since they were checked: check them again.")
    if checked.ok:
        counts = checked.counts()
        st.success(
            f"The figures pass every check: {len(checked.validation.rows)} figures, "
            f"{counts['new']} new, {counts['revised']} revised, {counts['unchanged']} unchanged. "
            "Publish them when ready."
        )
    else:
        st.error(
            f"{len(checked.errors)} problem(s) found, each shown on its row (the Problems "
            "column, at the right of the grid) and listed below. Nothing has been published."
        )
    problems = checked.errors + checked.warnings
    if problems:
        names = dict(enumerate(grid["name"]))
        table = problem_table(problems).drop(columns=["Row", "Measure"], errors="ignore")
        table.insert(0, "Measure", [names.get(result.grid_row(p), "") for p in problems])
        with st.container(key=f"entry_problems_{period}"):
            st.dataframe(table, hide_index=True, width="stretch")
