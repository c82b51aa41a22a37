"""Every period spelling the upload contract accepts, and the ones it must refuse."""

import pytest

from kpis.periods import label, parse_period, shift


@pytest.mark.parametrize(
    "text",
    [
        "2016-10",
        "2016-10-31",
        "Oct-16",
        "Oct 2016",
        "October 2016",
        "01/10/2016",
        "31/10/2016",
        " oct-16 ",
        "OCTOBER 2016",
        "2016-10-31 00:00:00",
        "Oct-2016",
    ],
)
def test_accepted_spellings_read_as_the_month(text):
    assert parse_period(text) == "2016-10"


@pytest.mark.parametrize(
    "text", ["Octobr-16", "2016-13", "31/02/2016", "32/10/2016", "16-10", "", "next month", "2016"]
)
def test_unreadable_periods_are_none(text):
    assert parse_period(text) is None


def test_uk_dates_are_day_first():
    assert parse_period("01/02/2017") == "2017-02"


def test_shift_and_label():
    assert shift("2016-01", -1) == "2015-12"
    assert shift("2016-11", 14) == "2018-01"
    assert label("2016-10") == "Oct 2016"
