"""The returns' text read into dates and codes, each field with a flag for what was unreadable."""

from __future__ import annotations

import pandas as pd

from kpis.returns import codes
from kpis.returns.dates import parse_dates

# Where each record came from; carried through so problems and cases can point back at it.
WHERE = ["file", "row", "element", "child"]


def _base(raw: pd.DataFrame) -> pd.DataFrame:
    out = raw[[c for c in raw.columns if c in WHERE or c == "period_end"]].copy()
    out["child"] = raw["child"].fillna("").astype(str).str.strip()
    return out


def _date(out: pd.DataFrame, raw: pd.DataFrame, column: str, *, required: bool = False) -> None:
    """`column` as dates, with `column_bad` for an unreadable (or, when required, blank) one."""
    stamps, bad = parse_dates(raw[column])
    out[column] = stamps
    out[f"{column}_bad"] = (bad | stamps.isna()) if required else bad


def _code(raw: pd.DataFrame, column: str) -> pd.Series:
    return raw[column].fillna("").astype(str).str.strip().str.upper()


def episodes(raw: pd.DataFrame) -> pd.DataFrame:
    """903 episodes: decom/dec dates, codes, `short_break`, and `usable` (both dates readable,
    not ending before it starts, a child id): an unusable episode is in no measure."""
    out = _base(raw)
    _date(out, raw, "decom", required=True)
    _date(out, raw, "dec")
    for column, known in (("rne", codes.RNE), ("ls", codes.LS), ("place", codes.PLACE)):
        out[column] = _code(raw, column)
        out[f"{column}_bad"] = ~out[column].isin(known)
    out["backwards"] = out["dec"] < out["decom"]
    out["short_break"] = out["ls"].isin(codes.SHORT_BREAK)
    out["usable"] = ~out["decom_bad"] & ~out["dec_bad"] & ~out["backwards"] & (out["child"] != "")
    return out


def header(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    _date(out, raw, "dob")
    out["sex"] = _code(raw, "sex")
    out["ethnic"] = _code(raw, "ethnic")
    return out


def reviews(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    _date(out, raw, "review", required=True)
    return out


def uasc(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    _date(out, raw, "duc")
    return out


OC2_ITEMS = {
    "health_assessments": "health_assessment",
    "immunisations": "immunisations",
    "dental_checks": "teeth_check",
}


def oc2(raw: pd.DataFrame) -> pd.DataFrame:
    """Each health item as `had` (code 1) and `bad` (not 0 or 1)."""
    out = _base(raw)
    for column in OC2_ITEMS.values():
        value = _code(raw, column)
        out[column] = value == "1"
        out[f"{column}_bad"] = ~value.isin(codes.YES_NO)
    return out


def oc3(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    _date(out, raw, "dob", required=True)
    out["in_touch"] = _code(raw, "in_touch")
    out["activ"] = _code(raw, "activ")
    out["accom"] = _code(raw, "accom")
    out["in_touch_bad"] = ~out["in_touch"].isin(codes.IN_TOUCH)
    out["activ_bad"] = ~out["activ"].map(codes.known_activ).astype(bool)
    out["accom_bad"] = ~out["accom"].map(codes.known_accom).astype(bool)
    return out


def missing(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    out["missing"] = _code(raw, "missing")
    out["missing_bad"] = ~out["missing"].isin(codes.MISSING)
    _date(out, raw, "mis_start", required=True)
    _date(out, raw, "mis_end")
    out["backwards"] = out["mis_end"] < out["mis_start"]
    return out


def children(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    _date(out, raw, "dob")
    out["sex"] = _code(raw, "sex")
    out["gender"] = _code(raw, "gender")
    out["ethnicity"] = _code(raw, "ethnicity")
    return out


def _keys(out: pd.DataFrame, raw: pd.DataFrame, *keys: str) -> None:
    for key in keys:
        out[key] = raw[key].astype("int64")


def referrals(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    _keys(out, raw, "detail")
    _date(out, raw, "referral", required=True)
    return out


def assessments(raw: pd.DataFrame) -> pd.DataFrame:
    """CIN assessments; `backwards` when authorised before the start."""
    out = _base(raw)
    _keys(out, raw, "detail")
    _date(out, raw, "start")
    _date(out, raw, "authorised")
    out["backwards"] = out["authorised"] < out["start"]
    return out


def section47(raw: pd.DataFrame) -> pd.DataFrame:
    """Section 47 enquiries; `held` when an ICPC date is given and it was not 'not required'."""
    out = _base(raw)
    _keys(out, raw, "detail")
    _date(out, raw, "s47_start")
    _date(out, raw, "icpc")
    flag = raw["not_required"].fillna("").astype(str).str.strip().str.lower()
    out["not_required"] = flag.isin(codes.TRUE)
    out["not_required_bad"] = ~flag.isin(codes.TRUE | codes.FALSE)
    out["backwards"] = out["icpc"] < out["s47_start"]
    return out


def plans(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    _keys(out, raw, "detail", "plan")
    _date(out, raw, "start", required=True)
    _date(out, raw, "end")
    text = raw["previous"].fillna("").astype(str).str.strip()
    number = pd.to_numeric(text, errors="coerce")
    whole = number.notna() & (number >= 0) & (number == number.round())
    out["previous"] = number.where(whole).astype("Float64")
    out["previous_bad"] = (text != "") & ~whole
    out["backwards"] = out["end"] < out["start"]
    return out


def plan_reviews(raw: pd.DataFrame) -> pd.DataFrame:
    out = _base(raw)
    _keys(out, raw, "detail", "plan")
    _date(out, raw, "review", required=True)
    return out


TYPERS = {
    "Header": header,
    "Episodes": episodes,
    "Reviews": reviews,
    "UASC": uasc,
    "OC2": oc2,
    "OC3": oc3,
    "Missing": missing,
    "children": children,
    "referrals": referrals,
    "assessments": assessments,
    "section47": section47,
    "plans": plans,
    "plan_reviews": plan_reviews,
}
