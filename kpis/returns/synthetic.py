"""Synthetic SSDA903 returns for the demo and tests: a fixed seed, made-up children only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

SEED = 309
YEARS = (2023, 2024, 2025)
HISTORY_FROM = date(2016, 4, 1)
ETHNIC = ("WBRI", "WOTH", "MWBC", "MOTH", "AIND", "APKN", "CHNE", "BAFR", "BCRB", "OOTH", "NOBT")
ETHNIC_P = (0.22, 0.16, 0.06, 0.06, 0.03, 0.02, 0.01, 0.18, 0.12, 0.1, 0.04)
PLACES = ("U1", "U2", "U3", "U4", "U5", "U6", "R1", "K2", "H5", "P1", "S1", "Z1")
PLACES_P = (0.25, 0.2, 0.15, 0.08, 0.08, 0.05, 0.04, 0.06, 0.03, 0.03, 0.02, 0.01)
# Calibrated so the demo's year-end figures sit near its authority's published ones: the share
# of children who settle in a placement, the days between reviews, the share who go missing.
STABLE_SHARE = 0.75
REVIEW_GAP = 158
MISSING_SHARE = 0.11
# Health assessment, immunisations, dental check by collection year (0: any other year).
OC2_P = {
    0: (0.95, 0.5, 0.85),
    2023: (0.95, 0.65, 0.86),
    2024: (0.97, 0.51, 0.84),
    2025: (0.93, 0.43, 0.87),
}
# Ages coming into care: babies, then a rise through the teenage years.
AGES_P = np.array([6, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 6, 7, 8, 9, 10, 9, 4]) / 100


def uk(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def year_of(year: int) -> tuple[date, date]:
    return date(year - 1, 4, 1), date(year, 3, 31)


def turns(dob: date, age: int) -> date:
    """The day a person born on `dob` turns `age` (29 February: 28 February)."""
    return date(dob.year + age, dob.month, 28 if (dob.month, dob.day) == (2, 29) else dob.day)


@dataclass
class Episode:
    start: date
    end: date | None
    rne: str
    legal: str
    place: str


@dataclass
class Child:
    """A made-up child looked after: who, the episodes of care and what happened in them."""

    child_id: str
    dob: date
    sex: str
    ethnic: str
    episodes: list[Episode] = field(default_factory=list)
    reviews: list[date] = field(default_factory=list)
    missing: list[tuple[date, date | None]] = field(default_factory=list)
    uasc_until: date | None = None
    oc2: dict[int, tuple[str, str, str]] = field(default_factory=dict)


def _episodes(rng: np.random.Generator, child: Child, start: date, last: date) -> None:
    """From `start`: moves (P), changes of legal status or carer (L, T, U), temporary stays,
    and for some young children a placement for adoption before they leave care."""
    end = min(start + timedelta(days=int(rng.exponential(1100)) + 30), turns(child.dob, 18))
    legal = str(rng.choice(["C2", "C1", "J2", "E1", "V2"], p=[0.55, 0.2, 0.05, 0.05, 0.15]))
    if rng.random() < 0.03:
        legal = "V3"  # short breaks only
    adopted = (start - child.dob).days < 4 * 365 and rng.random() < 0.35
    # Most children settle; a minority move again and again (placement stability's two sides).
    settles = rng.random() < STABLE_SHARE
    day, rne, place = start, "S", str(rng.choice(PLACES, p=PLACES_P))
    while day < end and day <= last:
        stay = rng.exponential((1800 if day > start else 500) if settles else 220)
        following = min(day + timedelta(days=int(stay) + 1), end)
        if adopted and following == end:
            place = "A4"
        if rng.random() < 0.06:
            place, following = f"T{rng.integers(0, 5)}", min(day + timedelta(days=10), end)
        child.episodes.append(Episode(day, following if following <= last else None, rne,
                                      legal, place))  # fmt: skip
        day, rne = following, str(rng.choice(["P", "L", "T", "U", "B"],
                                              p=[0.7, 0.12, 0.08, 0.05, 0.05]))  # fmt: skip
        if rne == "P" or place.startswith("T"):
            place = str(rng.choice(PLACES, p=PLACES_P))
    review = start + timedelta(days=int(rng.integers(12, 32)))
    while review <= min(end, last):
        child.reviews.append(review)
        # Now and then a review slips past six months.
        late = rng.random() < 0.08
        review += timedelta(days=int(rng.normal(250 if late else REVIEW_GAP, 14)))
    if rng.random() < MISSING_SHARE:
        # Children who go missing mostly do so again and again (about once a month).
        stayed = max(1, (min(end, last) - start).days)
        for _ in range(int(rng.poisson(stayed / 25)) + 1):
            went = start + timedelta(days=int(rng.integers(0, stayed)))
            back = went + timedelta(days=int(rng.integers(0, 6)))
            if went <= last:
                child.missing.append((went, back if back <= last else None))


def _declining(u: float) -> float:
    """A point in [0, 1) drawn with density falling from 1.4 to 0.6: fewer children come into
    care each year, so the number looked after falls over the demo's last years, as it did."""
    return (1.4 - (1.96 - 1.6 * u) ** 0.5) / 0.8


