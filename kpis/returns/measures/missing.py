"""Missing from care: incidents in the month, and the share of children missing in the year."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import in_month, stamp, year_to
from kpis.returns.measures.common import records, uk, unusable_episodes
from kpis.returns.prepared import Data903
from kpis.returns.result import MeasureResult, Tally

BAD_CODE = "Missing records whose MISSING is not M or A"
BAD_START = "Missing records with an unreadable or missing MIS_START"
BAD_END = "Missing records with an unreadable MIS_END, or ending before they start"


def _incidents(tally: Tally, data: Data903) -> pd.DataFrame:
    """The readable incidents of going missing (MISSING M), the others left out."""
    m = data.missing
    tally.leave_out(BAD_CODE, records(m[m["missing_bad"]]))
    tally.leave_out(BAD_START, records(m[m["mis_start_bad"] & ~m["missing_bad"]]))
    ok = ~m["missing_bad"] & ~m["mis_start_bad"] & (m["child"] != "")
    return m[ok & (m["missing"] == "M")]


def missing_incidents(data: Data903, dates: list[date]) -> MeasureResult:
    """Missing records with MISSING M starting in D's month (a count)."""
    tally = Tally("missing_incidents", percent=False)
    incidents = _incidents(tally, data)
    for d in dates:
        first, last = in_month(d)
        starts = incidents["mis_start"]
        tally.figure(d, int(starts.between(pd.Timestamp(first), pd.Timestamp(last)).sum()))
    return tally.result()


def cla_missing(data: Data903, dates: list[date]) -> MeasureResult:
    """Of the children looked after at any time in the year to D (an episode that is not a
    short break overlapping it), those with a MISSING M incident in the year: starting in it,
    or begun before it and not ended before its first day."""
    tally = Tally("cla_missing")
    unusable_episodes(tally, data)
    incidents = _incidents(tally, data)
    backwards = incidents["backwards"]
    tally.leave_out(BAD_END, records(incidents[backwards]))
    incidents = incidents[~backwards]
    spans = data.care_spans
    n = len(spans.children)
    # Children by number (as in care_spans; a child never in care is n, in no year), and the
    # numbers in the order of their ids, as the members are listed.
    child = spans.children.get_indexer(incidents["child"].to_numpy(dtype=object))
    child[child < 0] = n
    rank = np.empty(n, dtype="int64")
    rank[np.argsort(spans.children.to_numpy(), kind="stable")] = np.arange(n)
    names = spans.children.to_numpy()
    began = incidents["mis_start"].to_numpy(dtype="datetime64[ns]")
    ended = incidents["mis_end"].to_numpy(dtype="datetime64[ns]")
    end_bad = incidents["mis_end_bad"].to_numpy(dtype=bool)
    open_or_after = np.isnat(ended)
    # Their values as Python values once, for every month's cases.
    who_all, when_all = incidents["child"].tolist(), incidents["mis_start"].tolist()
    for d in dates:
        first, last = year_to(d)
        start, end = stamp(first), stamp(last)
        inside = np.unique(spans.child[spans.in_period(first, last)])
        inside = inside[np.argsort(rank[inside], kind="stable")]
        cared = np.zeros(n + 1, dtype=bool)
        cared[inside] = True
        during = (began >= start) & (began <= end)
        # Begun before the year: its end is needed, so an unreadable one leaves it out.
        before = (began < start) & end_bad
        if before.any():
            tally.leave_out(BAD_END, records(incidents[before]))
        earlier = (began < start) & ~end_bad & (open_or_after | (ended >= start))
        rows = np.flatnonzero((during | earlier) & cared[child])
        # Each child's first incident, in the order pandas sorts them by start (ties as it
        # leaves them: the cases are listed in that order).
        rows = rows[pd.Series(began[rows]).sort_values().index.to_numpy()]
        _, firsts = np.unique(child[rows], return_index=True)
        first_hit = rows[np.sort(firsts)].tolist()
        tally.figure(d, len(first_hit), len(inside))
        hit = np.zeros(n + 1, dtype=bool)
        hit[child[first_hit]] = True
        tally.members(d, names[inside], hit[inside])
        for i in first_hit:
            when = when_all[i]
            tally.miss(d, who_all[i], f"missing from {uk(when)}", event=when)
    return tally.result()
