"""Health assessments, immunisations and dental checks of children looked after 12 months (OC2)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import year_to
from kpis.returns.measures.common import UNKNOWN_LENGTH, looked_after, unusable_episodes
from kpis.returns.periods import continuously_since
from kpis.returns.prepared import Data903
from kpis.returns.problems import ReturnProblem
from kpis.returns.result import MeasureResult, Tally
from kpis.returns.typed import OC2_ITEMS

BAD_CODE = "children whose OC2 {item} is not 0 or 1"
_WHAT = {
    "health_assessments": "no health assessment",
    "immunisations": "immunisations not up to date",
    "dental_checks": "no dental check",
}


def cla12(tally: Tally, data: Data903, d: date) -> pd.DataFrame:
    """Looked after at D, continuously since the year's first day, no short break in it."""
    at = looked_after(tally, data, d, short_breaks=True, placements=False, periods=True)
    first, _ = year_to(d)
    long, unknown = continuously_since(at, pd.Timestamp(first))
    tally.leave_out(UNKNOWN_LENGTH, at.loc[unknown, "child"])
    return at[long]


def oc2_measure(kpi_id: str, data: Data903, dates: list[date]) -> MeasureResult:
    """Of the CLA12 children at 31 March, those whose OC2 item is 1; a CLA12 child with no OC2
    record counts as not had (a warning), one with an unknown code is left out."""
    item = OC2_ITEMS[kpi_id]
    tally = Tally(kpi_id)
    unusable_episodes(tally, data)
    oc2 = data.oc2.drop_duplicates("child", keep="last").set_index("child")
    for d in dates:
        at = cla12(tally, data, d)
        rows = oc2.reindex(at["child"])
        absent = rows[item].isna().to_numpy()
        bad = rows[f"{item}_bad"].fillna(False).astype(bool).to_numpy() & ~absent
        tally.leave_out(BAD_CODE.format(item=item.upper()), at.loc[bad, "child"])
        had = rows[item].fillna(False).astype(bool).to_numpy() & ~bad
        tally.figure(d, int(had.sum()), int((~bad).sum()))
        tally.members(d, at["child"][~bad], had[~bad])
        children = at["child"].to_numpy(dtype=object)
        # One warning for the three OC2 measures, from the first of them.
        if kpi_id == "health_assessments":
            tally.warnings += [_no_oc2(d, child) for child in children[absent]]
        missed = np.flatnonzero(~had & ~bad)
        began = at["period_start"].iloc[missed].tolist()
        for i, start in zip(missed.tolist(), began, strict=True):
            reason = _WHAT[kpi_id] + (" (no OC2 record)" if absent[i] else "")
            tally.miss(d, children[i], reason, start=start)
    return tally.result()


def _no_oc2(d: date, child: str) -> ReturnProblem:
    return ReturnProblem(
        f"SSDA903 {d.year - 1}/{d.year % 100:02d}",
        child=child,
        element="OC2",
        message=f"looked after for 12 months at {d.strftime('%d/%m/%Y')} but has no OC2 "
        "record: counted as not had in health_assessments, immunisations and dental_checks",
        kind="no OC2 record",
    )


def health_assessments(data: Data903, dates: list[date]) -> MeasureResult:
    return oc2_measure("health_assessments", data, dates)


def immunisations(data: Data903, dates: list[date]) -> MeasureResult:
    return oc2_measure("immunisations", data, dates)


def dental_checks(data: Data903, dates: list[date]) -> MeasureResult:
    return oc2_measure("dental_checks", data, dates)
