"""What an analyst needs beside each due measure: its previous value, the month's target and
any figure already published for the month (authority figures only)."""

from __future__ import annotations

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.entry.due import due_kpis

COLUMNS = [
    "kpi_id",
    "name",
    "unit",
    "previous",
    "previous_period",
    "target",
    "target_uploaded",
    "value",
    "numerator",
    "denominator",
    "commentary",
]


def authority_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """The whole authority's figures (team blank): what completeness and templates are about."""
    return figures[figures["team"] == ""]


def reference_rows(catalogue: Catalogue, figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """One row per KPI due in `period`, in catalogue order.

    `previous` is the latest authority value before the month; `target` the month's target:
    the one uploaded with the month's figure, else the catalogue's for the month (with its
    financial-year targets); `target_uploaded` only the uploaded one. `value`, `numerator`,
    `denominator` and `commentary` are the month's published authority figure, if any.
    """
    mine = authority_figures(figures)
    before = mine[mine["period"] < period].sort_values("period", kind="stable")
    latest = before.drop_duplicates("kpi_id", keep="last").set_index("kpi_id")
    now = mine[mine["period"] == period].set_index("kpi_id")
    rows = []
    for kpi in due_kpis(catalogue, period):
        current = now.loc[kpi.id] if kpi.id in now.index else None
        uploaded = _number(current, "target")
        rows.append(
            {
                "kpi_id": kpi.id,
                "name": kpi.name,
                "unit": kpi.unit.value,
                "previous": _number(latest.loc[kpi.id] if kpi.id in latest.index else None,
                                    "value"),
                "previous_period": latest.at[kpi.id, "period"] if kpi.id in latest.index else None,
                "target": uploaded if uploaded is not None else kpi.target_for(period),
                "target_uploaded": uploaded,
                "value": _number(current, "value"),
                "numerator": _number(current, "numerator"),
                "denominator": _number(current, "denominator"),
                "commentary": _text(current),
            }
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("previous", "target", "target_uploaded", "value", "numerator", "denominator"):
        frame[column] = frame[column].astype("float64")
    return frame


def _number(row: pd.Series | None, column: str) -> float | None:
    if row is None or pd.isna(row[column]):
        return None
    return float(row[column])


def _text(row: pd.Series | None) -> str | None:
    if row is None or not isinstance(row["commentary"], str) or not row["commentary"]:
        return None
    return row["commentary"]
