"""Working days: weekends and England and Wales bank holidays, substitute days included."""

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from kpis.working_days import (
    add_working_days,
    add_working_days_series,
    bank_holidays,
    day_numbers,
    is_working_day,
    within_working_days,
    working_days_between,
    working_days_between_days,
    working_days_between_series,
)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2022, 6, 2), "Spring bank holiday moved for the Platinum Jubilee"),
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2022, 9, 19), "State funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of King Charles III"),
        (date(2022, 12, 27), "Christmas Day substitute (25th a Sunday)"),
        (date(2021, 12, 27), "Christmas Day substitute (25th a Saturday)"),
        (date(2021, 12, 28), "Boxing Day substitute (26th a Sunday)"),
        (date(2020, 12, 28), "Boxing Day substitute (26th a Saturday)"),
        (date(2023, 1, 2), "New Year's Day substitute"),
        (date(2024, 3, 29), "Good Friday"),
        (date(2024, 4, 1), "Easter Monday"),
        (date(2020, 5, 8), "Early May bank holiday moved for VE Day"),
    ],
)
def test_bank_holidays_are_not_working_days(day: date, name: str) -> None:
    assert day in bank_holidays(day.year), name
    assert not is_working_day(day), name


def test_ordinary_days() -> None:
    assert is_working_day(date(2024, 3, 28))
    assert not is_working_day(date(2024, 3, 30))  # Saturday
    assert is_working_day(date(2020, 5, 4))  # the usual May Day Monday, moved in 2020
    assert is_working_day(date(2022, 5, 30))  # the usual spring Monday, moved in 2022


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 3, 4), date(2024, 3, 4), 0),  # same day
        (date(2024, 3, 4), date(2024, 3, 5), 1),
        (date(2024, 3, 8), date(2024, 3, 11), 1),  # Friday to Monday
        (date(2024, 3, 9), date(2024, 3, 11), 1),  # from a Saturday
        (date(2024, 3, 4), date(2024, 3, 25), 15),
        (date(2024, 3, 28), date(2024, 4, 2), 1),  # Easter 2024
        (date(2022, 12, 23), date(2022, 12, 28), 1),  # Christmas 2022 with substitute
        (date(2021, 12, 24), date(2021, 12, 29), 1),  # Christmas 2021, two substitutes
        (date(2022, 6, 1), date(2022, 6, 6), 1),  # Platinum Jubilee
        (date(2022, 9, 16), date(2022, 9, 20), 1),  # the Queen's funeral
        (date(2023, 5, 5), date(2023, 5, 9), 1),  # the Coronation
        (date(2023, 4, 28), date(2023, 5, 10), 6),  # May Day and the Coronation
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_end_before_start_is_negative_and_not_within() -> None:
    assert working_days_between(date(2024, 3, 11), date(2024, 3, 8)) == -1
    assert not within_working_days(date(2024, 3, 11), date(2024, 3, 8), 15)


def test_exactly_15_working_days_is_within_and_16_is_not() -> None:
    assert within_working_days(date(2024, 3, 4), date(2024, 3, 25), 15)
    assert not within_working_days(date(2024, 3, 4), date(2024, 3, 26), 15)


def test_bank_holidays_inside_the_window_extend_it() -> None:
    # From Thursday 21 March 2024, Good Friday and Easter Monday push day 15 to 15 April.
    assert working_days_between(date(2024, 3, 21), date(2024, 4, 15)) == 15
    assert within_working_days(date(2024, 3, 21), date(2024, 4, 15), 15)
    assert not within_working_days(date(2024, 3, 21), date(2024, 4, 16), 15)
    assert add_working_days(date(2024, 3, 21), 15) == date(2024, 4, 15)


def test_accepts_datetimes_and_timestamps() -> None:
    assert working_days_between(datetime(2024, 3, 4, 17, 30), pd.Timestamp("2024-03-25")) == 15


