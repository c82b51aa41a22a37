"""The cases that miss each KPI: child id (never a name), team, worker, dates, lateness."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from kpis.annex_a import events, snapshot
from kpis.annex_a.figures import RULES
from kpis.annex_a.model import AnnexAResult
from kpis.annex_a.timing import add_months, age_years, month_periods
from kpis.loadkinds import CASE_COLUMNS as STORED_CASE_COLUMNS
from kpis.working_days import add_working_days_series

CASE_COLUMNS = [*STORED_CASE_COLUMNS, "list", "row"]
_NAT = pd.NaT


def _uk(day: pd.Timestamp) -> str:
    return day.strftime("%d/%m/%Y")


def _details(
    start: pd.Series, event: pd.Series, due: pd.Series, late: pd.Series, reason: list[str]
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "start_date": start.astype("datetime64[ns]"),
            "event_date": event.astype("datetime64[ns]"),
            "due_date": due.astype("datetime64[ns]"),
            "days_late": pd.array(late, dtype="Int64"),
            "reason": reason,
        },
        index=start.index,
    )


def _timeliness(
    start: str, end: str, limit: int, days: Callable[[pd.DataFrame], pd.Series], what: str
):
    def explain(cases: pd.DataFrame, as_at: date) -> pd.DataFrame:
        count = days(cases)
        due = add_working_days_series(cases[start], limit)
        reason = [f"{what} {n} working days after {_WHEN[start]} (limit {limit})" for n in count]
        return _details(cases[start], cases[end], due, count - limit, reason)

    return explain


_WHEN = {"strategy": "the strategy discussion", "start": "the assessment started"}


def _calendar_late(due: pd.Series, as_at: date) -> pd.Series:
    # At least a day: month-end clamping can put a just-missed due date on the as-at date.
    late = (pd.Timestamp(as_at) - due).dt.days
    return late.clip(lower=1).astype("Int64")


def _check(column: str, what: str, months: Callable[[pd.DataFrame, date], pd.Series]):
    def explain(cases: pd.DataFrame, as_at: date) -> pd.DataFrame:
        last = cases[column]
        span = months(cases, as_at)
        after = last > pd.Timestamp(as_at)
        due = add_months(last.where(~after), span)
        reason = []
        for day, is_after, m in zip(last, after, span, strict=True):
            if pd.isna(day):
                reason.append(f"no {what} recorded")
            elif is_after:
                reason.append(f"{what} dated {_uk(day)}, after the as-at date, is not counted")
            else:
                reason.append(f"last {what} {_uk(day)}, more than {m} months before the as-at date")
        return _details(cases["started"], last, due, _calendar_late(due, as_at), reason)

    return explain


def _health_months(cases: pd.DataFrame, as_at: date) -> pd.Series:
    under_5 = (age_years(cases["dob"], as_at) < 5).fillna(False).astype(bool)
    return pd.Series(np.where(under_5, 6, 12), index=cases.index)


def _reviews(cases: pd.DataFrame, as_at: date) -> pd.DataFrame:
    explain = _check("review", "statutory review", lambda c, _: pd.Series(6, index=c.index))
    details = explain(cases, as_at)
    # With no review at all, the first one was due 20 working days after care started.
    none = cases["review"].isna()
    first_due = add_working_days_series(cases["started"], snapshot.SETTLED_WORKING_DAYS)
    details["due_date"] = details["due_date"].mask(none, first_due)
    details["reason"] = details["reason"].mask(
        none, "no statutory review recorded (the first was due 20 working days after care started)"
    )
    details["days_late"] = _calendar_late(details["due_date"], as_at).where(
        details["due_date"].notna()
    )
    return details


def _placements(cases: pd.DataFrame, as_at: date) -> pd.DataFrame:
    reason = [f"{int(n)} placements in the last 12 months" for n in cases["placements"]]
    blank = pd.Series(_NAT, index=cases.index)
    return _details(cases["started"], blank, blank, pd.Series(pd.NA, index=cases.index), reason)


def _care_leaver(column: str, what: str, blank_text: str):
    def explain(cases: pd.DataFrame, as_at: date) -> pd.DataFrame:
        ages = age_years(cases["dob"], as_at)
        reason = [
            f"aged {age}; {what}: {answer}" if answer else f"aged {age}; {blank_text}"
            for age, answer in zip(ages, cases[column], strict=True)
        ]
        blank = pd.Series(_NAT, index=cases.index)
        return _details(blank, blank, blank, pd.Series(pd.NA, index=cases.index), reason)

    return explain


_EXPLAIN: dict[str, Callable[[pd.DataFrame, date], pd.DataFrame]] = {
    "icpc_15_days": _timeliness(
        "strategy", "icpc", events.ICPC_LIMIT, events.icpc_working_days, "ICPC held"
    ),
    "assessments_45_days": _timeliness(
        "start", "authorised", events.ASSESSMENT_LIMIT, events.assessment_working_days, "authorised"
    ),
    "health_assessments": _check("health", "health assessment", _health_months),
    "dental_checks": _check("dental", "dental check", lambda c, _: pd.Series(12, index=c.index)),
    "lac_reviews_timely": _reviews,
    "placement_stability_3plus": _placements,
    "care_leavers_ete": _care_leaver(
        "activity", "not in education, employment or training", "no activity recorded"
    ),
    "care_leavers_suitable_accommodation": _care_leaver(
        "suitability", "accommodation not suitable", "no suitability of accommodation recorded"
    ),
    "care_leavers_in_touch": _care_leaver("in_touch", "LA in touch", "no 'LA in touch' answer"),
}


def missed_cases(lists: Mapping[int, pd.DataFrame], as_at: date) -> pd.DataFrame:
    """Every case that misses a KPI, one row per case and KPI, in CASE_COLUMNS.

    start_date is the strategy discussion, assessment start or care start; event_date the
    ICPC, authorisation, last check or review; due_date the last day in time. days_late is
    in working days for ICPCs and assessments (beyond 15 / 45), in calendar days past the
    due date for checks and reviews, and blank where there is no date to count from.
    Placement stability lists the children with 3 or more placements; the neutral
    icpc_to_cp_plan has no cases.
    """
    parts = []
    for rule in RULES:
        if rule.list_no not in lists or rule.counted_is_miss is None:
            continue
        judged = rule.judge(lists[rule.list_no], as_at)
        miss = judged.where(judged.counted == rule.counted_is_miss)
        if not len(miss):
            continue
        cases = lists[rule.list_no].iloc[miss.rows]
        details = _EXPLAIN[rule.kpi_id](cases, as_at)
        head = pd.DataFrame(
            {
                "kpi_id": rule.kpi_id,
                "period": month_periods(miss.months),
                "team": cases["team"],
                "worker": cases["worker"],
                "child_id": cases["child_id"],
            },
            index=cases.index,
        )
        tail = pd.DataFrame({"list": rule.list_no, "row": cases["row"]}, index=cases.index)
        parts.append(pd.concat([head, details, tail], axis=1))
    if not parts:
        return _empty()
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(
        ["kpi_id", "period", "team", "days_late", "child_id"],
        ascending=[True, True, True, False, True],
        na_position="last",
        ignore_index=True,
    )
    return out[CASE_COLUMNS]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi_id": pd.Series(dtype=object),
            "period": pd.Series(dtype=object),
            "team": pd.Series(dtype=object),
            "worker": pd.Series(dtype=object),
            "child_id": pd.Series(dtype=object),
            "start_date": pd.Series(dtype="datetime64[ns]"),
            "event_date": pd.Series(dtype="datetime64[ns]"),
            "due_date": pd.Series(dtype="datetime64[ns]"),
            "days_late": pd.Series(dtype="Int64"),
            "reason": pd.Series(dtype=object),
            "list": pd.Series(dtype="int64"),
            "row": pd.Series(dtype="int64"),
        }
    )


def case_lists(result: AnnexAResult) -> pd.DataFrame:
    """The cases missing each KPI in a workbook read by read_annex_a (see missed_cases)."""
    return missed_cases(result.lists, result.as_at)
