"""Which measures are due in a month: monthly always, quarterly at quarter ends, annual in March."""

from __future__ import annotations

from kpis.catalogue import Catalogue, Frequency, Kpi

QUARTER_ENDS = frozenset({3, 6, 9, 12})
# The financial year (April to March) ends in March, so annual figures are reported there.
YEAR_END = 3


def is_due(kpi: Kpi, period: str) -> bool:
    """Whether `kpi` has a figure to report for the month 'YYYY-MM'."""
    month = int(period[5:7])
    if kpi.frequency is Frequency.QUARTERLY:
        return month in QUARTER_ENDS
    if kpi.frequency is Frequency.ANNUAL:
        return month == YEAR_END
    return True


def due_kpis(catalogue: Catalogue, period: str) -> list[Kpi]:
    """The KPIs due in the month, in catalogue order."""
    return [kpi for kpi in catalogue.kpis if is_due(kpi, period)]
