"""Roles enforced in the domain layer, accounts with lockout, and the audit log."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import csv, dump

from kpis import ingest
from kpis.access import Actor, PermissionDenied, Role
from kpis.annex_a.synthetic import make_annex_a, write_annex_a
from kpis.cases import import_workbook
from kpis.cli import main
from kpis.store import Store
from kpis.targets import catalogue_for, change_target


@pytest.fixture
def db_url(backend_url):
    """Access and concurrency run on SQLite and on PostgreSQL."""
    return backend_url


HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"
VIEWER = Actor("vera", Role.VIEWER)
MANAGER = Actor("max", Role.MANAGER, frozenset({"CP Team"}))
ADMIN = Actor("ada", Role.ADMIN)


def publish(store, catalogue, body="icpc_15_days,2016-10,85,,,,,"):
    checked = ingest.check(store, csv(HEADER + body), "f.csv", catalogue)
    return ingest.publish(store, checked)


def test_viewer_can_change_nothing_by_any_function(store, catalogue):
    publish(store, catalogue)
    viewer = store.as_actor(VIEWER)
    before = dump(store)
    attempts = [
        lambda: publish(viewer, catalogue, "icpc_15_days,2016-11,85,,,,,"),
        lambda: viewer.rollback(1),
        lambda: viewer.add_action("icpc_15_days", "2016-10", owner="a", action="b",
                                  due=date(2017, 1, 1)),
        lambda: viewer.add_rebase("icpc_15_days", "2016-10", reason="x"),
        lambda: viewer.set_target("icpc_15_days", target=80),
        lambda: viewer.set_setting("la_code", "208"),
        lambda: viewer.replace_benchmarks({}, files="x"),
        lambda: viewer.cases(),
        lambda: viewer.audit_log(),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="permission denied: vera"):
            attempt()
    assert dump(store) == before


def test_manager_acts_on_exceptions_and_sees_only_own_teams(store, catalogue, tmp_path):
    workbook = write_annex_a(tmp_path / "a.xlsx", make_annex_a(children=400))
    import_workbook(store, workbook.read_bytes(), "a.xlsx")
    manager = store.as_actor(MANAGER)
    teams = set(manager.cases()["team"])
    assert teams == {"CP Team"}
    assert len(set(store.cases()["team"])) > 1  # the analyst sees every team
    manager.add_action("icpc_15_days", "2025-03", owner="max", action="Chase chairs",
                       due=date(2025, 4, 30), team="CP Team")  # fmt: skip
    with pytest.raises(PermissionDenied):
        publish(manager, catalogue)


def test_every_change_and_case_view_is_audited(store, catalogue, tmp_path):
    publish(store, catalogue)
    store.rollback(1)
    store.add_rebase("icpc_15_days", "2016-04", reason="New front door")
    store.add_action("icpc_15_days", "2016-10", owner="o", action="a", due=date(2017, 1, 1))
    change_target(store, "icpc_15_days", target=92, tolerance=None, financial_year="2016/17")
    store.set_setting("la_code", "309")
    store.cases()
    log = store.as_actor(ADMIN).audit_log()
    assert log["event"].tolist() == [
        "publish", "rollback", "rebase", "action", "target change", "setting", "case list view",
    ]  # fmt: skip
    assert set(log["actor"]) == {"local analyst"} and log["at"].notna().all()


def test_target_changes_apply_and_invalid_ones_write_nothing(store):
    change_target(store, "icpc_15_days", target=80, tolerance=2, financial_year="2016/17")
    kpi = catalogue_for(store).get("icpc_15_days")
    assert kpi.target_for("2016-10") == 80 and kpi.target_for("2018-10") == 90
    assert kpi.tolerance == 2
    from kpis.catalogue import CatalogueError

    with pytest.raises(CatalogueError, match="between 0 and 100"):
        change_target(store, "icpc_15_days", target=120, tolerance=None)
    assert len(store.target_changes()) == 1


@pytest.fixture
def accounts(tmp_path, monkeypatch, capsys, db_url):
    monkeypatch.setenv("KPIS_NEW_PASSWORD", "admin passphrase 1")
    assert main(["users", "add", "ada", "--role", "admin", "--db", db_url]) == 0
    monkeypatch.setenv("KPIS_USER", "ada")
    monkeypatch.setenv("KPIS_PASSWORD", "admin passphrase 1")
    for name, role in (("vera", "viewer"), ("ana", "analyst")):
        monkeypatch.setenv("KPIS_NEW_PASSWORD", f"{name} passphrase 1")
        assert main(["users", "add", name, "--role", role, "--db", db_url]) == 0
    capsys.readouterr()
    return db_url


def test_cli_acts_as_the_signed_in_account(accounts, tmp_path, monkeypatch, capsys):
    path = tmp_path / "f.csv"
    path.write_bytes(csv(HEADER + "icpc_15_days,2016-10,85,,,,,"))
    monkeypatch.setenv("KPIS_USER", "vera")
    monkeypatch.setenv("KPIS_PASSWORD", "vera passphrase 1")
    assert main(["ingest", str(path), "--db", accounts]) == 1
    assert "permission denied: vera (viewer) may not publish figures" in capsys.readouterr().err
    assert Store(accounts).figures().empty
    monkeypatch.setenv("KPIS_PASSWORD", "wrong")
    assert main(["export", "--db", accounts]) == 1
    assert "sign-in refused" in capsys.readouterr().err
    assert main(["ingest", str(path), "--user", "ana", "--db", accounts]) == 1
    monkeypatch.setenv("KPIS_PASSWORD", "ana passphrase 1")
    assert main(["ingest", str(path), "--user", "ana", "--db", accounts]) == 0
    assert Store(accounts).loads()["user"].tolist() == ["ana"]
    assert main(["audit", "--user", "ana", "--db", accounts]) == 1
    monkeypatch.setenv("KPIS_PASSWORD", "admin passphrase 1")
    capsys.readouterr()
    assert main(["audit", "--user", "ada", "--db", accounts]) == 0
    out = capsys.readouterr().out
    assert "publish" in out and "user added" in out


def test_first_account_must_be_admin(tmp_path, monkeypatch, db_url, capsys):
    monkeypatch.setenv("KPIS_NEW_PASSWORD", "long enough passphrase")
    assert main(["users", "add", "ana", "--role", "analyst", "--db", db_url]) == 2
    assert "first account must be an admin" in capsys.readouterr().err


def test_viewer_exports_hide_small_case_numbers(store, tmp_path):
    from kpis.export import export_frame

    workbook = write_annex_a(tmp_path / "a.xlsx", make_annex_a(children=400))
    import_workbook(store, workbook.read_bytes(), "a.xlsx")
    full = export_frame(store)
    small = full[full["denominator"].between(1, 4) | full["numerator"].between(1, 4)]
    assert len(small)
    hidden = export_frame(store.as_actor(VIEWER), suppress=True)
    rows = hidden.loc[small.index]
    assert rows[["value", "numerator", "denominator"]].isna().all().all()
    assert (rows["commentary"] == "fewer than 5").all()
    others = hidden.drop(index=small.index)
    assert others["value"].notna().all()


def test_concurrent_loads_from_separate_processes_all_land(db_url, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = []
    for i in range(4):
        path = tmp_path / f"load{i}.csv"
        path.write_bytes(csv(HEADER + "\n".join(
            f"lado_referrals,{2010 + i}-{m:02d},{m},,,,," for m in range(1, 13))))  # fmt: skip
        files.append(path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kpis", "ingest", str(p), "--db", db_url],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for p in files
    ]
    results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    assert all(code == 0 for *_, code in results), results
    store = Store(db_url)
    assert len(store.loads()) == 4 and len(store.figures()) == 48
