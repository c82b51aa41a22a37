"""Placement stability: 3 or more placements in the year, and long-term stability (§10.3)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.returns import codes
from kpis.returns.calendar import age_at, months_before, year_to
from kpis.returns.measures.common import (
    UNKNOWN_LENGTH,
    looked_after,
    uk,
    unusable_episodes,
)
from kpis.returns.periods import continuously_since
from kpis.returns.prepared import Data903
from kpis.returns.result import MeasureResult, Tally

NO_DOB = "children without a readable date of birth in Header"


def placement_stability_3plus(data: Data903, dates: list[date]) -> MeasureResult:
    """Looked after at D, no short breaks: with 3 or more placements in the year to D."""
    tally = Tally("placement_stability_3plus")
    unusable_episodes(tally, data)
    children = data.care_spans.children
    for d in dates:
        first, _ = year_to(d)
        at = looked_after(tally, data, d, short_breaks=True, placements=True, periods=True)
        names = at["child"].to_numpy(dtype=object)
        counts = data.placements.in_year(first, d, children)[children.get_indexer(names)]
        many = counts >= 3
        tally.figure(d, int(many.sum()), len(at))
        tally.members(d, names, many)
        rows = np.flatnonzero(many)
        for i, began in zip(rows.tolist(), at["period_start"].iloc[rows].tolist(), strict=True):
            tally.miss(d, names[i], f"{counts[i]} placements in the year to {uk(d)}", start=began)
    return tally.result()


def placement_stability_long_term(data: Data903, dates: list[date]) -> MeasureResult:
    """Looked after at D, under 16, continuously for at least 30 months, no short breaks: in
    the same placement for at least 24 months (or placed for adoption, with the placement just
    before it begun at least 24 months before D)."""
    tally = Tally("placement_stability_long_term")
    unusable_episodes(tally, data)
    dob = data.header.drop_duplicates("child", keep="last").set_index("child")["dob"]
    for d in dates:
        at = looked_after(tally, data, d, short_breaks=True, placements=True, periods=True)
        ages = age_at(dob.reindex(at["child"]), d)
        no_age = ages.isna().to_numpy()
        tally.leave_out(NO_DOB, at.loc[no_age, "child"])
        at = at[~no_age & (ages.fillna(99) < 16).to_numpy()]
        long, unknown = continuously_since(at, pd.Timestamp(months_before(d, 30)))
        tally.leave_out(UNKNOWN_LENGTH, at.loc[unknown, "child"])
        at = at[long]
        settled = pd.Timestamp(months_before(d, 24))
        now = data.placements.current(d).drop_duplicates("child")
        where = pd.Index(now["child"].to_numpy(dtype=object)).get_indexer(
            at["child"].to_numpy(dtype=object)
        )
        current = list(
            zip(now["placement"].tolist(), now["start"].tolist(), now["previous_start"].tolist(),
                strict=True)
        )  # fmt: skip
        stable = 0
        judged = []
        for child, began, k in zip(
            at["child"].tolist(), at["period_start"].tolist(), where.tolist(), strict=True
        ):
            ok, since = _stable(data, current[k] if k >= 0 else None, d, settled)
            stable += ok
            judged.append(ok)
            if not ok:
                reason = (
                    f"current placement began {uk(since)}, under 2 years before {uk(d)}"
                    if since is not None
                    else f"no placement at {uk(d)} (only temporary ones)"
                )
                tally.miss(d, child, reason, start=began, event=since)
        tally.figure(d, stable, len(at))
        tally.members(d, at["child"], judged)
    return tally.result()


def _stable(
    data: Data903, current: tuple | None, d: date, settled: pd.Timestamp
) -> tuple[bool, pd.Timestamp | None]:
    """Whether the child's current placement (number, start, the previous one's start; None
    for none) counts as stable, and when it began."""
    if current is None:
        return False, None
    placement, began, before = current
    if began <= settled:
        return True, began
    adoption = data.placements.latest_place(int(placement), d) in codes.ADOPTION
    return bool(adoption and pd.notna(before) and before <= settled), began
