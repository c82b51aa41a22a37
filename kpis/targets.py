"""Targets as the board sees them: the catalogue's, overridden by changes analysts made."""

from __future__ import annotations

import pandas as pd

from kpis.catalogue import Catalogue, Kpi


def effective_catalogue(catalogue: Catalogue, changes: pd.DataFrame) -> Catalogue:
    """The catalogue with each KPI's latest target change per financial year applied.

    A change with no financial year replaces the default target; a tolerance, when given,
    replaces the KPI's amber tolerance. The result is validated like the file itself.
    """
    if changes.empty:
        return catalogue
    latest = changes.sort_values("id").drop_duplicates(["kpi_id", "financial_year"], keep="last")
    by_kpi = {k: rows for k, rows in latest.groupby("kpi_id")}
    kpis = [_apply(kpi, by_kpi[kpi.id]) if kpi.id in by_kpi else kpi for kpi in catalogue.kpis]
    return Catalogue.model_validate({"kpis": [k.model_dump() for k in kpis]})


def _apply(kpi: Kpi, rows: pd.DataFrame) -> Kpi:
    update: dict = {"year_targets": dict(kpi.year_targets)}
    for row in rows.sort_values("id").itertuples():
        target = None if pd.isna(row.target) else float(row.target)
        if row.financial_year:
            update["year_targets"][row.financial_year] = target
        else:
            update["target"] = target
        if not pd.isna(row.tolerance):
            update["tolerance"] = float(row.tolerance)
    update["year_targets"] = {y: t for y, t in update["year_targets"].items() if t is not None}
    return kpi.model_copy(update=update)


def catalogue_for(store) -> Catalogue:
    """The catalogue file with the store's target changes applied."""
    from kpis.catalogue import load_catalogue

    return effective_catalogue(load_catalogue(), store.target_changes())


def change_target(
    store, kpi_id: str, *, target: float | None, tolerance: float | None, financial_year: str = ""
) -> Catalogue:
    """Check a target change against the catalogue's rules, then record it (validated first,
    so a rejected change writes nothing). Raises CatalogueError naming the problem."""
    from pydantic import ValidationError

    from kpis.catalogue import CatalogueError, load_catalogue

    changes = store.target_changes()
    proposed = pd.DataFrame(
        [{"id": int(changes["id"].max()) + 1 if len(changes) else 1, "kpi_id": kpi_id,
          "financial_year": financial_year, "target": target, "tolerance": tolerance}]
    )  # fmt: skip
    try:
        result = effective_catalogue(load_catalogue(), pd.concat([changes, proposed]))
    except ValidationError as bad:
        messages = "; ".join(e["msg"] for e in bad.errors())
        raise CatalogueError(f"{kpi_id}: {messages}") from None
    store.set_target(kpi_id, target=target, tolerance=tolerance, financial_year=financial_year)
    return result
