"""The year-end figure to DfE's definition (§10.4), for each benchmarked measure and held year."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from kpis.returns.result import MeasureResult

# The measures DfE benchmarks (care_leavers_in_touch has no equivalent: DfE publishes
# "information not known", a different count); the in-month ones take the whole year's events.
YEAR_END = (
    "assessments_45_days", "icpc_15_days", "re_referrals_12m", "cp_second_plan",
    "cp_reviews_timely", "health_assessments", "immunisations", "dental_checks",
    "placement_stability_3plus", "placement_stability_long_term", "cla_missing",
    "care_leavers_ete", "care_leavers_suitable_accommodation",
)  # fmt: skip
WHOLE_YEAR = frozenset({"assessments_45_days", "icpc_15_days"})
COLUMNS = ["kpi_id", "year", "numerator", "denominator", "value"]


def year_months(year: int) -> list[str]:
    """The periods of the year ending 31 March `year`, April first."""
    return [f"{year - 1}-{m:02d}" for m in range(4, 13)] + [f"{year}-{m:02d}" for m in range(1, 4)]


def in_year(kpi_id: str, periods: pd.Series, year: int) -> pd.Series:
    """Which of a measure's months make its year-end figure for the year."""
    if kpi_id in WHOLE_YEAR:
        return periods.isin(year_months(year))
    return periods == f"{year}-03"


def year_ends(results: Iterable[MeasureResult], years: dict[str, Iterable[date]]) -> pd.DataFrame:
    """COLUMNS for each benchmarked measure and each held year ending 31 March (`years` by kind
    of return, '903' and 'cin'): the figure at 31 March, or the year's events summed."""
    rows = []
    for result in results:
        if result.kpi_id not in YEAR_END:
            continue
        kind = "cin" if result.kpi_id in CIN_MEASURES else "903"
        for year in sorted({d.year for d in years.get(kind, ()) if (d.month, d.day) == (3, 31)}):
            figures = result.figures[in_year(result.kpi_id, result.figures["period"], year)]
            numerator, denominator = figures["numerator"].sum(), figures["denominator"].sum()
            if denominator > 0:
                rows.append(
                    (result.kpi_id, year, numerator, denominator, 100.0 * numerator / denominator)
                )
    return pd.DataFrame(rows, columns=COLUMNS).astype(
        {"year": "int64", "numerator": "float64", "denominator": "float64", "value": "float64"}
    )


CIN_MEASURES = frozenset(
    {"assessments_45_days", "icpc_15_days", "re_referrals_12m", "cp_second_plan",
     "cp_reviews_timely"}
)  # fmt: skip
