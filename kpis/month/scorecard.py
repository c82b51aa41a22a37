"""The board's scorecard for one month: each KPI's figure, target, RAG and direction of travel."""

from __future__ import annotations

import weakref

import pandas as pd

from kpis.catalogue import Catalogue, Frequency, Kpi
from kpis.direction import direction
from kpis.loadkinds import CASE_LEVEL
from kpis.periods import label, shift
from kpis.rag import Rag, format_target, format_value, rag

COLUMNS = [
    "area",
    "kpi_id",
    "name",
    "unit",
    "frequency",
    "polarity",
    "basis",
    "period_shown",
    "value",
    "numerator",
    "denominator",
    "target",
    "rag",
    "rag_text",
    "value_text",
    "target_text",
    "vs_previous",
    "vs_previous_text",
    "vs_last_year",
    "vs_last_year_text",
    "commentary",
    "suppressed",
]
SUPPRESSED = "fewer than 5"
SUPPRESSED_RAG = "– Not shown (small number)"


def small_number(figure: pd.Series) -> bool:
    """A figure computed from cases whose numerator or denominator is 1 to 4 (DESIGN §3.3)."""
    if figure.get("kind") not in CASE_LEVEL:
        return False
    return any(
        pd.notna(figure.get(part)) and 1 <= float(figure.get(part)) <= 4
        for part in ("numerator", "denominator")
    )


