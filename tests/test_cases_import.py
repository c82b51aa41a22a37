"""Annex A workbooks through the command line: figures as a normal load, cases beside them."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kpis.annex_a.synthetic import make_annex_a, write_annex_a
from kpis.catalogue import load_catalogue
from kpis.cli import main
from kpis.month.scorecard import scorecard
from kpis.month.signals import exceptions
from kpis.store import Store


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("annex") / "annex_a.xlsx"
    return write_annex_a(path, make_annex_a(children=800))


@pytest.fixture
def db_url(backend_url):
    """Storage tests run on SQLite and on PostgreSQL."""
    return backend_url


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_publishes_figures_visible_through_export(workbook, db_url, capsys):
    code, out, err = run(capsys, "cases", "import", str(workbook), "--db", db_url, "--user", "ana")
    assert code == 0, err
    assert "published as load 1" in out and "as at 2025-03-31" in out
    assert all(line.startswith("warning: List ") for line in err.splitlines())
    code, out, _ = run(capsys, "export", "--db", db_url)
    exported = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert {"icpc_15_days", "assessments_45_days", "dental_checks", "care_leavers_ete"} <= set(
        exported["kpi_id"]
    )
    authority = exported[exported["team"] == ""]
    teams = exported[exported["team"] != ""]
    assert len(authority) and len(teams)
    # Authority numerators are the sum of the team numerators.
    icpc = exported[(exported.kpi_id == "icpc_15_days") & (exported.period == "2025-03")]
    assert icpc[icpc.team != ""].numerator.sum() == icpc[icpc.team == ""].numerator.iloc[0]
    loads = Store(db_url).loads()
    assert loads.kind.tolist() == ["cases"]


def test_cases_export_lists_misses_without_names(workbook, db_url, capsys):
    run(capsys, "cases", "import", str(workbook), "--db", db_url)
    code, out, _ = run(capsys, "cases", "export", "--db", db_url)
    cases = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(cases) > 0
    assert {"child_id", "team", "worker", "days_late", "reason"} <= set(cases.columns)
    assert not any("name" in c.lower() for c in cases.columns)
    late = cases[cases.kpi_id == "icpc_15_days"]
    assert (late.days_late > 0).all()


def test_rollback_removes_figures_and_cases(workbook, db_url, capsys):
    run(capsys, "cases", "import", str(workbook), "--db", db_url)
    assert run(capsys, "rollback", "1", "--db", db_url)[0] == 0
    assert Store(db_url).cases().empty and Store(db_url).figures().empty


def test_dry_run_and_rejection(workbook, db_url, tmp_path, capsys):
    code, out, _ = run(capsys, "cases", "import", str(workbook), "--db", db_url, "--dry-run")
    assert code == 0 and "dry run" in out and Store(db_url).is_empty()
    frames = make_annex_a(children=200)
    frames["List 5"] = frames["List 5"].drop(
        columns=["Date of Initial Child Protection Conference"]
    )
    bad = write_annex_a(tmp_path / "bad.xlsx", frames)
    code, out, err = run(capsys, "cases", "import", str(bad), "--db", db_url)
    assert code == 1 and "List 5" in err and "Date of Initial Child Protection Conference" in err
    assert "nothing was published" in out and Store(db_url).is_empty()


def test_small_numbers_are_suppressed_on_board_views(workbook, db_url, capsys):
    run(capsys, "cases", "import", str(workbook), "--db", db_url)
    figures = Store(db_url).figures()
    small = figures[(figures.kind == "cases") & figures.denominator.between(1, 4)]
    assert len(small), "the synthetic workbook should have a small team"
    row = small.iloc[0]
    card = scorecard(figures, load_catalogue(), row.period, team=row.team)
    line = card.set_index("kpi_id").loc[row.kpi_id]
    assert line.value_text == "fewer than 5" and line.suppressed
    ranked = exceptions(figures, load_catalogue(), row.period)
    for reasons, hidden in zip(ranked.reasons, ranked.suppressed, strict=True):
        if hidden:
            assert not any("%" in r for r in reasons)


def test_board_figures_carry_no_small_numbers(workbook, db_url, capsys):
    from kpis.month.scorecard import for_board

    run(capsys, "cases", "import", str(workbook), "--db", db_url)
    figures = Store(db_url).figures()
    board = for_board(figures)
    hidden = board[board.suppressed]
    assert len(hidden) and hidden[["value", "numerator", "denominator"]].isna().all().all()
    shown = board[~board.suppressed & (board.kind == "cases")]
    assert (shown.denominator >= 5).all() and shown.value.notna().all()
