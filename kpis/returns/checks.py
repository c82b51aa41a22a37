"""Dirt in a return's records, reported and not refused: each record left out only where needed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from kpis.returns import typed
from kpis.returns.dates import day_of
from kpis.returns.model import Return
from kpis.returns.problems import ReturnProblem
from kpis.returns.tables import CIN_ITEMS as ITEMS
from kpis.returns.xml903 import xml_name

_EPISODES = (
    "placement_stability_3plus, placement_stability_long_term, health_assessments, "
    "immunisations, dental_checks, lac_reviews_timely, cla_missing and cla_count"
)
_PERIODS = (
    "placement_stability_3plus, placement_stability_long_term, health_assessments, "
    "immunisations, dental_checks and lac_reviews_timely"
)
_PLACEMENTS = "placement_stability_3plus and placement_stability_long_term"
_LEAVERS = "care_leavers_ete, care_leavers_suitable_accommodation and care_leavers_in_touch"
_MISSING = "missing_incidents and cla_missing"
_ICPC = "icpc_15_days and icpc_to_cp_plan"
_PLAN = "cp_second_plan, cp_reviews_timely, cp_plan_count and icpc_to_cp_plan"
_BREAKDOWNS = "the breakdowns (age band)"


class _Table:
    """One table of a return, raw and typed, and the warnings found in it."""

    def __init__(self, raw: pd.DataFrame, kind: str, found: list[ReturnProblem]):
        self.raw = raw
        self.typed = typed.TYPERS[kind](raw)
        self.found = found
        # The column as the analyst's file names it: a CIN item, a 903 XML item or CSV header.
        self.names = {c: item for c, item in ITEMS.get(kind, {}).items()}
        self.names.setdefault("child", "LAchildID" if kind in ITEMS else "CHILD")
        self.xml = bool(raw["row"].isna().all())

    def warn(
        self, mask: pd.Series | np.ndarray, column: str, kind: str, say: Callable[[int], str]
    ) -> None:
        t = self.typed
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            row = t["row"].iat[i]
            shown = self._display(column)
            if pd.isna(row):
                element = str(t["element"].iat[i])
                # A record that is itself the item (a review date) is not named twice.
                if element.rsplit("/", 1)[-1].split("[", 1)[0] != shown:
                    element = f"{element}/{shown}"
                self.found.append(
                    ReturnProblem(
                        str(t["file"].iat[i]),
                        child=str(t["child"].iat[i]) or "(no id)",
                        element=element,
                        message=say(i),
                        kind=f"{kind} ({shown})",
                    )
                )
            else:
                self.found.append(
                    ReturnProblem(
                        str(t["file"].iat[i]),
                        row=int(row),
                        column=shown,
                        message=say(i),
                        kind=f"{kind} ({shown})",
                    )
                )

    def _display(self, column: str) -> str:
        name = self.names.get(column, column.upper())
        return xml_name(name) if self.xml else name

    def dates(self, column: str, used_by: str, *, required: bool = False) -> None:
        raw = self.raw[column]
        bad = self.typed[f"{column}_bad"]
        blank = raw.fillna("").astype(str).str.strip() == ""
        self.warn(
            bad & ~blank,
            column,
            "unreadable date",
            lambda i: f"cannot read '{raw.iat[i]}' as a date; left out of {used_by}",
        )
        if required:
            self.warn(bad & blank, column, "no date", lambda i: f"no date; left out of {used_by}")

    def code(self, column: str, used_by: str, bad: pd.Series | None = None) -> None:
        values = self.raw[column].fillna("").astype(str).str.strip()
        flags = self.typed[f"{column}_bad"] if bad is None else bad
        self.warn(
            flags,
            column,
            "unknown code",
            lambda i: f"'{values.iat[i]}' is not a known code; {used_by}",
        )

    def no_child(self) -> None:
        self.warn(
            self.typed["child"] == "",
            "child",
            "no child id",
            lambda i: "no child id; the record is left out",
        )


def check(ret: Return) -> list[ReturnProblem]:
    """Every warning about the return's records, in file order within each table."""
    found: list[ReturnProblem] = []
    for name, raw in ret.tables.items():
        if len(raw):
            _CHECKS[name](_Table(raw, name, found))
    return sorted(found, key=_place)


def _place(problem: ReturnProblem) -> tuple[str, int, str, str]:
    return (problem.file, problem.row or 0, problem.child or "", problem.element or "")


def _header(t: _Table) -> None:
    t.no_child()
    t.dates("dob", f"placement_stability_long_term and {_BREAKDOWNS}")


def _episodes(t: _Table) -> None:
    t.no_child()
    t.dates("decom", _EPISODES, required=True)
    t.dates("dec", _EPISODES)
    e = t.typed
    t.code("rne", f"the child is left out of {_PERIODS}")
    t.code("ls", "taken as not a short break")
    t.code("place", f"the child is left out of {_PLACEMENTS}")
    t.warn(
        e["backwards"],
        "dec",
        "episode ends before it starts",
        lambda i: (
            f"the episode ends {day_of(e['dec'].iat[i])}, before it starts "
            f"{day_of(e['decom'].iat[i])}; left out of {_EPISODES}"
        ),
    )
    _overlaps(t)


