"""The snapshot-list KPIs (Lists 8 and 9): one figure, for the month of the as-at date."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.annex_a.judged import Judged
from kpis.annex_a.timing import age_years, month_number, months_before
from kpis.working_days import working_days_between_series

REVIEW_MONTHS = 6
CHECK_MONTHS = 12
UNDER_5_HEALTH_MONTHS = 6
SETTLED_WORKING_DAYS = 20
CARE_LEAVER_AGES = (19, 20, 21)


def _judged(eligible: pd.Series, as_at: date, counted: pd.Series) -> Judged:
    """The eligible rows, under the as-at month; counted is judged on those rows alone."""
    rows = np.flatnonzero(eligible.to_numpy(dtype=bool))
    months = np.full(len(rows), month_number(as_at), dtype="int64")
    return Judged(rows, months, counted.to_numpy(dtype=bool))


def _within(days: pd.Series, start: date | pd.Series, as_at: date) -> pd.Series:
    """On or after the window's start and not after the as-at date (later dates are ignored)."""
    start = pd.Timestamp(start) if isinstance(start, date) else start
    return days.notna() & (days >= start) & (days <= pd.Timestamp(as_at))


def looked_after(l8: pd.DataFrame, as_at: date) -> pd.Series:
    """Started on or before the as-at date and not ceased, or ceased after it."""
    limit = pd.Timestamp(as_at)
    started, ceased = l8["started"], l8["ceased"]
    return (
        ~l8["superseded"]
        & started.notna()
        & (started <= limit)
        & ~l8["ceased_bad"]
        & (ceased.isna() | (ceased > limit))
    )


def looked_after_12_months(l8: pd.DataFrame, as_at: date) -> pd.Series:
    return looked_after(l8, as_at) & (l8["started"] <= pd.Timestamp(months_before(as_at, 12)))


def health_window_start(l8: pd.DataFrame, as_at: date) -> pd.Series:
    """12 months back, or 6 for a child under 5 at the as-at date."""
    under_5 = age_years(l8["dob"], as_at) < 5
    twelve = pd.Timestamp(months_before(as_at, CHECK_MONTHS))
    six = pd.Timestamp(months_before(as_at, UNDER_5_HEALTH_MONTHS))
    return pd.Series(twelve, index=l8.index).mask(under_5.fillna(False).astype(bool), six)


def health_assessments(l8: pd.DataFrame, as_at: date) -> Judged:
    """Looked after 12+ months: last health assessment within 12 months (6 if under 5)?"""
    eligible = looked_after_12_months(l8, as_at) & l8["dob"].notna() & ~l8["health_bad"]
    cases = l8[eligible]
    window = health_window_start(cases, as_at)
    return _judged(eligible, as_at, _within(cases["health"], window, as_at))


def dental_checks(l8: pd.DataFrame, as_at: date) -> Judged:
    """Looked after 12+ months: last dental check within 12 months?"""
    eligible = looked_after_12_months(l8, as_at) & ~l8["dental_bad"]
    start = months_before(as_at, CHECK_MONTHS)
    return _judged(eligible, as_at, _within(l8.loc[eligible, "dental"], start, as_at))


def settled(l8: pd.DataFrame, as_at: date) -> pd.Series:
    """Looked after for more than 20 working days at the as-at date."""
    lac = looked_after(l8, as_at)
    until = pd.Series(pd.Timestamp(as_at), index=l8.index)
    days = working_days_between_series(l8["started"].where(lac), until)
    return lac & (days > SETTLED_WORKING_DAYS).fillna(False).astype(bool)


def lac_reviews_timely(l8: pd.DataFrame, as_at: date) -> Judged:
    """Looked after 20+ working days: latest review within 6 months (none is overdue)?"""
    eligible = settled(l8, as_at) & ~l8["review_bad"]
    start = months_before(as_at, REVIEW_MONTHS)
    return _judged(eligible, as_at, _within(l8.loc[eligible, "review"], start, as_at))


def placement_stability_3plus(l8: pd.DataFrame, as_at: date) -> Judged:
    """Looked after at the as-at date: 3 or more placements in the last 12 months?"""
    eligible = looked_after(l8, as_at) & l8["placements"].notna()
    return _judged(eligible, as_at, l8.loc[eligible, "placements"] >= 3)


def care_leavers(l9: pd.DataFrame, as_at: date) -> pd.Series:
    """Care leavers aged 19, 20 or 21 at the as-at date (each child once: the last row)."""
    age = age_years(l9["dob"], as_at)
    return ~l9["superseded"] & age.isin(CARE_LEAVER_AGES).fillna(False).astype(bool)


def care_leavers_ete(l9: pd.DataFrame, as_at: date) -> Judged:
    eligible = care_leavers(l9, as_at)
    return _judged(eligible, as_at, l9.loc[eligible, "is_ete"])


def care_leavers_suitable_accommodation(l9: pd.DataFrame, as_at: date) -> Judged:
    eligible = care_leavers(l9, as_at)
    return _judged(eligible, as_at, l9.loc[eligible, "is_suitable"])


def care_leavers_in_touch(l9: pd.DataFrame, as_at: date) -> Judged:
    eligible = care_leavers(l9, as_at)
    return _judged(eligible, as_at, l9.loc[eligible, "is_in_touch"])
