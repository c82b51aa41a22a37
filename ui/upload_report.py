"""Showing an upload's problems the way analysts fix them: grouped by kind, then row by row."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from kpis.problems import Problem
from ui.widgets import problem_table

# Figures and quoted cell text vary between rows of the same kind of problem.
_SPECIFICS = re.compile(r"'[^']*'|\(\d[^)]*\)|(?<![\w–])-?\d[\d,.]*%?(?![\w–])")


def kind_of(message: str) -> str:
    """The message with its row-specific figures taken out: 'the percentage … is outside 0–100'."""
    first = message.split("; ")[0]  # a suggestion after ';' differs row by row
    return re.sub(r"\s+", " ", _SPECIFICS.sub("…", first)).strip()


def grouped(problems: list[Problem]) -> pd.DataFrame:
    """One line per kind of problem, with how many rows and which (the first few)."""
    frame = pd.DataFrame(
        {"kind": [kind_of(p.message) for p in problems],
         "row": [p.row for p in problems], "column": [p.column or "" for p in problems]}
    )  # fmt: skip
    summary = frame.groupby(["kind", "column"], sort=False).agg(
        count=("row", "size"), rows=("row", lambda r: _rows(list(r)))
    )
    return summary.reset_index().rename(
        columns={"kind": "Problem", "column": "Column", "count": "How many", "rows": "Rows"}
    )


def _rows(rows: list) -> str:
    shown = [str(r) for r in rows if r is not None][:10]
    more = len(rows) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def report(problems: list[Problem], title: str) -> None:
    """The summary by kind of problem, then every problem with its row and column."""
    st.markdown(f"**{title}**")
    st.dataframe(grouped(problems), hide_index=True, width="stretch")
    # Open when short: the analyst then sees each row's measure and value without a click.
    every = f"Every {title.lower().rstrip('s')} by row ({len(problems)})"
    with st.expander(every, expanded=len(problems) <= 20):
        st.dataframe(problem_table(problems), hide_index=True, width="stretch")
