"""Placements (§10.2): S, P and B begin one; L, T and U continue it; temporary ones do not count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from kpis.returns import codes
from kpis.returns.calendar import stamp


@dataclass(frozen=True)
class Placements:
    """episodes: the care episodes with `placement` (-1 for a temporary or zero-length one,
    which is no placement and does not end the one before); table: one row per placement with
    child, period, start (its first episode's DECOM), known (begun by S, P or B: otherwise it
    began before that DECOM) and end (the next placement's start in the period, else the
    period's end; NaT while open)."""

    episodes: pd.DataFrame
    table: pd.DataFrame
    # The placed episodes' placements (ascending: a placement's episodes are together), and
    # their starts and PLACE codes, in order (for latest_place).
    numbers: np.ndarray
    starts: np.ndarray
    places: np.ndarray
    seen: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def _days(self) -> tuple[np.ndarray, np.ndarray]:
        """Each placement's start and end (an open one's as the end of time), asked of every
        month end."""
        t = self.table
        ends = t["end"].fillna(pd.Timestamp.max).to_numpy(dtype="datetime64[ns]")
        return t["start"].to_numpy(dtype="datetime64[ns]"), ends

    def current(self, d: date) -> pd.DataFrame:
        """Each child's placement covering D."""
        return self.table[self.covering(d)]

    def covering(self, d: date) -> np.ndarray:
        """Which placements (rows of the table) cover D."""
        starts, ends = self._days
        at = stamp(d)
        return (starts <= at) & (ends > at)

    def in_year(self, first: date, last: date, children: pd.Index) -> np.ndarray:
        """Placements in the year, per child (numbered by their place in `children`): 1 if one
        covered the first day, plus each begun in it (a move on the first day counts once)."""
        starts, ends = self._days
        who = self.numbered(children)
        inside = (starts <= stamp(last)) & (ends > stamp(first)) & (who >= 0)
        return np.bincount(who[inside], minlength=len(children))

    def numbered(self, children: pd.Index) -> np.ndarray:
        """Each placement's child as numbered by its place in `children` (-1: not there)."""
        # The measures ask with the same children month after month: the last answer is kept.
        known = self.seen.get("children")
        if known is None or known[0] is not children:
            who = children.get_indexer(self.table["child"].to_numpy(dtype=object))
            known = self.seen["children"] = (children, who)
        return known[1]

    def latest_place(self, placement: int, d: date) -> str:
        """The PLACE of the placement's latest episode begun by D."""
        first, end = np.searchsorted(self.numbers, [placement, placement + 1])
        k = int(np.searchsorted(self.starts[first:end], stamp(d), side="right"))
        return str(self.places[first + k - 1]) if k else ""


def placements(care: pd.DataFrame) -> Placements:
    """Placements of episodes already in periods of care (see periods.periods_of_care)."""
    e = care.copy()
    eligible = ~e["place"].isin(codes.TEMPORARY) & ~(e["dec"] == e["decom"])
    earlier = eligible.groupby(e["period"]).cumsum() - eligible
    new = eligible & (e["rne"].isin(codes.NEW_PLACEMENT) | (earlier == 0))
    running = new.cumsum()
    e["placement"] = np.where(eligible, running, -1)
    starts = e[new]
    table = pd.DataFrame(
        {
            "placement": running[new].to_numpy(),
            "child": starts["child"].to_numpy(),
            "period": starts["period"].to_numpy(),
            "start": starts["decom"].to_numpy(dtype="datetime64[ns]"),
            "known": starts["rne"].isin(codes.NEW_PLACEMENT).to_numpy(),
            "period_end": starts["period_end"].to_numpy(dtype="datetime64[ns]"),
        }
    )
    following = table.groupby("period")["start"].shift(-1)
    table["end"] = following.fillna(table["period_end"])
    table["previous_start"] = table.groupby("period")["start"].shift(1)
    placed = e[e["placement"] >= 0]
    return Placements(
        e,
        table.drop(columns="period_end"),
        placed["placement"].to_numpy(),
        placed["decom"].to_numpy(dtype="datetime64[ns]"),
        placed["place"].to_numpy(dtype=object),
    )
