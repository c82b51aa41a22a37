"""The board pages' finished pieces (HTML, tables, charts), built once per data version and
shared by every session.

A board of twenty opening the link together would otherwise each rebuild the same HTML and
charts from the same figures (bench/concurrency.py). Everything here is keyed by the store's
version, read from the database at each rerun, so a load, rollback, target change or action made
by any process shows at the next rerun. st.cache_resource hands every session the same object
without copying it: callers must treat what they get as read-only (pandas copy-on-write makes
any derived frame a copy).
"""

from __future__ import annotations

import os
from typing import NamedTuple
from urllib.parse import urlencode

import pandas as pd

from kpis.charts.fit import for_page
from kpis.charts.page_svg import chart_html
from kpis.loadkinds import WITH_CASES
from kpis.markup import html_text
from kpis.month.scorecard_html import CSS
from kpis.month.table_html import table_html
from kpis.periods import label as period_label
from ui import state
from ui.cache import shared
from ui.markup import Html


# A spinner only while the month is worked out (never on a cached page: a message less).
@shared(max_entries=32, spinner="Preparing the scorecard…")
def _scorecard(url: str, version: str, period: str, la_code: int, model_year: int) -> Html:
    from kpis.icons import CONCERN
    from kpis.month.board import headline
    from kpis.month.scorecard_html import scorecard_html
    from kpis.month.tiles_html import CSS as TILES_CSS
    from kpis.month.tiles_html import Tile, tile_row
    from kpis.rag import Rag
    from ui.figures_due import completeness_line_for
    from ui.published import SOURCE

    card = state._board(url, version, period, la_code, model_year)
    counts = headline(card)
    tiles = [
        *(Tile(r.word, str(counts[r.value]), r.colour, r.symbol)
          for r in (Rag.RED, Rag.AMBER, Rag.GREEN)),
        Tile("Special causes of concern", str(counts["concern"]), CONCERN),
    ]  # fmt: skip
    note = (
        "Open a measure's name to see its trend, teams and commentary. Neighbour and England "
        f"figures are DfE's latest published year, shown under each figure. {SOURCE}."
    )

    def link(kpi_id: str) -> str:
        return "kpi?" + urlencode({"kpi": kpi_id, "period": period})

    # The month's whole page below the selector in one element: every element is a message to
    # every viewer, and the browser redraws a month change in one go.
    return Html(
        CSS
        + TILES_CSS
        + f'<p class="kpis-status">{html_text(completeness_line_for(url, version, period))}</p>'
        + tile_row(tiles, f"Measures for {period_label(period)} by rating")
        + f'<p class="kpis-status">{html_text(note)}</p>'
        + "".join(
            f'<h2 class="kpi-area">{html_text(area)}</h2>'
            + scorecard_html(rows, model_year=model_year, link=link, area=area)
            for area, rows in card.groupby("area", sort=False)
        ).strip()
    )


def scorecard(period: str) -> Html:
    """The month's completeness, headline counts and scorecard, every judgement area."""
    me = state.authority()
    return _scorecard(state.db_url(), state.version(), period, me.la_code, me.model_year)


# The exception list's filter words for the reasons the exception engine gives.
REASONS = {
    "Off target": "Off target",
    "Special cause of concern": "Special cause",
    "Will consistently fail": "Will consistently fail",
    "worst quarter": "Worst quartile nationally",
}


@shared(max_entries=16, spinner="Finding exceptions…")
def _exceptions(url: str, version: str, period: str) -> pd.DataFrame:
    from kpis.month.scorecard import SUPPRESSED
    from kpis.rag import Rag, format_value

    ranked = state._exceptions(url, version, period)
    if ranked.empty:
        return ranked
    return ranked.assign(
        why=ranked["reasons"].map(lambda r: " · ".join(r)),
        kinds=ranked["reasons"].map(
            lambda r: frozenset(v for k, v in REASONS.items() for x in r if k in x)
        ),
        team_name=ranked["team"].replace("", "Whole authority"),
        value_text=[
            SUPPRESSED if hidden else f"{Rag(rag).symbol} {format_value(v, u)}"
            for v, u, rag, hidden in zip(
                ranked["value"], ranked["unit"], ranked["rag"], ranked["suppressed"], strict=True
            )
        ],
    )


def exceptions(period: str) -> pd.DataFrame:
    """The month's ranked exceptions with the words the list shows (read-only)."""
    return _exceptions(state.db_url(), state.version(), period)


DOWNLOAD = ["rank", "kpi_id", "name", "team", "value", "target", "rag", "reasons"]


