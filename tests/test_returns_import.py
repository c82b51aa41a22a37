"""`returns import` (DESIGN §10.4): one ordinary load, a report, its cases; refused: no change."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from kpis.access import Actor, Role
from kpis.cli import main
from kpis.month.scorecard import for_board
from kpis.store import Store
from tests.conftest import dump
from tests.returns_helpers import cin_xml, episode, header_row, table, zipped


@pytest.fixture
def db_url(backend_url):
    """Storage tests run on SQLite and on PostgreSQL."""
    return backend_url


def run(capsys, db_url, *args):
    code = main([*args, "--db", db_url, "--user", "ana"])
    out, err = capsys.readouterr()
    return code, out, err


def write903(folder, year: int, *episodes, reviews=()) -> list[str]:
    ids = sorted({e["CHILD"] for e in episodes})
    files = {
        f"header{year}.csv": table("Header", *(header_row(c) for c in ids)),
        f"episodes{year}.csv": table("Episodes", *episodes),
        f"reviews{year}.csv": table("Reviews", *({"CHILD": c, "REVIEW": r} for c, r in reviews)),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [str(folder / name) for name in files]


def write_cin(folder, reference_date: str, children: list[dict]) -> str:
    path = folder / f"cin{reference_date}.xml"
    path.write_bytes(cin_xml(reference_date, children))
    return str(path)


EPISODES_2025 = (
    episode("C1", "01/01/2024", rne="S"),
    episode("C2", "01/01/2024", "01/06/2024", rne="S"),
    episode("C2", "01/06/2024", "01/09/2024", rne="P", place="U2"),
    episode("C2", "01/09/2024", rne="P", place="U3"),
    episode("C3", "31/02/2024", rne="S"),  # an unreadable date: a warning, not a refusal
)
CIN = [
    {
        "id": "K1",
        "details": [
            {
                "referral": "2024-10-06",
                "section47": [
                    {"S47ActualStartDate": "2024-10-07", "DateOfInitialCPC": "2024-11-20"}
                ],
            }
        ],
    },
]


def test_an_import_is_one_load_with_a_report_per_measure_and_its_cases(tmp_path, db_url, capsys):
    files = [*write903(tmp_path, 2025, *EPISODES_2025), write_cin(tmp_path, "2025-03-31", CIN)]
    code, out, err = run(capsys, db_url, "returns", "import", *files, "--year", "2025")
    assert code == 0, err
    first = out.splitlines()[0]
    assert "stored SSDA903 2024/25, CIN census to 31/03/2025; published as load 1:" in first
    assert "  placement_stability_3plus: 1 month (2025-03); left out: episodes with an " in out
    assert "  re_referrals_12m: not produced (no CIN census return held, or no month's " in out
    assert err.splitlines()[0].startswith("warning: episodes2025.csv, row 6, column DECOM: ")
    store = Store(db_url)
    assert store.loads()[["kind", "user"]].values.tolist() == [["returns", "ana"]]
    code, out, _ = run(capsys, db_url, "export")
    exported = pd.read_csv(io.StringIO(out))
    mine = exported.set_index(["kpi_id", "period"])
    assert mine.loc[("placement_stability_3plus", "2025-03"), "numerator"] == 1
    assert mine.loc[("cla_count", "2025-03"), "value"] == 2
    assert mine.loc[("icpc_15_days", "2024-11"), "value"] == 0
    code, out, _ = run(capsys, db_url, "cases", "export")
    cases = pd.read_csv(io.StringIO(out), keep_default_na=False)
    icpc = cases[cases["kpi_id"] == "icpc_15_days"].iloc[0]
    assert (icpc["child_id"], icpc["team"], icpc["days_late"]) == ("K1", "Unallocated", "17")
    assert icpc["reason"] == "ICPC 17 working days late (32 after the section 47 began)"
    assert "C2" in set(cases.loc[cases["kpi_id"] == "placement_stability_3plus", "child_id"])


def test_rolling_back_keeps_the_returns_and_loading_again_changes_nothing(tmp_path, db_url, capsys):
    files = write903(tmp_path, 2025, *EPISODES_2025)
    run(capsys, db_url, "returns", "import", *files, "--year", "2025")
    code, out, _ = run(capsys, db_url, "returns", "import", *files, "--year", "2025")
    assert code == 0 and "already held: SSDA903 2024/25" in out
    assert "every figure is already published, nothing changed" in out
    assert len(Store(db_url).loads()) == 1
    assert run(capsys, db_url, "rollback", "1")[0] == 0
    store = Store(db_url)
    assert store.figures().empty and store.cases().empty
    assert store.returns_held()["period_end"].tolist() == ["2025-03-31"]


def test_a_year_loaded_again_revises_the_figures_with_a_warning(tmp_path, db_url, capsys):
    run(capsys, db_url, "returns", "import", *write903(tmp_path, 2025, *EPISODES_2025),
        "--year", "2025")  # fmt: skip
    fewer = write903(tmp_path, 2025, *EPISODES_2025[:2])
    code, out, err = run(capsys, db_url, "returns", "import", *fewer, "--year", "2025")
    assert code == 0 and "(replacing the one held)" in out and "published as load 2" in out
    assert "warning: revises the published cla_count for 2025-03: 2 -> 1" in err


def test_refused_files_change_nothing_and_every_problem_is_listed(tmp_path, db_url, capsys):
    files = write903(tmp_path, 2025, *EPISODES_2025)
    run(capsys, db_url, "returns", "import", *files, "--year", "2025")
    before = dump(Store(db_url)).split("\naudit: ")[0]
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><Message/>')
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b"CHILD,WHATEVER\n1,2\n")
    code, out, err = run(capsys, db_url, "returns", "import", str(bad), str(odd), *files)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("bad.xml: declares a DTD")
    assert lines[1].startswith("odd.csv, row 1: its columns match no SSDA903 table")
    assert lines[2].startswith("SSDA903 files carry no year")
    assert "rejected with 3 problem(s); nothing was stored" in out
    assert dump(Store(db_url)).split("\naudit: ")[0] == before


def test_a_dry_run_stores_and_publishes_nothing(tmp_path, db_url, capsys):
    files = write903(tmp_path, 2025, *EPISODES_2025)
    data = zipped(*((f"t{i}.csv", Path(f).read_bytes()) for i, f in enumerate(files)))
    (tmp_path / "returns.zip").write_bytes(data)
    code, out, _ = run(capsys, db_url, "returns", "import", str(tmp_path / "returns.zip"),
                       "--year", "2025", "--dry-run")  # fmt: skip
    assert code == 0 and "dry run, nothing was stored or published" in out
    store = Store(db_url)
    assert store.is_empty() and store.returns_held().empty


def test_a_year_that_is_no_year_is_a_usage_error(tmp_path, db_url, capsys):
    files = write903(tmp_path, 2025, *EPISODES_2025)
    assert run(capsys, db_url, "returns", "import", *files, "--year", "25")[0] == 2


def test_small_numbers_from_returns_are_hidden_on_board_views(tmp_path, db_url, capsys):
    run(capsys, db_url, "returns", "import", *write903(tmp_path, 2025, *EPISODES_2025),
        "--year", "2025")  # fmt: skip
    board = for_board(Store(db_url).figures())
    small = board[board["kpi_id"] == "placement_stability_3plus"]
    assert small["suppressed"].all() and small["value"].isna().all()


def test_returns_cases_are_for_analysts_not_for_managers_of_named_teams(tmp_path, db_url, capsys):
    run(capsys, db_url, "returns", "import", *write903(tmp_path, 2025, *EPISODES_2025),
        "--year", "2025")  # fmt: skip
    manager = Store(db_url).as_actor(Actor("m", Role.MANAGER, frozenset({"Children in Care"})))
    assert manager.cases().empty
    assert not Store(db_url).cases().empty


def test_plans_with_an_end_and_reviews_store_on_every_backend(tmp_path, db_url, capsys):
    # A plan's `end` is a reserved word in PostgreSQL: its column must be quoted when stored.
    plans = [{"id": "K2", "details": [{"referral": "2024-05-01", "plans": [
        {"CPPstartDate": "2024-05-20", "CPPendDate": "2025-01-10", "reviews": ["2024-08-01"]},
        {"CPPstartDate": "2025-02-01", "reviews": []},
    ]}]}]  # fmt: skip
    code, out, err = run(capsys, db_url, "returns", "import",
                         write_cin(tmp_path, "2025-03-31", plans))  # fmt: skip
    assert code == 0, err
    held = Store(db_url).as_actor(Actor("ana", Role.ANALYST)).return_tables()["plans"]
    assert sorted(held["end"].fillna("").tolist()) == ["", "2025-01-10"]
    code, out, _ = run(capsys, db_url, "export")
    exported = pd.read_csv(io.StringIO(out)).set_index(["kpi_id", "period"])
    assert exported.loc[("cp_plan_count", "2025-03"), "value"] == 1
