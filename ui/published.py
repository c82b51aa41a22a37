"""Cached access to DfE benchmarks for the pages, keyed on the data version and the authority."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.benchmarks import BenchmarkData
from kpis.published import Authority, authority, comparators_for, published_data, quartiles
from ui import state


@st.cache_data(show_spinner=False, max_entries=4)
def _data(url: str, version: str) -> BenchmarkData:
    return published_data(state._store(url))


@st.cache_data(show_spinner=False, max_entries=16)
def _comparators(url: str, version: str, la_code: int, model_year: int) -> pd.DataFrame:
    return comparators_for(state._store(url), state.catalogue(), Authority(la_code, model_year))


def data() -> BenchmarkData:
    return _data(state.db_url(), state.store().version())


def who() -> Authority:
    return authority(state.store())


def comparators(la_code: int | None = None, model_year: int | None = None) -> pd.DataFrame:
    """Comparators per KPI and year for the configured (or a chosen) authority."""
    me = who()
    return _comparators(
        state.db_url(), state.store().version(), la_code or me.la_code, model_year or me.model_year
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
