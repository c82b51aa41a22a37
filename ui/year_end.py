"""The year-end figure from the returns and who is behind it (DESIGN §10.4), on the measure's
detail and How we compare: worked out once per data version and shared by every session."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st

from kpis.markup import html_text
from ui import auth, published, state
from ui.cache import shared
from ui.markup import Html
from ui.widgets import section


@shared(max_entries=8)
def _rows(url: str, version: str, la_code: int, model_year: int) -> pd.DataFrame:
    from kpis.returns.yearshown import year_rows

    store = state._store(url)
    return year_rows(store.return_year_ends(), published._data(url, version),
                     state._catalogue(url, version), la_code, model_year)  # fmt: skip


@shared(max_entries=8)
def _parts(url: str, version: str) -> pd.DataFrame:
    return state._store(url).return_breakdowns()


class YearEnd(NamedTuple):
    """A measure's year-end figures in words (newest first) and the latest year's breakdown
    as tables and charts (empty when none)."""

    lines: tuple[str, ...]
    charts: str
    tables: Html


@shared(max_entries=64)
def _view(
    url: str, version: str, kpi_id: str, la_code: int, model_year: int, exact: bool
) -> YearEnd:
    from kpis.charts.fit import for_page
    from kpis.charts.page_svg import chart_html
    from kpis.month.scorecard_html import CSS
    from kpis.month.table_html import table_html
    from kpis.returns.breakdown import DIMENSIONS
    from kpis.returns.yearshown import (
        TABLE_COLUMNS,
        breakdown_chart,
        breakdown_table,
        latest_breakdown,
        season,
        year_lines,
    )

    kpi = state._catalogue(url, version).get(kpi_id)
    lines = year_lines(_rows(url, version, la_code, model_year), kpi, exact=exact)
    year, parts = latest_breakdown(_parts(url, version), kpi_id)
    charts, tables = [], []
    for dimension in DIMENSIONS:
        if year is None or not (parts["dimension"] == dimension).any():
            continue
        chart = breakdown_chart(parts, kpi, dimension, year, exact=exact)
        if chart is not None:
            name = f"behind-{dimension.replace(' ', '-')}"
            charts.append(chart_html(for_page(chart), chart_id=name))
        caption = f"{kpi.name}, {season(year)}, by {dimension}"
        tables.append(
            f'<h3 style="font-size:1.1rem;margin:.75rem 0 .25rem">By {html_text(dimension)}</h3>'
            + table_html(breakdown_table(parts, kpi, dimension, exact=exact), caption=caption,
                         row_header="Group", numeric=set(TABLE_COLUMNS[1:]))
        )  # fmt: skip
    return YearEnd(tuple(lines), "".join(charts), Html(CSS + "".join(tables) if tables else ""))


def exact() -> bool:
    """Whether this person sees every number (kpis.returns.yearshown.sees_returns_numbers)."""
    from kpis.returns.yearshown import sees_returns_numbers

    return sees_returns_numbers(auth.store().actor)


def view(kpi_id: str) -> YearEnd:
    me = published.who()
    return _view(state.db_url(), state.version(), kpi_id, me.la_code, me.model_year, exact())


def _paragraphs(lines: tuple[str, ...]) -> str:
    return "".join(f'<p class="kpis-status">{html_text(line)}</p>' for line in lines)


def detail_section(kpi_id: str) -> None:
    """The measure's detail: every year held, and who is behind the latest year's figure."""
    shown = view(kpi_id)
    if not shown.lines:
        return
    section("Year-end figure from the returns", Html(_paragraphs(shown.lines)))
    if not shown.tables:
        return
    # The charts are SVG, which st.html takes out: one Markdown element, as the SPC chart's.
    st.markdown(
        "## Who is behind the figure\n\n:small[The latest year's figure by age at 31 March, sex, "
        "ethnic group and, for children looked after, UASC status, from the SSDA903 or CIN "
        "census. On board views a group of 1 to 4 reads \u201cfewer than 5\u201d.]\n\n"
        + shown.charts,
        unsafe_allow_html=True,
    )
    st.html(shown.tables)


def compare_line(kpi_id: str, la_code: int) -> None:
    """How we compare: the latest year-end figure from our returns, for our own authority."""
    if la_code != published.who().la_code:
        return
    shown = view(kpi_id)
    if shown.lines:
        section("Year-end figure from our returns", Html(_paragraphs(shown.lines[:1])))
