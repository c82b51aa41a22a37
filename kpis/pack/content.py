"""Everything the board pack shows for one month, gathered once from the store (no case data)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpis.audits.board import QualityMonth, quality_month
from kpis.benchmarks import authority_comparators
from kpis.catalogue import Catalogue, Frequency, Kpi
from kpis.clock import UK, now
from kpis.demo import is_demo
from kpis.entry.completeness import completeness, completeness_line
from kpis.month.board import board_card
from kpis.month.scorecard import kpi_row, small_number
from kpis.month.signals import exceptions, kpi_spc
from kpis.periods import label, parse_period, shift
from kpis.published import (
    authority,
    authority_name,
    latest_published,
    neighbours_better,
    published_data,
    quartiles,
)
from kpis.store import Store

STEP_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.ANNUAL: 12}
# Points charted per series: two years of months, three of quarters, ten of years. SPC limits
# still come from the whole history; the window only keeps the pack readable.
WINDOW_POINTS = {Frequency.MONTHLY: 24, Frequency.QUARTERLY: 12, Frequency.ANNUAL: 10}
WHOLE_AUTHORITY = "Whole authority"


class PackError(ValueError):
    """A pack that cannot be made as asked (bad month, no figures, unknown format)."""


@dataclass(frozen=True)
class Series:
    """One charted series: a KPI for the whole authority (team '') or one team."""

    kpi: Kpi
    team: str
    period_shown: str | None
    spc: pd.DataFrame  # kpis.spc.xmr over the whole history up to period_shown
    figures: pd.DataFrame  # the stored figures in the window, by period, with `suppressed`
    target: float | None
    rebase_reasons: dict[str, str] = field(default_factory=dict)

    @property
    def step(self) -> int:
        return STEP_MONTHS[self.kpi.frequency]

    @property
    def who(self) -> str:
        return self.team or WHOLE_AUTHORITY


@dataclass(frozen=True)
class ExceptionItem:
    """One ranked exception with everything the board reads beside its chart."""

    rank: int
    series: Series
    line: dict  # kpis.month.scorecard.kpi_row for the KPI and team
    reasons: tuple[str, ...]
    commentary: str | None
    actions: tuple[str, ...]
    # Instead of an assurance verdict when the process moved on from its limits (never a reason).
    note: str = ""


@dataclass(frozen=True)
class PackContent:
    """The pack's data: authority-level figures and team aggregates, never case lists."""

    authority: str
    la_code: int
    model_year: int
    london_group: str | None
    region: str | None
    period: str
    data_as_at: str
    demo: bool
    catalogue: Catalogue
    card: pd.DataFrame  # kpis.month.board.board_card
    published: pd.DataFrame  # latest published year per KPI
    series: dict[str, Series]  # the authority series, by KPI id
    exceptions: tuple[ExceptionItem, ...]
    # "31 of 34 measures due for Mar 2025 have figures; missing: …" (kpis.entry.completeness)
    completeness: str = ""
    # The month's case audits, counts only (kpis.audits.board); None when none are loaded.
    quality: QualityMonth | None = None

    @property
    def month(self) -> str:
        return _long_month(self.period)

    def title(self) -> str:
        return f"{self.authority} children's services board pack: {self.month}"


