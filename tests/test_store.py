"""Publishing is atomic, history is kept, any past state can be read back, loads roll back."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import csv, dump

from kpis import ingest
from kpis.export import export_frame
from kpis.problems import InputRejected
from kpis.store import RollbackRefused, Store, publishing
from kpis.tables import to_csv_bytes

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"


def load(store, catalogue, body: str, name="f.csv", user="ana"):
    checked = ingest.check(store, csv(HEADER + body), name, catalogue)
    assert checked.ok, [str(e) for e in checked.errors]
    return ingest.publish(store, checked, user=user)


@pytest.fixture
def db_url(backend_url):
    return backend_url


def value(store, kpi="icpc_15_days", period="2016-10", team="", as_of=None):
    frame = store.figures(as_of)
    hit = frame[(frame.kpi_id == kpi) & (frame.period == period) & (frame.team == team)]
    return None if hit.empty else float(hit.value.iloc[0])


def test_publish_records_the_load(store, catalogue):
    done = load(store, catalogue, "icpc_15_days,2016-10,85,,,,,\nlado_referrals,2016-10,3,,,,,")
    loads = store.loads()
    assert done.result.load_id == 1
    row = loads.iloc[0]
    assert (row.file_name, row.user, row.rows_in_file, row.new) == ("f.csv", "ana", 2, 2)
    assert len(row.sha256) == 64 and row.loaded_at.startswith("2026-11-26T12:00")


def test_rejected_file_leaves_store_byte_for_byte_unchanged(store, catalogue):
    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    path = store.url.removeprefix("sqlite:///")
    is_file = store.url.startswith("sqlite")
    before_bytes, before_dump = Path(path).read_bytes() if is_file else b"", dump(store)
    checked = ingest.check(store, csv(HEADER + "icpc_15_days,2016-10,850,,,,,"), "b.csv", catalogue)
    assert not checked.ok
    with pytest.raises(ValueError):
        ingest.publish(store, checked, user="ana")
    assert (Path(path).read_bytes() if is_file else b"") == before_bytes
    assert dump(store) == before_dump


def test_failure_mid_publish_leaves_store_unchanged(store, catalogue, monkeypatch):
    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    before = dump(store)
    real_insert = publishing.insert_rows

    def half_then_die(conn, table, load_id, rows, columns):
        real_insert(conn, table, load_id, rows.iloc[: len(rows) // 2], columns)
        raise RuntimeError("power cut")

    monkeypatch.setattr(publishing, "insert_rows", half_then_die)
    body = "\n".join(f"lado_referrals,2016-{m:02d},{m},,,,," for m in range(1, 11))
    checked = ingest.check(store, csv(HEADER + body), "c.csv", catalogue)
    with pytest.raises(RuntimeError):
        ingest.publish(store, checked, user="ana")
    assert dump(store) == before
    assert len(store.loads()) == 1


def test_revision_keeps_history_and_as_of_reads_the_past(store, catalogue, ticker):
    ticker.set(datetime(2016, 11, 10, 9, 0, tzinfo=UTC))
    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    ticker.set(datetime(2016, 12, 10, 9, 0, tzinfo=UTC))
    second = load(store, catalogue, "icpc_15_days,2016-10,88,,,,,", name="g.csv")
    assert (second.result.new, second.result.revised) == (0, 1)
    assert [str(w) for w in second.warnings] == [
        "row 2, column value: revises the published icpc_15_days for 2016-10: 85 -> 88"
    ]
    assert value(store) == 88
    assert value(store, as_of=datetime(2016, 11, 30, tzinfo=UTC)) == 85
    assert value(store, as_of=datetime(2016, 11, 1, tzinfo=UTC)) is None
    assert store.history("icpc_15_days", "2016-10").value.tolist() == [85, 88]


def test_identical_file_changes_nothing_and_names_the_load(store, catalogue):
    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    before = dump(store)
    again = load(store, catalogue, "icpc_15_days,2016-10,85,,,,,", name="renamed.csv")
    assert again.result.matched_load == 1 and not again.result.published
    assert "identical to load 1" in again.summary()
    assert dump(store) == before


def test_rollback_reverts_figures_and_keeps_history(store, catalogue, ticker):
    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    second = load(store, catalogue, "icpc_15_days,2016-10,88,,,,,\nlado_referrals,2016-10,4,,,,,")
    moment_before_rollback = datetime(2026, 11, 26, 12, 30, tzinfo=UTC)
    ticker.set(datetime(2026, 11, 26, 13, 0, tzinfo=UTC))
    store.rollback(second.result.load_id, user="ana")
    assert value(store) == 85
    assert value(store, kpi="lado_referrals") is None
    assert value(store, as_of=moment_before_rollback) == 88
    loads = store.loads()
    assert loads.rolled_back_by.isna().tolist() == [True, False]
    assert loads.rolled_back_by[1] == "ana"


def test_rollback_refused_when_a_later_load_revised_its_figures(store, catalogue):
    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    load(store, catalogue, "icpc_15_days,2016-10,88,,,,,")
    load(store, catalogue, "lado_referrals,2016-10,4,,,,,")
    with pytest.raises(RollbackRefused) as refused:
        store.rollback(1, user="ana")
    assert "later load(s) 2 " in str(refused.value)
    store.rollback(2, user="ana")
    store.rollback(1, user="ana")
    assert store.figures().kpi_id.tolist() == ["lado_referrals"]


def test_rollback_of_unknown_or_rolled_back_load(store, catalogue):
    with pytest.raises(InputRejected, match="no load 9"):
        store.rollback(9, user="ana")
    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    store.rollback(1, user="ana")
    with pytest.raises(InputRejected, match="already rolled back"):
        store.rollback(1, user="ana")


def test_identical_file_loads_again_after_its_load_was_rolled_back(store, catalogue):
    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    store.rollback(1, user="ana")
    again = load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    assert again.result.load_id == 2 and value(store) == 85


def test_export_then_ingest_changes_nothing(store, catalogue):
    body = (
        "icpc_15_days,2016-10,85.0123456789,17,20,92,,'=SUM(A1)\n"
        "icpc_15_days,2016-10,,1,3,,+Team,\nlado_referrals,2016-11,3,,,,,"
    )
    load(store, catalogue, body)
    before = dump(store)
    exported = to_csv_bytes(export_frame(store))
    checked = ingest.check(store, exported, "export.csv", catalogue)
    assert checked.ok and checked.counts() == {"new": 0, "revised": 0, "unchanged": 3}
    again = ingest.publish(store, checked, user="ana")
    assert not again.result.published
    assert dump(store) == before
    assert to_csv_bytes(export_frame(store)) == exported
    assert b"'=SUM(A1)" in exported and b"'+Team" in exported


def test_concurrent_loads_lose_nothing(db_url, catalogue):
    bodies = [
        "\n".join(f"lado_referrals,{2000 + i}-{m:02d},{m},,,,," for m in range(1, 13))
        for i in range(6)
    ]
    errors = []

    def worker(body):
        try:
            load(Store(db_url), catalogue, body, name=body[:30])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(Store(db_url).figures()) == 72
    assert len(Store(db_url).loads()) == 6


def test_process_dying_mid_publish_leaves_store_unchanged(store, catalogue, tmp_path):
    import subprocess
    import sys

    load(store, catalogue, "icpc_15_days,2016-10,85,,,,,")
    before = dump(store)
    data = tmp_path / "many.csv"
    data.write_bytes(
        csv(HEADER + "\n".join(f"lado_referrals,2016-{m:02d},{m},,,,," for m in range(1, 11)))
    )
    script = f"""
