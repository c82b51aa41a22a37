"""Synthetic CIN census returns for the demo and tests: a fixed seed, made-up children only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from kpis.returns.synthetic import ETHNIC, ETHNIC_P, year_of
from kpis.working_days import add_working_days


@dataclass
class Referral:
    """One referral (a CINdetails) and what followed it."""

    child: str
    day: date
    assessment: tuple[date, date] | None = None
    section47: tuple[date, date | None] | None = None
    plan: tuple[date, date | None, int, list[date]] | None = None
    transfer_icpc: date | None = None


@dataclass
class CinChild:
    child_id: str
    dob: date
    sex: str
    ethnic: str
    referrals: list[Referral] = field(default_factory=list)


def _working(day: date, n: float) -> date:
    return add_working_days(day, max(0, round(n)))


def _referral(rng: np.random.Generator, child: str, day: date, last: date) -> Referral:
    r = Referral(child, day)
    if rng.random() < 0.8:
        start = day + timedelta(days=int(rng.integers(0, 6)))
        r.assessment = (start, _working(start, rng.normal(32, 11)))
    if rng.random() < 0.25:
        s47 = day + timedelta(days=int(rng.integers(0, 10)))
        icpc = _working(s47, rng.normal(11, 5)) if rng.random() < 0.45 else None
        r.section47 = (s47, icpc)
        if icpc is not None and rng.random() < 0.8:
            ends = icpc + timedelta(days=int(rng.exponential(200)) + 30)
            reviews, review = [], _working(icpc, rng.normal(50, 5))
            while review <= min(ends, last):
                reviews.append(review)
                review += timedelta(days=int(rng.normal(200 if rng.random() < 0.03 else 150, 12)))
            previous = int(rng.random() < 0.2)
            r.plan = (icpc, ends if ends <= last else None, previous, reviews)
    elif rng.random() < 0.01:
        r.transfer_icpc = day + timedelta(days=int(rng.integers(5, 20)))
    return r


def children_in_need(rng: np.random.Generator, referrals_a_year: int, last: date) -> list[CinChild]:
    """Referrals from two years before the first census year to `last`; some children are
    referred again, some within 12 months."""
    first = date(last.year - 4, 4, 1)
    span = (last - first).days
    pool: list[CinChild] = []
    for _ in range(int(referrals_a_year * span / 365)):
        day = first + timedelta(days=int(rng.integers(0, span + 1)))
        if pool and rng.random() < 0.3:
            child = pool[int(rng.integers(0, len(pool)))]
        else:
            dob = day - timedelta(days=int(rng.integers(0, 17 * 365)))
            child = CinChild(f"CIN{len(pool):06d}", dob, str(rng.choice(["M", "F"])),
                             str(rng.choice(ETHNIC, p=ETHNIC_P)))  # fmt: skip
            pool.append(child)
        if day >= child.dob:
            child.referrals.append(_referral(rng, child.child_id, day, last))
    return pool


def _in_year(r: Referral, first: date, last: date) -> bool:
    if first <= r.day <= last:
        return True
    plan = r.plan
    return plan is not None and plan[0] <= last and (plan[1] is None or plan[1] >= first)


def census_xml(children: list[CinChild], year: int) -> bytes:
    """The CIN census to 31 March `year`: every referral in the year or with a plan open in it."""
    first, last = year_of(year)
    parts = [
        "<?xml version='1.0' encoding='utf-8'?><Message><Header><CollectionDetails>"
        f"<Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{last.isoformat()}"
        "</ReferenceDate></CollectionDetails></Header><Children>"
    ]
    for child in children:
        mine = [r for r in child.referrals if _in_year(r, first, last)]
        if not mine:
            continue
        parts.append(
            f"<Child><ChildIdentifiers><LAchildID>{child.child_id}</LAchildID>"
            f"<PersonBirthDate>{child.dob.isoformat()}</PersonBirthDate><Sex>{child.sex}</Sex>"
            f"</ChildIdentifiers><ChildCharacteristics><Ethnicity>{child.ethnic}</Ethnicity>"
            "</ChildCharacteristics>"
        )
        parts += [_details(r, last) for r in mine]
        parts.append("</Child>")
    parts.append("</Children></Message>")
    return "".join(parts).encode()


def _details(r: Referral, last: date) -> str:
    out = f"<CINdetails><CINreferralDate>{r.day.isoformat()}</CINreferralDate>"
    if r.transfer_icpc is not None and r.transfer_icpc <= last:
        out += f"<DateOfInitialCPC>{r.transfer_icpc.isoformat()}</DateOfInitialCPC>"
    if r.assessment is not None and r.assessment[1] <= last:
        start, done = r.assessment
        out += (f"<Assessments><AssessmentActualStartDate>{start.isoformat()}"
                f"</AssessmentActualStartDate><AssessmentAuthorisationDate>{done.isoformat()}"
                "</AssessmentAuthorisationDate></Assessments>")  # fmt: skip
    if r.section47 is not None:
        s47, icpc = r.section47
        held = (
            f"<DateOfInitialCPC>{icpc.isoformat()}</DateOfInitialCPC>"
            if icpc and icpc <= last
            else ""
        )
        out += (f"<Section47><S47ActualStartDate>{s47.isoformat()}</S47ActualStartDate>{held}"
                "<ICPCnotRequired>false</ICPCnotRequired></Section47>")  # fmt: skip
    if r.plan is not None and r.plan[0] <= last:
        start, end, previous, reviews = r.plan
        ended = f"<CPPendDate>{end.isoformat()}</CPPendDate>" if end and end <= last else ""
        dates = "".join(f"<CPPreviewDate>{d.isoformat()}</CPPreviewDate>" for d in reviews
                        if d <= last)  # fmt: skip
        out += (f"<ChildProtectionPlans><CPPstartDate>{start.isoformat()}</CPPstartDate>{ended}"
                f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP><Reviews>{dates}</Reviews>"
                "</ChildProtectionPlans>")  # fmt: skip
    return out + "</CINdetails>"
