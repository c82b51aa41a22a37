"""Every measure of §10.3 at every month end its window is covered for, from the held returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kpis.returns.breakdown import breakdowns, who_903, who_cin
from kpis.returns.calendar import year_to
from kpis.returns.coverage import (
    Coverage,
    coverage_903,
    window_at,
    window_in_month,
    window_rolling,
    window_six_months,
    window_two_years,
)
from kpis.returns.measures import (
    counts,
    health,
    leavers,
    missing,
    plans,
    referrals,
    reviews,
    stability,
    timeliness,
)
from kpis.returns.prepared import Data903, DataCin, held, prepare
from kpis.returns.problems import ReturnProblem
from kpis.returns.result import CASE_COLUMNS, MeasureResult
from kpis.returns.yearend import year_ends

FIGURE_COLUMNS = ["kpi_id", "period", "team", "value", "numerator", "denominator", "target",
                  "commentary"]  # fmt: skip
Window = Callable[[date], tuple[date, date]]


@dataclass(frozen=True)
class Measure:
    """A measure: its KPI, the return it reads, the window a month's figure needs covered,
    and (903) the table whose years it is limited to."""

    kpi_id: str
    kind: str
    window: Window
    run: Callable[..., MeasureResult]
    table: str | None = None
    year_end_only: bool = False


MEASURES = (
    Measure("placement_stability_3plus", "903", window_rolling,
            stability.placement_stability_3plus),
    Measure("placement_stability_long_term", "903", window_at,
            stability.placement_stability_long_term),
    Measure("health_assessments", "903", window_rolling, health.health_assessments, "OC2", True),
    Measure("immunisations", "903", window_rolling, health.immunisations, "OC2", True),
    Measure("dental_checks", "903", window_rolling, health.dental_checks, "OC2", True),
    Measure("care_leavers_ete", "903", window_rolling, leavers.care_leavers_ete, "OC3", True),
    Measure("care_leavers_suitable_accommodation", "903", window_rolling,
            leavers.care_leavers_suitable_accommodation, "OC3", True),
    Measure("care_leavers_in_touch", "903", window_rolling, leavers.care_leavers_in_touch,
            "OC3", True),
    Measure("lac_reviews_timely", "903", window_six_months, reviews.lac_reviews_timely,
            "Reviews"),
    Measure("missing_incidents", "903", window_in_month, missing.missing_incidents, "Missing"),
    Measure("cla_missing", "903", window_rolling, missing.cla_missing, "Missing"),
    Measure("cla_count", "903", window_at, counts.cla_count),
    Measure("assessments_45_days", "cin", window_in_month, timeliness.assessments_45_days),
    Measure("icpc_15_days", "cin", window_in_month, timeliness.icpc_15_days),
    Measure("icpc_to_cp_plan", "cin", window_in_month, timeliness.icpc_to_cp_plan),
    Measure("re_referrals_12m", "cin", window_two_years, referrals.re_referrals_12m),
    Measure("cp_second_plan", "cin", window_rolling, referrals.cp_second_plan),
    Measure("cp_reviews_timely", "cin", window_at, plans.cp_reviews_timely),
    Measure("cp_plan_count", "cin", window_at, counts.cp_plan_count),
)  # fmt: skip
MEASURE_IDS = tuple(m.kpi_id for m in MEASURES)


@dataclass(frozen=True)
class Computation:
    """The figures (FIGURE_COLUMNS), the cases behind them (CASE_COLUMNS), each measure's
    result (months produced, records left out), the warnings found while computing, and the
    year-end figures (yearend.COLUMNS) with who is behind them (breakdown.COLUMNS)."""

    figures: pd.DataFrame
    cases: pd.DataFrame
    results: tuple[MeasureResult, ...]
    warnings: tuple[ReturnProblem, ...]
    year_ends: pd.DataFrame
    breakdowns: pd.DataFrame


def due_dates(measure: Measure, cover: Coverage, data: Data903 | DataCin) -> list[date]:
    """The month ends whose window the held returns cover (for a measure tied to a table, the
    returns holding it; for a year-end one, the 31 Marches of those returns)."""
    if measure.table is not None and isinstance(data, Data903):
        years = data.years_with[measure.table]
        cover = coverage_903(y.year for y in years)
        if measure.year_end_only:
            return sorted(y for y in years if cover.covers(*year_to(y)))
    return [d for d in cover.month_ends() if cover.covers(*measure.window(d))]


def compute(tables: Mapping[str, pd.DataFrame]) -> Computation:
    """Every measure over the held tables (as the store gives them, with HELD)."""
    data903, data_cin = prepare(tables)
    results = []
    for measure in MEASURES:
        data = data903 if measure.kind == "903" else data_cin
        if data is None:
            continue
        dates = due_dates(measure, data.cover, data)
        if dates:
            results.append(measure.run(data, dates))
    figures = [
        r.figures.assign(kpi_id=r.kpi_id, team="", target=None, commentary=None)
        for r in results
        if len(r.figures)
    ]
    frame = (
        pd.concat(figures, ignore_index=True)[FIGURE_COLUMNS]
        if figures
        else pd.DataFrame(columns=FIGURE_COLUMNS)
    )
    frame = frame.astype({"value": "float64", "numerator": "float64", "denominator": "float64"})
    frame["target"] = frame["target"].astype("float64")
    frame["commentary"] = frame["commentary"].astype(object)
    cases = [r.cases for r in results if len(r.cases)]
    case_frame = (
        pd.concat(cases, ignore_index=True) if cases else pd.DataFrame(columns=CASE_COLUMNS)
    )
    warnings = tuple(w for r in results for w in r.warnings)
    ends = year_ends(results, {kind: held(tables, kind) for kind in ("903", "cin")})
    who = {
        "903": who_903(data903.header) if data903 else _nobody(),
        "cin": who_cin(data_cin.children) if data_cin else _nobody(),
    }
    behind = breakdowns(results, ends, who, data903.uasc if data903 else None)
    return Computation(frame, case_frame, tuple(results), warnings, ends, behind)


def _nobody() -> pd.DataFrame:
    return pd.DataFrame({"dob": pd.Series(dtype="datetime64[ns]"), "sex": [], "ethnic": []})
