"""Child protection plans open at D and reviewed in time (CIN census)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import months_after, months_before, stamp
from kpis.returns.measures.common import records, uk
from kpis.returns.measures.counts import open_plans
from kpis.returns.prepared import DataCin
from kpis.returns.result import MeasureResult, Tally

UNREADABLE_REVIEW = "plan reviews with an unreadable or missing CPPreviewDate"


@dataclass(frozen=True)
class Chain:
    """A plan's review dates from its start, and the first that came too late (len if none).
    `assumed` marks a plan begun before the loaded files: judged from their first day, as if
    reviewed on it."""

    start: date
    reviews: tuple[date, ...]
    broken_at: int
    assumed: bool

    def judge(self, d: date) -> tuple[bool, str, date | None]:
        """In time at D? With why not and the date the next review was due."""
        k = bisect_right(self.reviews, d)
        if k == 0:
            return False, f"no review since the plan began {uk(self.start)}", None
        if self.broken_at < k:
            j = self.broken_at
            if j == 0:
                return False, (
                    f"first review {uk(self.reviews[0])}, more than 3 months after the plan "
                    f"began {uk(self.start)}"
                ), None  # fmt: skip
            return False, (
                f"review {uk(self.reviews[j])}, more than 6 months after the one before "
                f"({uk(self.reviews[j - 1])})"
            ), None  # fmt: skip
        due = months_after(self.reviews[k - 1], 6)
        if d > due:
            return False, f"last review {uk(self.reviews[k - 1])}, more than 6 months ago", due
        return True, "", due


def chain(start: date, reviews: list[date], first_covered: date | None) -> Chain:
    """The plan's chain of reviews: a first within 3 months of the start, each later one within
    6 months of the one before."""
    dates = sorted({r for r in reviews if r >= start})
    assumed = (
        first_covered is not None
        and start < first_covered
        and (not dates or dates[0] >= first_covered)
    )
    if assumed:
        dates = sorted({first_covered, *dates})
    broken = len(dates)
    for i, review in enumerate(dates):
        limit = months_after(start, 3) if i == 0 else months_after(dates[i - 1], 6)
        if review > limit and not (i == 0 and assumed):
            broken = i
            break
    return Chain(start, tuple(dates), broken, assumed)


def cp_reviews_timely(data: DataCin, dates: list[date]) -> MeasureResult:
    """Plans open at D that began at least 3 months before D: reviewed in time. A plan begun
    before the first day the loaded files cover, with no review loaded from before it, is
    judged from that day as if reviewed on it."""
    tally = Tally("cp_reviews_timely")
    plans = open_plans(tally, data)
    reviews = data.plan_reviews
    tally.leave_out(UNREADABLE_REVIEW, records(reviews[reviews["review_bad"]]))
    reviews = reviews[~reviews["review_bad"]]
    by_plan: dict[str, list[date]] = {}
    for key, day in zip(reviews["plan_key"].tolist(), _dates(reviews["review"]), strict=True):
        by_plan.setdefault(key, []).append(day)
    first = data.cover.first
    keys = plans["plan_key"].tolist()
    chains = {
        key: chain(start, by_plan.get(key, []), first)
        for key, start in zip(keys, _dates(plans["start"]), strict=True)
    }
    children = plans["child"].to_numpy(dtype=object)
    starts = plans["start"].to_numpy(dtype="datetime64[ns]")
    ends = plans["end"].to_numpy(dtype="datetime64[ns]")
    began = plans["start"].tolist()
    for d in dates:
        # Open at D (as in counts.cp_plan_count), begun at least 3 months before it.
        at = stamp(d)
        due_by = stamp(months_before(d, 3))
        mine = np.flatnonzero((starts <= at) & (np.isnat(ends) | (ends > at)) & (starts <= due_by))
        timely = 0
        judged = []
        for i in mine.tolist():
            ok, why, due = chains[keys[i]].judge(d)
            timely += ok
            judged.append(ok)
            if not ok:
                late = (d - due).days if due is not None else None
                tally.miss(d, children[i], why, start=began[i], due=due, late=late)
        tally.figure(d, timely, len(mine))
        tally.members(d, children[mine], judged)
    return tally.result()


def _dates(stamps: pd.Series) -> list[date]:
    """Datetimes (none missing) as dates."""
    return stamps.to_numpy(dtype="datetime64[D]").astype(object).tolist()
