"""Children looked after whose latest statutory review was within the 6 months to D (§10.3)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import months_after, months_before, stamp
from kpis.returns.measures.common import (
    UNKNOWN_LENGTH,
    looked_after,
    records,
    uk,
    unusable_episodes,
)
from kpis.returns.prepared import Data903
from kpis.returns.result import MeasureResult, Tally
from kpis.working_days import add_working_days, day_numbers, working_days_between_days

SETTLED = 20
UNREADABLE = "reviews with an unreadable or missing date"


def lac_reviews_timely(data: Data903, dates: list[date]) -> MeasureResult:
    """Looked after at D for more than 20 working days since the period of care began: the
    latest REVIEW on or before D (in any period) is on or after the same day 6 months before."""
    tally = Tally("lac_reviews_timely")
    unusable_episodes(tally, data)
    reviews = data.reviews
    tally.leave_out(UNREADABLE, records(reviews[reviews["review_bad"]]))
    reviews = reviews[~reviews["review_bad"]]
    # Each review by its child's number (as in data.care_spans; only children in care count).
    children = data.care_spans.children
    who = children.get_indexer(reviews["child"].to_numpy(dtype=object))
    when = reviews["review"].to_numpy(dtype="datetime64[ns]").view("int64")[who >= 0]
    who = who[who >= 0]
    for d in dates:
        at = looked_after(tally, data, d, short_breaks=False, placements=False, periods=True)
        began = at["period_start"].to_numpy(dtype="datetime64[ns]")
        today = day_numbers(np.array([stamp(d)]))
        days = working_days_between_days(day_numbers(began), np.repeat(today, len(began)))
        settled = days > SETTLED
        # Began before its earliest loaded episode: settled if that episode already is.
        unknown = ~at["period_known"].to_numpy(dtype=bool) & ~settled
        names = at["child"].to_numpy(dtype=object)
        tally.leave_out(UNKNOWN_LENGTH, names[unknown])
        rows = np.flatnonzero(settled)
        names = names[rows]
        held = when <= stamp(d).astype("int64")
        # NaT is the smallest int64: a child with no review so far keeps it.
        latest = np.full(len(children), np.datetime64("NaT", "ns").astype("int64"))
        np.maximum.at(latest, who[held], when[held])
        mine = latest[children.get_indexer(names)].view("datetime64[ns]")
        since = stamp(months_before(d, 6))
        timely = mine >= since
        tally.figure(d, int(timely.sum()), len(rows))
        tally.members(d, names, timely)
        missed = np.flatnonzero(~timely)
        starts = at["period_start"].iloc[rows[missed]].tolist()
        lasts = pd.Series(mine[missed]).tolist()
        for child, began_at, last in zip(names[missed], starts, lasts, strict=True):
            if pd.isna(last):
                due = add_working_days(began_at, SETTLED)
                reason = "no statutory review recorded"
            else:
                due = months_after(last.date(), 6)
                reason = f"last review {uk(last)}, more than 6 months before {uk(d)}"
            late = max(1, (pd.Timestamp(d) - pd.Timestamp(due)).days)
            tally.miss(d, child, reason, start=began_at, event=last, due=due, late=late)
    return tally.result()
