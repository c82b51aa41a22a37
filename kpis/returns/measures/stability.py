"""Placement stability: 3 or more placements in the year, and long-term stability (§10.3)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns import codes
from kpis.returns.calendar import age_at, months_before, stamp, year_to
from kpis.returns.measures.common import (
    UNKNOWN_LENGTH,
    looked_after,
    uk,
    unusable_episodes,
)
from kpis.returns.periods import continuously_since
from kpis.returns.prepared import Data903
from kpis.returns.result import MeasureResult, Tally

NO_DOB = "children without a readable date of birth in Header"


def placement_stability_3plus(data: Data903, dates: list[date]) -> MeasureResult:
    """Looked after at D, no short breaks: with 3 or more placements in the year to D."""
    tally = Tally("placement_stability_3plus")
    unusable_episodes(tally, data)
    children = data.care_spans.children
    for d in dates:
        first, _ = year_to(d)
        at = looked_after(tally, data, d, short_breaks=True, placements=True, periods=True)
        names = at["child"].to_numpy(dtype=object)
        counts = data.placements.in_year(first, d, children)[children.get_indexer(names)]
        many = counts >= 3
        tally.figure(d, int(many.sum()), len(at))
        tally.members(d, names, many)
        rows = np.flatnonzero(many)
        for i, began in zip(rows.tolist(), at["period_start"].iloc[rows].tolist(), strict=True):
            tally.miss(d, names[i], f"{counts[i]} placements in the year to {uk(d)}", start=began)
    return tally.result()


def placement_stability_long_term(data: Data903, dates: list[date]) -> MeasureResult:
    """Looked after at D, under 16, continuously for at least 30 months, no short breaks: in
    the same placement for at least 24 months (or placed for adoption, with the placement just
    before it begun at least 24 months before D)."""
    tally = Tally("placement_stability_long_term")
    unusable_episodes(tally, data)
    dob = data.header.drop_duplicates("child", keep="last").set_index("child")["dob"]
    for d in dates:
        at = looked_after(tally, data, d, short_breaks=True, placements=True, periods=True)
        ages = age_at(dob.reindex(at["child"]), d)
        no_age = ages.isna().to_numpy()
        tally.leave_out(NO_DOB, at.loc[no_age, "child"])
        at = at[~no_age & (ages.fillna(99) < 16).to_numpy()]
        long, unknown = continuously_since(at, pd.Timestamp(months_before(d, 30)))
        tally.leave_out(UNKNOWN_LENGTH, at.loc[unknown, "child"])
        at = at[long]
        settled = stamp(months_before(d, 24))
        now = data.placements.current(d).drop_duplicates("child")
        names = at["child"].to_numpy(dtype=object)
        # Each child's current placement (-1: none, only temporary ones).
        where = pd.Index(now["child"].to_numpy(dtype=object)).get_indexer(names)
        placed = where >= 0
        began = _at(now["start"], where)
        before = _at(now["previous_start"], where)
        stable = placed & (began <= settled)
        # Begun under 2 years ago: stable still if placed for adoption after a long placement.
        numbers = now["placement"].to_numpy()
        for i in np.flatnonzero(placed & ~stable).tolist():
            adoption = data.placements.latest_place(int(numbers[where[i]]), d) in codes.ADOPTION
            stable[i] = adoption and not np.isnat(before[i]) and before[i] <= settled
        missed = np.flatnonzero(~stable)
        starts = at["period_start"].iloc[missed].tolist()
        for i, start in zip(missed.tolist(), starts, strict=True):
            since = pd.Timestamp(began[i]) if placed[i] else None
            reason = (
                f"current placement began {uk(since)}, under 2 years before {uk(d)}"
                if since is not None
                else f"no placement at {uk(d)} (only temporary ones)"
            )
            tally.miss(d, names[i], reason, start=start, event=since)
        tally.figure(d, int(stable.sum()), len(at))
        tally.members(d, names, stable)
    return tally.result()


def _at(days: pd.Series, where: np.ndarray) -> np.ndarray:
    """The dates at those positions (NaT at -1)."""
    values = days.to_numpy(dtype="datetime64[ns]")
    found = values[where] if len(values) else np.full(len(where), np.datetime64("NaT", "ns"))
    found[where < 0] = np.datetime64("NaT", "ns")
    return found
