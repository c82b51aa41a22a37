"""Cached handles on the store and catalogue, keyed so a new load refreshes every view."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from kpis.catalogue import Catalogue, load_catalogue
from kpis.demo import is_demo, load_demo_if_empty
from kpis.month.scorecard import for_board
from kpis.store import Store, database_url


def db_url() -> str:
    return database_url(os.environ.get("KPIS_DATABASE_URL"))


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = Store(url)
    load_demo_if_empty(store, load_catalogue())
    return store


def shared_store() -> Store:
    """The process-wide store, acting as the demo loader (for sign-in records only)."""
    return _store(db_url())


def store() -> Store:
    """The store acted on by whoever signed in to this session; the domain checks their role."""
    from kpis.access import LOCAL_ANALYST

    return _store(db_url()).as_actor(st.session_state.get("actor", LOCAL_ANALYST))


@st.cache_data(show_spinner=False, max_entries=8)
def _catalogue(url: str, version: str) -> Catalogue:
    from kpis.targets import catalogue_for

    return catalogue_for(_store(url))


def catalogue() -> Catalogue:
    """The catalogue with the targets analysts changed in the app."""
    return _catalogue(db_url(), store().version())


@st.cache_data(show_spinner=False, max_entries=8)
def _figures(url: str, version: str) -> pd.DataFrame:
    return for_board(_store(url).figures())


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
    """The signed-in person's name (the single local analyst in demo mode)."""
    return store().actor.name


@st.cache_data(show_spinner=False, max_entries=16)
def _exceptions(url: str, version: str, period: str) -> pd.DataFrame:
    from kpis.month.review import month_exceptions

    store_ = _store(url)
    return month_exceptions(
        store_, _catalogue(url, version), period, figures=for_board(store_.figures())
    )


def exceptions(period: str) -> pd.DataFrame:
    """The ranked exception list for a month, computed once per data version."""
    return _exceptions(db_url(), store().version(), period)


def months() -> list[str]:
    """Months with an authority figure, newest first."""
    frame = figures()
    return sorted(frame.loc[frame["team"] == "", "period"].unique(), reverse=True)


@st.cache_data(show_spinner=False, max_entries=64)
def _spc(url: str, version: str, kpi_id: str, team: str, period: str) -> pd.DataFrame:
    from kpis.month.signals import kpi_spc

    store_ = _store(url)
    rebases = store_.rebases()
    mine = rebases[(rebases["kpi_id"] == kpi_id) & (rebases["team"] == team)]
    return kpi_spc(
        for_board(store_.figures()),
        _catalogue(url, version).get(kpi_id),
        team=team,
        upto=period,
        rebase_at=list(mine["period"]),
    )


def spc(kpi_id: str, team: str, period: str) -> pd.DataFrame:
    """The SPC table of one series up to a month."""
    return _spc(db_url(), store().version(), kpi_id, team, period)


def rebase_reasons(kpi_id: str, team: str) -> dict[str, str]:
    rebases = store().rebases()
    mine = rebases[(rebases["kpi_id"] == kpi_id) & (rebases["team"] == team)]
    return dict(zip(mine["period"], mine["reason"], strict=True))


@st.cache_data(show_spinner=False, max_entries=8)
def _actions(url: str, version: str) -> pd.DataFrame:
    return _store(url).actions()


def actions() -> pd.DataFrame:
    """Recorded actions; re-read when one is added (the store's version counts them)."""
    return _actions(db_url(), store().version())


@st.cache_data(show_spinner=False, max_entries=24)
def _board(url: str, version: str, period: str, la_code: int, model_year: int) -> pd.DataFrame:
    from kpis.month.board import board_card
    from kpis.published import Authority, comparators_for, latest_published

    store_ = _store(url)
    latest = latest_published(
        comparators_for(store_, _catalogue(url, version), Authority(la_code, model_year))
    )
    return board_card(
        for_board(store_.figures()), _catalogue(url, version), period, latest, store_.rebases()
    )


def board(period: str) -> pd.DataFrame:
    """The scorecard for a month, with benchmarks, trends and SPC, once per data version."""
    from kpis.published import authority

    me = authority(store())
    return _board(db_url(), store().version(), period, me.la_code, me.model_year)


_WARMING: set[tuple] = set()


def warm_board(months: list[str]) -> None:
    """Work out the scorecard of recent months in the background, once per data version, so
    a board member switching month gets a cached page instead of a wait. KPIS_WARM_MONTHS
    sets how many (13 by default; 0 turns it off, as the AppTest tests do)."""
    import threading

    from kpis.published import authority

    months = months[: int(os.environ.get("KPIS_WARM_MONTHS", "13"))]
    if not months:
        return
    me = authority(store())
    key = (db_url(), store().version(), me.la_code, me.model_year)
    if key in _WARMING:
        return
    _WARMING.add(key)

    def work() -> None:
        for period in months:
            _board(key[0], key[1], period, me.la_code, me.model_year)

    threading.Thread(target=work, name="warm-scorecard", daemon=True).start()
