"""The pack's figures as tables: every charted figure, published benchmarks and definitions."""

from __future__ import annotations

import pandas as pd

from kpis.catalogue import Frequency, Unit
from kpis.charts.spc_words import signal_words
from kpis.month.scorecard import SUPPRESSED, SUPPRESSED_RAG
from kpis.pack.content import PackContent, Series
from kpis.periods import label
from kpis.rag import display_value, format_target, format_value, rag

FIGURE_COLUMNS = (
    "KPI id",
    "Measure",
    "Team",
    "Month",
    "Value",
    "Numerator",
    "Denominator",
    "Target",
    "RAG",
    "SPC signal",
)
NOT_SHOWN = "not shown (small number)"


def charted_series(content: PackContent) -> list[Series]:
    """Every series the pack charts, in pack order: each KPI, then the teams with exceptions."""
    teams = [item.series for item in content.exceptions if item.series.team]
    by_kpi: dict[str, list[Series]] = {}
    for series in teams:
        by_kpi.setdefault(series.kpi.id, []).append(series)
    out = []
    for kpi in content.catalogue.kpis:
        out.append(content.series[kpi.id])
        out.extend(sorted(by_kpi.get(kpi.id, []), key=lambda s: s.team))
    return out


def figure_rows(series: Series) -> pd.DataFrame:
    """One row per charted figure: numbers for a spreadsheet, small numbers as 'fewer than 5'."""
    kpi, rows = series.kpi, series.figures
    words = signal_words(series.spc) if not series.spc.empty else {}
    records = []
    for period, figure in rows.iterrows():
        hidden = bool(figure["suppressed"])
        uploaded = figure["target"]
        target = float(uploaded) if pd.notna(uploaded) else kpi.target_for(str(period))
        rating = rag(figure["value"], target, kpi.tolerance_for(target), kpi.polarity, kpi.unit)
        records.append(
            {
                "KPI id": kpi.id,
                "Measure": kpi.name,
                "Team": series.who,
                "Month": str(period),
                "Value": SUPPRESSED if hidden else display_value(figure["value"], kpi.unit),
                "Numerator": SUPPRESSED if hidden else _number(figure["numerator"]),
                "Denominator": SUPPRESSED if hidden else _number(figure["denominator"]),
                "Target": target,
                "RAG": SUPPRESSED_RAG if hidden else f"{rating.symbol} {rating.word}",
                # Where a point sits against its limits says something about the hidden figure.
                "SPC signal": NOT_SHOWN if hidden else words.get(str(period), ""),
            }
        )
    return pd.DataFrame(records, columns=list(FIGURE_COLUMNS))


def area_figures(content: PackContent) -> dict[str, pd.DataFrame]:
    """Every charted figure, one table per judgement area (catalogue order)."""
    grouped: dict[str, list[pd.DataFrame]] = {area: [] for area in content.catalogue.areas}
    for series in charted_series(content):
        grouped[series.kpi.area].append(figure_rows(series))
    return {
        area: pd.concat(parts, ignore_index=True) if parts else _empty()
        for area, parts in grouped.items()
    }


def wide_values(content: PackContent, frequency: Frequency) -> tuple[list[str], pd.DataFrame]:
    """The charted values of one frequency as text, a row per series and a column per period
    (oldest first), for the appendix; small numbers as 'fewer than 5'."""
    chosen = [s for s in charted_series(content) if s.kpi.frequency is frequency]
    periods = sorted({str(p) for s in chosen for p in s.figures.index})
    rows = []
    for series in chosen:
        cells = {p: "–" for p in periods}
        for period, figure in series.figures.iterrows():
            cells[str(period)] = (
                SUPPRESSED
                if figure["suppressed"]
                else format_value(figure["value"], series.kpi.unit)
            )
        rows.append({"area": series.kpi.area, "Measure": series.kpi.name, "Team": series.who,
                     **cells})  # fmt: skip
    return periods, pd.DataFrame(rows, columns=["area", "Measure", "Team", *periods])


def published_rows(content: PackContent, *, as_text: bool = False) -> pd.DataFrame:
    """The latest published DfE year per KPI: the authority beside its comparators, as
    numbers (rounded as shown) for a spreadsheet or, `as_text`, formatted for reading."""
    group = content.london_group or content.region or "Region"
    column = "london" if content.london_group else "region"
    latest = content.published.set_index("kpi_id") if not content.published.empty else None
    rows = []
    for kpi in content.catalogue.kpis:
        if latest is None or kpi.id not in latest.index:
            continue
        p = latest.loc[kpi.id]
        figure = {
            name: _published_figure(p[name], kpi.unit, as_text)
            for name in ("la", "sn_mean", "sn_median", column, "england")
        }
        rank = None if pd.isna(p["rank"]) else int(p["rank"])
        # England's figure when it cannot be right is kept out (kpis.benchmarks.plausible).
        if as_text and isinstance(p.get("england_note"), str) and p["england_note"]:
            figure["england"] = "not used"
        band = p["quartile"] if isinstance(p["quartile"], str) else None
        rows.append(
            {
                "Area": kpi.area,
                "KPI id": kpi.id,
                "Measure": kpi.name,
                "Year": f"{int(p['year']) - 1}/{int(p['year']) % 100:02d}",
                content.authority: figure["la"],
                f"Neighbours mean ({content.model_year} model)": figure["sn_mean"],
                "Neighbours median": figure["sn_median"],
                group: figure[column],
                "England": figure["england"],
                "Quartile band": band or ("–" if as_text else None),
                "National rank": (str(rank) if rank else "–") if as_text else rank,
            }
        )
    return pd.DataFrame(rows)


def _published_figure(value: object, unit: Unit, as_text: bool) -> object:
    if as_text:
        return format_value(value, unit)
    return None if pd.isna(value) else display_value(float(value), unit)


def definitions(content: PackContent) -> pd.DataFrame:
    """What each measure counts and where it comes from."""
    return pd.DataFrame(
        [
            {
                "Area": k.area,
                "KPI id": k.id,
                "Measure": k.name,
                "Definition": k.definition,
                "Numerator": k.numerator or "–",
                "Denominator": k.denominator or "–",
                "Reported": f"{k.frequency.value}, {k.basis}",
                "Better": _better(k.polarity.value),
                "Target": format_target(k.target, k.unit),
                "Source": k.source,
                "DfE benchmark": str(k.benchmark) if k.benchmark else "–",
            }
            for k in content.catalogue.kpis
        ]
    )


def month_label(period: str, frequency: Frequency) -> str:
    """Column headings: 'Mar 2025' for months and quarters, '2024/25' for a March year end."""
    if frequency is Frequency.ANNUAL and period.endswith("-03"):
        year = int(period[:4])
        return f"{year - 1}/{year % 100:02d}"
    return label(period)


def _better(polarity: str) -> str:
    return {"higher_better": "higher", "lower_better": "lower"}.get(polarity, "neither")


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(FIGURE_COLUMNS))