def looked_after(rng: np.random.Generator, count: int, last: date) -> list[Child]:
    """`count` children coming into care between HISTORY_FROM and `last`."""
    span = (last - HISTORY_FROM).days
    children = []
    for n in range(count):
        start = HISTORY_FROM + timedelta(days=int(span * _declining(float(rng.random()))))
        age = int(rng.choice(len(AGES_P), p=AGES_P))
        dob = start - timedelta(days=age * 365 + int(rng.integers(0, 365)))
        child = Child(f"DEMO{n:05d}", dob, str(rng.choice(["1", "2"])),
                      str(rng.choice(ETHNIC, p=ETHNIC_P)))  # fmt: skip
        if age >= 14 and rng.random() < 0.3:
            child.uasc_until = turns(dob, 18)
        child.oc2 = {
            year: tuple(str(int(rng.random() < p)) for p in OC2_P.get(year, OC2_P[0]))
            for year in YEARS
        }  # type: ignore[assignment]
        _episodes(rng, child, start, last)
        children.append(child)
    return children


def care_leavers(rng: np.random.Generator, count: int) -> list[dict[str, str]]:
    """Young people who left care, aged 19 to 21 in some year of YEARS (the OC3 cohort)."""
    out = []
    for n in range(count):
        dob = date(2000, 4, 1) + timedelta(days=int(rng.integers(0, 6 * 365)))
        touch = str(rng.choice(["YES", "NO", "REFU", "NREQ", "DIED"],
                               p=[0.97, 0.01, 0.01, 0.005, 0.005]))  # fmt: skip
        activ, accom = "0", "0"
        if touch == "YES":
            activ = str(rng.choice(["F1", "P1", "F2", "P2", "G4", "G5", "G6"],
                                   p=[0.21, 0.08, 0.16, 0.09, 0.16, 0.2, 0.1]))  # fmt: skip
            accom = str(rng.choice(list("USBTWX"))) + ("1" if rng.random() < 0.96 else "2")
        out.append({"CHILD": f"LEAVER{n:04d}", "SEX": str(rng.choice(["1", "2"])),
                    "DOB": uk(dob), "ETHNIC": str(rng.choice(ETHNIC, p=ETHNIC_P)),
                    "IN_TOUCH": touch, "ACTIV": activ, "ACCOM": accom})  # fmt: skip
    return out


def _open_in(child: Child, first: date, last: date) -> list[Episode]:
    return [e for e in child.episodes if e.start <= last and (e.end is None or e.end >= first)]


def tables_903(children: list[Child], leavers: list[dict[str, str]], year: int) -> dict:
    """One collection year's 903 tables, rows as dicts keyed by DfE's column names."""
    first, last = year_of(year)
    out: dict[str, list[dict[str, str]]] = {
        t: [] for t in ("Header", "Episodes", "Reviews", "UASC", "OC2", "OC3", "Missing")
    }
    for child in children:
        episodes = _open_in(child, first, last)
        if not episodes:
            continue
        who = {"CHILD": child.child_id, "SEX": child.sex, "DOB": uk(child.dob)}
        out["Header"].append({**who, "ETHNIC": child.ethnic})
        for e in episodes:
            ended = "" if e.end is None or e.end > last else uk(e.end)
            out["Episodes"].append({"CHILD": child.child_id, "DECOM": uk(e.start), "RNE": e.rne,
                                    "LS": e.legal, "PLACE": e.place, "DEC": ended})  # fmt: skip
        out["Reviews"] += [
            {**who, "REVIEW": uk(r), "REVIEW_CODE": "PN1"} for r in child.reviews
            if first <= r <= last
        ]  # fmt: skip
        if child.uasc_until is not None:
            out["UASC"].append({**who, "DUC": uk(child.uasc_until)})
        out["Missing"] += [
            {**who, "MISSING": "M", "MIS_START": uk(a), "MIS_END": uk(b) if b and b <= last else ""}
            for a, b in child.missing if first <= a <= last
        ]  # fmt: skip
        began, still = child.episodes[0].start, episodes[-1].end
        if began <= first and (still is None or still > last):
            health, immunised, teeth = child.oc2.get(year, ("1", "1", "1"))
            out["OC2"].append({**who, "HEALTH_ASSESSMENT": health, "IMMUNISATIONS": immunised,
                               "TEETH_CHECK": teeth, "HEALTH_CHECK": health})  # fmt: skip
    for leaver in leavers:
        dob = date(int(leaver["DOB"][6:]), int(leaver["DOB"][3:5]), int(leaver["DOB"][:2]))
        if any(first <= turns(dob, age) <= last for age in (19, 20, 21)):
            out["OC3"].append(leaver)
            out["Header"].append({k: leaver[k] for k in ("CHILD", "SEX", "DOB", "ETHNIC")})
    return out
