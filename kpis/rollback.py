"""What rolling back a load undoes, in the words its confirmation and its result use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpis.clock import UK
from kpis.periods import label
from kpis.store import Store

# Up to this many months are named one by one; more read as a range.
NAMED_MONTHS = 3


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def months_text(periods: tuple[str, ...]) -> str:
    """'Apr 2025', 'Feb 2025 and Mar 2025', or 'Apr 2015 to Mar 2025 (120 months)'."""
    if not periods:
        return "no month"
    named = [label(p) for p in periods]
    if len(named) == 1:
        return named[0]
    if len(named) <= NAMED_MONTHS:
        return f"{', '.join(named[:-1])} and {named[-1]}"
    return f"{named[0]} to {named[-1]} ({len(named)} months)"


@dataclass(frozen=True)
class LoadEffect:
    """One load as rolling it back would undo it."""

    load_id: int
    file_name: str
    loaded_by: str
    loaded_at: str
    removed: int  # figures it added, which go
    restored: int  # figures it revised, which return to their earlier values
    months: tuple[str, ...]
    measures: int
    teams: int
    blocked_by: tuple[int, ...]
    only_load: bool  # no other load is in effect: nothing is left afterwards

    @property
    def figures(self) -> int:
        return self.removed + self.restored

    @property
    def name(self) -> str:
        return f"load {self.load_id} ({self.file_name})"

    def scope(self) -> str:
        """'2 figures of 2 measures for Apr 2025, whole authority and 1 team'."""
        teams = f", whole authority and {_plural(self.teams, 'team')}" if self.teams else ""
        return (
            f"{_plural(self.figures, 'figure')} of {_plural(self.measures, 'measure')} for "
            f"{months_text(self.months)}{teams}"
        )

    def _undo(self) -> str:
        parts = []
        if self.removed:
            verb = "is" if self.removed == 1 else "are"
            parts.append(f"{_plural(self.removed, 'figure')} it added {verb} removed")
        if self.restored:
            back = "goes back to its earlier value"
            if self.restored != 1:
                back = "go back to their earlier values"
            parts.append(f"{_plural(self.restored, 'figure')} it revised {back}")
        return " and ".join(parts) or "nothing changes"

    def question(self) -> str:
        """The confirmation: what the load is and everything rolling it back undoes."""
        head = (
            f"Roll back load {self.load_id}, {self.file_name}, loaded {self.loaded_at} by "
            f"{self.loaded_by}?"
        )
        if self.blocked_by:
            return f"{head} {self.refusal()}"
        text = f"{head} It undoes {self.scope()}: {self._undo()}."
        if self.only_load:
            text += (
                " It is the only load in effect: afterwards no figures are published, and every "
                "board page is empty until a file is loaded again."
            )
        return text + " The load stays in the history."

    def refusal(self) -> str:
        later = ", ".join(str(i) for i in self.blocked_by)
        return (
            f"It cannot be rolled back while later load(s) {later} revised some of its "
            "figures: roll those back first."
        )

    def done(self) -> str:
        """What the page says after the rollback."""
        return f"Rolled back {self.name}, {self.scope()}: {self._undo()}. It stays in the history."


def _uk(stamp: str) -> str:
    return pd.Timestamp(stamp).tz_convert(UK).strftime("%d %b %Y %H:%M")


def effect_of(
    load: Mapping[str, Any], rows: pd.DataFrame, blocked_by: list[int], other_loads: int
) -> LoadEffect:
    """The effect of rolling back `load` (a row of the load history) from the figures it wrote,
    the later loads that revised them and how many other loads are in effect."""
    return LoadEffect(
        load_id=int(load["id"]),
        file_name=str(load["file_name"]),
        loaded_by=str(load["user"]),
        loaded_at=_uk(str(load["loaded_at"])),
        # The counts the load was published with: what it added and what it revised.
        removed=int(load["new"]),
        restored=int(load["revised"]),
        months=tuple(sorted(rows["period"].unique())),
        measures=int(rows["kpi_id"].nunique()),
        teams=int(rows.loc[rows["team"] != "", "team"].nunique()),
        blocked_by=tuple(blocked_by),
        only_load=other_loads == 0,
    )


def load_effect(store: Store, load_id: int) -> LoadEffect | None:
    """What rolling back the load would undo, read from the store (None: no such load)."""
    loads = store.loads()
    found = loads[loads["id"] == load_id]
    if found.empty:
        return None
    others = loads[(loads["id"] != load_id) & loads["rolled_back_at"].isna()]
    return effect_of(
        found.iloc[0], store.load_rows(load_id), store.later_revisions(load_id), len(others)
    )
