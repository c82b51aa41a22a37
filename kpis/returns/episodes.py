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


@dataclass(frozen=True)
class Spans:
    """Episodes as arrays, for asking month after month which of them cover a day: each one's
    DECOM, its DEC (an open one's as the end of time) and its child as a number, `children`
    naming the numbers (-1: a child not among them)."""

    starts: np.ndarray
    ends: np.ndarray
    child: np.ndarray
    children: pd.Index

    def covering(self, d: date) -> np.ndarray:
        """Episodes covering D: from DECOM to the day before DEC (to the end when DEC is
        blank)."""
        at = stamp(d)
        return (self.starts <= at) & (self.ends > at)

    def in_period(self, first: date, last: date) -> np.ndarray:
        """Episodes covering a day of the period (one ending on its first day is not in it,
        and a zero-length episode covers no day at all)."""
        return (self.starts <= stamp(last)) & (self.ends > stamp(first)) & (self.ends > self.starts)

    def first_covering(self, d: date) -> np.ndarray:
        """Where each child looked after at D is: the episode covering D (the earliest-starting
        one where overlapping episodes both cover it, as the care episodes are in child and
        DECOM order)."""
        rows = np.flatnonzero(self.covering(d))
        _, first = np.unique(self.child[rows], return_index=True)
        return rows[np.sort(first)]


def spans(frame: pd.DataFrame, children: pd.Index | None = None) -> Spans:
    """The frame's episodes as Spans, numbering children by `children` if given."""
    if children is None:
        children = pd.Index(pd.unique(frame["child"].to_numpy(dtype=object)), dtype=object)
    return Spans(
        frame["decom"].to_numpy(dtype="datetime64[ns]"),
        _ends(frame),
        children.get_indexer(frame["child"].to_numpy(dtype=object)),
        children,
    )
