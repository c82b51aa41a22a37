"""Dates for the measures (§10.2): month ends, the year to D, N months before, whole-year ages."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta

import numpy as np
import pandas as pd

from kpis.annex_a.timing import months_before

__all__ = [
    "age_at",
    "birthday",
    "in_month",
    "month_end",
    "month_ends",
    "months_after",
    "months_before",
    "period_of",
    "stamp",
    "year_to",
]


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to that month's end: the last day
    still 'within N months of' the day."""
    return months_before(day, -months)


def year_to(d: date) -> tuple[date, date]:
    """The year to D: from the day after the same day 12 months earlier, to D."""
    return months_before(d, 12) + timedelta(days=1), d


def in_month(d: date) -> tuple[date, date]:
    """D's month: its first day to D."""
    return d.replace(day=1), d


def month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def month_ends(first: date, last: date) -> list[date]:
    """Every month end from `first` to `last`, both included."""
    out = []
    year, month = first.year, first.month
    while True:
        end = month_end(year, month)
        if end > last:
            return out
        if end >= first:
            out.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def period_of(d: date) -> str:
    """The figure's period, 'YYYY-MM'."""
    return f"{d.year:04d}-{d.month:02d}"


def stamp(d: date) -> np.datetime64:
    """A date as numpy compares it with the frames' dates."""
    return np.datetime64(d, "ns")


def _birthdays(dob: pd.Series, year: int) -> pd.Series:
    """Each date of birth's birthday in `year`; 29 February falls on 28 February."""
    stamps = pd.to_datetime(dob)
    leap = _calendar.isleap(year)
    day = stamps.dt.day.where(~((stamps.dt.month == 2) & (stamps.dt.day == 29)) | leap, 28)
    parts = pd.DataFrame({"year": year, "month": stamps.dt.month, "day": day})
    return pd.to_datetime(parts.where(stamps.notna()), errors="coerce")


def age_at(dob: pd.Series, d: date) -> pd.Series:
    """Whole years at D (<NA> where the date of birth is unknown)."""
    stamps = pd.to_datetime(dob)
    before = _birthdays(stamps, d.year) > pd.Timestamp(d)
    years = d.year - stamps.dt.year - before.astype(int)
    return years.astype("Int64").where(stamps.notna())


def birthday(dob: pd.Series, years: int) -> pd.Series:
    """The date each person turns `years` (a 29 February birth's falls on 28 February)."""
    stamps = pd.to_datetime(dob)
    out = pd.Series(pd.NaT, index=stamps.index, dtype="datetime64[ns]")
    for year in pd.unique((stamps.dt.year + years).dropna()):
        pick = stamps.dt.year + years == year
        out[pick] = _birthdays(stamps[pick], int(year))
    return out
