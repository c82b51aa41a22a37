"""Cached access to DfE benchmarks for the pages, keyed on the data version and the authority."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.benchmarks import BenchmarkData
from kpis.published import Authority, comparators_for, published_data, quartiles
from ui import state
from ui.cache import shared


# Shared and read-only (no copy per call): every authority's figures are large.
@shared(max_entries=4)
def _data(url: str, version: str) -> BenchmarkData:
    return published_data(state._store(url))


@shared(max_entries=16)
def _comparators(url: str, version: str, la_code: int, model_year: int) -> pd.DataFrame:
    return comparators_for(state._store(url), state.catalogue(), Authority(la_code, model_year))


def data() -> BenchmarkData:
    return _data(state.db_url(), state.version())


def who() -> Authority:
    return state.authority()


def comparators(la_code: int | None = None, model_year: int | None = None) -> pd.DataFrame:
    """Comparators per KPI and year for the configured (or a chosen) authority."""
    me = who()
    return _comparators(
        state.db_url(), state.version(), la_code or me.la_code, model_year or me.model_year
    )


def area_name(la_code: int) -> str:
    names = data().areas.set_index("area_code")["area_name"]
    return str(names.get(la_code, la_code))


def bands() -> dict[str, str]:
    return quartiles(comparators())


SOURCE = (
    "Source: Department for Education, Local Authority Interactive Tool / Explore Education "
    "Statistics, Open Government Licence v3.0"
)


def comparator_table(frame: pd.DataFrame, kpi_id: str, la_name: str, model: int) -> pd.DataFrame:
    """One row per published year: the authority, England, region, London, neighbours, rank
    and quartile, newest first (the data-table alternative to the benchmark charts)."""
    mine = frame[frame["kpi_id"] == kpi_id]
    names = {
        "la": la_name, "england": "England", "region": "Region", "london": "London group",
        "sn_mean": f"Neighbours mean ({model})", "sn_median": f"Neighbours median ({model})",
        "rank": "National rank",
    }  # fmt: skip
    table = mine.pivot_table(index="year", columns="comparator", values="value", aggfunc="first")
    table = table.reindex(columns=[c for c in names if c in table.columns])
    table["Quartile (A best)"] = mine[mine["comparator"] == "quartile"].set_index("year")["band"]
    table = table.rename(columns=names).sort_index(ascending=False)
    return table.reset_index().rename(columns={"year": "Year"})


def table_markup(table: pd.DataFrame) -> str:
    """The comparator table's HTML, figures to one decimal place: a table on a wide screen, a
    card per year on a narrow one."""
    from kpis.month.scorecard_html import CSS
    from kpis.month.table_html import one_place, table_html, text, whole, year

    plain = ("Year", "National rank", "Quartile (A best)")
    formats = {c: one_place for c in table.columns if c not in plain}
    formats |= {"Year": year, "National rank": whole, "Quartile (A best)": text}
    numeric = {c for c in table.columns if c != "Quartile (A best)"}
    return CSS + table_html(table, caption="Published figures by year", row_header="Year",
                            formats=formats, numeric=numeric)  # fmt: skip


def show_table(table: pd.DataFrame, stem: str, markup: str | None = None) -> None:
    """The comparator table (`markup`, when a cached copy is at hand) with CSV and Excel
    downloads."""
    from ui.widgets import download_buttons

    st.html(markup or table_markup(table))
    download_buttons(table, stem)
