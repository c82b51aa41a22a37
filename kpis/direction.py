"""Direction of travel between two figures of a KPI, judged by its polarity."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from kpis.catalogue import Polarity, Unit
from kpis.rag import display_decimal, is_missing

# DESIGN §4: under 1 percentage point, or under 2% of the earlier figure, is no change.
PERCENT_POINTS = Decimal(1)
RELATIVE_SHARE = Decimal("0.02")


class Direction(StrEnum):
    """A direction of travel, with a word and a symbol so it never relies on colour."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    INCREASED = "increased"  # neutral KPIs: up, neither good nor bad
    DECREASED = "decreased"
    NO_COMPARISON = "no_comparison"

    @property
    def word(self) -> str:
        return _WORDS[self]

    @property
    def symbol(self) -> str:
        """Diagonal arrows judge (better / worse); straight arrows only say up or down."""
        return _SYMBOLS[self]


_WORDS = {
    Direction.IMPROVING: "Improving",
    Direction.WORSENING: "Worsening",
    Direction.NO_CHANGE: "No change",
    Direction.INCREASED: "Increased",
    Direction.DECREASED: "Decreased",
    Direction.NO_COMPARISON: "No comparison",
}
_SYMBOLS = {
    Direction.IMPROVING: "↗",
    Direction.WORSENING: "↘",
    Direction.NO_CHANGE: "→",
    Direction.INCREASED: "↑",
    Direction.DECREASED: "↓",
    Direction.NO_COMPARISON: "–",
}


def direction(
    current: float | None,
    earlier: float | None,
    polarity: Polarity | str,
    unit: Unit | str,
) -> Direction:
    """Compare ``current`` with ``earlier`` (previous period, or the same month a year before).

    No change when the move is under 1 percentage point (percentages) or under 2% of the
    earlier figure (every other unit); a move of exactly that much is a change. Otherwise
    improving or worsening by ``polarity``, or increased / decreased for a neutral KPI. No
    comparison when either figure is missing. Figures are compared as displayed (one decimal
    place), so the board never reads "85.0% from 84.0%" as no change.
    """
    polarity = Polarity(polarity)
    if is_missing(current) or is_missing(earlier):
        return Direction.NO_COMPARISON
    now = display_decimal(float(current), unit)  # type: ignore[arg-type]
    before = display_decimal(float(earlier), unit)  # type: ignore[arg-type]
    change = now - before
    threshold = PERCENT_POINTS if Unit(unit) is Unit.PERCENT else RELATIVE_SHARE * abs(before)
    if change == 0 or abs(change) < threshold:
        return Direction.NO_CHANGE
    if polarity is Polarity.NEUTRAL:
        return Direction.INCREASED if change > 0 else Direction.DECREASED
    better = change > 0 if polarity is Polarity.HIGHER_BETTER else change < 0
    return Direction.IMPROVING if better else Direction.WORSENING
