"""Re-referrals within 12 months, and plans for a second or later time (CIN census)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import stamp, year_to
from kpis.returns.measures.common import records, uk
from kpis.returns.prepared import DataCin
from kpis.returns.result import MeasureResult, Tally

UNREADABLE_REFERRAL = "referrals with an unreadable or missing CINreferralDate"
UNREADABLE_START = "plans with an unreadable or missing CPPstartDate"
UNKNOWN_PREVIOUS = "plans with an unreadable NumberOfPreviousCPP and no earlier plan loaded"


def _previous_date(frame: pd.DataFrame, column: str) -> pd.Series:
    """Each record's child's latest earlier date (two on the same day: neither is earlier)."""
    days = frame[["child", column]].drop_duplicates().sort_values(["child", column])
    days["previous"] = days.groupby("child")[column].shift(1)
    joined = frame[["child", column]].merge(days, on=["child", column], how="left")
    return pd.Series(joined["previous"].to_numpy(), index=frame.index, dtype="datetime64[ns]")


def _in_year(days: np.ndarray, d: date) -> np.ndarray:
    """Which of the days (datetime64[ns]; NaT never) fall in the year to D."""
    first, last = year_to(d)
    return (days >= stamp(first)) & (days <= stamp(last))


def re_referrals_12m(data: DataCin, dates: list[date]) -> MeasureResult:
    """Referrals in the year to D, each counted: the same child had an earlier referral on or
    after the same day 12 months before."""
    tally = Tally("re_referrals_12m")
    r = data.referrals
    bad = r["referral_bad"] | (r["child"] == "")
    tally.leave_out(UNREADABLE_REFERRAL, records(r[bad]))
    r = r[~bad]
    previous = _previous_date(r, "referral")
    again = (previous >= r["referral"] - pd.DateOffset(months=12)).fillna(False)
    # The re-referrals' values as Python values once, for the cases of every month.
    again = again.to_numpy(dtype=bool)
    ever = r[again]
    slot = np.cumsum(again) - 1
    children, days, befores = (
        ever["child"].tolist(), ever["referral"].tolist(), previous[again].tolist()
    )  # fmt: skip
    # A re-referral's reason is the same at every month end that counts it.
    reasons = [f"re-referred: the one before was {uk(before)}" for before in befores]
    referral = r["referral"].to_numpy(dtype="datetime64[ns]")
    who = r["child"].to_numpy(dtype=object)
    for d in dates:
        year = _in_year(referral, d)
        hits = year & again
        tally.figure(d, int(hits.sum()), int(year.sum()))
        tally.members(d, who[year], hits[year])
        for i in slot[hits].tolist():
            tally.miss(d, children[i], reasons[i], start=befores[i], event=days[i])
    return tally.result()


def cp_second_plan(data: DataCin, dates: list[date]) -> MeasureResult:
    """Plans starting in the year to D, each counted: NumberOfPreviousCPP of 1 or more, or an
    earlier plan of the same child among the loaded files."""
    tally = Tally("cp_second_plan")
    p = data.plans
    bad = p["start_bad"] | (p["child"] == "")
    tally.leave_out(UNREADABLE_START, records(p[bad]))
    p = p[~bad]
    earlier = _previous_date(p, "start")
    second = earlier.notna() | (p["previous"].fillna(0) >= 1)
    unknown = ~second & p["previous_bad"]
    # The plans that can count: their values as Python values once, for every month's cases.
    ever = (second & ~unknown).to_numpy(dtype=bool)
    slot = np.cumsum(ever) - 1
    children, days = p["child"][ever].tolist(), p["start"][ever].tolist()
    befores, numbers = earlier[ever].tolist(), p["previous"][ever].tolist()
    # A plan's reason is the same at every month end that counts it.
    reasons = [
        f"a plan before, from {uk(before)}" if pd.notna(before)
        else f"{int(number)} previous plan(s) recorded"
        for before, number in zip(befores, numbers, strict=True)
    ]  # fmt: skip
    start = p["start"].to_numpy(dtype="datetime64[ns]")
    who = p["child"].to_numpy(dtype=object)
    unknown, second = unknown.to_numpy(dtype=bool), second.to_numpy(dtype=bool)
    for d in dates:
        year = _in_year(start, d)
        if (year & unknown).any():
            tally.leave_out(UNKNOWN_PREVIOUS, records(p[year & unknown]))
        counted = year & ~unknown
        hits = counted & second
        tally.figure(d, int(hits.sum()), int(counted.sum()))
        tally.members(d, who[counted], hits[counted])
        for i in slot[hits].tolist():
            tally.miss(d, children[i], reasons[i], start=days[i])
    return tally.result()