@shared(max_entries=64)
def _exception_list(
    url: str, version: str, period: str, areas: tuple, teams: tuple, kinds: tuple
) -> tuple[pd.DataFrame, Html, pd.DataFrame]:
    from kpis.month.exceptions_html import exceptions_html
    from ui.actions import actions_for

    ranked = _exceptions(url, version, period)
    keep = ranked["area"].isin(areas or ranked["area"])
    keep &= ranked["team_name"].isin(teams or ranked["team_name"])
    if kinds:
        keep &= ranked["kinds"].map(lambda k: bool(k & set(kinds)))
    shown = ranked[keep]

    def link(row) -> str:
        return "kpi?" + urlencode(
            {"kpi": row["kpi_id"], "period": row["period_shown"], "team": row["team"]}
        )

    download = shown.assign(reasons=shown["why"])[DOWNLOAD]
    note = (
        f"{len(shown)} of {len(ranked)} exceptions for {period_label(period)}, most serious "
        "first. Open a measure to see its trend, teams and commentary."
    )
    # The count and the table's styles in the table's element: each element is a message to
    # every viewer.
    table = Html(
        f'{CSS}<p class="kpis-status">{html_text(note)}</p>'
        + exceptions_html(shown, link=link, actions=actions_for).strip()
    )
    return shown, table, download


def exception_list(
    period: str, areas: list[str], teams: list[str], kinds: list[str]
) -> tuple[pd.DataFrame, Html, pd.DataFrame]:
    """The exceptions the filters keep (none chosen: all), their count and HTML table, and the
    columns their download holds."""
    return _exception_list(
        state.db_url(), state.version(), period, tuple(areas), tuple(teams), tuple(kinds)
    )


@shared(max_entries=64)
def _spc_view(
    url: str, version: str, kpi_id: str, team: str, period: str, target: float | None
) -> tuple:
    from kpis.charts.spc import spc_chart, spc_table

    kpi = state._catalogue(url, version).get(kpi_id)
    spc = state._spc(url, version, kpi_id, team, period)
    rebases = state._rebases(url, version)
    mine = rebases[(rebases["kpi_id"] == kpi_id) & (rebases["team"] == team)]
    figure = spc_chart(
        spc, title=f"{kpi.name} – {team or 'whole authority'}", unit=kpi.unit.value,
        target=target, rebase_reasons=dict(zip(mine["period"], mine["reason"], strict=True)),
    )  # fmt: skip
    table = spc_table(spc, kpi.unit.value)
    markup = Html(CSS + table_html(
        table, caption=f"{kpi.name}: chart data", row_header="Month",
        numeric={"Value", "Mean", "Lower limit", "Upper limit"},
    ).strip())  # fmt: skip

    def month_link(month: str) -> str:
        where = {"kpi": kpi_id, "period": month[:7], **({"team": team} if team else {})}
        return "kpi?" + urlencode(where)

    drawn = chart_html(for_page(figure), chart_id="spc", link=month_link)
    return spc, drawn, table, markup


def spc_view(kpi_id: str, team: str, period: str, target: float | None) -> tuple:
    """(SPC table of the series, its chart as HTML (a click on a point opens its month), the
    chart's data table and that table's HTML) up to a month."""
    return _spc_view(state.db_url(), state.version(), kpi_id, team, period, target)


@shared(max_entries=64)
def _published_view(
    url: str, version: str, kpi_id: str, la_code: int, model_year: int
) -> tuple | None:
    from kpis.benchmarks.charts import neighbour_bar_chart, trend_chart
    from kpis.benchmarks.plausible import kept_out_words
    from kpis.charts.page_svg import CAPTION
    from ui import published

    data = published._data(url, version)
    if kpi_id not in set(data.measures["kpi_id"]):
        return None
    kpi = state._catalogue(url, version).get(kpi_id)
    frame = published._comparators(url, version, la_code, model_year)
    names = data.areas.set_index("area_code")["area_name"]
    name = str(names.get(la_code, la_code))
    table = published.comparator_table(frame, kpi_id, name, model_year)
    trend = for_page(trend_chart(frame, kpi, name, model_year))
    bars = for_page(
        neighbour_bar_chart(data.values, data.neighbours, data.areas, la_code, kpi, model_year)
    )
    # The two charts share their notes (the model year and the source): shown once, after both.
    drawn = chart_html(trend, chart_id="trend", notes=False) + chart_html(bars, chart_id="bars")
    # Figures that cannot be right are left out of the charts and table: say which, and why.
    if words := kept_out_words(frame, kpi_id):
        drawn += f'<p style="{CAPTION}">{html_text(words)}</p>'
    return drawn, table, Html(published.table_markup(table).strip())


def published_view(
    kpi_id: str, la_code: int | None = None, model_year: int | None = None
) -> tuple | None:
    """DfE's comparators for a measure, for the configured (or a chosen) authority and
    neighbour model, as (the trend and neighbour charts as HTML, the table, its HTML); None
    when DfE does not publish it."""
    from ui import published

    me = published.who()
    return _published_view(
        state.db_url(), state.version(), kpi_id, la_code or me.la_code, model_year or me.model_year
    )