def _overlaps(t: _Table) -> None:
    """Episodes of one child that overlap: both kept, the later one named."""
    e = t.typed
    ok = e[e["usable"]].sort_values(["child", "decom", "dec"], kind="stable", na_position="last")
    ends = ok["dec"].fillna(pd.Timestamp.max)
    same_child = ok["child"].eq(ok["child"].shift())
    before_end = ends.groupby(ok["child"]).cummax().shift()
    overlap = same_child & (ok["decom"] < before_end)
    starts = ok["decom"].shift()
    positions = {index: pos for pos, index in enumerate(e.index)}
    mask = np.zeros(len(e), dtype=bool)
    earlier: dict[int, pd.Timestamp] = {}
    for index in ok.index[overlap.to_numpy()]:
        mask[positions[index]] = True
        earlier[positions[index]] = starts.loc[index]
    t.warn(
        mask,
        "decom",
        "overlapping episodes",
        lambda i: (
            f"the episode starting {day_of(e['decom'].iat[i])} overlaps the one starting "
            f"{day_of(earlier[i])}; both are kept"
        ),
    )


def _reviews(t: _Table) -> None:
    t.no_child()
    t.dates("review", "lac_reviews_timely", required=True)


def _uasc(t: _Table) -> None:
    t.no_child()
    raw, bad = t.raw["duc"], t.typed["duc_bad"]
    t.warn(
        bad,
        "duc",
        "unreadable date",
        lambda i: (
            f"cannot read '{raw.iat[i]}' as a date; the breakdowns take the child as still UASC"
        ),
    )


def _oc2(t: _Table) -> None:
    t.no_child()
    for measure, column in typed.OC2_ITEMS.items():
        t.code(column, f"the child is left out of {measure}")


def _oc3(t: _Table) -> None:
    t.no_child()
    t.dates("dob", _LEAVERS, required=True)
    t.code("in_touch", f"the young person is left out of {_LEAVERS}")
    t.code("activ", "the young person is left out of care_leavers_ete")
    t.code("accom", "the young person is left out of care_leavers_suitable_accommodation")


def _missing(t: _Table) -> None:
    t.no_child()
    t.code("missing", f"left out of {_MISSING}")
    t.dates("mis_start", _MISSING, required=True)
    t.dates("mis_end", "cla_missing")
    m = t.typed
    t.warn(
        m["backwards"],
        "mis_end",
        "event before its start",
        lambda i: (
            f"the incident ends {day_of(m['mis_end'].iat[i])}, before it starts "
            f"{day_of(m['mis_start'].iat[i])}; left out of cla_missing"
        ),
    )


def _children(t: _Table) -> None:
    t.no_child()
    t.dates("dob", _BREAKDOWNS)


def _referrals(t: _Table) -> None:
    t.dates("referral", "re_referrals_12m", required=True)


def _assessments(t: _Table) -> None:
    a = t.typed
    t.dates("start", "assessments_45_days")
    t.dates("authorised", "assessments_45_days")
    t.warn(
        a["backwards"],
        "authorised",
        "event before its start",
        lambda i: (
            f"the assessment is authorised {day_of(a['authorised'].iat[i])}, before it "
            f"started {day_of(a['start'].iat[i])}; left out of assessments_45_days"
        ),
    )


def _section47(t: _Table) -> None:
    s = t.typed
    t.dates("s47_start", "icpc_15_days")
    t.dates("icpc", _ICPC)
    t.code("not_required", f"left out of {_ICPC}")
    t.warn(
        s["backwards"] & ~s["not_required"],
        "icpc",
        "event before its start",
        lambda i: (
            f"the ICPC is dated {day_of(s['icpc'].iat[i])}, before its section 47 "
            f"enquiry started {day_of(s['s47_start'].iat[i])}; left out of icpc_15_days "
            "(still counted in icpc_to_cp_plan)"
        ),
    )


def _plans(t: _Table) -> None:
    p = t.typed
    t.dates("start", _PLAN, required=True)
    t.dates("end", "cp_reviews_timely and cp_plan_count")
    t.warn(
        p["previous_bad"],
        "previous",
        "unknown code",
        lambda i: (
            f"'{t.raw['previous'].iat[i]}' is not a number of plans; left out of "
            "cp_second_plan unless an earlier plan of the child is loaded"
        ),
    )
    t.warn(
        p["backwards"],
        "end",
        "event before its start",
        lambda i: (
            f"the plan ends {day_of(p['end'].iat[i])}, before it starts "
            f"{day_of(p['start'].iat[i])}; left out of cp_reviews_timely and cp_plan_count"
        ),
    )


def _plan_reviews(t: _Table) -> None:
    t.dates("review", "cp_reviews_timely", required=True)


_CHECKS: dict[str, Callable[[_Table], None]] = {
    "Header": _header,
    "Episodes": _episodes,
    "Reviews": _reviews,
    "UASC": _uasc,
    "OC2": _oc2,
    "OC3": _oc3,
    "Missing": _missing,
    "children": _children,
    "referrals": _referrals,
    "assessments": _assessments,
    "section47": _section47,
    "plans": _plans,
    "plan_reviews": _plan_reviews,
}
