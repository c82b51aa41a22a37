"""The current figures (or those in effect at a past time) in the long upload format."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from kpis.store import Store

EXPORT_COLUMNS = [
    "kpi_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "team",
    "commentary",
]


def export_frame(store: Store, as_of: datetime | None = None) -> pd.DataFrame:
    """Sorted by kpi_id, period, team; the uploaded target override only, never the catalogue's."""
    figures = store.figures(as_of)
    return figures.sort_values(["kpi_id", "period", "team"], kind="stable")[
        EXPORT_COLUMNS
    ].reset_index(drop=True)
