"""The event-list KPIs (Lists 4 and 5): one figure per month the events cover."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kpis.annex_a.timing import month_start
from kpis.working_days import working_days_between_series

ICPC_LIMIT = 15
ASSESSMENT_LIMIT = 45


def judged(frame: pd.DataFrame, when: pd.Series, counted: pd.Series) -> pd.DataFrame:
    """The cases in a denominator: month key, team, and whether each is in the numerator."""
    return pd.DataFrame(
        {"period": month_start(when), "team": frame["team"], "counted": counted.astype(bool)},
        index=frame.index,
    )


def held_icpcs(l5: pd.DataFrame, as_at: date) -> pd.Series:
    """ICPCs that count: a date not after the as-at date, and not deemed unnecessary."""
    icpc = l5["icpc"]
    return icpc.notna() & (icpc <= pd.Timestamp(as_at)) & ~l5["is_unnecessary"]


def icpc_working_days(l5: pd.DataFrame) -> pd.Series:
    return working_days_between_series(l5["strategy"], l5["icpc"])


def icpc_15_days(l5: pd.DataFrame, as_at: date) -> pd.DataFrame:
    """ICPCs held in the month, not before the strategy discussion: within 15 working days?"""
    timed = held_icpcs(l5, as_at) & l5["strategy"].notna() & (l5["strategy"] <= l5["icpc"])
    cases = l5[timed]
    return judged(cases, cases["icpc"], icpc_working_days(cases) <= ICPC_LIMIT)


def icpc_to_cp_plan(l5: pd.DataFrame, as_at: date) -> pd.DataFrame:
    """Every ICPC held in the month: did it result in a child protection plan?"""
    cases = l5[held_icpcs(l5, as_at)]
    return judged(cases, cases["icpc"], cases["has_plan"])


def assessment_working_days(l4: pd.DataFrame) -> pd.Series:
    return working_days_between_series(l4["start"], l4["authorised"])


def assessments_45_days(l4: pd.DataFrame, as_at: date) -> pd.DataFrame:
    """Assessments authorised in the month (not before they started): within 45 working days?"""
    done = l4["authorised"]
    timed = (
        done.notna() & (done <= pd.Timestamp(as_at)) & l4["start"].notna() & (l4["start"] <= done)
    )
    cases = l4[timed]
    return judged(cases, cases["authorised"], assessment_working_days(cases) <= ASSESSMENT_LIMIT)
