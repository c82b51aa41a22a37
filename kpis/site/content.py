"""What the public site may show for one month, read once from the store: public KPIs only,
authority figures only (never teams, commentary or cases), small numbers suppressed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.benchmarks import authority_comparators
from kpis.catalogue import Catalogue, Kpi
from kpis.demo import is_demo
from kpis.entry.ready import board_month, month_readiness, ready_at
from kpis.month.scorecard import (
    COLUMNS,
    for_board,
    kpi_row,
    with_benchmarks,
    with_trends,
)
from kpis.pack.content import data_as_at, window_start
from kpis.periods import label, parse_period
from kpis.published import authority, latest_published, published_data
from kpis.site.recommendations import PublicRecommendation, public_recommendations
from kpis.store import Store

# The only figure columns that leave the store for the site: no commentary, no team, no load.
SERIES_COLUMNS = ["value", "numerator", "denominator", "target", "suppressed"]


class SiteError(ValueError):
    """A site that cannot be built as asked (bad month, no figures)."""


@dataclass(frozen=True)
class PublicKpi:
    """One public measure: its scorecard line (with benchmarks and trend) and its history."""

    kpi: Kpi
    line: dict  # kpis.month.scorecard.kpi_row + with_benchmarks + with_trends, commentary removed
    history: pd.DataFrame  # authority figures up to the month, by period (SERIES_COLUMNS)

    @property
    def charted(self) -> pd.DataFrame:
        """The window the chart shows (two years of months, as the board pack charts)."""
        end = self.line["period_shown"] or self.history.index.max()
        if not isinstance(end, str):
            return self.history
        return self.history[self.history.index >= window_start(self.kpi, end)]


@dataclass(frozen=True)
class SiteContent:
    authority: str
    la_code: int
    model_year: int
    period: str
    data_as_at: str
    demo: bool
    catalogue: Catalogue
    kpis: tuple[PublicKpi, ...]
    recommendations: tuple[PublicRecommendation, ...]

    def areas(self) -> list[tuple[str, list[PublicKpi]]]:
        """The public measures by judgement area, in catalogue order."""
        grouped = [(a, [p for p in self.kpis if p.kpi.area == a]) for a in self.catalogue.areas]
        return [(area, items) for area, items in grouped if items]


def gather_site(store: Store, catalogue: Catalogue, period: str | None = None) -> SiteContent:
    """Everything the site shows for `period` (default: the board's month, the latest ready
    one: DESIGN §4)."""
    # Small numbers lose value, numerator and denominator before anything else reads them.
    figures = for_board(store.figures())
    figures = figures[figures["team"] == ""]
    if figures.empty:
        raise SiteError("there are no figures to publish: load a scorecard first")
    if period is None:
        period = board_month(month_readiness(catalogue, figures, ready_at(store)))
    month = parse_period(period) if isinstance(period, str) else None
    if month is None or month != period.strip():
        raise SiteError(f"'{period}' is not a month written as YYYY-MM")
    if not (figures["period"] == month).any():
        raise SiteError(f"no measure has a figure for {label(month)}")
    public = set(store.public_keys("kpi"))
    chosen = [kpi for kpi in catalogue.kpis if kpi.id in public]
    who = authority(store)
    data = published_data(store)
    latest = latest_published(authority_comparators(data, who.la_code, catalogue, who.model_year))
    card = pd.DataFrame([kpi_row(figures, kpi, month) for kpi in chosen], columns=COLUMNS)
    card = with_trends(with_benchmarks(card, latest), figures, month).drop(columns="commentary")
    items = tuple(
        PublicKpi(kpi, line, _history(figures, kpi.id, month))
        for kpi, line in zip(chosen, card.to_dict("records"), strict=True)
    )
    place = data.areas.set_index("area_code")
    name = str(place.at[who.la_code, "area_name"]) if who.la_code in place.index else None
    return SiteContent(
        authority=name or f"LA {who.la_code}",
        la_code=who.la_code,
        model_year=who.model_year,
        period=month,
        data_as_at=data_as_at(store.loads()),
        demo=is_demo(store),
        catalogue=catalogue,
        kpis=items,
        recommendations=tuple(public_recommendations(store, month)),
    )


def _history(figures: pd.DataFrame, kpi_id: str, period: str) -> pd.DataFrame:
    rows = figures[(figures["kpi_id"] == kpi_id) & (figures["period"] <= period)]
    return rows.sort_values("period").set_index("period")[SERIES_COLUMNS]
