"""Calendar arithmetic for the definitions: months back from a date, ages, month periods."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

import numpy as np
import pandas as pd


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


def month_start(days: pd.Series) -> pd.Series:
    """The first of each date's month (the key events are counted under)."""
    values = pd.to_datetime(days).to_numpy().astype("datetime64[M]")
    return pd.Series(values.astype("datetime64[ns]"), index=days.index)


def period_of(day: date | pd.Timestamp) -> str:
    """'YYYY-MM'."""
    return f"{day.year:04d}-{day.month:02d}"
