"""Care leavers aged 19 to 21: in education, employment or training, housed suitably, in touch."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kpis.returns import codes
from kpis.returns.calendar import birthday, year_to
from kpis.returns.measures.common import records
from kpis.returns.prepared import Data903
from kpis.returns.result import MeasureResult, Tally

NO_DOB = "young people without a readable date of birth in OC3"
BAD_IN_TOUCH = "young people whose IN_TOUCH is not a known code"
BAD_ACTIV = "young people whose ACTIV is not a known code"
BAD_ACCOM = "young people whose ACCOM is not a known code"
AGES = (19, 20, 21)


def _cohort(tally: Tally, data: Data903, d: date) -> pd.DataFrame:
    """OC3 records of young people whose 19th, 20th or 21st birthday is in the year to D, less
    those who died or returned home (IN_TOUCH DIED or RHOM)."""
    oc3 = data.oc3
    tally.leave_out(NO_DOB, records(oc3[oc3["dob_bad"]]))
    tally.leave_out(BAD_IN_TOUCH, records(oc3[oc3["in_touch_bad"]]))
    # The three measures ask for the same cohorts: each month end's worked out once.
    key = ("cohort", d)
    if key not in data.seen:
        first, last = pd.Timestamp(year_to(d)[0]), pd.Timestamp(d)
        due = pd.Series(False, index=oc3.index)
        for day in _birthdays(data):
            due |= (day >= first) & (day <= last)
        counted = ~oc3["dob_bad"] & ~oc3["in_touch_bad"] & ~oc3["in_touch"].isin(codes.NOT_COUNTED)
        data.seen[key] = oc3[due & counted]
    return data.seen[key]


def _birthdays(data: Data903) -> list[pd.Series]:
    """The OC3 young people's 19th, 20th and 21st birthdays (worked out once)."""
    if "birthdays" not in data.seen:
        data.seen["birthdays"] = [birthday(data.oc3["dob"], age) for age in AGES]
    return data.seen["birthdays"]


def care_leavers_ete(data: Data903, dates: list[date]) -> MeasureResult:
    tally = Tally("care_leavers_ete")
    for d in dates:
        cohort = _cohort(tally, data, d)
        tally.leave_out(BAD_ACTIV, records(cohort[cohort["activ_bad"]]))
        cohort = cohort[~cohort["activ_bad"]]
        ete = cohort["activ"].str[:1].isin(["F", "P"])
        tally.figure(d, int(ete.sum()), len(cohort))
        tally.members(d, cohort["child"], ete)
        for child, code in zip(cohort["child"][~ete], cohort["activ"][~ete], strict=True):
            shown = f" ({code})" if code not in codes.NONE_RECORDED else " (none recorded)"
            tally.miss(d, child, "not in education, employment or training" + shown)
    return tally.result()


def care_leavers_suitable_accommodation(data: Data903, dates: list[date]) -> MeasureResult:
    tally = Tally("care_leavers_suitable_accommodation")
    for d in dates:
        cohort = _cohort(tally, data, d)
        tally.leave_out(BAD_ACCOM, records(cohort[cohort["accom_bad"]]))
        cohort = cohort[~cohort["accom_bad"]]
        # Abroad, deported or residence not known: not in this denominator.
        cohort = cohort[~cohort["accom"].str[:1].isin(codes.ACCOM_LEFT_OUT)]
        suitable = cohort["accom"].str.endswith("1")
        tally.figure(d, int(suitable.sum()), len(cohort))
        tally.members(d, cohort["child"], suitable)
        for child, code in zip(cohort["child"][~suitable], cohort["accom"][~suitable], strict=True):
            shown = f" ({code})" if code not in codes.NONE_RECORDED else " (none recorded)"
            tally.miss(d, child, "accommodation not suitable" + shown)
    return tally.result()


def care_leavers_in_touch(data: Data903, dates: list[date]) -> MeasureResult:
    tally = Tally("care_leavers_in_touch")
    for d in dates:
        cohort = _cohort(tally, data, d)
        touch = cohort["in_touch"] == "YES"
        tally.figure(d, int(touch.sum()), len(cohort))
        tally.members(d, cohort["child"], touch)
        for child, code in zip(cohort["child"][~touch], cohort["in_touch"][~touch], strict=True):
            tally.miss(d, child, f"not in touch ({code})")
    return tally.result()
