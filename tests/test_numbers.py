"""Figures as analysts type them."""

import pandas as pd

from kpis.upload.numbers import parse_numbers


def test_spellings_of_numbers():
    parsed = parse_numbers(pd.Series(["85%", " 85.0 ", "1,234", "1,234.5", "-3", ".5", "", "7e2"]))
    assert parsed.values.tolist()[:6] == [85.0, 85.0, 1234.0, 1234.5, -3.0, 0.5]
    assert pd.isna(parsed.values[6]) and parsed.blank[6]
    assert parsed.values[7] == 700
    assert parsed.percent.tolist() == [True] + [False] * 7
    assert not parsed.bad.any()


def test_non_numbers_are_bad_not_blank():
    parsed = parse_numbers(pd.Series(["abc", "nan", "inf", "1,23", "12..5", "85 %x"]))
    assert parsed.bad.all()
    assert not parsed.blank.any()
