"""Row-level checks across columns: dates in the wrong order, after the as-at date, repeats."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from kpis.annex_a.fields import FIELDS, Kind
from kpis.annex_a.model import AnnexAProblem


def _dates(list_no: int, frame: pd.DataFrame) -> list[str]:
    return [f.name for f in FIELDS[list_no] if f.kind is Kind.DATE and f.name in frame]


def _uk(day: pd.Timestamp | date) -> str:
    return day.strftime("%d/%m/%Y")


def default_as_at(lists: Mapping[int, pd.DataFrame], today: date) -> date:
    """The latest date in the lists that is not after today (today if there is none)."""
    latest = None
    limit = pd.Timestamp(today)
    for list_no, frame in lists.items():
        for name in _dates(list_no, frame):
            column = frame[name]
            candidate = column[column <= limit].max()
            if pd.notna(candidate) and (latest is None or candidate > latest):
                latest = candidate
    return latest.date() if latest is not None else today


def _problems(
    list_no: int, frame: pd.DataFrame, mask: pd.Series, column: str, message
) -> list[AnnexAProblem]:
    return [
        AnnexAProblem(list_no, int(frame["row"].iat[i]), column, message(i))
        for i in np.flatnonzero(mask.fillna(False).to_numpy())
    ]


def after_as_at(
    list_no: int, frame: pd.DataFrame, headers: Mapping[str, str], as_at: date
) -> list[AnnexAProblem]:
    """Every date after the as-at date: listed, and ignored by the figures."""
    limit = pd.Timestamp(as_at)
    problems = []
    for name in _dates(list_no, frame):
        column = frame[name]
        if name == "ceased":
            effect = "the child counts as looked after at the as-at date"
        elif name == "started":
            effect = "the child is not looked after at the as-at date"
        elif name == "dob":
            effect = "an implausible date of birth"
        else:
            effect = "ignored"
        problems += _problems(
            list_no,
            frame,
            column > limit,
            headers[name],
            lambda i, c=column, e=effect: (
                f"{_uk(c.iat[i])} is after the as-at date {_uk(as_at)}: {e}"
            ),
        )
    return problems


def _before(
    list_no: int,
    frame: pd.DataFrame,
    headers: Mapping[str, str],
    later: str,
    earlier: str,
    what: str,
) -> list[AnnexAProblem]:
    first, second = frame[earlier], frame[later]
    return _problems(
        list_no,
        frame,
        second < first,
        headers[later],
        lambda i: what.format(later=_uk(second.iat[i]), earlier=_uk(first.iat[i])),
    )


def cross_checks(
    list_no: int, frame: pd.DataFrame, headers: Mapping[str, str]
) -> list[AnnexAProblem]:
    """Dates out of order within a row; the row is kept and left out only where it must be."""
    if list_no == 4:
        return _before(
            4,
            frame,
            headers,
            "authorised",
            "start",
            "assessment authorised {later}, before it started {earlier}; "
            "left out of assessments_45_days",
        )
    if list_no == 5:
        problems = _before(
            5,
            frame,
            headers,
            "icpc",
            "strategy",
            "ICPC held {later}, before its strategy discussion {earlier}; "
            "left out of icpc_15_days (still counted in icpc_to_cp_plan)",
        )
        both = frame["icpc"].notna() & frame["is_unnecessary"]
        problems += _problems(
            5,
            frame,
            both,
            headers["icpc"],
            lambda i: "an ICPC date is given but the ICPC was deemed unnecessary; not counted",
        )
        return problems
    if list_no == 8:
        return _before(
            8,
            frame,
            headers,
            "started",
            "dob",
            "care started {later}, before the date of birth {earlier}; row kept",
        ) + _before(
            8,
            frame,
            headers,
            "ceased",
            "started",
            "care ceased {later}, before it started {earlier}; not looked after at the as-at date",
        )
    return []


def duplicates(
    list_no: int, frame: pd.DataFrame, headers: Mapping[str, str]
) -> tuple[pd.Series, list[AnnexAProblem]]:
    """Rows of a child listed again later (the last row counts), with a warning for each."""
    ids = frame["child_id"]
    superseded = ids.duplicated(keep="last") & (ids != "")
    last_row = frame.groupby("child_id", sort=False)["row"].transform("last")
    problems = _problems(
        list_no,
        frame,
        superseded,
        headers["child_id"],
        lambda i: (
            f"child {ids.iat[i]} is listed again at row {int(last_row.iat[i])}; the last row counts"
        ),
    )
    return superseded.astype(bool), problems
