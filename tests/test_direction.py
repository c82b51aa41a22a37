"""Direction of travel: improving, worsening or no change, by polarity and unit."""

from __future__ import annotations

import math

import pytest

from kpis.catalogue import Polarity, Unit
from kpis.direction import Direction, direction

HIGHER, LOWER, NEUTRAL = Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER, Polarity.NEUTRAL


@pytest.mark.parametrize(
    ("current", "earlier", "polarity", "expected"),
    [
        (86.0, 85.0, HIGHER, Direction.IMPROVING),  # exactly 1 point is a change
        (85.9, 85.0, HIGHER, Direction.NO_CHANGE),  # under 1 point
        (84.0, 85.0, HIGHER, Direction.WORSENING),
        (84.1, 85.0, HIGHER, Direction.NO_CHANGE),
        (84.0, 85.0, LOWER, Direction.IMPROVING),
        (86.0, 85.0, LOWER, Direction.WORSENING),
        (86.0, 85.0, NEUTRAL, Direction.INCREASED),
        (84.0, 85.0, NEUTRAL, Direction.DECREASED),
        (85.5, 85.0, NEUTRAL, Direction.NO_CHANGE),
        (85.0, 85.0, HIGHER, Direction.NO_CHANGE),
        # Compared as displayed: 85.04% and 84.05% show as 85.0% and 84.1%.
        (85.04, 84.05, HIGHER, Direction.NO_CHANGE),
        (85.05, 84.04, HIGHER, Direction.IMPROVING),
        (1.0, 0.0, HIGHER, Direction.IMPROVING),
    ],
)
def test_percentages_move_by_whole_points(
    current: float, earlier: float, polarity: Polarity, expected: Direction
) -> None:
    assert direction(current, earlier, polarity, Unit.PERCENT) is expected


@pytest.mark.parametrize(
    ("current", "earlier", "polarity", "unit", "expected"),
    [
        (102.0, 100.0, HIGHER, Unit.COUNT, Direction.IMPROVING),  # exactly 2% is a change
        (101.9, 100.0, HIGHER, Unit.COUNT, Direction.NO_CHANGE),
        (98.0, 100.0, LOWER, Unit.COUNT, Direction.IMPROVING),
        (98.1, 100.0, LOWER, Unit.COUNT, Direction.NO_CHANGE),
        (20.0, 18.0, LOWER, Unit.COUNT, Direction.WORSENING),
        (51.0, 50.0, LOWER, Unit.RATE_PER_10K, Direction.WORSENING),
        (50.9, 50.0, LOWER, Unit.RATE_PER_10K, Direction.NO_CHANGE),
        (3.0, 3.0, LOWER, Unit.RATE_PER_1000, Direction.NO_CHANGE),
        (12.0, 10.0, NEUTRAL, Unit.COUNT, Direction.INCREASED),
        (8.0, 10.0, NEUTRAL, Unit.DAYS, Direction.DECREASED),
        (1.0, 0.0, LOWER, Unit.COUNT, Direction.WORSENING),  # from zero any move counts
        (0.0, 0.0, LOWER, Unit.COUNT, Direction.NO_CHANGE),
        (-5.0, -10.0, HIGHER, Unit.COUNT, Direction.IMPROVING),
    ],
)
def test_other_units_move_by_two_percent_of_the_earlier_figure(
    current: float, earlier: float, polarity: Polarity, unit: Unit, expected: Direction
) -> None:
    assert direction(current, earlier, polarity, unit) is expected


@pytest.mark.parametrize(
    ("current", "earlier"), [(None, 80.0), (80.0, None), (math.nan, 80.0), (80.0, math.nan)]
)
def test_no_comparison_when_either_figure_is_missing(
    current: float | None, earlier: float | None
) -> None:
    assert direction(current, earlier, HIGHER, Unit.PERCENT) is Direction.NO_COMPARISON
    assert direction(current, earlier, NEUTRAL, Unit.COUNT) is Direction.NO_COMPARISON


def test_plain_strings_are_accepted() -> None:
    assert direction(90, 80, "lower_better", "percent") is Direction.WORSENING


def test_every_direction_has_a_distinct_word_and_symbol() -> None:
    assert Direction.NO_COMPARISON.word == "No comparison"
    assert Direction.IMPROVING.word == "Improving"
    assert len({d.word for d in Direction}) == len({d.symbol for d in Direction}) == 6
