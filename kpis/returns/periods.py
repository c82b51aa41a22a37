"""Periods of care (§10.2): a child's episodes chained while each starts as the one before ends."""

from __future__ import annotations

import numpy as np
import pandas as pd

_END_OF_TIME = np.iinfo("int64").max


def periods_of_care(care: pd.DataFrame) -> pd.DataFrame:
    """The care episodes (in child and DECOM order) with their period of care.

    Adds `period` (an id), `period_start` (its first episode's DECOM), `period_known` (that
    episode's RNE is S: otherwise the period began before the earliest loaded episode, in
    years not loaded) and `period_end` (the last DEC; NaT while the period is open). A gap, or
    an episode with RNE S, starts a new period; overlapping episodes stay in one.
    """
    out = care.copy()
    if not len(out):
        for column, dtype in (
            ("period", "int64"),
            ("period_start", "datetime64[ns]"),
            ("period_known", bool),
            ("period_end", "datetime64[ns]"),
        ):
            out[column] = pd.Series(dtype=dtype)
        return out  # fmt: skip
    ends = out["dec"].to_numpy(dtype="datetime64[ns]").view("int64").copy()
    ends[out["dec"].isna().to_numpy()] = _END_OF_TIME
    starts = out["decom"].to_numpy(dtype="datetime64[ns]").view("int64")
    child = out["child"].to_numpy()
    first = np.r_[True, child[1:] != child[:-1]]
    # The latest end so far of the child's earlier episodes.
    running = pd.Series(ends).groupby(child).cummax().to_numpy()
    before = np.r_[np.int64(0), running[:-1]]
    new = first | (out["rne"].to_numpy() == "S") | (starts > before)
    out["period"] = np.cumsum(new)
    group = out.groupby("period", sort=False)
    out["period_start"] = group["decom"].transform("first")
    out["period_known"] = group["rne"].transform("first") == "S"
    last = pd.Series(ends, index=out.index).groupby(out["period"]).transform("max")
    out["period_end"] = pd.to_datetime(last.where(last != _END_OF_TIME), unit="ns")
    return out


def continuously_since(at: pd.DataFrame, since: pd.Timestamp) -> tuple[pd.Series, pd.Series]:
    """For children looked after (rows with their period of care): looked after continuously
    since at least `since`, and whether that is unknown (the period began before its earliest
    loaded episode, which is after `since`)."""
    began = at["period_start"]
    known = at["period_known"]
    return began <= since, ~known & (began > since)
