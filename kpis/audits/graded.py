"""Audits and their practice domains as graded after moderation, each in the month it was done."""

from __future__ import annotations

import pandas as pd

from kpis.audits.grades import GRADES, Grade
from kpis.audits.model import OVERALL

# One row per audit (its Overall row) or per practice-domain row.
GRADED_COLUMNS = [
    "audit_id",
    "team",
    "date",
    "period",
    "type",
    "theme",
    "domain",
    "grade",
    "first_grade",
    "moderated",
    "changed",
    "follow_up_due",
    "follow_up_done",
    "audit_grade",
]
_RANK = {g.value: g.rank for g in GRADES}


def overall_mask(rows: pd.DataFrame) -> pd.Series:
    """Which rows hold an audit's overall grade (a boolean mask, even for no rows)."""
    return rows["domain"].astype(str).str.strip().str.lower() == OVERALL.lower()


def _graded(rows: pd.DataFrame) -> pd.DataFrame:
    """`grade` after moderation; `first_grade` as first given; whether it was moderated and
    whether moderation changed it."""
    moderated = rows["moderated_grade"].fillna("").astype(str) != ""
    grade = rows["moderated_grade"].where(moderated, rows["grade"])
    return rows.assign(
        first_grade=rows["grade"],
        grade=grade,
        moderated=moderated,
        changed=moderated & (grade != rows["grade"]),
    )


def audits_of(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per audit from its Overall row: its team, theme, date, month and follow-up
    dates, and its grade after moderation (also as `audit_grade`)."""
    overall = rows[overall_mask(rows)]
    graded = _graded(overall)
    graded = graded.assign(period=graded["date"].str[:7], audit_grade=graded["grade"])
    return graded[GRADED_COLUMNS].sort_values(["date", "audit_id"]).reset_index(drop=True)


def domains_of(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per practice-domain row, graded by its own (moderated) grade; its team, theme,
    date, month, follow-up dates and `audit_grade` are its audit's (from the Overall row)."""
    audits = audits_of(rows).set_index("audit_id")
    domains = rows[~overall_mask(rows)]
    domains = domains[domains["audit_id"].isin(audits.index)]
    graded = _graded(domains[["audit_id", "domain", "grade", "moderated_grade"]])
    inherited = ["team", "date", "period", "type", "theme", "follow_up_due", "follow_up_done"]
    joined = graded.join(audits[[*inherited, "audit_grade"]], on="audit_id")
    return joined[GRADED_COLUMNS].sort_values(["date", "audit_id", "domain"]).reset_index(drop=True)


def moved(first: str, then: str) -> int:
    """+1 when moderation raised a grade, -1 when it lowered it, 0 when it kept it."""
    return (_RANK[first] > _RANK[then]) - (_RANK[first] < _RANK[then])


def is_good_or_better(grades: pd.Series) -> pd.Series:
    return grades.isin([Grade.OUTSTANDING.value, Grade.GOOD.value])