import os
from kpis.store import publishing as module
from kpis.cli import main
real = module.insert_rows
def die(conn, table, load_id, rows, columns):
    real(conn, table, load_id, rows.iloc[:5], columns)
    os._exit(3)
module.insert_rows = die
main(["ingest", {str(data)!r}, "--db", {store.url!r}])
"""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True)
    assert done.returncode == 3
    assert dump(Store(store.url)) == before


def test_actions_and_rebases_are_recorded_with_who_and_when(store):
    from datetime import date

    store.add_action(
        "icpc_15_days",
        "2016-10",
        owner="Head of CP",
        action="Weekly tracker",
        due=date(2016, 12, 1),
        user="ana",
        team="North",
    )
    store.add_rebase("icpc_15_days", "2016-04", reason="New front door", user="ana")
    action = store.actions("icpc_15_days").iloc[0]
    assert (action.owner, action.due, action.team, action.recorded_by) == (
        "Head of CP",
        "2016-12-01",
        "North",
        "ana",
    )
    assert store.rebases().iloc[0].reason == "New front door"
    with pytest.raises(InputRejected):
        store.add_action(
            "icpc_15_days", "2016-10", owner=" ", action="", due=date(2016, 12, 1), user="ana"
        )
    with pytest.raises(InputRejected):
        store.add_rebase("icpc_15_days", "2016-04", reason=" ", user="ana")


def test_two_processes_see_each_others_loads(db_url, tmp_path):
    import subprocess
    import sys

    reader, writer = Store(db_url), tmp_path / "w.csv"
    assert reader.figures().empty
    writer.write_bytes(csv(HEADER + "icpc_15_days,2016-10,85,,,,,"))
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "kpis", "ingest", str(writer), "--db", db_url],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert value(reader) == 85


def test_schema_revision_constant_is_alembic_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from kpis.store.engine import MIGRATIONS, SCHEMA_REVISION

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def test_an_older_schema_is_upgraded_on_open(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    from kpis.store.engine import MIGRATIONS, SCHEMA_REVISION

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()
    store = Store(url)
    with store.engine.connect() as conn:
        indexes = {i["name"] for i in inspect(conn).get_indexes("figures")}
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == SCHEMA_REVISION and indexes == {"ix_figures_load"}
