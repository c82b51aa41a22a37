"""Case-level KPIs from the Ofsted Annex A workbook (Lists 4, 5, 8 and 9), with their cases."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpis.annex_a.cases import CASE_COLUMNS, case_lists, missed_cases
    from kpis.annex_a.figures import FIGURE_COLUMNS, KPI_IDS, compute_kpis, kpi_figures
    from kpis.annex_a.model import AnnexAError, AnnexAProblem, AnnexAResult
    from kpis.annex_a.reader import load_frames, read_annex_a

# Where each name lives: loaded on first use, so the returns, which only need the calendar
# arithmetic of kpis.annex_a.timing, do not load the whole Annex A reader.
_FROM = {
    "CASE_COLUMNS": "cases",
    "case_lists": "cases",
    "missed_cases": "cases",
    "FIGURE_COLUMNS": "figures",
    "KPI_IDS": "figures",
    "compute_kpis": "figures",
    "kpi_figures": "figures",
    "AnnexAError": "model",
    "AnnexAProblem": "model",
    "AnnexAResult": "model",
    "load_frames": "reader",
    "read_annex_a": "reader",
}

__all__ = [
    "CASE_COLUMNS",
    "FIGURE_COLUMNS",
    "KPI_IDS",
    "AnnexAError",
    "AnnexAProblem",
    "AnnexAResult",
    "case_lists",
    "compute_kpis",
    "kpi_figures",
    "load_frames",
    "missed_cases",
    "read_annex_a",
]


def __getattr__(name: str) -> object:
    if name in _FROM:
        return getattr(import_module(f"kpis.annex_a.{_FROM[name]}"), name)
    raise AttributeError(f"module 'kpis.annex_a' has no attribute {name!r}")
