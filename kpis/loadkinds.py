"""The kinds of load, and which are computed from case-level data (small numbers suppressed)."""

from __future__ import annotations

SCORECARD = "scorecard"
# An Annex A workbook (kpis/cases.py) and the statutory returns (kpis/returns/) both give
# figures computed from children's records, with the cases behind them.
ANNEX_A = "cases"
RETURNS = "returns"
# Case audits (kpis/audits/): figures counted from audits of children's cases; the audits
# themselves are kept in their own table, not as the cases behind the figures.
AUDITS = "audits"
# Loads that carry the cases behind their figures (Store.cases, the measure's case list).
WITH_CASES = frozenset({ANNEX_A, RETURNS})
# Loads whose figures are counted from case-level records: on board views a figure whose
# numerator or denominator is 1 to 4 is not shown (DESIGN §3.3).
CASE_LEVEL = frozenset({*WITH_CASES, AUDITS})
# A case behind a figure as its load keeps it (Annex A's lists add where it was read from).
CASE_COLUMNS = [
    "kpi_id",
    "period",
    "team",
    "worker",
    "child_id",
    "start_date",
    "event_date",
    "due_date",
    "days_late",
    "reason",
]