def test_add_working_days_is_the_last_day_within() -> None:
    assert add_working_days(date(2024, 3, 4), 15) == date(2024, 3, 25)
    assert add_working_days(date(2024, 3, 9), 1) == date(2024, 3, 11)  # from a Saturday
    assert add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)
    for start in pd.date_range("2022-11-25", "2023-01-10"):
        due = add_working_days(start, 15)
        assert working_days_between(start, due) == 15
        assert is_working_day(due)


def test_series_versions_match_and_keep_missing() -> None:
    start = pd.Series(pd.to_datetime(["2024-03-04", "2024-03-21", None, "2022-12-23"]))
    end = pd.Series(pd.to_datetime(["2024-03-25", "2024-04-15", "2024-04-15", None]))
    counts = working_days_between_series(start, end)
    assert counts.tolist()[:2] == [15, 15]
    assert counts.isna().tolist() == [False, False, True, True]
    due = add_working_days_series(start, 15)
    assert due.iloc[1] == pd.Timestamp("2024-04-15")
    assert pd.isna(due.iloc[2])
    per_row = add_working_days_series(start, pd.Series([1, 2, 3, 1]))
    assert per_row.iloc[3] == pd.Timestamp("2022-12-28")


def test_series_do_not_mutate_inputs() -> None:
    start = pd.Series(pd.to_datetime(["2024-03-04"]))
    before = start.copy()
    working_days_between_series(start, start)
    add_working_days_series(start, 3)
    pd.testing.assert_series_equal(start, before)


def test_series_sign_matches_scalar() -> None:
    start = pd.Series(pd.to_datetime(["2024-03-11", "2024-04-02"]))
    end = pd.Series(pd.to_datetime(["2024-03-08", "2024-03-28"]))
    assert working_days_between_series(start, end).tolist() == [-1, -1]


def _random_days(rng: np.random.Generator, n: int) -> pd.Series:
    # Around both ends of the cached calendar (1950 to 2100) and well inside it.
    anchors = pd.to_datetime(["1950-01-01", "2024-03-28", "2100-12-31"]).to_numpy()
    picked = anchors[rng.integers(0, len(anchors), n)]
    return pd.Series(picked + pd.to_timedelta(rng.integers(-800, 800, n), "D").to_numpy())


def test_series_match_the_scalar_count_inside_and_outside_the_cached_calendar() -> None:
    rng = np.random.default_rng(7)
    start, end = _random_days(rng, 3000), _random_days(rng, 3000)
    end[::3] = start[::3] + pd.to_timedelta(rng.integers(-40, 40, len(end[::3])), "D").to_numpy()
    counts = working_days_between_series(start, end)
    expected = [working_days_between(s, e) for s, e in zip(start, end, strict=True)]
    assert counts.tolist() == expected


def test_day_number_arrays_from_non_working_days_and_beyond_the_calendar() -> None:
    days = pd.to_datetime(
        ["2024-03-29", "2024-03-30", "2024-04-02", "1949-12-30", "1950-01-03", "2101-01-03"]
    ).to_numpy()
    start, end = day_numbers(days[[0, 1, 2, 3, 4]]), day_numbers(days[[2, 2, 1, 4, 5]])
    # Good Friday to the Tuesday after Easter; a Saturday to it; backwards; across 1950; to 2101.
    expected = [working_days_between(days[s], days[e]) for s, e in [(0, 2), (1, 2), (2, 1)]]
    assert expected == [1, 1, -1]
    assert working_days_between_days(start, end).tolist() == [
        *expected,
        working_days_between(date(1949, 12, 30), date(1950, 1, 3)),
        working_days_between(date(1950, 1, 3), date(2101, 1, 3)),
    ]
    assert working_days_between_days(start[:0], end[:0]).tolist() == []


def test_day_numbers_drop_the_time_of_day_before_and_after_1970() -> None:
    stamps = np.array(["1960-01-01T23:59", "1970-01-01T00:00", "2024-03-04T17:30"], "M8[ns]")
    assert day_numbers(stamps).tolist() == [-3653, 0, 19786]
