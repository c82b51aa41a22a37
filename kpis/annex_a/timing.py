"""Calendar arithmetic for the definitions: months back from a date, ages, month periods."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from kpis.working_days import FIRST_YEAR, LAST_YEAR


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to that month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def add_months(days: pd.Series, months: pd.Series | int) -> pd.Series:
    """Each date plus its number of calendar months, clamped to the month's end; NaT stays."""
    stamps = pd.to_datetime(days)
    counts = pd.Series(months, index=stamps.index) if np.isscalar(months) else months
    out = pd.Series(pd.NaT, index=stamps.index, dtype="datetime64[ns]")
    for n in pd.unique(counts.dropna()):
        pick = (counts == n) & stamps.notna()
        out[pick] = stamps[pick] + pd.DateOffset(months=int(n))
    return out


def age_years(dob: pd.Series, on: date) -> pd.Series:
    """Age in whole years on a date (a 29 February birthday comes on 1 March); <NA> if unknown."""
    stamps = pd.to_datetime(dob)
    before_birthday = (stamps.dt.month > on.month) | (
        (stamps.dt.month == on.month) & (stamps.dt.day > on.day)
    )
    years = on.year - stamps.dt.year - before_birthday.astype(int)
    return years.astype("Int64")


@lru_cache(maxsize=1)
def _month_table() -> tuple[int, np.ndarray]:
    # The first day's number and the month number of each day over the working-day calendar.
    days = np.arange(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR + 1}-01-01", dtype="datetime64[D]")
    return int(days[0].astype("int64")), days.astype("datetime64[M]").astype("int64")


def month_numbers(days: np.ndarray) -> np.ndarray:
    """The month number (months since January 1970) of each day number (days since 1970-01-01)."""
    first, table = _month_table()
    offset = days - first
    if not len(offset) or (int(offset.min()) >= 0 and int(offset.max()) < len(table)):
        return table[offset]
    inside = (offset >= 0) & (offset < len(table))
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype("int64")
    months[inside] = table[offset[inside]]
    return months


def month_number(day: date) -> int:
    """The month number (months since January 1970) of a date."""
    return (day.year - 1970) * 12 + day.month - 1


def month_period(number: int) -> str:
    """'YYYY-MM' of a month number (see month_numbers)."""
    year, month = divmod(int(number), 12)
    return f"{year + 1970:04d}-{month + 1:02d}"


def month_periods(numbers: np.ndarray) -> np.ndarray:
    """'YYYY-MM' of each month number."""
    distinct, each = np.unique(numbers, return_inverse=True)
    return np.array([month_period(n) for n in distinct], dtype=object)[each]
