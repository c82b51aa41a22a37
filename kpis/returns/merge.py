"""The held returns merged across years: a later year's records replace an earlier year's."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kpis.returns.dates import parse_dates

# §10.1: the key by which a later return's records replace an earlier one's, per table.
# Within one return every record is kept for the keyed event tables (a zero-length episode
# shares its DECOM with the next); the child-keyed tables keep a child's last record.
EVENT_KEYS = {
    "Episodes": "decom",
    "Missing": "mis_start",
    "referrals": "referral",
    "plans": "start",
}
CHILD_TABLES = ("Header", "UASC", "OC2", "OC3", "children")


def date_key(values: pd.Series) -> pd.Series:
    """A date as a key: its ISO form when readable, else the text as written (stripped)."""
    # Worked out once per distinct text: a few thousand dates over every record.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = pd.Series([*np.asarray(uniques, dtype=object), None], dtype=object)
    stamps, _bad = parse_dates(texts)
    text = texts.fillna("").astype(str).str.strip()
    keys = stamps.dt.strftime("%Y-%m-%d").where(stamps.notna(), text).to_numpy(dtype=object)
    return pd.Series(keys[np.where(codes < 0, len(texts) - 1, codes)], index=values.index)


def child_date_key(frame: pd.DataFrame, column: str) -> pd.Series:
    """`child|date` for each record: the key that later returns replace records by."""
    if not len(frame):
        return pd.Series([], index=frame.index, dtype=object)
    return frame["child"].astype(str) + "|" + date_key(frame[column])


def _latest_by(frame: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """The records whose return is the latest among those holding their key."""
    if not len(frame):
        return frame
    # By numbers, not a groupby of strings: each key's latest return, then who is in it.
    # (A missing key, as in a groupby, keeps none of its records.)
    which, _ = pd.factorize(key)
    returns, _ = pd.factorize(frame["period_end"], sort=True)
    keyed = which >= 0
    latest = np.full(which.max() + 2, -1)
    np.maximum.at(latest, which[keyed], returns[keyed])
    return frame[keyed & (returns == latest[which])]


def _pairs(frame: pd.DataFrame) -> pd.MultiIndex:
    """Each record's return and referral: what ties an event to its referral."""
    return pd.MultiIndex.from_arrays([frame["period_end"], frame["detail"]])


def merge(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table merged across the held returns (each record keeps its `period_end`).

    Episodes by child and DECOM, Missing by child and MIS_START, CIN referrals (with their
    assessments and section 47 enquiries) by child and CINreferralDate, plans by child and
    CPPstartDate; Header, UASC, OC2, OC3 and the CIN children by child. Review dates (903
    REVIEW, CIN CPPreviewDate) are the union of every return's; a plan's reviews follow it by
    child and start date, given as `plan_key` on plans and plan reviews.
    """
    out = {name: frame.reset_index(drop=True) for name, frame in tables.items()}
    for name, column in EVENT_KEYS.items():
        if name in out:
            frame = out[name]
            out[name] = _latest_by(frame, child_date_key(frame, column)).reset_index(drop=True)
    for name in CHILD_TABLES:
        if name in out:
            frame = out[name].sort_values("period_end", kind="stable")
            out[name] = frame.drop_duplicates("child", keep="last").reset_index(drop=True)
    if "Reviews" in out:
        reviews = out["Reviews"]
        key = child_date_key(reviews, "review")
        out["Reviews"] = reviews[~key.duplicated()].reset_index(drop=True)
    if "referrals" in out:
        kept = _pairs(out["referrals"])
        for name in ("assessments", "section47"):
            if name in out:
                events = out[name]
                keep = _pairs(events).isin(kept) if len(events) else np.zeros(0, dtype=bool)
                out[name] = events[np.asarray(keep, dtype=bool)].reset_index(drop=True)
    if "plans" in out:
        _plan_reviews(out, tables)
    return out


def _plan_reviews(out: dict[str, pd.DataFrame], held: Mapping[str, pd.DataFrame]) -> None:
    """Plans get `plan_key` (child and start date); reviews are every return's for that key."""
    every_plan = held["plans"]
    keys = child_date_key(every_plan, "start").to_numpy(dtype=object)
    # Each return's plan (the last of a number given twice) and its key.
    where = _plans_by_number(every_plan)
    last = ~where.duplicated(keep="last")
    where, keys = where[last], keys[last]
    plans = out["plans"]
    found = where.get_indexer(_plans_by_number(plans))
    if (found < 0).any():
        raise KeyError("a merged plan is in no held return")
    out["plans"] = plans.assign(plan_key=keys[found].tolist())
    reviews = held.get("plan_reviews")
    if reviews is None:
        return
    found = where.get_indexer(_plans_by_number(reviews))
    plan_key = np.where(found >= 0, keys[found] if len(keys) else "", "").astype(object)
    reviews = reviews.assign(plan_key=plan_key.tolist())
    if len(reviews):
        dedupe = reviews["plan_key"] + "|" + date_key(reviews["review"])
        reviews = reviews[~dedupe.duplicated()]
    out["plan_reviews"] = reviews.reset_index(drop=True)


def _plans_by_number(frame: pd.DataFrame) -> pd.MultiIndex:
    """Each record's return and plan number."""
    return pd.MultiIndex.from_arrays([frame["period_end"], frame["plan"]])
