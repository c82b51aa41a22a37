"""KPI figures from the lists: authority and team rows in the scorecard's long upload shape."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kpis.annex_a import events, snapshot
from kpis.annex_a.model import AnnexAResult
from kpis.annex_a.timing import period_of

FIGURE_COLUMNS = ["kpi_id", "period", "team", "numerator", "denominator", "value"]


@dataclass(frozen=True)
class Rule:
    """One KPI: the list it reads and the function judging each case in its denominator."""

    kpi_id: str
    list_no: int
    judge: Callable[[pd.DataFrame, date], pd.DataFrame]
    # Whether a case in the numerator misses the KPI (lower is better), or None when the
    # KPI is neutral and no case misses it.
    counted_is_miss: bool | None = False


RULES: tuple[Rule, ...] = (
    Rule("assessments_45_days", 4, events.assessments_45_days),
    Rule("icpc_15_days", 5, events.icpc_15_days),
    Rule("icpc_to_cp_plan", 5, events.icpc_to_cp_plan, None),
    Rule("health_assessments", 8, snapshot.health_assessments),
    Rule("dental_checks", 8, snapshot.dental_checks),
    Rule("lac_reviews_timely", 8, snapshot.lac_reviews_timely),
    Rule("placement_stability_3plus", 8, snapshot.placement_stability_3plus, True),
    Rule("care_leavers_ete", 9, snapshot.care_leavers_ete),
    Rule("care_leavers_suitable_accommodation", 9, snapshot.care_leavers_suitable_accommodation),
    Rule("care_leavers_in_touch", 9, snapshot.care_leavers_in_touch),
)
KPI_IDS: tuple[str, ...] = tuple(rule.kpi_id for rule in RULES)


def judge_all(lists: Mapping[int, pd.DataFrame], as_at: date) -> dict[str, pd.DataFrame]:
    """Each computable KPI's denominator cases, judged (lists the workbook lacks are skipped)."""
    return {
        rule.kpi_id: rule.judge(lists[rule.list_no], as_at)
        for rule in RULES
        if rule.list_no in lists
    }


def aggregate(kpi_id: str, judged: pd.DataFrame) -> pd.DataFrame:
    """Numerator and denominator per month for the authority (team '') and each team."""
    if judged.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    by_team = judged.groupby(["period", "team"], sort=False)["counted"].agg(["sum", "size"])
    whole = judged.groupby("period", sort=False)["counted"].agg(["sum", "size"])
    whole = whole.set_index(pd.Index([""] * len(whole), name="team"), append=True)
    both = pd.concat([whole, by_team]).reset_index()
    months = {m: period_of(m) for m in both["period"].unique()}
    out = pd.DataFrame(
        {
            "kpi_id": kpi_id,
            "period": both["period"].map(months),
            "team": both["team"].astype(str),
            "numerator": both["sum"].astype("int64"),
            "denominator": both["size"].astype("int64"),
        }
    )
    out["value"] = 100.0 * out["numerator"] / out["denominator"]
    return out


def kpi_figures(lists: Mapping[int, pd.DataFrame], as_at: date) -> pd.DataFrame:
    """Every computable KPI for every month (event lists) or the as-at month (snapshots).

    Columns kpi_id, period ('YYYY-MM'), team ('' for the authority), numerator,
    denominator, value (100 * numerator / denominator). A month or team with no case in a
    denominator has no row.
    """
    parts = [aggregate(k, j) for k, j in judge_all(lists, as_at).items() if not j.empty]
    if not parts:
        return pd.DataFrame(columns=FIGURE_COLUMNS).astype(
            {"numerator": "int64", "denominator": "int64", "value": float}
        )
    figures = pd.concat(parts, ignore_index=True)
    return figures.sort_values(["kpi_id", "period", "team"], ignore_index=True)[FIGURE_COLUMNS]


def compute_kpis(result: AnnexAResult) -> pd.DataFrame:
    """The KPI figures of a workbook read by read_annex_a (see kpi_figures)."""
    return kpi_figures(result.lists, result.as_at)
