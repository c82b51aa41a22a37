"""Triangulation (DESIGN §11.2): each team's audits of three months beside its measures."""

from __future__ import annotations

import pandas as pd

from kpis.audits.graded import audits_of, is_good_or_better
from kpis.audits.model import KPI_ID
from kpis.catalogue import Catalogue, Polarity
from kpis.periods import shift
from kpis.rag import Rag, rag

WINDOW = 3  # months of audits, ending with the month triangulated
TRIANGULATION_COLUMNS = [
    "team",
    "audits",
    "good_or_better",
    "inadequate",
    "measures",
    "on_target",
    "red",
    "flag",
]


def window(period: str) -> list[str]:
    """The months whose audits stand beside month `period`'s figures: it and the two before."""
    return [shift(period, -back) for back in range(WINDOW - 1, -1, -1)]


def team_ratings(figures: pd.DataFrame, catalogue: Catalogue, period: str) -> pd.DataFrame:
    """Every team figure for `period` itself (nothing carried forward) on a KPI with a target
    and a polarity, with its RAG; grey ones and the audits' own measure are left out."""
    known = catalogue.by_id()
    mine = figures[
        (figures["team"] != "")
        & (figures["period"] == period)
        & (figures["kpi_id"] != KPI_ID)
        & figures["kpi_id"].isin(list(known))
    ]
    rows = []
    for figure in mine.itertuples():
        kpi = known[figure.kpi_id]
        if kpi.polarity is Polarity.NEUTRAL:
            continue
        uploaded = figure.target
        target = float(uploaded) if pd.notna(uploaded) else kpi.target_for(period)
        rating = rag(figure.value, target, kpi.tolerance_for(target), kpi.polarity, kpi.unit)
        if rating is not Rag.GREY:
            rows.append({"team": figure.team, "kpi_id": kpi.id, "value": figure.value,
                         "target": target, "rag": rating.value})  # fmt: skip
    return pd.DataFrame(rows, columns=["team", "kpi_id", "value", "target", "rag"])


def flag(line: dict) -> str:
    """The sentence flagging a team whose audits and measures disagree, or ''. `line` holds
    the triangulation's counts (TRIANGULATION_COLUMNS but the flag)."""
    team, audits, good = line["team"], line["audits"], line["good_or_better"]
    inadequate, measures, red = line["inadequate"], line["measures"], line["red"]
    on_target = line["on_target"]
    if measures >= 1 and on_target == measures and (inadequate >= 1 or 2 * good < audits):
        if inadequate >= 1:
            return (
                f"{team}: all {measures} measures on target, but {inadequate} of {audits} "
                "audits were inadequate"
            )
        return (
            f"{team}: all {measures} measures on target, but only {good} of {audits} audits "
            "were good or better"
        )
    # "At least half red" needs a measure: with none, nothing can be red.
    if measures >= 1 and 2 * red >= measures and audits >= 3 and good == audits:
        return (
            f"{team}: all {audits} audits good or better, while {red} of {measures} measures "
            "are red"
        )
    return ""


def triangulate(
    rows: pd.DataFrame, figures: pd.DataFrame, catalogue: Catalogue, period: str
) -> pd.DataFrame:
    """`audits triangulate`: per team with audits in the three months to `period` or measures
    in it, the audits (completed, good or better, inadequate) and the measures (how many, on
    target, red), and the flag sentence where they disagree."""
    audits = audits_of(rows)
    audits = audits[audits["period"].isin(window(period))]
    ratings = team_ratings(figures, catalogue, period)
    out = []
    for team in sorted(set(audits["team"]) | set(ratings["team"])):
        mine = audits[audits["team"] == team]
        rated = ratings[ratings["team"] == team]["rag"]
        line = {
            "team": team,
            "audits": len(mine),
            "good_or_better": int(is_good_or_better(mine["grade"]).sum()),
            "inadequate": int((mine["grade"] == "inadequate").sum()),
            "measures": len(rated),
            "on_target": int((rated == Rag.GREEN.value).sum()),
            "red": int((rated == Rag.RED.value).sum()),
        }
        out.append(line | {"flag": flag(line)})
    return pd.DataFrame(out, columns=TRIANGULATION_COLUMNS)
