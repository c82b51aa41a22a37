"""Monthly counts of audits by grade and moderation, overdue follow-ups, and `audits summary`."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pandas as pd

from kpis.audits.graded import audits_of, domains_of, is_good_or_better, moved
from kpis.audits.grades import Grade
from kpis.periods import month_end

By = Literal["team", "domain", "theme"]
BY: tuple[By, ...] = ("team", "domain", "theme")
SUMMARY_COLUMNS = [
    "period",
    "group",
    "completed",
    "good_or_better",
    "requires_improvement",
    "inadequate",
    "moderated",
    "changed_by_moderation",
    "overdue_follow_ups",
]


def counts(graded: pd.DataFrame) -> dict[str, int]:
    """Audits (or domain rows) completed, by grade after moderation, good or better, moderated,
    changed by moderation, and of those moved up (a better grade) or down."""
    grade = graded["grade"]
    changed = graded[graded["changed"].astype(bool)]
    moves = [moved(a, b) for a, b in zip(changed["first_grade"], changed["grade"], strict=True)]
    return {
        "completed": len(graded),
        **{g.value: int((grade == g.value).sum()) for g in Grade},
        "good_or_better": int(is_good_or_better(grade).sum()),
        "moderated": int(graded["moderated"].astype(bool).sum()),
        "changed_by_moderation": len(changed),
        "moderated_up": sum(m > 0 for m in moves),
        "moderated_down": sum(m < 0 for m in moves),
    }


def overdue(audits: pd.DataFrame, day: date) -> pd.DataFrame:
    """Audits whose follow-up is overdue at `day`: done by then, graded inadequate (after
    moderation), due before `day`, and not done on or before it."""
    at = day.isoformat()
    done = audits["follow_up_done"].fillna("").astype(str)
    due = audits["follow_up_due"].fillna("").astype(str)
    late = (
        (audits["date"] <= at)
        & (audits["audit_grade"] == Grade.INADEQUATE.value)
        & (due != "")
        & (due < at)
        & ((done == "") | (done > at))
    )
    return audits[late]


def grouped(rows: pd.DataFrame, by: By | None) -> tuple[pd.DataFrame, str | None]:
    """What a summary counts (audits, or practice-domain rows for `domain`) and the column
    naming its group (None: the whole authority). Audits without a theme have no theme group."""
    if by == "domain":
        return domains_of(rows), "domain"
    audits = audits_of(rows)
    if by == "theme":
        return audits[audits["theme"].fillna("").astype(str) != ""], "theme"
    return audits, by


def summary(rows: pd.DataFrame, period: str | None = None, by: By | None = None) -> pd.DataFrame:
    """`audits summary`: per month (the given one, else every month with audits) and group,
    the counts of SUMMARY_COLUMNS; `overdue_follow_ups` at the month's end counts every audit
    done by then. A group is listed in a month when it has audits or overdue follow-ups then;
    the authority (group blank) in every month listed."""
    items, column = grouped(rows, by)
    months = [period] if period else sorted(audits_of(rows)["period"].unique())
    out = []
    for month in months:
        in_month = items[items["period"] == month]
        late = overdue(items, month_end(month))
        if column is None:
            out.append(_line(month, "", in_month, late))
            continue
        for group in sorted(set(in_month[column]) | set(late[column])):
            mine = in_month[in_month[column] == group]
            out.append(_line(month, group, mine, late[late[column] == group]))
    return pd.DataFrame(out, columns=SUMMARY_COLUMNS)


def _line(month: str, group: str, graded: pd.DataFrame, late: pd.DataFrame) -> dict:
    found = counts(graded)
    return {
        "period": month,
        "group": group,
        **{c: found[c] for c in SUMMARY_COLUMNS[2:-1]},
        "overdue_follow_ups": len(late),
    }
