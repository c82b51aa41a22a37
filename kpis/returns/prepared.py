"""The held returns made ready for the measures: merged, typed, in periods and placements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from kpis.returns import typed
from kpis.returns.coverage import Coverage, coverage_903, coverage_cin
from kpis.returns.episodes import Episodes, Spans, spans, split
from kpis.returns.merge import child_date_key, merge
from kpis.returns.model import CIN, SSDA903
from kpis.returns.periods import periods_of_care
from kpis.returns.placements import Placements, placements
from kpis.returns.tables import HELD

CARE_COLUMNS = ["child", "decom", "dec", "rne", "place", "period", "period_start",
                "period_known", "placement"]  # fmt: skip


def _day(text: str) -> date:
    return date.fromisoformat(str(text))


def held(
    tables: Mapping[str, pd.DataFrame], kind: str, table: str | None = None
) -> frozenset[date]:
    """When the held returns of a kind (holding `table`, if given) end their years."""
    returns = tables[HELD]
    mine = returns[returns["kind"] == kind]
    if table is not None:
        listed = [table in names.split(",") for names in mine["tables"]]
        mine = mine[np.array(listed, dtype=bool)]
    return frozenset(_day(p) for p in mine["period_end"])


@dataclass(frozen=True)
class Data903:
    """Everything the 903 measures read.

    care: care episodes in periods of care (periods.periods_of_care), with `placement`; the
    other tables typed, merged; years_with: per table, the 31 Marches whose return held it
    (OC2, OC3, Missing, Reviews); care_spans / break_spans: the care episodes and short breaks
    as arrays, children numbered as in care_spans; rne_bad_child / place_bad_child: by that
    number, whether the child has a care episode whose RNE / PLACE is not a known code (left
    out of the measures needing periods / placements); seen: what the measures ask more than
    once, worked out once (the children at each month end).
    """

    cover: Coverage
    episodes: Episodes
    care: pd.DataFrame
    placements: Placements
    header: pd.DataFrame
    reviews: pd.DataFrame
    oc2: pd.DataFrame
    oc3: pd.DataFrame
    missing: pd.DataFrame
    uasc: pd.DataFrame
    years_with: Mapping[str, frozenset[date]]
    care_spans: Spans
    break_spans: Spans
    rne_bad_child: np.ndarray
    place_bad_child: np.ndarray
    seen: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class DataCin:
    """Everything the CIN measures read: the merged, typed tables; section 47 enquiries and
    plans carry `ref_key` (their referral: child and CINreferralDate), plans and reviews
    `plan_key` (child and CPPstartDate)."""

    cover: Coverage
    children: pd.DataFrame
    referrals: pd.DataFrame
    assessments: pd.DataFrame
    section47: pd.DataFrame
    plans: pd.DataFrame
    plan_reviews: pd.DataFrame


def prepare(
    tables: Mapping[str, pd.DataFrame],
) -> tuple[Data903 | None, DataCin | None]:
    """The 903 and CIN data from the held tables (as the store gives them); None for a kind of
    return not held."""
    merged = merge(tables)
    return _prepare_903(tables, merged), _prepare_cin(tables, merged)


def _prepare_903(
    tables: Mapping[str, pd.DataFrame], merged: Mapping[str, pd.DataFrame]
) -> Data903 | None:
    years = held(tables, SSDA903)
    if not years:
        return None
    episodes = split(merged["Episodes"])
    care = periods_of_care(episodes.care)
    placed = placements(care)
    kept = placed.episodes[CARE_COLUMNS]
    care_spans = spans(kept)
    children = care_spans.children
    return Data903(
        cover=coverage_903(y.year for y in years),
        episodes=episodes,
        # Only what the measures read: each month copies the rows it picks.
        care=kept,
        placements=placed,
        header=typed.header(merged["Header"]),
        reviews=typed.reviews(merged["Reviews"]),
        oc2=typed.oc2(merged["OC2"]),
        oc3=typed.oc3(merged["OC3"]),
        missing=typed.missing(merged["Missing"]),
        uasc=typed.uasc(merged["UASC"]),
        years_with={t: held(tables, SSDA903, t) for t in ("OC2", "OC3", "Missing", "Reviews")},
        care_spans=care_spans,
        break_spans=spans(episodes.short_breaks, children),
        rne_bad_child=children.isin(care.loc[care["rne_bad"], "child"].to_numpy(dtype=object)),
        place_bad_child=children.isin(care.loc[care["place_bad"], "child"].to_numpy(dtype=object)),
    )


def _prepare_cin(
    tables: Mapping[str, pd.DataFrame], merged: Mapping[str, pd.DataFrame]
) -> DataCin | None:
    every = tables["referrals"]
    dates = held(tables, CIN)
    if not dates:
        return None
    # Every return's referrals, so an event merged from one return finds its referral there.
    ref_key = every[["period_end", "detail"]].assign(ref_key=child_date_key(every, "referral"))
    ref_key = ref_key.drop_duplicates(["period_end", "detail"], keep="last")

    def with_ref(frame: pd.DataFrame) -> pd.DataFrame:
        if not len(frame) or not len(ref_key):
            return frame.assign(ref_key=[""] * len(frame))
        found = frame[["period_end", "detail"]].merge(ref_key, how="left")["ref_key"]
        return frame.assign(ref_key=found.fillna("").set_axis(frame.index))

    plans = typed.plans(merged["plans"])
    plans["plan_key"] = merged["plans"]["plan_key"] if len(plans) else pd.Series(dtype=object)
    reviews = typed.plan_reviews(merged["plan_reviews"])
    reviews["plan_key"] = (
        merged["plan_reviews"]["plan_key"] if len(reviews) else pd.Series(dtype=object)
    )
    return DataCin(
        cover=coverage_cin(dates),
        children=typed.children(merged["children"]),
        referrals=typed.referrals(merged["referrals"]).assign(
            ref_key=child_date_key(merged["referrals"], "referral")
        ),
        assessments=typed.assessments(merged["assessments"]),
        section47=with_ref(typed.section47(merged["section47"])),
        plans=with_ref(plans),
        plan_reviews=reviews,
    )
