"""What several 903 measures share: the children looked after at D and why some are left out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import year_to
from kpis.returns.dates import day_of
from kpis.returns.prepared import Data903
from kpis.returns.result import Tally

UNUSABLE = "episodes with an unreadable or missing date, ending before they start, or no child"
SHORT_BREAKS = "children with a short break (V3/V4) in the year"
BAD_RNE = "children with an unknown RNE code"
BAD_PLACE = "children with an unknown PLACE code"
UNKNOWN_LENGTH = "children whose length of care is unknown (earlier years not loaded)"


def records(frame: pd.DataFrame) -> Iterable[tuple]:
    """Each record's identity for the left-out counts: where it is in which return."""
    return zip(frame["period_end"], frame["file"], frame["row"].astype(str), frame["element"],
               strict=True)  # fmt: skip


def unusable_episodes(tally: Tally, data: Data903) -> None:
    tally.leave_out(UNUSABLE, records(data.episodes.unusable))


def looked_after(
    tally: Tally, data: Data903, d: date, *, short_breaks: bool, placements: bool, periods: bool
) -> pd.DataFrame:
    """The children looked after at D (one row each, with the episode covering D and its period
    of care), less those the measure leaves out: with a short break in the year to D
    (`short_breaks`), with an unknown RNE (`periods` or `placements`) or PLACE (`placements`)."""
    # Several measures ask for the same month end: its rows are picked once.
    key = ("care at", d)
    if key not in data.seen:
        rows = at_rows(data, d)
        at = data.care.iloc[rows]
        data.seen[key] = at, data.care_spans.child[rows], at["child"].to_numpy(dtype=object)
    at, child, names = data.seen[key]
    keep = np.ones(len(names), dtype=bool)
    if short_breaks:
        out = np.isin(child, breaks_in_year(data, d))
        tally.leave_out(SHORT_BREAKS, names[out])
        keep &= ~out
    if periods or placements:
        out = keep & data.rne_bad_child[child]
        tally.leave_out(BAD_RNE, names[out])
        keep &= ~out
    if placements:
        out = keep & data.place_bad_child[child]
        tally.leave_out(BAD_PLACE, names[out])
        keep &= ~out
    return at[keep]


def at_rows(data: Data903, d: date) -> np.ndarray:
    """Where in data.care each child looked after at D is (Spans.first_covering)."""
    key = ("at", d)
    if key not in data.seen:
        data.seen[key] = data.care_spans.first_covering(d)
    return data.seen[key]


def breaks_in_year(data: Data903, d: date) -> np.ndarray:
    """The children (numbered as in data.care_spans) with a short break in the year to D."""
    key = ("breaks", d)
    if key not in data.seen:
        first, _ = year_to(d)
        spans = data.break_spans
        data.seen[key] = np.unique(spans.child[spans.in_period(first, d)])
    return data.seen[key]


def uk(day: object) -> str:
    return day_of(day)
