"""Counts at D: children looked after (903) and child protection plans open (CIN census)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import stamp
from kpis.returns.measures.common import at_rows, records, unusable_episodes
from kpis.returns.prepared import Data903, DataCin
from kpis.returns.result import MeasureResult, Tally

BAD_PLAN = "plans with an unreadable start or end, or ending before they start"


def cla_count(data: Data903, dates: list[date]) -> MeasureResult:
    """Children looked after at D through an episode that is not a short break."""
    tally = Tally("cla_count", percent=False)
    unusable_episodes(tally, data)
    for d in dates:
        tally.figure(d, len(at_rows(data, d)))
    return tally.result()


def open_plans(tally: Tally, data: DataCin) -> pd.DataFrame:
    """The plans whose dates can be read (the others left out)."""
    plans = data.plans
    bad = plans["start_bad"] | plans["end_bad"] | plans["backwards"] | (plans["child"] == "")
    tally.leave_out(BAD_PLAN, records(plans[bad]))
    return plans[~bad]


def cp_plan_count(data: DataCin, dates: list[date]) -> MeasureResult:
    """Child protection plans open at D."""
    tally = Tally("cp_plan_count", percent=False)
    plans = open_plans(tally, data)
    # Open at D: begun by D, with no end or one after it (arrays: each month end a count).
    starts = plans["start"].to_numpy(dtype="datetime64[ns]")
    ends = plans["end"].to_numpy(dtype="datetime64[ns]")
    for d in dates:
        at = stamp(d)
        tally.figure(d, int(((starts <= at) & (np.isnat(ends) | (ends > at))).sum()))
    return tally.result()
