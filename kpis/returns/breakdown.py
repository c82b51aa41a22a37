"""Who is behind each year-end figure (§10.4): by age band, sex, ethnic group and UASC status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from kpis.returns.calendar import age_at
from kpis.returns.result import MeasureResult
from kpis.returns.yearend import CIN_MEASURES, in_year

COLUMNS = ["kpi_id", "year", "dimension", "group", "numerator", "denominator", "value"]
NOT_RECORDED = "Not recorded"
AGE_BANDS = ((1, "Under 1"), (5, "1–4"), (10, "5–9"), (16, "10–15"), (999, "16 and over"))
SEX = {"1": "Male", "M": "Male", "2": "Female", "F": "Female"}
ETHNIC = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black", "O": "Other"}
DIMENSIONS = ("age band", "sex", "ethnic group", "UASC status")
UASC_NAMES = np.array(["Not UASC", "UASC"], dtype=object)
# Labels as numbers: each one's place in the sorted labels, and those labels.
Coded = tuple[np.ndarray, np.ndarray]


def age_band(dob: pd.Series, d: date) -> pd.Series:
    ages = age_at(dob, d)
    out = pd.Series(NOT_RECORDED, index=dob.index, dtype=object)
    known = ages.notna().to_numpy()
    values = ages.fillna(-1).to_numpy(dtype="int64")
    for upper, label in reversed(AGE_BANDS):
        out[known & (values < upper)] = label
    return out


def sex_group(codes: pd.Series) -> pd.Series:
    return codes.fillna("").astype(str).str.strip().str.upper().map(SEX).fillna(NOT_RECORDED)


def ethnic_group(codes: pd.Series) -> pd.Series:
    text = codes.fillna("").astype(str).str.strip().str.upper()
    group = text.str[:1].map(ETHNIC).fillna(NOT_RECORDED)
    return group.mask(text == "CHNE", "Asian")


def who_903(header: pd.DataFrame) -> pd.DataFrame:
    """Each child's date of birth, sex and ethnicity from the latest year's Header."""
    h = header.drop_duplicates("child", keep="last").set_index("child")
    return pd.DataFrame({"dob": h["dob"], "sex": h["sex"], "ethnic": h["ethnic"]})


def who_cin(children: pd.DataFrame) -> pd.DataFrame:
    """Each child's date of birth, sex (Sex, else GenderCurrent) and ethnicity, latest file."""
    c = children.drop_duplicates("child", keep="last").set_index("child")
    sex = c["sex"].where(c["sex"] != "", c["gender"])
    return pd.DataFrame({"dob": c["dob"], "sex": sex, "ethnic": c["ethnicity"]})


def breakdowns(
    results: Iterable[MeasureResult],
    ends: pd.DataFrame,
    who: dict[str, pd.DataFrame],
    uasc: pd.DataFrame | None,
) -> pd.DataFrame:
    """COLUMNS for every year-end figure (`ends`, as yearend.year_ends gives them): the
    children (or events) behind it grouped by each dimension; empty groups are not listed."""
    by_kpi = {r.kpi_id: r for r in results}
    # Each child's groups, worked out once per kind of return (and year, for age and UASC),
    # found by an index of plain strings (one lookup table, built once).
    who = {kind: people.set_axis(_plain(people.index)) for kind, people in who.items()}
    fixed = {kind: _fixed_groups(people) for kind, people in who.items()}
    ages: dict[tuple[str, int], Coded] = {}
    seeking: dict[int, np.ndarray] = {}
    rows = []
    for kpi_id, year in zip(ends["kpi_id"], ends["year"], strict=True):
        year = int(year)
        members = by_kpi[kpi_id].members
        members = members[in_year(kpi_id, members["period"], year)]
        kind = "cin" if kpi_id in CIN_MEASURES else "903"
        children = members["child"].to_numpy(dtype=object)
        where = who[kind].index.get_indexer(children)
        d = date(year, 3, 31)
        if (kind, year) not in ages:
            ages[kind, year] = _coded(age_band(who[kind]["dob"], d).to_numpy(dtype=object))
        groups: dict[str, Coded] = {
            "age band": _of(ages[kind, year], where),
            "sex": _of(fixed[kind]["sex"], where),
            "ethnic group": _of(fixed[kind]["ethnic"], where),
        }
        if kind == "903" and uasc is not None:
            if year not in seeking:
                seeking[year] = _seeking(uasc, d)
            uasc_now = pd.Series(children, dtype=object).isin(seeking[year]).to_numpy()
            groups["UASC status"] = (uasc_now.astype("int64"), UASC_NAMES)
        counted = members["counted"].to_numpy(dtype=bool)
        # Groups in label order (as pd.factorize sorts them); an empty one is not listed.
        for dimension, (which, names) in groups.items():
            totals = np.bincount(which, minlength=len(names))
            hits = np.bincount(which, weights=counted, minlength=len(names))
            for group, n, den in zip(names, hits, totals, strict=True):
                if den:
                    n, den = int(n), int(den)
                    rows.append((kpi_id, year, dimension, group, n, den, 100.0 * n / den))
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype({"year": "int64", "numerator": "float64", "denominator": "float64"})


def _fixed_groups(people: pd.DataFrame) -> dict[str, Coded]:
    return {
        "sex": _coded(sex_group(people["sex"]).to_numpy(dtype=object)),
        "ethnic": _coded(ethnic_group(people["ethnic"]).to_numpy(dtype=object)),
    }


def _coded(labels: np.ndarray) -> Coded:
    """Each label's place among the sorted labels (Not recorded among them), and those labels."""
    names = np.array(sorted({*labels.tolist(), NOT_RECORDED}), dtype=object)
    return pd.Index(names).get_indexer(labels), names


def _plain(index: pd.Index) -> pd.Index:
    return pd.Index(index.to_numpy(dtype=object), dtype=object, name=index.name)


def _of(coded: Coded, where: np.ndarray) -> Coded:
    """The label at each position (-1: a child not known, whose group is not recorded)."""
    codes, names = coded
    missing = int(np.flatnonzero(names == NOT_RECORDED)[0])
    if not len(codes):
        return np.full(len(where), missing, dtype="int64"), names
    found = codes[where]
    found[where < 0] = missing
    return found, names


def _seeking(uasc: pd.DataFrame, d: date) -> np.ndarray:
    """The children UASC at D: a UASC record whose DUC is blank (or unreadable) or after D."""
    rows = uasc[uasc["child"] != ""]
    still = rows["duc"].isna() | (rows["duc"] > pd.Timestamp(d))
    return np.unique(rows.loc[still, "child"].to_numpy(dtype=object))
