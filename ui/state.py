"""Cached handles on the store and catalogue, keyed so a new load refreshes every view."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from kpis.catalogue import Catalogue, load_catalogue
from kpis.demo import is_demo, load_demo_if_empty
from kpis.store import Store, database_url


def db_url() -> str:
    return database_url(os.environ.get("KPIS_DATABASE_URL"))


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = Store(url)
    load_demo_if_empty(store, load_catalogue())
    return store


def store() -> Store:
    return _store(db_url())


def catalogue() -> Catalogue:
    return load_catalogue()


@st.cache_data(show_spinner=False, max_entries=8)
def _figures(url: str, version: str) -> pd.DataFrame:
    return _store(url).figures()


@st.cache_data(show_spinner=False, max_entries=8)
def _loads(url: str, version: str) -> pd.DataFrame:
    return _store(url).loads()


@st.cache_data(show_spinner=False, max_entries=8)
def _is_demo(url: str, version: str) -> bool:
    return is_demo(_store(url))


def figures() -> pd.DataFrame:
    """The published figures, re-read only when a load or rollback changed them."""
    return _figures(db_url(), store().version())


def loads() -> pd.DataFrame:
    return _loads(db_url(), store().version())


def demo() -> bool:
    return _is_demo(db_url(), store().version())


def user() -> str:
    """Until accounts are configured everyone is the single local analyst."""
    return os.environ.get("KPIS_USER") or "local analyst"
