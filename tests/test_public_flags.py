"""Marking measures public: stored by (kind, key), analysts and admins only, every change audited;
`public set`, `public list` and `site` on the command line."""

from __future__ import annotations

import pytest
from conftest import csv

from kpis.access import Actor, PermissionDenied, Role
from kpis.problems import InputRejected
from kpis.site.flags import mark_public, public_table
from kpis.store import Store

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"


@pytest.fixture
def db_url(backend_url):
    """Flags are stored on SQLite and on PostgreSQL alike."""
    return backend_url


def audit(store) -> list[tuple[str, str]]:
    log = store.as_actor(Actor("ada", Role.ADMIN)).audit_log()
    rows = log[log["event"] == "public flag"]
    return list(zip(rows["actor"], rows["detail"], strict=True))


def test_flags_are_kept_by_kind_and_key_and_every_change_is_audited(db_url, catalogue):
    store = Store(db_url, actor=Actor("ana", Role.ANALYST))
    assert mark_public(store, catalogue, " ICPC_15_Days ", True).changed
    again = mark_public(store, catalogue, "icpc_15_days", True)
    assert not again.changed and str(again) == "KPI icpc_15_days is already public"
    assert store.set_public("recommendation", "R6", True)
    assert store.public_keys("kpi") == ["icpc_15_days"]
    assert store.public_keys("recommendation") == ["R6"]
    assert str(mark_public(store, catalogue, "icpc_15_days", False)) == (
        "KPI icpc_15_days is now not public"
    )
    assert store.public_keys("kpi") == []
    assert audit(store) == [
        ("ana", "kpi icpc_15_days: public"),
        ("ana", "recommendation R6: public"),
        ("ana", "kpi icpc_15_days: not public"),
    ]
    flags = store.public_flags()
    assert flags[["kind", "key", "public"]].values.tolist() == [
        ["kpi", "icpc_15_days", False],
        ["recommendation", "R6", True],
    ]
    with pytest.raises(ValueError, match="one of kpi, recommendation"):
        store.set_public("team", "CP North", True)


def test_viewers_and_managers_may_not_mark_anything_public(db_url, catalogue):
    store = Store(db_url)
    for role in (Role.VIEWER, Role.MANAGER):
        with pytest.raises(PermissionDenied, match="mark measures and recommendations public"):
            mark_public(store.as_actor(Actor("x", role)), catalogue, "icpc_15_days", True)
    assert store.public_keys("kpi") == [] and audit(store) == []
    assert mark_public(store.as_actor(Actor("ada", Role.ADMIN)), catalogue, "dental_checks", True)


def test_an_unknown_id_that_is_no_recommendation_is_rejected_with_a_suggestion(db_url, catalogue):
    store = Store(db_url)
    with pytest.raises(InputRejected) as rejected:
        mark_public(store, catalogue, "dental_check", True)
    assert "did you mean dental_checks" in str(rejected.value.problems[0])
    assert store.public_flags().empty


def test_public_table_names_each_public_kpi(store, catalogue):
    mark_public(store, catalogue, "dental_checks", True)
    mark_public(store, catalogue, "icpc_15_days", True)
    mark_public(store, catalogue, "icpc_15_days", False)
    table = public_table(store, catalogue)
    assert table[["kind", "key", "name"]].values.tolist() == [
        ["kpi", "dental_checks", catalogue.get("dental_checks").name]
    ]


def test_public_commands_exit_codes_and_messages(run):
    assert run("public", "set", "icpc_15_days", "--public", "yes")[:2] == (
        0,
        "KPI icpc_15_days is now public\n",
    )
    code, out, err = run("public", "set", "icpc_15_dyas", "--public", "yes")
    assert code == 1 and out == ""
    assert "'icpc_15_dyas' is neither a KPI id nor a recommendation" in err
    assert "did you mean icpc_15_days" in err
    code, _, err = run("public", "set", "R6", "--public", "no")
    assert code == 1 and "'R6' is neither" in err
    with pytest.raises(SystemExit) as usage:
        run("public", "set", "icpc_15_days", "--public", "maybe")
    assert usage.value.code == 2
    code, out, _ = run("public", "list")
    assert code == 0
    assert out.splitlines()[0] == "kind,key,name,public,source,set_by,set_at"
    assert out.splitlines()[1].startswith(
        "kpi,icpc_15_days,ICPCs held within 15 working days of the strategy discussion,yes,flag,"
    )


