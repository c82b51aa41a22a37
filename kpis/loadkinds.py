"""The kinds of load, and which are computed from case-level data (small numbers suppressed)."""

from __future__ import annotations

SCORECARD = "scorecard"
# An Annex A workbook (kpis/cases.py) and the statutory returns (kpis/returns/) both give
# figures computed from children's records, with the cases behind them.
ANNEX_A = "cases"
RETURNS = "returns"
CASE_LEVEL = frozenset({ANNEX_A, RETURNS})
