"""Axes for charts drawn as SVG: round-numbered ticks, month and category scales, text widths."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kpis.periods import label

# Advance widths of Arial, in ems, near enough to keep labels apart and inside the frame.
_NARROW = set("iIjlt.,:;|!'()[]f ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float) -> float:
    """Roughly how wide `text` is in Arial at `size` pixels."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.28
        elif char in _WIDE:
            ems += 0.86
        elif char.isupper():
            ems += 0.67
        else:
            ems += 0.54
    return ems * size


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round-numbered gridlines covering low..high, about `count` of them."""
    span = (high - low) or abs(high) or 1.0
    raw = span / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def month_number(period: str) -> int:
    """'2016-10' (or '2016-10-31') as a count of months, so months are evenly spaced."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


@dataclass(frozen=True)
class Axis:
    """Where a value lands along an axis, and the ticks to label it with."""

    low: float
    high: float
    start: float  # pixel of `low`
    end: float  # pixel of `high`
    ticks: tuple[tuple[float, str], ...]

    def __call__(self, value: float) -> float:
        share = (value - self.low) / ((self.high - self.low) or 1.0)
        return self.start + (self.end - self.start) * share


def month_axis(periods: Sequence[str], start: float, end: float, size: float) -> Axis:
    """Months evenly spaced, labelled 'Oct 2016' as often as the width allows (every 1, 3,
    6, 12, 24… months, on quarter or year starts)."""
    numbers = [month_number(p) for p in periods]
    low, high = min(numbers), max(numbers)
    room = max(end - start, 1.0)
    wanted = text_width("Mmm 0000", size) + 16
    fits = max(int(room // wanted), 1)
    steps = (1, 3, 6, 12, 24, 36, 60, 120, 240)
    step = next((s for s in steps if (high - low) / s < fits), steps[-1])
    first = math.ceil(low / step) * step
    ticks = tuple(
        (float(n), label(f"{n // 12:04d}-{n % 12 + 1:02d}")) for n in range(first, high + 1, step)
    )
    pad = 0.5 if high == low else 0.0
    return Axis(low - pad, high + pad, start, end, ticks)


def number_axis(
    values: Sequence[float], start: float, end: float, text, *, whole: bool = False
) -> Axis:
    """A linear axis over `values` with round ticks labelled by `text(value)`; `whole` keeps
    only whole-number ticks (years)."""
    low, high = min(values), max(values)
    if whole:
        room = abs(end - start)
        step = max(1, math.ceil((high - low + 1) * 60 / max(room, 1.0)))
        ticks = [float(v) for v in range(int(low), int(high) + 1, step)]
        pad = 0.5 if high == low else 0.0
        return Axis(low - pad, high + pad, start, end, tuple((t, text(t)) for t in ticks))
    # The span is the figures' own (as Plotly's autorange): ticks only where they fall inside.
    ticks = [t for t in nice_ticks(low, high, 7) if low - 1e-9 <= t <= high + 1e-9]
    return Axis(low, high, start, end, tuple((t, text(t)) for t in ticks))


def value_range(values: Sequence[float], *, floor_zero: bool, pad: float = 0.06) -> tuple:
    """The span a value axis covers: the figures with a little room, never below zero when
    every figure is zero or more."""
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    low, high = low - span * pad, high + span * pad
    if floor_zero and min(values) >= 0:
        low = max(low, 0.0)
    return low, high
