"""SPC and exceptions for stored KPI series: what the board's monthly signals are built from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from kpis.catalogue import Catalogue, Kpi, Polarity
from kpis.month.ranking import rank_exceptions
from kpis.month.scorecard import authority_series, kpi_row
from kpis.periods import shift
from kpis.rag import Rag, rag
from kpis.spc import summary, xmr

SMALL_NUMBER_REASON = "Off target (figure not shown: fewer than 5 cases)"
IMPROVEMENT = {
    Polarity.HIGHER_BETTER: "increase",
    Polarity.LOWER_BETTER: "decrease",
    Polarity.NEUTRAL: "neutral",
}


def series_of(figures: pd.DataFrame, kpi_id: str, team: str = "", upto: str | None = None):
    """One KPI's figures for the authority (team '') or a team, by period, up to a month."""
    rows = authority_series(figures, kpi_id, team)
    return rows if upto is None else rows[rows.index <= upto]


def kpi_spc(
    figures: pd.DataFrame,
    kpi: Kpi,
    *,
    team: str = "",
    upto: str | None = None,
    rebase_at: Sequence[str] = (),
    baseline: int | None = None,
    run_length: int = 7,
) -> pd.DataFrame:
    """The XmR table of one stored series; assurance against the target of its latest month."""
    series = series_of(figures, kpi.id, team, upto)
    target = None
    if len(series) and kpi.polarity is not Polarity.NEUTRAL:
        latest = series.iloc[-1]
        uploaded = latest["target"]
        target = float(uploaded) if pd.notna(uploaded) else kpi.target_for(series.index[-1])
    return xmr(
        series["value"].astype("float64"),
        improvement=IMPROVEMENT[kpi.polarity],  # type: ignore[arg-type]
        target=target,
        baseline=baseline,
        rebase_at=tuple(rebase_at),
        run_length=run_length,
    )


def _months_red(figures: pd.DataFrame, kpi: Kpi, period: str, team: str) -> int:
    """How many months in a row, ending at `period`, the KPI has been red."""
    months, month = 0, period
    series = series_of(figures, kpi.id, team, period)
    while month in series.index:
        row = series.loc[month]
        target = row["target"] if pd.notna(row["target"]) else kpi.target_for(month)
        if rag(row["value"], target, kpi.tolerance_for(target), kpi.polarity, kpi.unit) != Rag.RED:
            break
        months += 1
        month = shift(month, -1)
    return months


def exception_inputs(
    figures: pd.DataFrame,
    catalogue: Catalogue,
    period: str,
    *,
    quartiles: Mapping[str, str] | None = None,
    rebases: pd.DataFrame | None = None,
    run_length: int = 7,
    neighbours: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per KPI and team with a figure for the month: RAG, SPC signal (with the month
    the process changed, if it has moved on from its limits), quartile band."""
    rows = []
    teams = ["", *sorted(t for t in figures["team"].unique() if t)]
    present = set(zip(figures["kpi_id"], figures["team"], strict=True))
    for kpi in catalogue.kpis:
        for team in teams:
            if (kpi.id, team) not in present:
                continue
            line = kpi_row(figures, kpi, period, team)
            if line["value"] is None:
                continue
            starts = _rebase_dates(rebases, kpi.id, team)
            spc = kpi_spc(
                figures,
                kpi,
                team=team,
                upto=line["period_shown"],
                rebase_at=starts,
                run_length=run_length,
            )
            result = summary(spc)
            rows.append(
                {
                    "kpi_id": kpi.id,
                    "name": kpi.name,
                    "area": kpi.area,
                    "team": team,
                    "unit": kpi.unit.value,
                    "period_shown": line["period_shown"],
                    "value": line["value"],
                    "target": line["target"],
                    "rag": line["rag"],
                    "point_type": result.variation,
                    "rule": spc["rule"].iloc[-1] if len(spc) else "",
                    "assurance": result.assurance,
                    "changed_since": result.changed_since,
                    # Published bands are for the whole authority, never a team.
                    "quartile": (quartiles or {}).get(kpi.id) if team == "" else None,
                    "neighbours": (neighbours or {}).get(kpi.id) if team == "" else None,
                    "months_off_target": _months_red(figures, kpi, line["period_shown"], team),
                    "suppressed": line["suppressed"],
                }
            )
    return pd.DataFrame(rows)


def _rebase_dates(rebases: pd.DataFrame | None, kpi_id: str, team: str) -> list[str]:
    if rebases is None or rebases.empty:
        return []
    hit = rebases[(rebases["kpi_id"] == kpi_id) & (rebases["team"] == team)]
    return sorted(hit["period"])


def exceptions(
    figures: pd.DataFrame,
    catalogue: Catalogue,
    period: str,
    *,
    quartiles: Mapping[str, str] | None = None,
    rebases: pd.DataFrame | None = None,
    neighbours: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The ranked exception list for a month, authority and team rows, with reasons in words."""
    inputs = exception_inputs(
        figures, catalogue, period, quartiles=quartiles, rebases=rebases, neighbours=neighbours
    )
    if inputs.empty:
        return inputs
    ranked = rank_exceptions(inputs)
    # Board views never show a small number computed from cases, not even inside a sentence.
    ranked["reasons"] = [
        [SMALL_NUMBER_REASON if r.startswith("Off target:") else r for r in reasons]
        if hidden
        else reasons
        for reasons, hidden in zip(ranked["reasons"], ranked["suppressed"], strict=True)
    ]
    return ranked
