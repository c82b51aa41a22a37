"""Synthetic Annex A lists for tests, the demo and benchmarks: fixed seed, no real child data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from kpis.annex_a.timing import months_before
from kpis.working_days import add_working_days_series

SEED = 20250331
AS_AT = date(2025, 3, 31)
_YEAR = 365.25

_GENDER = ["a) Male", "b) Female"]
_ETHNICITY = ["a) WBRI", "d) WOTH", "f) MWBC", "j) AIND", "n) BCRB", "o) BAFR", "r) OOTH"]
_ACTIVITY = [
    "F1: Full time in higher education",
    "F2: Full time in education other than higher",
    "F3: Full time in training or employment",
    "P2: Part time in education other than higher",
    "P4: Young person engaged part time in an apprenticeship",
    "G4: Not in education, employment or training - illness or disability",
    "G5: Not in education, employment or training - other",
    "G6: Not in education, employment or training - pregnancy or parenting",
]
_ACTIVITY_P = [0.08, 0.2, 0.17, 0.07, 0.03, 0.08, 0.3, 0.07]
_IN_TOUCH = ["a) Yes", "b) No", "d) Refu", "e) NREQ"]
_ACCOMMODATION = ["D: Semi-independent", "U: Independent living", "Z: With former foster carers"]


def _team_worker(rng: np.random.Generator, n: int, teams: list[str]) -> tuple[np.ndarray, list]:
    # Worker codes, never names: nothing generated may look like a real person.
    team = rng.choice(teams, n)
    worker = [
        f"SW{teams.index(t) + 1:02d}{k:02d}"
        for t, k in zip(team, rng.integers(1, 9, n), strict=True)
    ]
    return team, worker


def dates_between(rng: np.random.Generator, first: date, last: date, n: int) -> pd.Series:
    span = (last - first).days + 1
    return pd.Series(pd.Timestamp(first) + pd.to_timedelta(rng.integers(0, span, n), unit="D"))


def on_working_days(days: pd.Series, as_at: date) -> pd.Series:
    """Moved to the next working day (the one before, near the as-at date) when not one."""
    forward = add_working_days_series(days - pd.Timedelta(days=1), 1)
    return forward.where(forward <= pd.Timestamp(as_at), add_working_days_series(days, 0))


def blank_after(days: pd.Series, as_at: date) -> pd.Series:
    return days.where(days <= pd.Timestamp(as_at))


def _cells(days: pd.Series) -> np.ndarray:
    """Dates as the Python dates an Excel reader gives (None for blank)."""
    return np.array([None if pd.isna(d) else d.date() for d in days], dtype=object)


def _child(rng: np.random.Generator, ids: np.ndarray, dob: pd.Series, as_at: date) -> dict:
    return {
        "Child Unique ID": ids,
        "Gender": rng.choice(_GENDER, len(ids)),
        "Ethnicity": rng.choice(_ETHNICITY, len(ids)),
        "Date of Birth": _cells(dob),
        # Ignored by the reader (ages come from the date of birth), as in real workbooks.
        "Age of Child (Years)": ((pd.Timestamp(as_at) - dob).dt.days // _YEAR).astype(int),
    }


def _list4(rng: np.random.Generator, ids: np.ndarray, as_at: date) -> pd.DataFrame:
    n = len(ids)
    start = on_working_days(dates_between(rng, months_before(as_at, 14), as_at, n), as_at)
    length = np.where(rng.random(n) < 0.12, rng.integers(46, 90, n), rng.integers(5, 46, n))
    done = blank_after(add_working_days_series(start, length), as_at)
    # Annex A holds the year's assessments: those authorised before it are not listed.
    keep = (done.isna() | (done >= pd.Timestamp(months_before(as_at, 12)))).to_numpy()
    ids, start, done, n = ids[keep], start[keep].reset_index(drop=True), done[keep], int(keep.sum())
    done = done.reset_index(drop=True)
    dob = start - pd.to_timedelta(rng.integers(30, 17 * 365, n), unit="D")
    team, worker = _team_worker(rng, n, ["Assessment Team 1", "Assessment Team 2", "MASH"])
    return pd.DataFrame(
        {
            **_child(rng, ids, dob, as_at),
            "Continuous Assessment Start Date": _cells(start),
            "Child Seen During Continuous Assessment": rng.choice(["a) Yes", "b) No"], n),
            "Continuous Assessment Date of Authorisation": _cells(done),
            "Allocated Team": team,
            "Allocated Worker": worker,
        }
    )


def _list5(rng: np.random.Generator, ids: np.ndarray, as_at: date) -> pd.DataFrame:
    n = len(ids)
    strategy = on_working_days(dates_between(rng, months_before(as_at, 12), as_at, n), as_at)
    has_icpc = rng.random(n) < 0.4
    gap = np.where(rng.random(n) < 0.2, rng.integers(16, 30, n), rng.integers(4, 16, n))
    icpc = blank_after(add_working_days_series(strategy, gap), as_at).where(has_icpc)
    unnecessary = np.where(icpc.notna(), "b) No", np.where(rng.random(n) < 0.85, "a) Yes", ""))
    plan = np.where(icpc.notna(), np.where(rng.random(n) < 0.85, "a) Yes", "b) No"), "")
    dob = strategy - pd.to_timedelta(rng.integers(30, 17 * 365, n), unit="D")
    team, worker = _team_worker(rng, n, ["Assessment Team 1", "Assessment Team 2", "CP Team"])
    return pd.DataFrame(
        {
            **_child(rng, ids, dob, as_at),
            "Strategy discussion initiating Section 47 Enquiry Start Date": _cells(strategy),
            "Was an Initial Child Protection Conference deemed unnecessary?": unnecessary,
            "Date of Initial Child Protection Conference": _cells(icpc),
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": plan,
            "Number of Section 47 Enquiries in the last 12 months": rng.integers(1, 3, n),
            "Allocated Team": team,
            "Allocated Worker": worker,
        }
    )


def _recent(rng: np.random.Generator, as_at: date, n: int, on_time: float, days):
    """Last check dates: most within `days` of the as-at date, some older, a few missing."""
    days = np.broadcast_to(days, n)
    back = np.where(rng.random(n) < on_time, rng.integers(0, days), rng.integers(days, 2 * days))
    out = pd.Series(pd.Timestamp(as_at) - pd.to_timedelta(back, unit="D"))
    return out.where(rng.random(n) > 0.03)


def _list8(rng: np.random.Generator, ids: np.ndarray, as_at: date, ceased_share: float):
    n = len(ids)
    age = rng.integers(0, 18 * 365, n)
    dob = pd.Series(pd.Timestamp(as_at) - pd.to_timedelta(age, unit="D"))
    since = np.minimum(rng.exponential(2.5 * 365, n).astype(int), age)
    started = pd.Series(pd.Timestamp(as_at) - pd.to_timedelta(since, unit="D"))
    ceased = dates_between(rng, months_before(as_at, 12), as_at, n)
    ceased = ceased.where((rng.random(n) < ceased_share) & (ceased > started))
    placements = rng.choice([1, 2, 3, 4, 5], n, p=[0.72, 0.18, 0.06, 0.03, 0.01])
    team, worker = _team_worker(
        rng, n, ["Children in Care 1", "Children in Care 2", "Disabled Children"]
    )
    return pd.DataFrame(
        {
            **_child(rng, ids, dob, as_at),
            "Date Started to be Looked After": _cells(started),
            "Date of Latest Statutory Review": _cells(_recent(rng, as_at, n, 0.94, 182)),
            "Date of Last Health Assessment": _cells(
                _recent(rng, as_at, n, 0.9, np.where(age < 5 * 365, 182, 365))
            ),
            "Date of Last Dental Check": _cells(_recent(rng, as_at, n, 0.8, 365)),
            "Number of Placements in the Last 12 months": placements,
            "Date Ceased to be Looked After": _cells(ceased),
            "Allocated Team": team,
            "Allocated Worker": worker,
        }
    )


def _list9(rng: np.random.Generator, ids: np.ndarray, as_at: date) -> pd.DataFrame:
    n = len(ids)
    dob = pd.Series(
        pd.Timestamp(as_at) - pd.to_timedelta(rng.integers(17 * 365, 22 * 365, n), unit="D")
    )
    team, worker = _team_worker(rng, n, ["Leaving Care 1", "Leaving Care 2"])
    return pd.DataFrame(
        {
            **_child(rng, ids, dob, as_at),
            "Allocated Team": team,
            "Allocated Worker": worker,
            "Allocated Personal Advisor": [f"PA{k:02d}" for k in rng.integers(1, 12, n)],
            "LA in Touch": rng.choice(_IN_TOUCH, n, p=[0.9, 0.05, 0.03, 0.02]),
            "Type of Accommodation": rng.choice(_ACCOMMODATION, n),
            "Suitability of Accommodation": rng.choice(
                ["a) Suitable", "b) Unsuitable", ""], n, p=[0.88, 0.09, 0.03]
            ),
            "Activity Status": rng.choice(_ACTIVITY, n, p=_ACTIVITY_P),
        }
    )


def _dirty(lists: dict[str, pd.DataFrame], rng: np.random.Generator, as_at: date) -> dict:
    """The mess real extracts carry, in known rows (with fewer rows, at the last one)."""
    l4, l5, l8, l9 = (lists[f"List {n}"].copy() for n in (4, 5, 8, 9))

    def at(frame: pd.DataFrame, i: int) -> int:
        return min(i, len(frame) - 1)

    start = "Continuous Assessment Start Date"
    for i in range(0, len(l4), 20):  # some dates typed as text, UK day-first
        if isinstance(l4.at[i, start], date):
            l4.at[i, start] = l4.at[i, start].strftime("%d/%m/%Y")
    l4.at[at(l4, 1), start] = "31/02/2024"
    l4.at[at(l4, 2), start] = "TBC"
    l4.at[at(l4, 3), "Continuous Assessment Date of Authorisation"] = date(as_at.year + 27, 4, 1)
    icpc = "Date of Initial Child Protection Conference"
    strategy = "Strategy discussion initiating Section 47 Enquiry Start Date"
    for first in np.flatnonzero(l5[icpc].notna())[:1]:
        l5.at[first, strategy] = l5.at[first, icpc] + timedelta(days=3)
    team = "Allocated Team"
    for frame in (l4, l5, l8):
        frame.loc[frame.index[5::97], team] = "#N/A"
        frame.loc[frame.index[7::89], team] = ""
    answer = "Was an Initial Child Protection Conference deemed unnecessary?"
    l5[answer] = l5[answer].replace({"a) Yes": "Yes"}).where(rng.random(len(l5)) < 0.7, l5[answer])
    l8.at[at(l8, 4), "Date of Last Health Assessment"] = "n/k"
    repeat = l8.iloc[[at(l8, 10)]].assign(**{"Date of Latest Statutory Review": as_at})
    l9.loc[l9.index[::13], "Activity Status"] = "P1 - Part time in higher education"
    l9.loc[l9.index[1::17], "Activity Status"] = "Full time in training or employment"
    return {
        "List 4": l4,
        "List 5": l5,
        "List 8": pd.concat([l8, repeat], ignore_index=True).rename(
            columns={
                "Date of Birth": "DOB",
                "Date of Latest Statutory Review": "Date of Latest Statutory Review ",
            }
        ),
        "List 9": l9.rename(
            columns={
                "Suitability of Accommodation": "Suitability of Accomodation",
                "LA in Touch": "LA in touch",
            }
        ),
    }


def make_annex_a(
    *, children: int = 5000, as_at: date = AS_AT, seed: int = SEED, dirt: bool = True
) -> dict[str, pd.DataFrame]:
    """Lists 4, 5, 8 and 9 as an Excel reader would give them (dates as dates, some text).

    The default 5,000 children give a London borough's year: about 4,000 assessments, 900
    section 47 enquiries, 400 children looked after (and those who left care in the year)
    and 300 care leavers. With dirt, the lists carry unreadable and text dates, an ICPC
    before its strategy discussion, a child listed twice in List 8, '#N/A' and blank teams,
    answer variants and header drift ('DOB', 'Accomodation', 'LA in touch').
    """
    rng = np.random.default_rng(seed)
    pool = np.array([f"C{n:06d}" for n in rng.choice(900_000, children, replace=False) + 100_000])
    frames = {
        "List 4": _list4(rng, rng.choice(pool, round(0.88 * children)), as_at),
        "List 5": _list5(rng, rng.choice(pool, round(0.18 * children)), as_at),
        "List 8": _list8(rng, rng.choice(pool, round(0.11 * children), replace=False), as_at, 0.27),
        "List 9": _list9(rng, rng.choice(pool, round(0.06 * children), replace=False), as_at),
    }
    return _dirty(frames, rng, as_at) if dirt else frames


def write_annex_a(path: str | Path, frames: Mapping[str, pd.DataFrame]) -> Path:
    """Write the lists as an XLSX workbook, one sheet each (dates as real Excel dates)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([None if _missing(v) else _plain(v) for v in row])
    target = Path(path)
    book.save(target)
    return target


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _plain(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if isinstance(value, np.generic) else value
