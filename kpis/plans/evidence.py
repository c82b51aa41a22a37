"""A recommendation's evidence: each linked KPI as the scorecard shows it at a review date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kpis.benchmarks.comparators import latest
from kpis.catalogue import Catalogue, Kpi
from kpis.direction import direction
from kpis.month.scorecard import SUPPRESSED, authority_series, kpi_row
from kpis.periods import label, month_end, shift
from kpis.rag import MISSING, Rag, format_value


@dataclass(frozen=True)
class Evidence:
    """One linked KPI at a review date, every text as the scorecard writes it."""

    kpi_id: str
    name: str
    period: str | None  # the evidence month, None when no figure had ended by the date
    value_text: str
    target_text: str
    rag: Rag
    rag_text: str
    last_year_text: str
    direction_text: str
    england_text: str
    neighbours_text: str

    @property
    def month_text(self) -> str:
        return label(self.period) if self.period else "no figure yet"

    @property
    def rated(self) -> bool:
        """Counts towards the evidence check: green, amber or red at its evidence month."""
        return self.rag in (Rag.GREEN, Rag.AMBER, Rag.RED)


def evidence_month(figures: pd.DataFrame, kpi_id: str, review: date) -> str | None:
    """The latest month with an authority figure whose period had ended on or before `review`
    (quarterly and annual figures sit at their period's last month, so the same rule holds)."""
    series = authority_series(figures, kpi_id)
    cutoff = f"{review.year:04d}-{review.month:02d}"
    ended = [p for p in series.index if p < cutoff or month_end(p) <= review]
    return max(ended) if ended else None


def published_by(comparators: pd.DataFrame, review: date) -> pd.DataFrame:
    """Per KPI, the latest DfE published year no later than the review date's year."""
    if comparators.empty:
        return comparators
    return latest(comparators[comparators["year"] <= review.year])


def evidence_for(
    kpi: Kpi, figures: pd.DataFrame, published: pd.DataFrame, review: date
) -> Evidence:
    """`figures` are as board views show them (kpis.month.scorecard.for_board), so a small
    number stays hidden here too."""
    period = evidence_month(figures, kpi.id, review)
    england, neighbours = _published_texts(kpi, published)
    if period is None:
        return Evidence(
            kpi.id, kpi.name, None, MISSING, MISSING, Rag.GREY, f"{Rag.GREY.symbol} No figure",
            MISSING, "– No comparison", england, neighbours,
        )  # fmt: skip
    line = kpi_row(figures, kpi, period)
    series = authority_series(figures, kpi.id)
    earlier = shift(period, -12)
    before = series.loc[earlier] if earlier in series.index else None
    hidden_before = before is not None and bool(before.get("suppressed", False))
    before_value = None if before is None or pd.isna(before["value"]) else float(before["value"])
    trend = direction(line["value"], before_value, kpi.polarity, kpi.unit)
    return Evidence(
        kpi_id=kpi.id,
        name=kpi.name,
        period=period,
        value_text=line["value_text"],
        target_text=line["target_text"],
        rag=Rag(line["rag"]),
        rag_text=line["rag_text"],
        last_year_text=SUPPRESSED if hidden_before else format_value(before_value, kpi.unit),
        direction_text=f"{trend.symbol} {trend.word}",
        england_text=england,
        neighbours_text=neighbours,
    )


def _published_texts(kpi: Kpi, published: pd.DataFrame) -> tuple[str, str]:
    if published.empty or kpi.id not in set(published["kpi_id"]):
        return MISSING, MISSING
    row = published.set_index("kpi_id").loc[kpi.id]
    year = int(row["year"])
    when = f"{year - 1}/{year % 100:02d}"
    texts = []
    for column in ("england", "sn_mean"):
        value = row.get(column)
        texts.append(
            f"{format_value(value, kpi.unit)} ({when})" if value is not None and pd.notna(value)
            else MISSING
        )  # fmt: skip
    # England's figure when it cannot be right is kept out (kpis.benchmarks.plausible).
    if isinstance(row.get("england_note"), str) and row["england_note"]:
        texts[0] = f"not used ({when})"
    return texts[0], texts[1]


def evidence_lines(
    kpi_ids: tuple[str, ...],
    catalogue: Catalogue,
    figures: pd.DataFrame,
    published: pd.DataFrame,
    review: date,
) -> list[Evidence]:
    known = catalogue.by_id()
    return [evidence_for(known[k], figures, published, review) for k in kpi_ids if k in known]
