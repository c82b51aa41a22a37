"""Benchmarks as a user meets them: shipped in every new store, configurable, re-importable."""

from __future__ import annotations

import io
import random

import pandas as pd
import pytest
from conftest import inflating_xlsx, rezip, xlsx

from kpis.benchmarks import files
from kpis.cli import main
from kpis.store import Store


@pytest.fixture
def db_url(backend_url):
    """Storage tests run on SQLite and on PostgreSQL."""
    return backend_url


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys, db_url, *extra):
    code, out, err = run(capsys, "benchmarks", "export", "--db", db_url, *extra)
    assert code == 0, err
    return pd.read_csv(io.StringIO(out), dtype={"value": str})


def pick(frame, kpi, year, comparator):
    hit = frame[(frame.kpi_id == kpi) & (frame.year == year) & (frame.comparator == comparator)]
    return hit.iloc[0]


def test_new_store_has_shipped_benchmarks_without_import(db_url, capsys):
    frame = export(capsys, db_url)
    assert list(frame.columns[:5]) == ["kpi_id", "year", "comparator", "value", "n"]
    mean = pick(frame, "icpc_15_days", 2025, "sn_mean")
    assert round(float(mean.value), 1) == 79.8 and mean.n == 10 and mean.model == 2025
    assert pick(frame, "icpc_15_days", 2025, "la").value == "76.4"
    assert pick(frame, "icpc_15_days", 2025, "quartile").value == "C"


def test_switching_authority_and_model_changes_comparators(db_url, capsys):
    haringey = export(capsys, db_url)
    assert run(capsys, "settings", "--la", "208", "--db", db_url)[0] == 0
    lambeth = export(capsys, db_url)
    assert pick(lambeth, "icpc_15_days", 2025, "la").value == "83"
    assert (
        pick(haringey, "icpc_15_days", 2025, "sn_mean").value
        != pick(lambeth, "icpc_15_days", 2025, "sn_mean").value
    )
    older = export(capsys, db_url, "--la", "309", "--model-year", "2021")
    assert round(float(pick(older, "icpc_15_days", 2025, "sn_mean").value), 2) == 73.03
    assert run(capsys, "settings", "--la", "999", "--db", db_url)[0] == 2


def test_import_overrides_shipped_figures(db_url, tmp_path, capsys):
    text = (
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
        "region_name,old_la_code,new_la_code,la_name,category,CPP_start,CPP_subsequent,"
        "CPP_subsequent_percent\n"
        "2025,Reporting year,National,E92000001,England,,,,,,Second or subsequent,100,20,20.0\n"
        "2025,Reporting year,Local authority,E92000001,England,E12000007,London,309,E09000014,"
        "Haringey,Second or subsequent,100,33,33.3\n"
    )
    path = tmp_path / "d3_cpps_subsequent_plan_2025.csv"
    path.write_text(text)
    code, _out, err = run(capsys, "benchmarks", "import", str(path), "--db", db_url)
    assert code == 0, err
    frame = export(capsys, db_url)
    assert pick(frame, "cp_second_plan", 2025, "la").value == "33.3"
    assert pick(frame, "cp_second_plan", 2025, "england").value == "20"
    # Other years and other KPIs still come from the shipped data.
    assert pick(frame, "icpc_15_days", 2025, "la").value == "76.4"


def test_bad_benchmark_file_is_rejected_whole(db_url, capsys):
    before = export(capsys, db_url)
    code, out, err = run(
        capsys, "benchmarks", "import", "tests/fixtures/benchmarks/ees_bad.csv", "--db", db_url
    )
    assert code == 1 and "row 3, column time_period" in err and "nothing was imported" in out
    pd.testing.assert_frame_equal(export(capsys, db_url), before)


@pytest.mark.parametrize("hostile", ["zip bomb", "oversized"])
def test_hostile_benchmark_file_is_refused_and_nothing_written(
    db_url, tmp_path, capsys, monkeypatch, hostile
):
    import openpyxl

    def never(*_args, **_kw):
        raise AssertionError("opened a workbook that should have been refused first")

    before = export(capsys, db_url)
    neighbours = [["LA num", "LA Name", "SN1"], [309, "Haringey", 320]]
    path = tmp_path / "sn_2025.xlsx"
    if hostile == "zip bomb":
        path.write_bytes(inflating_xlsx(neighbours, 40))
        expected = "unpacks to over 100 times its packed size, as only a zip bomb does"
    else:
        monkeypatch.setattr(files, "MAX_BYTES", 2**20)
        padding = random.Random(0).randbytes(2**20)
        path.write_bytes(rezip(xlsx(neighbours), {"xl/media/padding.bin": padding}))
        expected = "MB, over the 1 MB limit"
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    code, out, err = run(capsys, "benchmarks", "import", str(path), "--db", db_url)
    assert code == 1 and "nothing was imported" in out
    assert err.startswith("sn_2025.xlsx: ") and expected in err
    pd.testing.assert_frame_equal(export(capsys, db_url), before)
    assert Store(db_url).benchmark_imports().empty


@pytest.mark.parametrize("kpi", ["immunisations"])
def test_worst_quartile_reaches_the_exception_list(db_url, tmp_path, capsys, kpi):
    path = tmp_path / "f.csv"
    path.write_text(f"kpi_id,period,value\n{kpi},2025-03,95\n")
    run(capsys, "ingest", str(path), "--db", db_url)
    _code, out, _ = run(capsys, "exceptions", "--db", db_url)
    table = pd.read_csv(io.StringIO(out))
    row = table[table.kpi_id == kpi].iloc[0]
    assert row.quartile == "D" and "worst quarter" in row.reasons
    assert "worse than 9 of 10 statistical neighbours (2024/25, 2025 model)" in row.reasons


def test_export_keeps_englands_first_time_entrants_out_as_implausible(db_url, capsys):
    frame = export(capsys, db_url)
    england = pick(frame, "yj_first_time_entrants", 2024, "england")
    assert pd.isna(england.value) and england.reason == "implausible"
    assert pick(frame, "yj_first_time_entrants", 2024, "region").value == "157"
