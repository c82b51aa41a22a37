"""KPI figures from the lists: authority and team rows in the scorecard's long upload shape."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from kpis.annex_a import events, snapshot
from kpis.annex_a.judged import Judged
from kpis.annex_a.model import AnnexAResult
from kpis.annex_a.reader import UNALLOCATED
from kpis.annex_a.timing import month_period

FIGURE_COLUMNS = ["kpi_id", "period", "team", "numerator", "denominator", "value"]


@dataclass(frozen=True)
class Rule:
    """One KPI: the list it reads and the function judging each case in its denominator."""

    kpi_id: str
    list_no: int
    judge: Callable[[pd.DataFrame, date], Judged]
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
_RULE_OF = {rule.kpi_id: rule for rule in RULES}
_LISTS = {rule.list_no for rule in RULES}


def judge_all(lists: Mapping[int, pd.DataFrame], as_at: date) -> dict[str, Judged]:
    """Each computable KPI's denominator cases, judged (lists the workbook lacks are skipped)."""
    return {
        rule.kpi_id: rule.judge(lists[rule.list_no], as_at)
        for rule in RULES
        if rule.list_no in lists
    }


@dataclass(frozen=True)
class Teams:
    """A list's teams: names in sorted order, and each row's position among them."""

    names: np.ndarray
    codes: np.ndarray


def teams_of(frame: pd.DataFrame) -> Teams:
    """The teams of a list's rows, each distinct team text read once."""
    codes, distinct = pd.factorize(frame["team"])
    if (codes < 0).any():
        # A missing team (the reader itself writes 'Unallocated' for blanks) is Unallocated.
        codes, distinct = pd.factorize(frame["team"].fillna(UNALLOCATED))
    names = np.array([str(team) for team in distinct], dtype=object)
    order = np.argsort(names, kind="stable")
    rank = np.empty(len(order), dtype="int64")
    rank[order] = np.arange(len(order))
    return Teams(names[order], rank[codes])


def _tally(cells: np.ndarray, counted: np.ndarray, size: int) -> tuple[np.ndarray, ...]:
    """The distinct cells (ascending, all below size), with counted cases and cases in each."""
    if size <= 2 * len(cells) + 4096:
        cases = np.bincount(cells, minlength=size)
        hits = np.bincount(cells, weights=counted, minlength=size)
        distinct = np.flatnonzero(cases)
        return distinct, hits[distinct].astype("int64"), cases[distinct]
    # Too many teams and months for a dense grid: count over the cells that occur.
    codes, distinct = pd.factorize(cells, sort=True)
    hits = np.bincount(codes, weights=counted, minlength=len(distinct))
    return distinct, hits.astype("int64"), np.bincount(codes, minlength=len(distinct))


def aggregate(kpi_id: str, judged: Judged, teams: Teams) -> pd.DataFrame:
    """Numerator and denominator per month for the authority (team '') and each team, sorted."""
    if not len(judged):
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    first = int(judged.months.min())
    width = len(teams.names)
    months = judged.months - first
    span = int(months.max()) + 1
    cells, numerator, denominator = _tally(
        months * width + teams.codes[judged.rows], judged.counted, span * width
    )
    # The authority row of a month sums that month's team rows.
    of_month = cells // width
    whole = np.flatnonzero(np.bincount(of_month, minlength=span))
    whole_numerator = np.bincount(of_month, weights=numerator, minlength=span)[whole]
    whole_denominator = np.bincount(of_month, weights=denominator, minlength=span)[whole]
    # Each month's authority row (position -1) comes before its team rows, teams in name order.
    month = np.concatenate([whole, of_month])
    position = np.concatenate([np.full(len(whole), -1), cells % width])
    order = np.lexsort((position, month))
    names = np.concatenate([np.array([""], dtype=object), teams.names])
    periods = {m: month_period(first + m) for m in whole.tolist()}
    out = pd.DataFrame(
        {
            "kpi_id": kpi_id,
            "period": [periods[m] for m in month[order].tolist()],
            "team": names[position[order] + 1],
            "numerator": np.concatenate([whole_numerator, numerator])[order].astype("int64"),
            "denominator": np.concatenate([whole_denominator, denominator])[order].astype("int64"),
        }
    )
    out["value"] = 100.0 * out["numerator"] / out["denominator"]
    return out


def kpi_figures(lists: Mapping[int, pd.DataFrame], as_at: date) -> pd.DataFrame:
    """Every computable KPI for every month (event lists) or the as-at month (snapshots).

    Columns kpi_id, period ('YYYY-MM'), team ('' for the authority), numerator,
    denominator, value (100 * numerator / denominator), sorted by kpi_id, period and team.
    A month or team with no case in a denominator has no row.
    """
    teams = {n: teams_of(frame) for n, frame in lists.items() if n in _LISTS}
    judged = judge_all(lists, as_at)
    parts = [
        aggregate(kpi_id, judged[kpi_id], teams[rule.list_no])
        for kpi_id, rule in sorted(_RULE_OF.items())
        if kpi_id in judged and len(judged[kpi_id])
    ]
    if not parts:
        return pd.DataFrame(columns=FIGURE_COLUMNS).astype(
            {"numerator": "int64", "denominator": "int64", "value": float}
        )
    return pd.concat(parts, ignore_index=True)[FIGURE_COLUMNS]


def compute_kpis(result: AnnexAResult) -> pd.DataFrame:
    """The KPI figures of a workbook read by read_annex_a (see kpi_figures)."""
    return kpi_figures(result.lists, result.as_at)
