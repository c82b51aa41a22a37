"""The tabulated bank holidays are the holidays package's own, year by year."""

from __future__ import annotations

from datetime import date

from kpis import bank_holidays
from kpis.working_days import FIRST_YEAR, LAST_YEAR
from kpis.working_days import bank_holidays as holidays_of


def test_the_table_is_the_packages_calendar():
    # If this fails after changing the holidays pin: python -m kpis.bank_holidays
    assert bank_holidays.days() == bank_holidays.from_package()


def test_the_table_covers_the_working_days_calendar():
    assert (FIRST_YEAR, LAST_YEAR) == (1950, 2100)
    assert bank_holidays.days()[0].year == FIRST_YEAR
    assert bank_holidays.days()[-1].year == LAST_YEAR
    assert date(2023, 5, 8) in holidays_of(2023)  # the coronation
    assert date(2022, 9, 19) in holidays_of(2022)  # the state funeral
