"""Which days the held returns of one kind cover, and whether a figure's window is covered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kpis.returns.calendar import month_ends, months_before, year_to


@dataclass(frozen=True)
class Coverage:
    """The covered days as disjoint spans, oldest first (a year missing in between splits it)."""

    spans: tuple[tuple[date, date], ...] = ()

    def covers(self, first: date, last: date) -> bool:
        """Every day from `first` to `last` is covered."""
        return any(start <= first and last <= end for start, end in self.spans)

    @property
    def first(self) -> date | None:
        return self.spans[0][0] if self.spans else None

    @property
    def latest(self) -> date | None:
        return self.spans[-1][1] if self.spans else None

    def month_ends(self) -> list[date]:
        """Every month end from the first covered day to the latest covered date."""
        if not self.spans:
            return []
        return month_ends(self.spans[0][0], self.spans[-1][1])


def _joined(spans: Iterable[tuple[date, date]]) -> Coverage:
    out: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return Coverage(tuple(out))


def coverage_903(years: Iterable[int]) -> Coverage:
    """A return of collection year Y covers the year to 31 March Y."""
    return _joined(year_to(date(y, 3, 31)) for y in years)


def coverage_cin(reference_dates: Iterable[date]) -> Coverage:
    """A CIN census covers the year to its ReferenceDate."""
    return _joined(year_to(d) for d in reference_dates)


# The window a figure at D needs covered (§10.2), by the shape of the measure.
def window_in_month(d: date) -> tuple[date, date]:
    return d.replace(day=1), d


def window_rolling(d: date) -> tuple[date, date]:
    return year_to(d)


def window_at(d: date) -> tuple[date, date]:
    return d, d


def window_six_months(d: date) -> tuple[date, date]:
    return months_before(d, 6), d


def window_two_years(d: date) -> tuple[date, date]:
    return months_before(d, 24) + timedelta(days=1), d