def test_site_command_writes_the_site_or_says_why_not(run, db_url, tmp_path):
    out = tmp_path / "site"
    code, _, err = run("site", "--out", str(out))
    assert code == 1 and "there are no figures to publish" in err and not out.exists()
    data = tmp_path / "f.csv"
    data.write_bytes(
        csv(HEADER + "icpc_15_days,2016-10,85,17,20,,,\nicpc_15_days,2016-11,90,18,20,,,")
    )
    assert run("ingest", str(data))[0] == 0
    assert run("public", "set", "icpc_15_days", "--public", "yes")[0] == 0
    code, stdout, err = run("site", "--out", str(out))
    assert code == 0, err
    index = out / "index.html"
    assert (
        stdout == f"wrote the public site for 2016-11 (1 measure, 0 recommendations) to {index}\n"
    )
    assert (out / "measure-icpc_15_days.html").is_file()
    code, stdout, _ = run("site", "--out", str(out), "--period", "Oct-16")
    assert code == 0 and "for 2016-10" in stdout
    code, _, err = run("site", "--out", str(out), "--period", "2016-13")
    assert code == 2 and "--period" in err
    code, _, err = run("site", "--out", str(data))
    assert code == 2 and "is a file, not a folder" in err
    code, _, err = run("site", "--out", str(out), "--period", "2017-01")
    assert code == 1 and "no measure has a figure for Jan 2017" in err


def test_site_command_refuses_a_folder_holding_another_site(run, db_url, tmp_path):
    data = tmp_path / "f.csv"
    data.write_bytes(csv(HEADER + "icpc_15_days,2016-10,85,17,20,,,"))
    assert run("ingest", str(data))[0] == 0
    assert run("public", "set", "icpc_15_days", "--public", "yes")[0] == 0
    other = tmp_path / "www"
    (other / "data").mkdir(parents=True)
    theirs = {"index.html": b"<h1>Theirs</h1>", "measure-x.html": b"x", "data/x.csv": b"x\n"}
    for name, body in theirs.items():
        (other / name).write_bytes(body)
    code, stdout, err = run("site", "--out", str(other))
    assert code == 1 and stdout == ""
    assert f"{other} is not empty" in err and "nothing was written or removed" in err
    found = {p.relative_to(other).as_posix(): p.read_bytes() for p in other.rglob("*")
             if p.is_file()}  # fmt: skip
    assert found == theirs


def test_public_list_lists_every_recommendation_and_where_its_state_came_from(run, db_url):
    """The demo: its public measures flagged as it loaded, its plan file's `public` column
    deciding the recommendations until an analyst sets one's flag."""
    import csv as csvlib
    import io

    from kpis.catalogue import load_catalogue
    from kpis.demo import DEMO_PUBLIC, DEMO_USER, load_demo_if_empty

    load_demo_if_empty(Store(db_url), load_catalogue())
    assert run("public", "set", "R3", "--public", "yes", "--user", "ana")[0] == 0
    assert run("public", "set", "R1", "--public", "no", "--user", "ana")[0] == 0
    code, out, err = run("public", "list")
    assert code == 0, err
    rows = list(csvlib.DictReader(io.StringIO(out)))
    kpis = [r for r in rows if r["kind"] == "kpi"]
    assert {r["key"] for r in kpis} == set(DEMO_PUBLIC)
    assert {(r["public"], r["source"], r["set_by"]) for r in kpis} == {("yes", "flag", DEMO_USER)}
    recs = {r["key"]: r for r in rows if r["kind"] == "recommendation"}
    assert list(recs)[:3] == ["R1", "R2", "R3"] and len(recs) == 16
    assert recs["R2"]["name"].startswith("Complete assessments within 45 working days")
    decided = {k: (r["public"], r["source"], r["set_by"]) for k, r in recs.items()}
    assert decided["R2"] == ("yes", "plan file", DEMO_USER)
    assert decided["R4"] == ("no", "plan file", DEMO_USER)
    assert decided["R3"] == ("yes", "flag", "ana") and decided["R1"] == ("no", "flag", "ana")
    assert all(r["set_at"] for r in rows)
