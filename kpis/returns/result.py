"""One measure's outcome: its figures by month, the cases that miss it, and what it left out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from kpis.loadkinds import CASE_COLUMNS
from kpis.returns.calendar import period_of
from kpis.returns.problems import ReturnProblem

# Cases carry no team (the returns record none); the word Annex A uses for a blank team.
NO_TEAM = "Unallocated"


def _iso(day: object) -> str | None:
    # Looked up first: tens of thousands of cases share a few thousand dates (and None).
    try:
        return _ISO[day]
    except KeyError:
        text = None if day is None or pd.isna(day) else pd.Timestamp(day).strftime("%Y-%m-%d")
        _ISO[day] = text
        return text


_ISO: dict[object, str | None] = {}


@dataclass
class MeasureResult:
    """figures: period, value, numerator, denominator (counts: value only); cases: CASE_COLUMNS;
    left_out: per reason, the records left out; warnings found while computing; members: who
    is behind the year-end figures (period, child, counted), for the breakdowns."""

    kpi_id: str
    figures: pd.DataFrame
    cases: pd.DataFrame
    left_out: dict[str, int]
    warnings: list[ReturnProblem] = field(default_factory=list)
    members: pd.DataFrame = field(default_factory=pd.DataFrame)

    def months(self) -> list[str]:
        return sorted(self.figures["period"])


class Tally:
    """Collects a measure's figures, cases and left-out records as the months are worked out."""

    def __init__(self, kpi_id: str, percent: bool = True, *, every_month: bool = False):
        self.kpi_id = kpi_id
        self.percent = percent
        # Who is behind each March figure (the year end), or each month's for an in-month
        # measure, whose year-end figure is the whole year's events.
        self.every_month = every_month
        self._members: list[tuple[str, np.ndarray, np.ndarray]] = []
        self._figures: list[tuple[str, float, float | None, float | None]] = []
        self._cases: list[tuple] = []
        self._left_out: dict[str, set[Hashable]] = defaultdict(set)
        self.warnings: list[ReturnProblem] = []

    def figure(self, d: date, numerator: int, denominator: int | None = None) -> None:
        """A percentage (none for an empty denominator) or, without a denominator, a count."""
        if not self.percent:
            self._figures.append((period_of(d), float(numerator), None, None))
        elif denominator:
            value = 100.0 * numerator / denominator
            self._figures.append((period_of(d), value, float(numerator), float(denominator)))

    def members(self, d: date, children: Iterable[str], counted: Iterable[bool]) -> None:
        """Who is in the denominator at D, and whether each is in the numerator."""
        if d.month == 3 or self.every_month:
            who = np.asarray(children, dtype=object)
            hit = np.asarray(counted, dtype=bool)
            if len(who) != len(hit):
                raise ValueError(f"{len(who)} children but {len(hit)} counted at {d}")
            self._members.append((period_of(d), who, hit))

    def miss(
        self,
        d: date,
        child: str,
        reason: str,
        *,
        start: object = None,
        event: object = None,
        due: object = None,
        late: int | None = None,
    ) -> None:
        """A child (or event) behind the figure at D that misses it."""
        self._cases.append(
            (self.kpi_id, period_of(d), NO_TEAM, None, child, _iso(start), _iso(event),
             _iso(due), late, reason)
        )  # fmt: skip

    def leave_out(self, reason: str, records: Iterable[Hashable]) -> None:
        self._left_out[reason].update(records)

    def result(self) -> MeasureResult:
        figures = pd.DataFrame(
            self._figures, columns=["period", "value", "numerator", "denominator"]
        ).astype({"value": "float64", "numerator": "float64", "denominator": "float64"})
        # Plain Python values: the cases go back to the database as such (no Arrow strings made
        # of tens of thousands of reasons only to be converted back).
        cases = pd.DataFrame(self._cases, columns=CASE_COLUMNS, dtype=object)
        cases["days_late"] = cases["days_late"].astype("Int64")
        left_out = {reason: len(ids) for reason, ids in self._left_out.items() if ids}
        # Plain Python strings too: the breakdowns only look them up.
        sizes = [len(who) for _, who, _ in self._members]
        periods = np.array([p for p, _, _ in self._members], dtype=object)
        members = pd.DataFrame(
            {
                "period": pd.Series(np.repeat(periods, sizes), dtype=object),
                "child": pd.Series(
                    np.concatenate([who for _, who, _ in self._members] or [[]]), dtype=object
                ),
                "counted": np.concatenate([hit for *_, hit in self._members] or [[]]).astype(bool),
            }
        )
        return MeasureResult(self.kpi_id, figures, cases, left_out, self.warnings, members)
