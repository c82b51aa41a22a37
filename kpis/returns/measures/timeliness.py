"""Assessments within 45 and ICPCs within 15 working days; ICPCs leading to a plan (CIN census)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import in_month, stamp
from kpis.returns.measures.common import records
from kpis.returns.prepared import DataCin
from kpis.returns.result import MeasureResult, Tally
from kpis.working_days import add_working_days_series, working_days_between_series

ASSESSMENT_LIMIT = 45
ICPC_LIMIT = 15
UNREADABLE_ASSESSMENT = "assessments with an unreadable date"
NO_START = "assessments authorised with no start date"
BACKWARDS_ASSESSMENT = "assessments authorised before they started"
UNREADABLE_ICPC = "section 47 enquiries with an unreadable ICPC date or ICPCnotRequired"
NO_S47_START = "ICPCs with no readable section 47 start date"
BACKWARDS_ICPC = "ICPCs held before their section 47 enquiry started"


def _in_month(days: np.ndarray, d: date) -> np.ndarray:
    """Which of the days (datetime64[ns]; NaT never) fall in D's month."""
    first, last = in_month(d)
    return (days >= stamp(first)) & (days <= stamp(last))


def _timeliness(
    tally: Tally, events: pd.DataFrame, start: str, end: str, limit: int, dates: list[date],
    what: str,
) -> None:  # fmt: skip
    """Per month, the events ending in it: within `limit` working days of their start?"""
    days = working_days_between_series(events[start], events[end])
    due = add_working_days_series(events[start], limit)
    over = (days > limit).to_numpy()
    children = events["child"].to_numpy(dtype=object)
    # The late events' values as Python values once, for the cases of every month.
    slot = np.cumsum(over) - 1
    began, ended = events[start][over].tolist(), events[end][over].tolist()
    counts, dues = days[over].tolist(), due[over].tolist()
    ends = events[end].to_numpy(dtype="datetime64[ns]")
    for d in dates:
        month = _in_month(ends, d)
        late = over[month]
        tally.figure(d, int((~late).sum()), int(month.sum()))
        tally.members(d, children[month], ~late)
        for k in np.flatnonzero(month & over).tolist():
            i = slot[k]
            n = int(counts[i])
            tally.miss(d, children[k], what.format(late=n - limit, days=n), start=began[i],
                       event=ended[i], due=dues[i], late=n - limit)  # fmt: skip


def assessments_45_days(data: DataCin, dates: list[date]) -> MeasureResult:
    """Assessments authorised in D's month, started no later: within 45 working days?"""
    tally = Tally("assessments_45_days", every_month=True)
    a = data.assessments
    bad = a["start_bad"] | a["authorised_bad"]
    tally.leave_out(UNREADABLE_ASSESSMENT, records(a[bad]))
    no_start = ~bad & a["start"].isna() & a["authorised"].notna()
    tally.leave_out(NO_START, records(a[no_start]))
    tally.leave_out(BACKWARDS_ASSESSMENT, records(a[a["backwards"]]))
    ok = a[~bad & a["start"].notna() & a["authorised"].notna() & ~a["backwards"]]
    what = "assessment authorised {days} working days after it started, {late} late"
    _timeliness(tally, ok, "start", "authorised", ASSESSMENT_LIMIT, dates, what)
    return tally.result()


def held_icpcs(tally: Tally, data: DataCin) -> pd.DataFrame:
    """Section 47 ICPCs that count: a date given, not 'not required'. An ICPC recorded only at
    CINdetails level (a transfer-in) is not read at all."""
    s = data.section47
    bad = s["icpc_bad"] | (s["not_required_bad"] & s["icpc"].notna())
    tally.leave_out(UNREADABLE_ICPC, records(s[bad]))
    return s[~bad & s["icpc"].notna() & ~s["not_required"]]


def icpc_15_days(data: DataCin, dates: list[date]) -> MeasureResult:
    """ICPCs held in D's month, not before their section 47 start: within 15 working days?"""
    tally = Tally("icpc_15_days", every_month=True)
    held = held_icpcs(tally, data)
    tally.leave_out(NO_S47_START, records(held[held["s47_start"].isna()]))
    tally.leave_out(BACKWARDS_ICPC, records(held[held["backwards"]]))
    ok = held[held["s47_start"].notna() & ~held["backwards"]]
    _timeliness(tally, ok, "s47_start", "icpc", ICPC_LIMIT, dates,
                "ICPC {late} working days late ({days} after the section 47 began)")  # fmt: skip
    return tally.result()


def icpc_to_cp_plan(data: DataCin, dates: list[date]) -> MeasureResult:
    """Every ICPC held in D's month: did a plan of the same referral start on its date?"""
    tally = Tally("icpc_to_cp_plan")
    held = held_icpcs(tally, data)
    plans = data.plans[~data.plans["start_bad"]]
    began = pd.MultiIndex.from_arrays([plans["ref_key"], plans["start"]])
    icpcs = pd.MultiIndex.from_arrays([held["ref_key"], held["icpc"]])
    planned = np.asarray(icpcs.isin(began), dtype=bool)
    days = held["icpc"].to_numpy(dtype="datetime64[ns]")
    for d in dates:
        month = _in_month(days, d)
        tally.figure(d, int(planned[month].sum()), int(month.sum()))
    return tally.result()
