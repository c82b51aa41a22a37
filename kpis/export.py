"""The figures a person may read outside board views, and them in the long upload format."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from kpis.access import Actor, Role
from kpis.month.scorecard import SUPPRESSED, for_board
from kpis.store import Store
from kpis.upload.shapes import LONG_COLUMNS

EXPORT_COLUMNS = list(LONG_COLUMNS)


def sees_small_numbers(actor: Actor) -> bool:
    """Whether `actor` may read a figure computed from cases whose numerator or denominator is
    1 to 4 (DESIGN §3.3). A viewer reads what the board reads; managers and analysts work with
    the cases behind the figures."""
    return actor.role is not Role.VIEWER


def figures_for(store: Store, as_of: datetime | None = None) -> pd.DataFrame:
    """The figures in effect (or at `as_of`) as `store`'s actor may read them: for a viewer as
    board views show them (kpis.month.scorecard.for_board: small numbers computed from cases
    have no value, numerator or denominator, so no table, chart or sentence made from them can
    reveal one), for anyone else as stored."""
    figures = store.figures(as_of)
    return figures if sees_small_numbers(store.actor) else for_board(figures)


def export_frame(
    store: Store, as_of: datetime | None = None, *, suppress: bool = False
) -> pd.DataFrame:
    """Sorted by kpi_id, period, team; the uploaded target override only, never the catalogue's.

    With `suppress` (exports made by viewers) figures computed from case-level data whose
    numerator or denominator is 1 to 4 lose their numbers and say "fewer than 5" instead.
    """
    figures = store.figures(as_of).sort_values(["kpi_id", "period", "team"], kind="stable")
    figures = figures.reset_index(drop=True)
    if suppress and len(figures):
        # The board's own rule (for_board), so an export hides exactly what the board hides.
        hidden = for_board(figures)["suppressed"].astype(bool)
        figures = figures.astype({"value": object, "numerator": object, "denominator": object})
        figures.loc[hidden, ["value", "numerator", "denominator"]] = None
        figures.loc[hidden, "commentary"] = SUPPRESSED
    return figures[EXPORT_COLUMNS]
