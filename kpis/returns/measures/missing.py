"""Missing from care: incidents in the month, and the share of children missing in the year."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import in_month, year_to
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
    for d in dates:
        first, last = year_to(d)
        start, end = pd.Timestamp(first), pd.Timestamp(last)
        # Sorted, as the members are listed.
        inside = np.unique(spans.child[spans.in_period(first, last)])
        children = np.sort(spans.children.to_numpy()[inside])
        began, ended = incidents["mis_start"], incidents["mis_end"]
        during = began.between(start, end)
        # Begun before the year: its end is needed, so an unreadable one leaves it out.
        before = (began < start) & incidents["mis_end_bad"]
        tally.leave_out(BAD_END, records(incidents[before]))
        earlier = (began < start) & ~incidents["mis_end_bad"] & (ended.isna() | (ended >= start))
        hits = incidents[during | earlier]
        hits = hits[hits["child"].isin(children)].sort_values("mis_start")
        first_hit = hits.drop_duplicates("child")
        tally.figure(d, len(first_hit), len(children))
        tally.members(d, children, np.isin(children, first_hit["child"].to_numpy(dtype=object)))
        for child, when in zip(first_hit["child"], first_hit["mis_start"], strict=True):
            tally.miss(d, child, f"missing from {uk(when)}", event=when)
    return tally.result()
