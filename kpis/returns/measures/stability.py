"""Placement stability: 3 or more placements in the year, and long-term stability (§10.3)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns import codes
from kpis.returns.calendar import ages, birth_parts, months_before, stamp, year_to
from kpis.returns.measures.common import (
    UNKNOWN_LENGTH,
    looked_after,
    uk,
    unusable_episodes,
)
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
    children = data.care_spans.children
    # Each child's date of birth and current placement by number (as in data.care_spans), so
    # each month end is numpy over arrays, not frames.
    dob = data.header.drop_duplicates("child", keep="last").set_index("child")["dob"]
    year, month, day, known = birth_parts(dob.reindex(children))
    table = data.placements.table
    who = data.placements.numbered(children)
    starts = table["start"].to_numpy(dtype="datetime64[ns]")
    previous = table["previous_start"].to_numpy(dtype="datetime64[ns]")
    numbers = table["placement"].to_numpy()
    for d in dates:
        at = looked_after(tally, data, d, short_breaks=True, placements=True, periods=True)
        names = at["child"].to_numpy(dtype=object)
        child = children.get_indexer(names)
        no_age = ~known[child]
        tally.leave_out(NO_DOB, names[no_age])
        young = ~no_age & (ages(year[child], month[child], day[child], d) < 16)
        began_care = at["period_start"].to_numpy(dtype="datetime64[ns]")
        since = stamp(months_before(d, 30))
        unknown = young & ~at["period_known"].to_numpy(dtype=bool) & (began_care > since)
        tally.leave_out(UNKNOWN_LENGTH, names[unknown])
        rows = np.flatnonzero(young & (began_care <= since))
        names, child = names[rows], child[rows]
        settled = stamp(months_before(d, 24))
        # Each child's current placement (-1: none, only temporary ones): the first in table
        # order when there are two.
        where = _first_by_child(data.placements.covering(d) & (who >= 0), who, len(children))
        where = where[child]
        placed = where >= 0
        began = _at(starts, where)
        before = _at(previous, where)
        stable = placed & (began <= settled)
        # Begun under 2 years ago: stable still if placed for adoption after a long placement.
        for i in np.flatnonzero(placed & ~stable).tolist():
            adoption = data.placements.latest_place(int(numbers[where[i]]), d) in codes.ADOPTION
            stable[i] = adoption and not np.isnat(before[i]) and before[i] <= settled
        missed = np.flatnonzero(~stable)
        period_starts = at["period_start"].iloc[rows[missed]].tolist()
        for i, start in zip(missed.tolist(), period_starts, strict=True):
            since_placed = pd.Timestamp(began[i]) if placed[i] else None
            reason = (
                f"current placement began {uk(since_placed)}, under 2 years before {uk(d)}"
                if since_placed is not None
                else f"no placement at {uk(d)} (only temporary ones)"
            )
            tally.miss(d, names[i], reason, start=start, event=since_placed)
        tally.figure(d, int(stable.sum()), len(rows))
        tally.members(d, names, stable)
    return tally.result()


def _first_by_child(mask: np.ndarray, who: np.ndarray, size: int) -> np.ndarray:
    """For each child number, the first row where mask holds (-1: none)."""
    rows = np.flatnonzero(mask)
    found, first = np.unique(who[rows], return_index=True)
    out = np.full(size, -1, dtype="int64")
    out[found] = rows[first]
    return out


def _at(values: np.ndarray, where: np.ndarray) -> np.ndarray:
    """The dates at those positions (NaT at -1)."""
    found = values[where] if len(values) else np.full(len(where), np.datetime64("NaT", "ns"))
    found[where < 0] = np.datetime64("NaT", "ns")
    return found
