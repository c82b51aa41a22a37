"""Working days in England: weekends and England and Wales bank holidays excluded."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd

# Wide enough for any date of birth or case event; the calendar is built once (about 0.1 s).
FIRST_YEAR = 1950
LAST_YEAR = 2100

DateLike = date | datetime | pd.Timestamp | np.datetime64
_NANOSECONDS_A_DAY = 86_400 * 10**9


@lru_cache(maxsize=1)
def _holidays() -> tuple[date, ...]:
    # The package includes the substitute days ("(observed)") and the one-off holidays
    # (jubilees, a state funeral, a coronation) as they were proclaimed.
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return tuple(sorted(days))


@lru_cache(maxsize=1)
def _calendar() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(_holidays(), "datetime64[D]"))


@lru_cache(maxsize=1)
def _running_count() -> tuple[int, np.ndarray]:
    # The first day's number and, for each day from it, the working days up to and including it.
    days = np.arange(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR + 1}-01-01", dtype="datetime64[D]")
    working = np.is_busday(days, busdaycal=_calendar())
    return int(days[0].astype("int64")), np.cumsum(working, dtype="int64")


def bank_holidays(year: int) -> list[date]:
    """The England and Wales bank holidays of a year, substitute days included."""
    return [day for day in _holidays() if day.year == year]


def _day(value: DateLike) -> np.datetime64:
    if isinstance(value, pd.Timestamp | datetime):
        value = value.date()
    return np.datetime64(value, "D")


def is_working_day(day: DateLike) -> bool:
    """A weekday that is not a bank holiday."""
    return bool(np.is_busday(_day(day), busdaycal=_calendar()))


def working_days_between(start: DateLike, end: DateLike) -> int:
    """Working days after start, up to and including end; negative when end is before start."""
    first, last = _day(start), _day(end)
    if last < first:
        return -working_days_between(last, first)
    one = np.timedelta64(1, "D")
    return int(np.busday_count(first + one, last + one, busdaycal=_calendar()))


def within_working_days(start: DateLike, end: DateLike, n: int) -> bool:
    """True when end is not before start and at most n working days come after start up to end."""
    return _day(end) >= _day(start) and working_days_between(start, end) <= n


def add_working_days(start: DateLike, n: int) -> date:
    """The n-th working day after start (the last day still 'within n working days')."""
    # roll='backward' first, so counting from a weekend or holiday starts at the day before it.
    rolled = np.busday_offset(_day(start), 0, roll="backward", busdaycal=_calendar())
    return np.busday_offset(rolled, n, roll="forward", busdaycal=_calendar()).astype(date)


def _days(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    stamps = pd.to_datetime(values)
    present = stamps.notna().to_numpy()
    return stamps.to_numpy().astype("datetime64[D]"), present


def day_numbers(stamps: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of datetime64 values (none NaT), the time of day dropped."""
    nanoseconds = stamps.astype("datetime64[ns]", copy=False).view("int64")
    return nanoseconds // _NANOSECONDS_A_DAY


def working_days_between_days(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """working_days_between for arrays of day numbers (see day_numbers), none missing."""
    first, running = _running_count()
    low, high = start - first, end - first
    if _all_below(low, len(running)) and _all_below(high, len(running)):
        return running[high] - running[low]
    # Outside the cached calendar numpy counts (weekends only there, as in the scalar version),
    # from the earlier date then signed: numpy's own negative counts are off by one.
    inside = (low >= 0) & (low < len(running)) & (high >= 0) & (high < len(running))
    counts = np.empty(len(start), dtype="int64")
    counts[inside] = running[high[inside]] - running[low[inside]]
    out_start, out_end = start[~inside], end[~inside]
    earlier = np.minimum(out_start, out_end).astype("datetime64[D]")
    later = np.maximum(out_start, out_end).astype("datetime64[D]")
    one = np.timedelta64(1, "D")
    sign = np.where(out_end < out_start, -1, 1)
    counts[~inside] = sign * np.busday_count(earlier + one, later + one, busdaycal=_calendar())
    return counts


def _all_below(offsets: np.ndarray, limit: int) -> bool:
    """Every offset is in range(limit)."""
    return not len(offsets) or (int(offsets.min()) >= 0 and int(offsets.max()) < limit)


def working_days_between_series(start: pd.Series, end: pd.Series) -> pd.Series:
    """working_days_between, element-wise; <NA> where either date is missing."""
    starts, start_ok = _days(start)
    ends, end_ok = _days(end)
    both = start_ok & end_ok
    counts = np.zeros(len(starts), dtype="int64")
    counts[both] = working_days_between_days(
        starts[both].astype("int64"), ends[both].astype("int64")
    )
    result = pd.array(counts, dtype="Int64")
    result[~both] = pd.NA
    return pd.Series(result, index=start.index)


def add_working_days_series(start: pd.Series, n: int | np.ndarray | pd.Series) -> pd.Series:
    """add_working_days, element-wise (n one number or one per date); NaT where start is missing."""
    starts, ok = _days(start)
    counts = np.broadcast_to(np.asarray(n, dtype="int64"), starts.shape)
    out = np.full(len(starts), np.datetime64("NaT"), dtype="datetime64[D]")
    rolled = np.busday_offset(starts[ok], 0, roll="backward", busdaycal=_calendar())
    out[ok] = np.busday_offset(rolled, counts[ok], roll="forward", busdaycal=_calendar())
    return pd.Series(out.astype("datetime64[ns]"), index=start.index)