def gather(store: Store, catalogue: Catalogue, period: str) -> PackContent:
    """Read the store once and work out every figure, signal and exception the pack shows."""
    month = parse_period(period) if isinstance(period, str) else None
    if month is None or month != period.strip():
        raise PackError(f"'{period}' is not a month written as YYYY-MM")
    # Raw figures: the pack suppresses small numbers itself, chart by chart and cell by cell.
    figures = store.figures()
    if figures.empty or not (figures["team"] == "").any():
        raise PackError("there are no figures to make a pack from: load a scorecard first")
    who = authority(store)
    data = published_data(store)
    # The same as kpis.published.comparators_for, without reading the shipped data twice.
    comparators = authority_comparators(data, who.la_code, catalogue, who.model_year)
    latest = latest_published(comparators)
    rebases = store.rebases()
    card = board_card(figures, catalogue, month, latest, rebases)
    if card["value"].isna().all() or not (figures["period"] == month).any():
        raise PackError(f"no measure has a figure for {label(month)}")
    ranked = exceptions(
        figures,
        catalogue,
        month,
        quartiles=quartiles(comparators),
        rebases=rebases,
        neighbours=neighbours_better(data, catalogue, who),
    )
    series = {
        kpi.id: _series(figures, kpi, "", month, rebases, row)
        for kpi, row in zip(catalogue.kpis, card.to_dict("records"), strict=True)
    }
    actions = store.actions()
    items = []
    for r in ranked.itertuples() if not ranked.empty else ():
        kpi = catalogue.get(r.kpi_id)
        line = kpi_row(figures, kpi, month, r.team)
        chart = (
            series[kpi.id] if r.team == "" else _series(figures, kpi, r.team, month, rebases, line)
        )
        items.append(
            ExceptionItem(
                rank=int(r.rank),
                series=chart,
                line=line,
                reasons=tuple(r.reasons),
                commentary=_text(line["commentary"]),
                actions=_actions(actions, kpi.id, r.team, month),
                note=r.note,
            )
        )
    place = data.areas.set_index("area_code")
    found = who.la_code in place.index
    return PackContent(
        authority=authority_name(data, who.la_code),
        la_code=who.la_code,
        model_year=who.model_year,
        london_group=_text(place.at[who.la_code, "london"]) if found else None,
        region=_text(place.at[who.la_code, "region"]) if found else None,
        period=month,
        data_as_at=data_as_at(store.loads()),
        demo=is_demo(store),
        catalogue=catalogue,
        card=card,
        published=latest,
        series=series,
        exceptions=tuple(items),
        completeness=completeness_line(completeness(catalogue, figures, month), month),
        quality=_quality(store, figures, catalogue, month),
    )


def _quality(
    store: Store, figures: pd.DataFrame, catalogue: Catalogue, period: str
) -> QualityMonth | None:
    rows = store.audit_grades()  # no personal data: the pack never holds any
    if rows.empty:
        return None
    return quality_month(rows, figures, catalogue, period, now().astimezone(UK).date())


def window_start(kpi: Kpi, end: str) -> str:
    """The first month of the charted window ending at `end`."""
    return shift(end, -(WINDOW_POINTS[kpi.frequency] - 1) * STEP_MONTHS[kpi.frequency])


def _series(
    figures: pd.DataFrame,
    kpi: Kpi,
    team: str,
    period: str,
    rebases: pd.DataFrame,
    line: dict,
) -> Series:
    shown = line["period_shown"]
    shown = shown if isinstance(shown, str) else None
    mine = rebases[(rebases["kpi_id"] == kpi.id) & (rebases["team"] == team)]
    reasons = dict(zip(mine["period"], mine["reason"], strict=True))
    rows = figures[(figures["kpi_id"] == kpi.id) & (figures["team"] == team)]
    end = shown or period
    rows = rows[(rows["period"] >= window_start(kpi, end)) & (rows["period"] <= end)]
    rows = rows.sort_values("period").set_index("period")
    rows = rows.assign(suppressed=[small_number(r) for _, r in rows.iterrows()])
    spc = kpi_spc(figures, kpi, team=team, upto=end, rebase_at=sorted(reasons))
    target = line["target"]
    target = None if target is None or pd.isna(target) else float(target)
    return Series(kpi, team, shown, spc, rows, target, reasons)


def _actions(actions: pd.DataFrame, kpi_id: str, team: str, period: str) -> tuple[str, ...]:
    """Actions agreed against this exception up to the pack's month, newest first."""
    if actions.empty:
        return ()
    mine = actions[
        (actions["kpi_id"] == kpi_id) & (actions["team"] == team) & (actions["period"] <= period)
    ].iloc[::-1]
    return tuple(
        f"{a.action} (owner: {a.owner}; due {_long_date(a.due)}; agreed {label(a.period)})"
        for a in mine.itertuples()
    )


def data_as_at(loads: pd.DataFrame) -> str:
    """When the figures in effect were last loaded, UK time: the data's own date, not today's."""
    active = loads[loads["rolled_back_at"].isna()] if not loads.empty else loads
    if active.empty:
        return "no loads"
    when = pd.Timestamp(active["loaded_at"].max())
    when = when.tz_localize("UTC") if when.tzinfo is None else when
    when = when.tz_convert(UK)
    return f"{when.day} {when:%B %Y, %H:%M}"


def _long_month(period: str) -> str:
    return pd.Timestamp(f"{period}-01").strftime("%B %Y")


def _long_date(text: str) -> str:
    try:
        day = pd.Timestamp(text)
        return f"{day.day} {day:%b %Y}"
    except ValueError:
        return str(text)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
