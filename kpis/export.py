"""The current figures (or those in effect at a past time) in the long upload format."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from kpis.month.scorecard import SUPPRESSED, small_number
from kpis.store import Store
from kpis.upload.shapes import LONG_COLUMNS

EXPORT_COLUMNS = list(LONG_COLUMNS)


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
        hidden = figures.apply(small_number, axis=1).astype(bool)
        figures = figures.astype({"value": object, "numerator": object, "denominator": object})
        figures.loc[hidden, ["value", "numerator", "denominator"]] = None
        figures.loc[hidden, "commentary"] = SUPPRESSED
    return figures[EXPORT_COLUMNS]
