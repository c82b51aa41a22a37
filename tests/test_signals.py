"""SPC and exceptions built from stored figures: targets, teams, rebases and the CLI."""

from __future__ import annotations

import pandas as pd
import pytest

from kpis.cli import main
from kpis.month.signals import exception_inputs, exceptions, kpi_spc
from kpis.periods import shift


def figures_frame(rows):
    frame = pd.DataFrame(
        rows, columns=["kpi_id", "period", "team", "value", "numerator", "denominator", "target"]
    )
    frame["commentary"] = None
    return frame


def monthly(kpi_id, values, start="2020-01", team="", target=None):
    return [(kpi_id, shift(start, i), team, v, None, None, target) for i, v in enumerate(values)]


STEADY = [90, 91, 89, 90, 92, 88, 90, 91, 89, 90, 91, 89, 90, 90, 91]


def test_kpi_spc_uses_polarity_and_the_latest_target(catalogue):
    # Re-referrals: lower is better, target 20; a run far above it fails consistently.
    values = [30, 31, 29, 30, 32, 28, 30, 31, 29, 30, 31, 29, 30, 30]
    table = kpi_spc(
        figures_frame(monthly("re_referrals_12m", values)), catalogue.get("re_referrals_12m")
    )
    assert table.attrs["improvement"] == "decrease"
    assert table.attrs["target"] == 20
    assert table.attrs["assurance"] == "consistent_fail"


def test_uploaded_target_overrides_catalogue_for_assurance(catalogue):
    rows = monthly("icpc_15_days", STEADY, target=50)
    table = kpi_spc(figures_frame(rows), catalogue.get("icpc_15_days"))
    assert table.attrs["target"] == 50 and table.attrs["assurance"] == "consistent_pass"


def test_rebase_starts_new_limits(catalogue):
    values = [50] * 2 + [51, 49] * 6 + [80, 81, 79, 80, 82, 78, 80, 81, 79, 80, 81, 79, 80]
    figs = figures_frame(monthly("icpc_15_days", values))
    plain = kpi_spc(figs, catalogue.get("icpc_15_days"))
    rebased = kpi_spc(figs, catalogue.get("icpc_15_days"), rebase_at=[shift("2020-01", 14)])
    assert plain["mean"].nunique() == 1
    assert rebased["mean"].nunique() == 2
    assert rebased.loc[shift("2020-01", 14), "rebase"]


def test_exception_inputs_cover_authority_and_teams(catalogue):
    rows = monthly("icpc_15_days", STEADY) + monthly("icpc_15_days", [60] * 15, team="North")
    inputs = exception_inputs(figures_frame(rows), catalogue, shift("2020-01", 14))
    assert inputs["team"].tolist() == ["", "North"]
    north = inputs.set_index("team").loc["North"]
    assert north["rag"] == "red" and north["months_off_target"] == 15


def test_exceptions_rank_and_say_why(catalogue):
    rows = monthly("icpc_15_days", STEADY) + monthly("dental_checks", [60] * 15)
    rows += monthly("lado_referrals", [3] * 15)
    ranked = exceptions(
        figures_frame(rows), catalogue, shift("2020-01", 14), quartiles={"icpc_15_days": "D"}
    )
    assert ranked["kpi_id"].tolist() == ["dental_checks", "icpc_15_days"]
    dental = ranked.iloc[0]["reasons"]
    assert dental[0] == "Off target: 60.0% against a target of 90%, for 15 months"
    assert "consistently fail" in dental[-1]
    assert ranked.iloc[1]["reasons"] == ["In the worst quarter of English authorities (quartile D)"]


@pytest.fixture
def loaded(db_url, tmp_path, capsys):
    body = "kpi_id,period,value\n" + "\n".join(
        f"dental_checks,{shift('2020-01', i)},{v}" for i, v in enumerate([60] * 15)
    )
    path = tmp_path / "f.csv"
    path.write_text(body)
    assert main(["ingest", str(path), "--db", db_url]) == 0
    capsys.readouterr()
    return db_url


