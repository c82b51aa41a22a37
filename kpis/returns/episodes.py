"""903 episodes (§10.2): short breaks set apart, the days an episode covers, looked after at D."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from kpis.returns import typed
from kpis.returns.calendar import stamp


@dataclass(frozen=True)
class Episodes:
    """The merged episodes, typed and split.

    care: usable episodes that are not short breaks, in child and DECOM order (a zero-length
    episode before the one sharing its DECOM); short_breaks: usable V3/V4 episodes, removed
    before anything else; unusable: episodes with an unreadable or missing date, ending before
    they start, or without a child id, which are in no measure.
    """

    care: pd.DataFrame
    short_breaks: pd.DataFrame
    unusable: pd.DataFrame


def split(raw: pd.DataFrame) -> Episodes:
    frame = typed.episodes(raw)
    usable = frame["usable"]
    care = frame[usable & ~frame["short_break"]]
    care = care.sort_values(["child", "decom", "dec"], kind="stable", na_position="last")
    return Episodes(
        care.reset_index(drop=True),
        frame[usable & frame["short_break"]].reset_index(drop=True),
        frame[~usable].reset_index(drop=True),
    )


def _ends(frame: pd.DataFrame) -> np.ndarray:
    """Each episode's DEC, an open episode's as the end of time."""
    return frame["dec"].fillna(pd.Timestamp.max).to_numpy(dtype="datetime64[ns]")


def covering(frame: pd.DataFrame, d: date) -> np.ndarray:
    """Episodes covering D: from DECOM to the day before DEC (to the end when DEC is blank)."""
    at = stamp(d)
    return (frame["decom"].to_numpy(dtype="datetime64[ns]") <= at) & (_ends(frame) > at)


def in_period(frame: pd.DataFrame, first: date, last: date) -> np.ndarray:
    """Episodes covering a day of the period (one ending on its first day is not in it, and a
    zero-length episode covers no day at all)."""
    starts = frame["decom"].to_numpy(dtype="datetime64[ns]")
    ends = _ends(frame)
    return (starts <= stamp(last)) & (ends > stamp(first)) & (ends > starts)


def looked_after_at(care: pd.DataFrame, d: date) -> pd.DataFrame:
    """Each child looked after at D with the episode covering D (the earliest-starting one
    where overlapping episodes both cover it)."""
    return care[covering(care, d)].drop_duplicates("child", keep="first")


def with_short_breaks(short_breaks: pd.DataFrame, first: date, last: date) -> set[str]:
    """Children with a short-break episode in the period."""
    return set(short_breaks.loc[in_period(short_breaks, first, last), "child"])
