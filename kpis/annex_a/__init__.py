"""Case-level KPIs from the Ofsted Annex A workbook (Lists 4, 5, 8 and 9), with their cases."""

from kpis.annex_a.cases import CASE_COLUMNS, case_lists, missed_cases
from kpis.annex_a.figures import FIGURE_COLUMNS, KPI_IDS, compute_kpis, kpi_figures
from kpis.annex_a.model import AnnexAError, AnnexAProblem, AnnexAResult
from kpis.annex_a.reader import load_frames, read_annex_a

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