def test_cli_spc_table(loaded, capsys):
    assert main(["spc", "dental_checks", "--db", loaded]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("period,value,mean,lpl,upl")
    assert lines[0].endswith(",variation,assurance,changed_since")
    # Fifteen months at 60: no run, so no change.
    assert len(lines) == 16 and lines[-1].endswith("common_cause,consistent_fail,")


def test_cli_spc_says_since_when_the_process_changed(db_url, tmp_path, capsys):
    # Two years near 90, then thirteen months near 96 against a target of 90.
    values = [89.5, 90.5] * 12 + [95.5, 96.5] * 6 + [96.0]
    body = "kpi_id,period,value\n" + "\n".join(
        f"dental_checks,{shift('2020-01', i)},{v}" for i, v in enumerate(values)
    )
    path = tmp_path / "moved.csv"
    path.write_text(body)
    assert main(["ingest", str(path), "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["spc", "dental_checks", "--db", db_url]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out), dtype=str)
    assert set(table["changed_since"]) == {"2022-01"}
    assert main(["rebase", "dental_checks", "2022-01", "--reason", "New team", "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["spc", "dental_checks", "--db", db_url]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out), dtype=str)
    assert table["changed_since"].isna().all()  # blank


def test_cli_rebase_then_spc_restarts(loaded, capsys):
    assert (
        main(["rebase", "dental_checks", "2020-08", "--reason", "New provider", "--db", loaded])
        == 0
    )
    capsys.readouterr()
    main(["spc", "dental_checks", "--db", loaded])
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert table["period_no"].tolist() == [1] * 7 + [2] * 8


def test_cli_exceptions(loaded, capsys):
    assert main(["exceptions", "--db", loaded]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("rank,kpi_id,name,team")
    assert out[1].startswith("1,dental_checks,")
    assert "for 15 months" in out[1]


def test_cli_usage_errors(loaded, capsys):
    assert main(["spc", "dental_check", "--db", loaded]) == 2
    assert "did you mean dental_checks" in capsys.readouterr().err
    assert main(["exceptions", "--period", "soon", "--db", loaded]) == 2
    assert main(["spc", "icpc_15_days", "--db", loaded]) == 1
    assert "no figures for icpc_15_days" in capsys.readouterr().err


def test_a_process_that_moved_on_is_not_an_exception_for_failing_by_old_limits(catalogue):
    # LAC reviews, target 95: near 90 for two years, then thirteen months near 96.
    moved = [89.5, 90.5] * 12 + [95.5, 96.5] * 6 + [96.0]
    rows = monthly("lac_reviews_timely", moved)
    latest = shift("2020-01", len(moved) - 1)
    inputs = exception_inputs(figures_frame(rows), catalogue, latest)
    assert inputs.loc[0, "assurance"] == "consistent_fail"
    assert inputs.loc[0, "changed_since"] == "2022-01"
    assert exceptions(figures_frame(rows), catalogue, latest).empty
    # Once an analyst records the re-base there, the new limits judge the target.
    rebases = pd.DataFrame({"kpi_id": ["lac_reviews_timely"], "team": [""], "period": ["2022-01"]})
    inputs = exception_inputs(figures_frame(rows), catalogue, latest, rebases=rebases)
    assert inputs.loc[0, "changed_since"] is None
    assert inputs.loc[0, "assurance"] == "inconsistent"


def test_cli_exceptions_name_the_month_a_process_changed(db_url, tmp_path, capsys):
    # Dental checks, target 90%: near 60% for two years, then thirteen months near 75%.
    values = [60, 61] * 12 + [75, 76] * 6 + [75.5]
    body = "kpi_id,period,value\n" + "\n".join(
        f"dental_checks,{shift('2020-01', i)},{v}" for i, v in enumerate(values)
    )
    path = tmp_path / "moved.csv"
    path.write_text(body)
    assert main(["ingest", str(path), "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["exceptions", "--db", db_url]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out), dtype=str)
    row = table.set_index("kpi_id").loc["dental_checks"]
    assert row["changed_since"] == "2022-01" and row["assurance"] == "consistent_fail"
    assert "consistently fail" not in row["reasons"] and row["n_reasons"] == "1"
