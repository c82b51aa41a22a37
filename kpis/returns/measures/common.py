"""What several 903 measures share: the children looked after at D and why some are left out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from kpis.returns.calendar import year_to
from kpis.returns.dates import day_of
from kpis.returns.episodes import looked_after_at, with_short_breaks
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
    at = looked_after_at(data.care, d)
    if short_breaks:
        first, _ = year_to(d)
        breaks = with_short_breaks(data.episodes.short_breaks, first, d)
        out = at["child"].isin(breaks)
        tally.leave_out(SHORT_BREAKS, at.loc[out, "child"])
        at = at[~out]
    if periods or placements:
        out = at["child"].isin(data.bad_rne)
        tally.leave_out(BAD_RNE, at.loc[out, "child"])
        at = at[~out]
    if placements:
        out = at["child"].isin(data.bad_place)
        tally.leave_out(BAD_PLACE, at.loc[out, "child"])
        at = at[~out]
    return at


def uk(day: object) -> str:
    return day_of(day)
