"""The event-list KPIs (Lists 4 and 5): one figure per month the events cover."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.annex_a.judged import Judged
from kpis.annex_a.timing import month_numbers
from kpis.working_days import day_numbers, working_days_between_days, working_days_between_series

ICPC_LIMIT = 15
ASSESSMENT_LIMIT = 45

# Dates are compared as datetime64 arrays, where NaT (blank or unreadable) fails every
# comparison: a row missing a date drops out of just the figures that need it.


def _dates(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].to_numpy(dtype="datetime64[ns]")


def _until(as_at: date) -> np.datetime64:
    return pd.Timestamp(as_at).to_datetime64()


def _in_time(rows: np.ndarray, start: np.ndarray, end: np.ndarray, limit: int) -> Judged:
    """The cases at rows, under the month of end, counted when end is within limit working days."""
    began, ended = day_numbers(start[rows]), day_numbers(end[rows])
    return Judged(rows, month_numbers(ended), working_days_between_days(began, ended) <= limit)


def held_icpcs(l5: pd.DataFrame, as_at: date) -> np.ndarray:
    """ICPCs that count: a date not after the as-at date, and not deemed unnecessary."""
    return (_dates(l5, "icpc") <= _until(as_at)) & ~l5["is_unnecessary"].to_numpy(dtype=bool)


def icpc_working_days(l5: pd.DataFrame) -> pd.Series:
    return working_days_between_series(l5["strategy"], l5["icpc"])


def icpc_15_days(l5: pd.DataFrame, as_at: date) -> Judged:
    """ICPCs held in the month, not before the strategy discussion: within 15 working days?"""
    strategy, icpc = _dates(l5, "strategy"), _dates(l5, "icpc")
    rows = np.flatnonzero(held_icpcs(l5, as_at) & (strategy <= icpc))
    return _in_time(rows, strategy, icpc, ICPC_LIMIT)


def icpc_to_cp_plan(l5: pd.DataFrame, as_at: date) -> Judged:
    """Every ICPC held in the month: did it result in a child protection plan?"""
    rows = np.flatnonzero(held_icpcs(l5, as_at))
    months = month_numbers(day_numbers(_dates(l5, "icpc")[rows]))
    return Judged(rows, months, l5["has_plan"].to_numpy(dtype=bool)[rows])


def assessment_working_days(l4: pd.DataFrame) -> pd.Series:
    return working_days_between_series(l4["start"], l4["authorised"])


def assessments_45_days(l4: pd.DataFrame, as_at: date) -> Judged:
    """Assessments authorised in the month (not before they started): within 45 working days?"""
    start, done = _dates(l4, "start"), _dates(l4, "authorised")
    rows = np.flatnonzero((done <= _until(as_at)) & (start <= done))
    return _in_time(rows, start, done, ASSESSMENT_LIMIT)
