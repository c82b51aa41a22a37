"""The board's month: the latest month whose due measures are reported enough to be judged."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.entry.due import due_kpis
from kpis.entry.reference import authority_figures
from kpis.store import Store

# DESIGN §4: a month is ready when at least this share of its expected measures is in.
DEFAULT_READY_AT = 90
READY_AT_LIMITS = (50, 100)
READY_AT_SETTING = "month_ready_at"
# A measure is expected in a month when it had a figure in this many months before it.
LOOK_BACK = 12


@dataclass(frozen=True)
class Readiness:
    """How complete one month is: of the `expected` measures (due in it, with an authority
    figure in the twelve months before), `reported` have one in it."""

    period: str
    reported: int
    expected: int
    ready: bool

    @property
    def note(self) -> str:
        """'incomplete: 6 of 28 measures' for a month not ready, else ''."""
        if self.ready:
            return ""
        noun = "measure" if self.expected == 1 else "measures"
        return f"incomplete: {self.reported} of {self.expected} {noun}"


def _index(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def month_readiness(
    catalogue: Catalogue, figures: pd.DataFrame, ready_at: int = DEFAULT_READY_AT
) -> list[Readiness]:
    """Every month with an authority figure, newest first, with how complete it is.

    A measure the authority never reports, or last reported more than twelve months before,
    is not expected and holds no month back; a month nothing is expected in is ready."""
    mine = authority_figures(figures)
    reported: dict[str, set[int]] = {}
    # Plain lists: iterating Arrow-backed columns value by value is several times slower.
    for kpi_id, period in zip(mine["kpi_id"].tolist(), mine["period"].tolist(), strict=True):
        reported.setdefault(kpi_id, set()).add(_index(period))
    months = sorted(set(mine["period"].tolist()), reverse=True)
    found = []
    for period in months:
        at = _index(period)
        expected = [
            k.id
            for k in due_kpis(catalogue, period)
            if any(at - n in reported.get(k.id, ()) for n in range(1, LOOK_BACK + 1))
        ]
        have = sum(at in reported[k] for k in expected)
        # Whole numbers: 9 of 10 at 90% is ready, with no rounding in a float ratio.
        ready = have * 100 >= ready_at * len(expected)
        found.append(Readiness(period, have, len(expected), ready))
    return found


def board_month(readiness: list[Readiness]) -> str | None:
    """The latest ready month; when none is ready, the latest with figures (None: no figures).
    `readiness` is month_readiness's list, newest first."""
    ready = next((r.period for r in readiness if r.ready), None)
    return ready or (readiness[0].period if readiness else None)


def ready_at(store: Store) -> int:
    """Settings' "a month is ready at" percentage (90 unless an analyst changed it)."""
    return int(store.get_setting(READY_AT_SETTING, str(DEFAULT_READY_AT)))


def set_ready_at(store: Store, percent: int) -> int:
    """Change the threshold (audited; analysts and admins); refused outside 50–100."""
    low, high = READY_AT_LIMITS
    if not low <= percent <= high:
        raise ValueError(f"a month is ready at {low}% to {high}% of its measures, not {percent}%")
    store.set_setting(READY_AT_SETTING, str(percent))
    return percent


def store_board_month(store: Store, catalogue: Catalogue) -> str | None:
    """The board's month for the figures in effect now, at the store's own threshold (what
    the command line defaults to)."""
    return board_month(month_readiness(catalogue, store.figures(), ready_at(store)))
