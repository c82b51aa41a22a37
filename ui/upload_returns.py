"""The Upload page's DfE returns tab: check SSDA903 and CIN census files (a dry run that
reports each measure and every problem by row or child and column), then import them as one
load."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.access import Permission
from kpis.clock import now
from kpis.markup import markdown_text
from kpis.month.scorecard_html import CSS
from kpis.month.table_html import table_html
from kpis.returns.problems import ReturnProblem
from ui import auth, state

# The collection years offered: the next (an in-year extract) and the ten before it.
YEARS_BACK = 10


def collection_years() -> list[int]:
    """Newest first; 2025 is the year ending 31 March 2025."""
    today = now().date()
    latest = today.year if today.month >= 4 else today.year - 1
    return list(range(latest + 1, latest - YEARS_BACK, -1))


def year_label(year: int) -> str:
    from kpis.returns.yearshown import season

    return f"{season(year)} (year ending 31 March {year})"


def problem_frame(problems: list[ReturnProblem]) -> pd.DataFrame:
    """File, row (as Excel numbers it) or child, column or XML element, and the problem."""
    return pd.DataFrame(
        {"File": [p.file for p in problems],
         "Row": [p.row if p.row is not None else "" for p in problems],
         "Child": [p.child or "" for p in problems],
         "Column": [p.column or p.element or "" for p in problems],
         "Problem": [p.message for p in problems]}
    ).astype(str)  # fmt: skip


def _problems(problems: list[ReturnProblem], title: str) -> None:
    """How many of each kind, then every one with where it is."""
    st.markdown(f"**{title}**")
    kinds = pd.Series([p.kind or p.message for p in problems]).value_counts(sort=False)
    st.dataframe(
        pd.DataFrame({"Problem": kinds.index, "How many": kinds.to_numpy()}),
        hide_index=True,
        width="stretch",
    )
    every = f"Every {title.lower().rstrip('s')} ({len(problems):,})"
    with st.expander(every, expanded=len(problems) <= 20):
        st.dataframe(problem_frame(problems), hide_index=True, width="stretch")


def measure_report(lines: list[str]) -> pd.DataFrame:
    """The import's report, one row per measure (by its name): the months produced, records
    left out."""
    names = {k.id: k.name for k in state.catalogue().kpis}
    split = [line.partition(": ") for line in lines]
    return pd.DataFrame({"Measure": [names.get(s[0], s[0]) for s in split],
                         "Months and records left out": [s[2] for s in split]})  # fmt: skip


def _checked(store, files: list[tuple[str, bytes]], year: int):
    """The dry run, once per set of files, year and version of the store."""
    from kpis.returns.importing import import_returns
    from kpis.returns.model import content_hash
    from kpis.returns.problems import ReturnsRejected

    key = (content_hash([data for _, data in files]), year, store.version())
    held = st.session_state.get("returns_checked")
    if held is None or held[0] != key:
        try:
            held = (key, import_returns(store, files, year=year, dry_run=True))
        except ReturnsRejected as rejected:
            held = (key, rejected)
        st.session_state["returns_checked"] = held
    return held[1]


def returns_section() -> None:
    from kpis.returns.importing import import_returns
    from kpis.returns.problems import ReturnsRejected

    store = auth.store()
    if not store.actor.can(Permission.PUBLISH):
        st.info("Only analysts can import the DfE returns.")
        return
    st.write(
        "The statutory returns as sent to DfE: the **SSDA903** (one CSV per table, or the XML) "
        "of a collection year and **CIN census** XML files, or zips of them. Every measure DfE "
        "computes from them is worked out for each month end the files cover and published as "
        "one load; a year loaded again replaces that year's return."
    )
    uploaded = st.file_uploader(
        "Return files (CSV, XML or zip)",
        type=["csv", "xml", "zip"],
        accept_multiple_files=True,
        key="returns",
    )
    year = st.selectbox(
        "SSDA903 collection year (CIN census files carry their own date)",
        collection_years(),
        index=1,
        format_func=year_label,
        key="returns_year",
    )
    if not uploaded:
        return
    files = [(f.name, f.getvalue()) for f in uploaded]
    names = ", ".join(name for name, _ in files)
    with st.spinner("Checking the returns and working out their measures…"):
        checked = _checked(store, files, year)
    if isinstance(checked, ReturnsRejected):
        st.error(
            f"**{markdown_text(names)}: cannot be imported**: {len(checked.problems)} "
            "problem(s) found. Nothing has been changed. Correct the files and upload them again."
        )
        _problems(checked.problems, "Problems")
        store.record("load rejected", f"{names}: {len(checked.problems)} problem(s)")
        return
    summary = checked.summary().replace("; dry run, nothing was stored or published", "")
    st.success(markdown_text(f"{summary}: they pass every check."))
    st.markdown("**What each measure gets**")
    # A table that wraps (a grid cut the reasons off at its column's edge).
    st.html(CSS + table_html(measure_report(checked.report()), caption="What each measure gets",
                             row_header="Measure"))  # fmt: skip
    warnings = [*checked.read.warnings, *checked.computation.warnings]
    if warnings:
        st.caption("The returns can still be imported; these records are left out where said.")
        _problems(warnings, "Warnings")
    revised = len(checked.revisions)
    if revised:
        st.warning(f"Importing revises {revised:,} published figure(s).")
    if st.button("Import these returns", type="primary", key="returns_publish"):
        with st.spinner("Storing the returns and publishing their measures…"):
            done = import_returns(store, files, year=year, user=auth.user())
        st.session_state.pop("returns_checked", None)
        st.cache_data.clear()
        st.success(markdown_text(done.summary()))
