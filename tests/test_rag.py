"""RAG against target on the figure as displayed, and the one number format per unit."""

from __future__ import annotations

import math

import pytest

from kpis.catalogue import Polarity, Unit
from kpis.rag import Rag, default_tolerance, display_value, format_target, format_value, rag

HIGHER, LOWER, NEUTRAL = Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER, Polarity.NEUTRAL


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (90.0, Rag.GREEN),
        (95.0, Rag.GREEN),
        (89.95, Rag.GREEN),  # shown as 90.0%: the board never sees 90.0% marked amber
        (89.94, Rag.AMBER),  # shown as 89.9%
        (85.0, Rag.AMBER),  # exactly the tolerance away: the edge is amber
        (84.95, Rag.AMBER),  # shown as 85.0%
        (84.94, Rag.RED),  # shown as 84.9%
        (0.0, Rag.RED),
    ],
)
def test_higher_is_better_percentage(value: float, expected: Rag) -> None:
    assert rag(value, 90, 5, HIGHER, Unit.PERCENT) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (20.0, Rag.GREEN),
        (20.04, Rag.GREEN),  # shown as 20.0%
        (20.05, Rag.AMBER),  # shown as 20.1%
        (25.0, Rag.AMBER),
        (25.04, Rag.AMBER),
        (25.05, Rag.RED),
        (3.0, Rag.GREEN),
    ],
)
def test_lower_is_better_percentage(value: float, expected: Rag) -> None:
    assert rag(value, 20, 5, LOWER, Unit.PERCENT) is expected


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "polarity"),
    [
        (None, 90, 5, HIGHER),
        (math.nan, 90, 5, HIGHER),
        (85.0, None, 5, HIGHER),
        (85.0, math.nan, 5, HIGHER),
        (85.0, 90, 5, NEUTRAL),
    ],
)
def test_grey_without_value_target_or_polarity(
    value: float | None, target: float | None, tolerance: float, polarity: Polarity
) -> None:
    assert rag(value, target, tolerance, polarity, Unit.PERCENT) is Rag.GREY


def test_default_tolerance_is_five_points_or_ten_percent() -> None:
    assert default_tolerance(90, Unit.PERCENT) == 5.0
    assert default_tolerance(18, Unit.COUNT) == pytest.approx(1.8)
    assert rag(85.0, 90, None, HIGHER, Unit.PERCENT) is Rag.AMBER
    assert rag(84.9, 90, None, HIGHER, Unit.PERCENT) is Rag.RED


def test_edge_of_a_ten_percent_tolerance_is_amber_despite_float_noise() -> None:
    # 18 * 0.1 is 1.8000000000000003 in binary; the catalogue passes such tolerances on.
    assert rag(19.8, 18, 18 * 0.1, LOWER, Unit.COUNT) is Rag.AMBER
    assert rag(19.8, 18, None, LOWER, Unit.COUNT) is Rag.AMBER
    assert rag(19.9, 18, None, LOWER, Unit.COUNT) is Rag.RED
    assert rag(33.3 - 5, 33.3, 5, HIGHER, Unit.PERCENT) is Rag.AMBER


def test_rates_and_days_compare_to_one_decimal_place() -> None:
    assert rag(220.04, 220, 22, LOWER, Unit.RATE_PER_100K) is Rag.GREEN
    assert rag(242.04, 220, 22, LOWER, Unit.RATE_PER_100K) is Rag.AMBER
    assert rag(242.05, 220, 22, LOWER, Unit.RATE_PER_100K) is Rag.RED
    assert rag(9.96, 10, 1, HIGHER, Unit.DAYS) is Rag.GREEN


def test_polarity_and_unit_may_be_plain_strings() -> None:
    assert rag(78.0, 90, 5, "higher_better", "percent") is Rag.RED


def test_unknown_unit_or_polarity_is_refused() -> None:
    with pytest.raises(ValueError):
        rag(1.0, 2.0, 1.0, "up", Unit.PERCENT)
    with pytest.raises(ValueError):
        rag(1.0, 2.0, 1.0, HIGHER, "furlongs")


def test_every_rating_has_a_distinct_word_and_symbol() -> None:
    assert [r.word for r in Rag] == ["On target", "Near target", "Off target", "No target"]
    assert len({r.symbol for r in Rag}) == 4
    assert all(r.symbol and r.colour.startswith("#") for r in Rag)
    assert Rag("red") is Rag.RED and Rag.RED == "red"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (84.95, 85.0),  # half up, not to even
        (84.85, 84.9),
        (0.05, 0.1),
        (0.25, 0.3),
        (0.15, 0.2),  # Python's round() gives 0.1 here; the analyst typed 0.15
        (-0.04, 0.0),
        (-1.25, -1.3),  # halves go away from zero
        (100.0, 100.0),
    ],
)
def test_display_value_rounds_half_up_to_one_place(value: float, expected: float) -> None:
    assert display_value(value, Unit.PERCENT) == expected
    assert math.copysign(1, display_value(-0.04, Unit.PERCENT)) == 1  # no "-0.0"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (85, Unit.PERCENT, "85.0%"),
        (84.95, Unit.PERCENT, "85.0%"),
        (0.0, Unit.PERCENT, "0.0%"),
        (1234, Unit.COUNT, "1,234"),
        (1234567.0, Unit.COUNT, "1,234,567"),
        (17.56, Unit.COUNT, "17.6"),  # an average caseload
        (12.34, Unit.RATE_PER_10K, "12.3 per 10k"),
        (1234.56, Unit.RATE_PER_100K, "1,234.6 per 100k"),
        (3.5, Unit.RATE_PER_1000, "3.5 per 1,000"),
        (4.25, Unit.DAYS, "4.3 days"),
        (None, Unit.PERCENT, "–"),
        (math.nan, Unit.COUNT, "–"),
    ],
)
def test_format_value(value: float | None, unit: Unit, text: str) -> None:
    assert format_value(value, unit) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (90, Unit.PERCENT, "90%"),
        (92.5, Unit.PERCENT, "92.5%"),
        (18, Unit.COUNT, "18"),
        (220, Unit.RATE_PER_100K, "220 per 100k"),
        (None, Unit.PERCENT, "–"),
    ],
)
def test_format_target(value: float | None, unit: Unit, text: str) -> None:
    assert format_target(value, unit) == text
