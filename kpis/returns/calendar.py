"""Dates for the measures (§10.2): month ends, the year to D, N months before, whole-year ages."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from functools import cache

import numpy as np
import pandas as pd

from kpis.annex_a.timing import months_before

__all__ = [
    "age_at",
    "ages",
    "birth_parts",
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


@cache
def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to that month's end: the last day
    still 'within N months of' the day."""
    # Cached: each plan's reviews are judged again at every month end.
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


@cache
def period_of(d: date) -> str:
    """The figure's period, 'YYYY-MM'."""
    # Cached: every case of a month asks for it.
    return f"{d.year:04d}-{d.month:02d}"


def stamp(d: date) -> np.datetime64:
    """A date as numpy compares it with the frames' dates."""
    return np.datetime64(d, "ns")


def _parts(dob: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of each date of birth, and which are known."""
    stamps = pd.to_datetime(dob)
    known = stamps.notna().to_numpy()
    filled = stamps.fillna(pd.Timestamp("2000-01-01"))
    return (
        filled.dt.year.to_numpy(dtype="int64"),
        filled.dt.month.to_numpy(dtype="int64"),
        filled.dt.day.to_numpy(dtype="int64"),
        known,
    )


def _leap(years: np.ndarray) -> np.ndarray:
    return (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))


def _day_in(years: np.ndarray, months: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The birthday's day of the month in each year: 29 February falls on 28 February."""
    return np.where((months == 2) & (days == 29) & ~_leap(years), 28, days)


def birth_parts(dob: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of each date of birth, and which are known (for ages)."""
    return _parts(dob)


def ages(year: np.ndarray, month: np.ndarray, day: np.ndarray, d: date) -> np.ndarray:
    """Whole years at D of those born on those days (see birth_parts)."""
    birthday = _day_in(np.full_like(year, d.year), month, day)
    before = (month > d.month) | ((month == d.month) & (birthday > d.day))
    return d.year - year - before.astype("int64")


def age_at(dob: pd.Series, d: date) -> pd.Series:
    """Whole years at D (<NA> where the date of birth is unknown)."""
    year, month, day, known = _parts(dob)
    years = pd.array(ages(year, month, day, d), dtype="Int64")
    years[~known] = pd.NA
    return pd.Series(years, index=dob.index)


def birthday(dob: pd.Series, years: int) -> pd.Series:
    """The date each person turns `years` (a 29 February birth's falls on 28 February)."""
    year, month, day, known = _parts(dob)
    target = year + years
    months = (target - 1970) * 12 + (month - 1)
    stamps = months.astype("datetime64[M]").astype("datetime64[D]") + (
        _day_in(target, month, day) - 1
    ).astype("timedelta64[D]")
    out = pd.Series(stamps.astype("datetime64[ns]"), index=dob.index)
    return out.where(known)
