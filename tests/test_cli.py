"""`python -m kpis`: exit codes, messages on the right stream, and the `row R, column C` form."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import csv

from kpis.catalogue import load_catalogue
from kpis.cli import main

ROOT = Path(__file__).resolve().parents[1]
HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"


def write(tmp_path, name, body):
    path = tmp_path / name
    path.write_bytes(csv(HEADER + body))
    return path


def test_catalogue_lists_every_kpi(run):
    code, out, _ = run("catalogue")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0] == "id,name,unit,polarity,target"
    assert len(lines) == len(load_catalogue().kpis) + 1
    assert any(line.startswith("icpc_15_days,") for line in lines)


def test_ingest_good_file(run, tmp_path):
    path = write(
        tmp_path, "good.csv", "icpc_15_days,2016-10,85,17,20,,,\nlado_referrals,2016-10,3,,,,,"
    )
    code, out, err = run("ingest", str(path), "--user", "ana")
    assert code == 0 and err == ""
    assert "published as load 1" in out and "2 new" in out


def test_ingest_bad_file_exit_1_one_line_per_problem(run, tmp_path):
    path = write(tmp_path, "bad.csv", "icpc_15_days,2016-10,850,,,,,\nnope,2016-10,1,,,,,")
    code, out, err = run("ingest", str(path))
    assert code == 1
    assert err.splitlines() == [
        "row 2, column value: the percentage 850 is outside 0–100",
        "row 3, column kpi_id: unknown KPI id 'nope'; see `python -m kpis catalogue`",
    ]
    assert "nothing was published" in out
    assert run("loads")[1].strip().count("\n") == 0  # header only


def test_warnings_go_to_stderr_prefixed(run, tmp_path):
    path = write(tmp_path, "w.csv", "icpc_15_days,2016-10,,3,4,,,")
    code, _, err = run("ingest", str(path))
    assert code == 0
    assert (
        err
        == "warning: row 2, column denominator: the denominator is under 5 (4): a small number\n"
    )


def test_dry_run_writes_nothing(run, tmp_path):
    path = write(tmp_path, "good.csv", "icpc_15_days,2016-10,85,,,,,")
    code, out, _ = run("ingest", str(path), "--dry-run")
    assert code == 0 and "dry run" in out
    assert run("export")[1].strip() == HEADER.strip()


def test_export_rollback_and_as_of(run, tmp_path, ticker):
    run("ingest", str(write(tmp_path, "a.csv", "icpc_15_days,2016-10,85,,,,,")))
    run("ingest", str(write(tmp_path, "b.csv", "icpc_15_days,2016-10,90,,,,,")))
    out_file = tmp_path / "out.xlsx"
    assert run("export", "--out", str(out_file))[0] == 0 and out_file.read_bytes()[:2] == b"PK"
    assert run("export")[1].splitlines()[1] == "icpc_15_days,2016-10,90,,,,,"
    assert run("export", "--as-of", "2026-11-25")[1].strip() == HEADER.strip()
    code, out, _ = run("rollback", "2")
    assert code == 0 and "rolled back" in out
    assert run("export")[1].splitlines()[1] == "icpc_15_days,2016-10,85,,,,,"
    code, _, err = run("rollback", "7")
    assert code == 1 and err.strip() == "there is no load 7"


def test_two_exports_are_byte_identical_csv_and_xlsx(run, tmp_path):
    run("ingest", str(write(tmp_path, "a.csv", "icpc_15_days,2016-10,85,,,North,'=1+1")))
    for name in ("x.csv", "x.xlsx"):
        first, second = tmp_path / f"1{name}", tmp_path / f"2{name}"
        run("export", "--out", str(first))
        run("export", "--out", str(second))
        assert first.read_bytes() == second.read_bytes()


def test_usage_errors_exit_2(run, db_url, capsys):
    assert run("export", "--as-of", "yesterday")[0] == 2
    with pytest.raises(SystemExit) as stop:
        main(["frobnicate"])
    assert stop.value.code == 2
    capsys.readouterr()


def test_missing_file_is_a_message_not_a_traceback(run, tmp_path):
    code, _, err = run("ingest", str(tmp_path / "absent.csv"))
    assert code == 1 and "Traceback" not in err and "absent.csv" in err


def test_real_process_round_trip(tmp_path):
    """The entry point as a user runs it: a separate process, real clock."""
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    path = write(tmp_path, "good.csv", "icpc_15_days,2016-10,85,17,20,,,")
    cmd = [sys.executable, "-m", "kpis"]
    done = subprocess.run(
        [*cmd, "ingest", str(path), "--db", db], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    exported = subprocess.run(
        [*cmd, "export", "--db", db], cwd=ROOT, capture_output=True, text=True
    )
    assert exported.stdout.splitlines()[1] == "icpc_15_days,2016-10,85,17,20,,,"


def test_pack_command_writes_html_and_refuses_bad_input(run, tmp_path):
    body = "\n".join(f"icpc_15_days,2016-{m:02d},{80 + m},,,,," for m in range(1, 11))
    run("ingest", str(write(tmp_path, "a.csv", body)))
    out = tmp_path / "pack.html"
    code, printed, _ = run("pack", "--period", "2016-10", "--out", str(out))
    assert code == 0 and "wrote the board pack" in printed
    text = out.read_text()
    assert "ICPCs held within 15 working days" in text and text.count("Plotly.newPlot") >= 0
    assert run("pack", "--period", "2016-10", "--out", str(tmp_path / "p.doc"))[0] == 2
    assert run("pack", "--period", "2019-10", "--out", str(out))[0] == 1