def for_board(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures as board views may show them: small numbers computed from cases lose their
    value, numerator and denominator (so no chart, table or sentence can reveal them) and are
    marked `suppressed`."""
    frame = figures.copy()
    kind = frame["kind"] if "kind" in frame else pd.Series("", index=frame.index)
    small = pd.Series(False, index=frame.index)
    for part in ("numerator", "denominator"):
        small |= frame[part].between(1, 4)
    frame["suppressed"] = kind.isin(CASE_LEVEL) & small
    frame.loc[frame["suppressed"], ["value", "numerator", "denominator"]] = float("nan")
    return frame


def authority_series(figures: pd.DataFrame, kpi_id: str, team: str = "") -> pd.DataFrame:
    """One KPI's figures for the authority (or one team), by period, oldest first."""
    split = _split(figures)
    return split.get((kpi_id, team), _empty_series(figures))


# The frames the app passes around are never changed in place, so a split made once per frame
# serves every KPI's lookup (a boolean filter over the whole frame for each is 100x slower).
_SPLITS: dict[int, tuple[weakref.ref, dict[tuple[str, str], pd.DataFrame]]] = {}


def _split(figures: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    hit = _SPLITS.get(id(figures))
    if hit is not None and hit[0]() is figures:
        return hit[1]
    groups = {
        (str(kpi_id), str(team)): group.sort_values("period").set_index("period")
        for (kpi_id, team), group in figures.groupby(["kpi_id", "team"], sort=False)
    }
    if len(_SPLITS) >= 16:
        _SPLITS.clear()
    _SPLITS[id(figures)] = (weakref.ref(figures), groups)
    return groups


def _empty_series(figures: pd.DataFrame) -> pd.DataFrame:
    return figures.iloc[0:0].set_index("period")


def _shown_period(series: pd.DataFrame, kpi: Kpi, period: str) -> str | None:
    if kpi.frequency is Frequency.MONTHLY:
        return period if period in series.index else None
    # Quarterly and annual figures stand until the next one: latest at or before the month.
    earlier = series.index[series.index <= period]
    return earlier[-1] if len(earlier) else None


def _value_at(series: pd.DataFrame, period: str) -> float | None:
    if period not in series.index or pd.isna(series.at[period, "value"]):
        return None
    return float(series.at[period, "value"])


def kpi_row(figures: pd.DataFrame, kpi: Kpi, period: str, team: str = "") -> dict:
    """The scorecard line for one KPI in one month."""
    series = authority_series(figures, kpi.id, team)
    shown = _shown_period(series, kpi, period)
    step = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.ANNUAL: 12}[kpi.frequency]
    value = _value_at(series, shown) if shown else None
    figure = series.loc[shown] if shown else None
    uploaded_target = figure["target"] if figure is not None else None
    target = (
        float(uploaded_target)
        if uploaded_target is not None and pd.notna(uploaded_target)
        else kpi.target_for(shown or period)
    )
    previous = _value_at(series, shift(shown, -step)) if shown else None
    last_year = _value_at(series, shift(shown, -12)) if shown else None
    rating = rag(value, target, kpi.tolerance_for(target), kpi.polarity, kpi.unit)
    hidden = figure is not None and bool(
        figure["suppressed"] if "suppressed" in figure.index else small_number(figure)
    )
    since_previous = direction(value, previous, kpi.polarity, kpi.unit)
    since_last_year = direction(value, last_year, kpi.polarity, kpi.unit)
    return {
        "area": kpi.area,
        "kpi_id": kpi.id,
        "name": kpi.name,
        "unit": kpi.unit.value,
        "frequency": kpi.frequency.value,
        "polarity": kpi.polarity.value,
        "basis": kpi.basis,
        "period_shown": shown,
        "value": value,
        "numerator": figure["numerator"] if figure is not None else None,
        "denominator": figure["denominator"] if figure is not None else None,
        "target": target,
        "rag": rating.value,
        "rag_text": _rag_text(rating, hidden, value, period),
        "value_text": SUPPRESSED if hidden else format_value(value, kpi.unit),
        "suppressed": hidden,
        "target_text": format_target(target, kpi.unit),
        "vs_previous": since_previous.value,
        "vs_previous_text": f"{since_previous.symbol} {since_previous.word}",
        "vs_last_year": since_last_year.value,
        "vs_last_year_text": f"{since_last_year.symbol} {since_last_year.word}",
        "commentary": figure["commentary"] if figure is not None else None,
    }


def _rag_text(rating: Rag, hidden: bool, value: float | None, period: str) -> str:
    if hidden:
        return SUPPRESSED_RAG
    if value is None:
        # Not "No target": a measure the month has no figure for must not read as one that
        # has no target (DESIGN §4, the board's month).
        return f"{Rag.GREY.symbol} No figure for {label(period)}"
    return f"{rating.symbol} {rating.word}"


def scorecard(
    figures: pd.DataFrame, catalogue: Catalogue, period: str, team: str = ""
) -> pd.DataFrame:
    """Every catalogue KPI, in catalogue order (grouped by area), for the month `period`."""
    rows = [kpi_row(figures, kpi, period, team) for kpi in catalogue.kpis]
    return pd.DataFrame(rows, columns=COLUMNS)


def latest_period(figures: pd.DataFrame) -> str | None:
    """The most recent month with any authority figure."""
    authority = figures[figures["team"] == ""]
    return None if authority.empty else str(authority["period"].max())


def with_benchmarks(card: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """Add the latest published neighbour mean and England figure, each labelled with its year,
    so an in-year local figure is never mistaken for a published one; an England figure that
    cannot be right reads "not used", `england_note` saying why ('' otherwise)."""
    texts: dict[str, list[str]] = {
        "neighbours_text": [], "england_text": [], "quartile": [], "england_note": [],
    }  # fmt: skip
    published = latest.set_index("kpi_id") if not latest.empty else latest
    for row in card.itertuples():
        if row.kpi_id not in published.index:
            texts["neighbours_text"].append("–")
            texts["england_text"].append("–")
            texts["quartile"].append("–")
            texts["england_note"].append("")
            continue
        p = published.loc[row.kpi_id]
        year = f"{int(p['year']) - 1}/{int(p['year']) % 100:02d}"
        for key, column in (("neighbours_text", "sn_mean"), ("england_text", "england")):
            value = p[column]
            texts[key].append(
                f"{format_value(value, row.unit)} ({year})" if pd.notna(value) else "–"
            )
        note = p.get("england_note", "")
        note = note if isinstance(note, str) else ""
        texts["england_note"].append(note)
        if note:
            texts["england_text"][-1] = f"not used ({year})"
        band = p["quartile"]
        texts["quartile"].append(band if isinstance(band, str) else "–")
    return card.assign(**texts)


def _present(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# A trend shows each measure at its own frequency: 13 months, 8 quarters or 5 years.
_TREND = {"monthly": (1, 13, "months"), "quarterly": (3, 8, "quarters"), "annual": (12, 5, "years")}


def with_trends(card: pd.DataFrame, figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """Add each KPI's recent values at its own frequency (None where missing) and a summary."""
    lookup = figures[figures["team"] == ""].set_index(["kpi_id", "period"])["value"].to_dict()
    sparks, labels = [], []
    for row in card.itertuples():
        step, count, noun = _TREND[row.frequency]
        end = row.period_shown if isinstance(row.period_shown, str) else period
        window = [shift(end, -step * i) for i in range(count - 1, -1, -1)]
        values = [_present(lookup.get((row.kpi_id, month))) for month in window]
        sparks.append(values)
        present = [v for v in values if v is not None]
        if len(present) >= 2:
            first, last = format_value(present[0], row.unit), format_value(present[-1], row.unit)
            labels.append(f"Last {count} {noun}: from {first} to {last}")
        else:
            labels.append("Not enough figures for a trend")
    return card.assign(spark=sparks, spark_label=labels)
