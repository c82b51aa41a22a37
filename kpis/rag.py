"""RAG ratings against target, judged on figures as the board sees them, and their formats."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from kpis.catalogue import Polarity, Unit

MISSING = "–"
_ONE_DP = Decimal("0.1")
# Targets and tolerances often arrive with binary noise (18 * 0.1 = 1.8000000000000003);
# nine places is far finer than any figure shown and far coarser than the noise.
_NOISE = Decimal("1e-9")
_RATE_SUFFIX = {
    Unit.RATE_PER_10K: " per 10k",
    Unit.RATE_PER_100K: " per 100k",
    Unit.RATE_PER_1000: " per 1,000",
}


class Rag(StrEnum):
    """A RAG rating. Never show the colour alone: pair it with ``word`` or ``symbol``."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"

    @property
    def word(self) -> str:
        return _RAG_WORDS[self]

    @property
    def symbol(self) -> str:
        """A shape that differs for every rating, so it reads without colour."""
        return _RAG_SYMBOLS[self]

    @property
    def colour(self) -> str:
        """GOV.UK palette colours, each with at least 3:1 contrast on white."""
        return _RAG_COLOURS[self]


_RAG_WORDS = {
    Rag.GREEN: "On target",
    Rag.AMBER: "Near target",
    Rag.RED: "Off target",
    Rag.GREY: "No target",
}
_RAG_SYMBOLS = {Rag.GREEN: "✔", Rag.AMBER: "▲", Rag.RED: "✖", Rag.GREY: MISSING}
_RAG_COLOURS = {
    Rag.GREEN: "#00703c",
    Rag.AMBER: "#f47738",
    Rag.RED: "#d4351c",
    Rag.GREY: "#505a5f",
}


def is_missing(value: float | None) -> bool:
    """True for None and NaN (how a missing figure arrives from a frame)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def display_decimal(value: float, unit: Unit | str) -> Decimal:
    """The figure as displayed, exactly: one decimal place, halves rounded away from zero.

    Every unit shows at most one decimal place (counts show whole numbers without one), so the
    rounding is the same for all units; ``unit`` is taken so the rule can differ by unit later.
    """
    Unit(unit)
    # str() gives the shortest decimal that reads back as the float: 84.95 stays 84.95, which
    # is what the analyst typed, rather than 84.9499999... in binary.
    rounded = Decimal(str(float(value))).quantize(_ONE_DP, rounding=ROUND_HALF_UP)
    return rounded + 0  # turns -0.0 into 0.0


def display_value(value: float, unit: Unit | str) -> float:
    """The figure as displayed, as a float: percentages, rates, days and counts to one place."""
    return float(display_decimal(value, unit))


def format_value(value: float | None, unit: Unit | str) -> str:
    """One format per unit: '85.0%', '1,234' (or '17.6'), '12.3 per 10k', '4.5 days'."""
    if is_missing(value):
        return MISSING
    shown = display_decimal(float(value), unit)  # type: ignore[arg-type]
    # Counts are whole numbers; an average count (caseload) keeps its decimal place.
    whole = Unit(unit) is Unit.COUNT and shown == shown.to_integral_value()
    return _with_unit(f"{shown:,.0f}" if whole else f"{shown:,.1f}", unit)


def format_range(low: float, high: float, unit: Unit | str) -> str:
    """Two figures as format_value writes them, the unit once: '98.0–181.0 per 100k'."""
    first, last = format_value(low, unit), format_value(high, unit)
    suffix = _with_unit("", unit)
    return f"{first.removesuffix(suffix) if suffix else first}–{last}"


def format_target(value: float | None, unit: Unit | str) -> str:
    """A target as people write it: '90%' for a whole number, '92.5%' otherwise."""
    if is_missing(value):
        return MISSING
    shown = display_decimal(float(value), unit)  # type: ignore[arg-type]
    whole = shown == shown.to_integral_value()
    return _with_unit(f"{shown:,.0f}" if whole else f"{shown:,.1f}", unit)


def _with_unit(number: str, unit: Unit | str) -> str:
    unit = Unit(unit)
    if unit is Unit.PERCENT:
        return f"{number}%"
    if unit is Unit.DAYS:
        return f"{number} days"
    return number + _RATE_SUFFIX.get(unit, "")


def default_tolerance(target: float, unit: Unit | str) -> float:
    """DESIGN §2: 5 percentage points for percentages, else 10% of the target."""
    return 5.0 if Unit(unit) is Unit.PERCENT else abs(target) * 0.10


def rag(
    value: float | None,
    target: float | None,
    tolerance: float | None,
    polarity: Polarity | str,
    unit: Unit | str,
) -> Rag:
    """Rate ``value`` against ``target`` as DESIGN §4 says.

    Green meets the target; amber misses it by no more than ``tolerance`` (the edge is amber);
    red misses by more. Grey when there is no value, no target, or the KPI is neutral. The value
    is compared as displayed (one decimal place), so a 89.96% shown as 90.0% meets a 90%
    target. ``tolerance`` None means the catalogue default (``default_tolerance``).
    """
    polarity = Polarity(polarity)
    if is_missing(value) or is_missing(target) or polarity is Polarity.NEUTRAL:
        return Rag.GREY
    shown = display_decimal(float(value), unit)  # type: ignore[arg-type]
    goal = _exact(float(target))  # type: ignore[arg-type]
    if tolerance is None or is_missing(tolerance):
        tolerance = default_tolerance(float(target), unit)  # type: ignore[arg-type]
    allowed = abs(_exact(float(tolerance)))
    miss = goal - shown if polarity is Polarity.HIGHER_BETTER else shown - goal
    if miss <= 0:
        return Rag.GREEN
    return Rag.AMBER if miss <= allowed else Rag.RED


def _exact(number: float) -> Decimal:
    return Decimal(str(number)).quantize(_NOISE, rounding=ROUND_HALF_UP)