@shared(max_entries=64)
def _team_table(url: str, version: str, kpi_id: str, period: str) -> tuple[list, Html]:
    from kpis.month.scorecard import kpi_row

    figures = state._figures(url, version)
    kpi = state._catalogue(url, version).get(kpi_id)
    teams = sorted(t for t in figures.loc[figures["kpi_id"] == kpi_id, "team"].unique() if t)
    rows = [kpi_row(figures, kpi, period, team) for team in teams]
    table = pd.DataFrame(
        {
            "Team": teams,
            "Value": [r["value_text"] for r in rows],
            "Target": [r["target_text"] for r in rows],
            "RAG": [r["rag_text"] for r in rows],
            "Since last period": [r["vs_previous_text"] for r in rows],
        }
    )

    def team_link(row: pd.Series) -> str:
        return "kpi?" + urlencode({"kpi": kpi_id, "period": period, "team": row["Team"]})

    # A link per team (opens its view); a card per team on a narrow screen.
    return teams, Html(CSS + table_html(
        table, caption=f"{kpi.name} by team", row_header="Team", numeric={"Value", "Target"},
        links={"Team": team_link},
    ).strip())  # fmt: skip


def team_table(kpi_id: str, period: str) -> tuple[list, Html]:
    """Each team's figure for the month, with RAG in words, as HTML: (teams, table)."""
    return _team_table(state.db_url(), state.version(), kpi_id, period)


@shared(max_entries=64)
def _kpi_figures(url: str, version: str, kpi_id: str) -> pd.DataFrame:
    figures = state._figures(url, version)
    return figures[figures["kpi_id"] == kpi_id]


class KpiChoices(NamedTuple):
    """What a measure's detail offers: its teams ("" is the whole authority), each team's
    months (newest first) and whether cases lie behind its figures."""

    teams: list[str]
    months: dict[str, list[str]]
    has_cases: bool


@shared(max_entries=64)
def _kpi_choices(url: str, version: str, kpi_id: str) -> KpiChoices:
    mine = _kpi_figures(url, version, kpi_id)
    months = {
        team: sorted(rows["period"].unique(), reverse=True) for team, rows in mine.groupby("team")
    }
    teams = ["", *sorted(t for t in months if t)]
    return KpiChoices(teams, months, bool(mine["kind"].isin(WITH_CASES).any()))


def kpi_choices(kpi_id: str) -> KpiChoices:
    """One measure's teams and months to choose from (read-only); no months: no figures."""
    return _kpi_choices(state.db_url(), state.version(), kpi_id)


@shared(max_entries=64)
def _commentary(url: str, version: str, kpi_id: str, team: str) -> Html | None:
    from kpis.periods import label

    mine = _kpi_figures(url, version, kpi_id)
    notes = mine[(mine["team"] == team) & mine["commentary"].notna()].sort_values("period")
    if notes.empty:
        return None
    # The analysts' free text: escaped, shown as written (never as markdown or HTML).
    return Html(
        '<dl class="kpis-notes" style="margin:0">'
        + "".join(
            f'<dt style="font-weight:600">{html_text(label(n.period))}</dt>'
            f'<dd style="margin:0 0 0.75rem;white-space:pre-wrap">{html_text(n.commentary)}</dd>'
            for n in notes.iloc[::-1].itertuples()
        )
        + "</dl>"
    )


def commentary(kpi_id: str, team: str) -> Html | None:
    """A measure's commentary for the authority or a team, newest first; None when none."""
    return _commentary(state.db_url(), state.version(), kpi_id, team)


@shared(max_entries=64)
def _kpi_line(url: str, version: str, kpi_id: str, period: str, team: str) -> tuple[dict, Html]:
    from kpis.month.scorecard import kpi_row
    from kpis.month.tiles_html import CSS as TILES_CSS
    from kpis.month.tiles_html import measure_tiles

    kpi = state._catalogue(url, version).get(kpi_id)
    line = kpi_row(state._figures(url, version), kpi, period, team)
    return line, Html(TILES_CSS + measure_tiles(line, kpi))


def kpi_line(kpi_id: str, period: str, team: str) -> tuple[dict, Html]:
    """The scorecard's line for one measure, month and team (read-only), and its headline
    tiles."""
    return _kpi_line(state.db_url(), state.version(), kpi_id, period, team)


_WARMING: set[tuple] = set()


def warm_board(months: list[str]) -> None:
    """Work out the scorecard of recent months in the background, once per data version, so
    a board member switching month gets a cached page instead of a wait. KPIS_WARM_MONTHS
    sets how many (13 by default; 0 turns it off, as the AppTest tests do)."""
    import threading

    months = months[: int(os.environ.get("KPIS_WARM_MONTHS", "13"))]
    if not months:
        return
    me = state.authority()
    key = (state.db_url(), state.version(), me.la_code, me.model_year)
    if key in _WARMING:
        return
    _WARMING.add(key)

    def work() -> None:
        for period in months:
            _scorecard(key[0], key[1], period, me.la_code, me.model_year)

    threading.Thread(target=work, name="warm-scorecard", daemon=True).start()
