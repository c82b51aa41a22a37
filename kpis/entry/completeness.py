"""Completeness: which measures due in a month have an authority figure, said in one line."""

from __future__ import annotations

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.entry.due import due_kpis
from kpis.entry.reference import authority_figures
from kpis.periods import label

COLUMNS = ["kpi_id", "name", "status"]
PRESENT, MISSING = "present", "missing"


def completeness(catalogue: Catalogue, figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """`kpi_id`, `name`, `status` (present or missing) for each KPI due in `period`, in
    catalogue order. Only the whole authority's figure counts: a team's figure alone is not
    the measure's figure for the month."""
    mine = authority_figures(figures)
    have = set(mine.loc[mine["period"] == period, "kpi_id"])
    rows = [
        {"kpi_id": k.id, "name": k.name, "status": PRESENT if k.id in have else MISSING}
        for k in due_kpis(catalogue, period)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def completeness_line(table: pd.DataFrame, period: str) -> str:
    """'31 of 34 measures due for Mar 2025 have figures; missing: A, B, C.'"""
    missing = table.loc[table["status"] == MISSING, "name"].tolist()
    present = len(table) - len(missing)
    line = f"{present} of {len(table)} measures due for {label(period)} have figures"
    return f"{line}; missing: {', '.join(missing)}." if missing else f"{line}."
