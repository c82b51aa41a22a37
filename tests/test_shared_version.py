"""The store's version, which keys every cache in the app, moves with any change any process
makes: a load, a rollback, a target, an action, a rebase, or the authority compared against."""

from __future__ import annotations

import pytest
from conftest import csv

from kpis import ingest
from kpis.published import set_authority
from kpis.store import Store
from kpis.targets import change_target

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"


@pytest.fixture
def db_url(backend_url):
    return backend_url


def test_every_shared_change_moves_the_version_seen_by_another_server(db_url, catalogue):
    mine, theirs = Store(db_url), Store(db_url)
    seen = {theirs.version()}

    def moved() -> None:
        now = theirs.version()
        assert now not in seen, "another server's cache would not see this change"
        seen.add(now)

    checked = ingest.check(mine, csv(HEADER + "icpc_15_days,2016-10,85,,,,,"), "f.csv", catalogue)
    load = ingest.publish(mine, checked).result.load_id
    moved()
    mine.rollback(load)
    moved()
    change_target(mine, "icpc_15_days", target=70, tolerance=None)
    moved()
    mine.add_rebase("icpc_15_days", "2016-10", reason="new process")
    moved()
    from kpis.published import published_data

    set_authority(mine, published_data(mine), 202, 2021)
    moved()
    assert theirs.version() == mine.version()
