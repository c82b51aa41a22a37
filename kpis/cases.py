"""Loading an Annex A workbook: its KPIs published as a normal load, its cases kept beside them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kpis.annex_a import AnnexAProblem, case_lists, compute_kpis, read_annex_a
from kpis.clock import UK, now
from kpis.loadkinds import ANNEX_A
from kpis.store import PublishResult, Store
from kpis.upload.validate import FIGURE_COLUMNS as UPLOAD_FIGURE_COLUMNS

FIGURE_COLUMNS = UPLOAD_FIGURE_COLUMNS


@dataclass(frozen=True)
class CaseImport:
    """What a workbook gave: its figures, its cases, its warnings, and the publish result."""

    file_name: str
    as_at: date
    figures: pd.DataFrame
    cases: pd.DataFrame
    warnings: tuple[AnnexAProblem, ...]
    result: PublishResult | None

    def summary(self) -> str:
        r = self.result
        what = (
            f"{len(self.figures)} figures for {self.figures['kpi_id'].nunique()} KPIs as at "
            f"{self.as_at.isoformat()}, {len(self.cases)} cases behind them"
        )
        if r is None:
            return f"{self.file_name}: {what}; dry run, nothing was published"
        if r.matched_load is not None:
            return f"{self.file_name}: identical to load {r.matched_load}; nothing changed"
        if not r.published:
            return f"{self.file_name}: {what}; every figure is already published, nothing changed"
        return (
            f"{self.file_name}: published as load {r.load_id}: {what} "
            f"({r.new} new, {r.revised} revised, {r.unchanged} unchanged)"
        )


def import_workbook(
    store: Store,
    data: bytes,
    file_name: str,
    *,
    user: str | None = None,
    as_at: date | None = None,
    dry_run: bool = False,
) -> CaseImport:
    """Read, compute and publish; raises AnnexAError (every problem) for an unusable workbook."""
    result = read_annex_a(data, as_at=as_at, today=now().astimezone(UK).date())
    figures = compute_kpis(result).assign(target=None, commentary=None)[FIGURE_COLUMNS]
    figures = figures.astype({"value": "float64", "numerator": "float64", "denominator": "float64"})
    cases = case_lists(result)
    for column in ("start_date", "event_date", "due_date"):
        cases[column] = pd.to_datetime(cases[column]).dt.strftime("%Y-%m-%d")
    published = None
    if not dry_run and len(figures):
        published = store.publish(
            figures,
            file_name=file_name,
            sha256=hashlib.sha256(data).hexdigest(),
            user=user,
            kind=ANNEX_A,
            case_rows=cases,
        )
    return CaseImport(file_name, result.as_at, figures, cases, result.warnings, published)
