"""Cached handles on the store and catalogue, keyed so a new load refreshes every view."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from kpis.catalogue import Catalogue, load_catalogue
from kpis.demo import is_demo, load_demo_if_empty
from kpis.entry.ready import Readiness, month_readiness, ready_at
from kpis.entry.ready import board_month as latest_ready
from kpis.month.scorecard import for_board
from kpis.store import Store, database_url
from kpis.store.store import Pulse
from ui.cache import shared


def db_url() -> str:
    return database_url(os.environ.get("KPIS_DATABASE_URL"))


@shared(max_entries=None)
def _store(url: str) -> Store:
    from kpis.users import imported

    store = Store(url)
    load_demo_if_empty(store, load_catalogue())
    # Before the first pulse is read: its account count must include the users file's.
    return imported(store)


def shared_store() -> Store:
    """The process-wide store, acting as the demo loader (for sign-in records only)."""
    return _store(db_url())


# Shared, read-only objects (st.cache_resource: no copy per call; see ui/views.py). Each is
# keyed by the store's version, which every rerun reads from the database.
def this_run(name: str, read):
    """`read()` once per script run (a page's, a fragment's or a dialog's), and again after any
    write this process made meanwhile."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from kpis.store.session import Session

    ctx = get_script_run_ctx()
    if ctx is None:
        return read()
    # Streamlit gives every run, fragment reruns included, a new `cursors` dict: a memo tied
    # to it cannot carry a sign-in or a data version over from an earlier run.
    tied = getattr(ctx, "kpis_this_run", None)
    if tied is None or tied[0] is not ctx.cursors:
        tied = (ctx.cursors, {})
        ctx.kpis_this_run = tied
    memo = tied[1]
    writes = Session.writes
    hit = memo.get(name)
    if hit is not None and hit[0] == writes:
        return hit[1]
    value = read()
    memo[name] = (writes, value)
    return value


def pulse() -> Pulse:
    """The store's version (a cache key for every view) and account count: one database
    read per run."""
    return this_run("pulse", lambda: _store(db_url()).pulse())


def version() -> str:
    return pulse().version


@shared(max_entries=8)
def _authority(url: str, version: str):
    from kpis.published import authority as read

    return read(_store(url))


def authority():
    """The authority and neighbour model in Settings, read again whenever the store's version
    changes (the version covers the settings)."""
    return _authority(db_url(), version())


@shared(max_entries=8)
def _catalogue(url: str, version: str) -> Catalogue:
    from kpis.targets import catalogue_for

    return catalogue_for(_store(url))


def catalogue() -> Catalogue:
    """The catalogue with the targets analysts changed in the app."""
    return _catalogue(db_url(), version())


@shared(max_entries=8)
def _figures(url: str, version: str) -> pd.DataFrame:
    return for_board(_store(url).figures())


@shared(max_entries=8)
def _months(url: str, version: str) -> list[str]:
    frame = _figures(url, version)
    return sorted(frame.loc[frame["team"] == "", "period"].unique(), reverse=True)


@shared(max_entries=8)
def _loads(url: str, version: str) -> pd.DataFrame:
    return _store(url).loads()


@shared(max_entries=8)
def _is_demo(url: str, version: str) -> bool:
    return is_demo(_store(url))


def figures() -> pd.DataFrame:
    """The published figures, re-read only when a load or rollback changed them."""
    return _figures(db_url(), version())


def loads() -> pd.DataFrame:
    return _loads(db_url(), version())


def demo() -> bool:
    return _is_demo(db_url(), version())


@st.cache_data(show_spinner=False, max_entries=16)
def _exceptions(url: str, version: str, period: str) -> pd.DataFrame:
    from kpis.month.review import month_exceptions

    return month_exceptions(
        _store(url), _catalogue(url, version), period, figures=_figures(url, version)
    )


def months() -> list[str]:
    """Months with an authority figure, newest first."""
    return _months(db_url(), version())


@shared(max_entries=8)
def _readiness(url: str, version: str) -> dict[str, Readiness]:
    found = month_readiness(_catalogue(url, version), _figures(url, version), ready_at(_store(url)))
    return {r.period: r for r in found}


def readiness() -> dict[str, Readiness]:
    """How complete each month with figures is (kpis.entry.ready.Readiness by month, newest
    first), at Settings' threshold: the version covers the settings."""
    return _readiness(db_url(), version())


def board_month() -> str | None:
    """The month every board view opens on: the latest ready month (DESIGN §4)."""
    return latest_ready(list(readiness().values()))


@shared(max_entries=64)
def _spc(url: str, version: str, kpi_id: str, team: str, period: str) -> pd.DataFrame:
    from kpis.month.signals import kpi_spc

    rebases = _rebases(url, version)
    mine = rebases[(rebases["kpi_id"] == kpi_id) & (rebases["team"] == team)]
    return kpi_spc(
        _figures(url, version),
        _catalogue(url, version).get(kpi_id),
        team=team,
        upto=period,
        rebase_at=list(mine["period"]),
    )


@shared(max_entries=8)
def _actions(url: str, version: str) -> pd.DataFrame:
    return _store(url).actions()


def actions() -> pd.DataFrame:
    """Recorded actions; re-read when one is added (the store's version counts them)."""
    return _actions(db_url(), version())


@shared(max_entries=8)
def _latest(url: str, version: str, la_code: int, model_year: int) -> pd.DataFrame:
    """DfE's latest published comparators per KPI: the same for every month's scorecard."""
    from kpis.published import Authority, comparators_for, latest_published

    return latest_published(
        comparators_for(_store(url), _catalogue(url, version), Authority(la_code, model_year))
    )


@shared(max_entries=8)
def _rebases(url: str, version: str) -> pd.DataFrame:
    return _store(url).rebases()


@shared(max_entries=32)
def _board(url: str, version: str, period: str, la_code: int, model_year: int) -> pd.DataFrame:
    from kpis.month.board import board_card

    return board_card(
        _figures(url, version),
        _catalogue(url, version),
        period,
        _latest(url, version, la_code, model_year),
        _rebases(url, version),
    )
