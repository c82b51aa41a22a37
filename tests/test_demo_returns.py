"""The demo's synthetic returns (DESIGN §10.4): three years, loaded on first start as one returns
load, their figures the demo's for the months they cover, shown on the measure's detail."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pandas as pd
from test_app import page_text, run_page

from kpis.demo import DEMO_RETURNS, DEMO_USER, demo_returns_files, load_demo_if_empty

ROOT = Path(__file__).resolve().parents[1]


def test_three_collection_years_ship_as_one_zip_a_year_with_both_returns():
    found = demo_returns_files()
    assert [year for _, year in found] == [2023, 2024, 2025]
    for path in sorted(DEMO_RETURNS.glob("*.zip")):
        names = zipfile.ZipFile(path).namelist()
        assert any(n.startswith("cin_census_") for n in names), path.name
        assert any(n.startswith("ssda903_") for n in names), path.name


def test_the_committed_returns_are_what_the_script_writes(tmp_path):
    script = ROOT / "scripts" / "make_returns.py"
    spec = importlib.util.spec_from_file_location("make_returns", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_returns"] = module
    spec.loader.exec_module(module)
    assert module.main(["--out", str(tmp_path)]) == 0
    for path in sorted(DEMO_RETURNS.glob("*.zip")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), (
            "run `python scripts/make_returns.py` then `python scripts/make_demo.py` and commit"
        )


def test_first_start_loads_the_returns_and_no_month_has_two_figures(store, catalogue):
    load_demo_if_empty(store, catalogue)
    loads = store.loads()
    returns = loads[loads["kind"] == "returns"]
    assert len(returns) == 1 and returns["user"].iloc[0] == DEMO_USER
    figures = store.figures()
    mine = figures[figures["load_id"] == returns["id"].iloc[0]]
    assert len(mine) >= 400 and mine["team"].fillna("").eq("").all()
    assert {"icpc_15_days", "cla_count", "placement_stability_long_term"} <= set(mine["kpi_id"])
    # What the returns publish was not in the scorecard load: nothing of it was revised.
    scorecard = pd.read_csv(ROOT / "data" / "demo" / "scorecard.csv", dtype=str).fillna("")
    keys = set(zip(mine["kpi_id"], mine["period"], strict=True))
    overlap = scorecard[scorecard["team"].eq("")]
    assert not {k for k in zip(overlap["kpi_id"], overlap["period"], strict=True) if k in keys}
    # The teams' rows of a returns month add up to the returns' figure.
    icpc = figures[(figures["kpi_id"] == "icpc_15_days") & (figures["period"] == "2025-03")]
    whole = icpc[icpc["team"].fillna("") == ""].iloc[0]
    teams = icpc[icpc["team"].fillna("") != ""]
    assert teams["numerator"].sum() == whole["numerator"]
    assert teams["denominator"].sum() == whole["denominator"]
    years = store.return_year_ends()
    assert set(years["year"]) == {2023, 2024, 2025}
    assert set(store.return_breakdowns()["dimension"]) >= {"age band", "sex", "ethnic group"}
    cases = store.cases()
    assert (cases["load_id"] == returns["id"].iloc[0]).sum() > 100, "the children behind them"


def test_the_demo_measures_detail_shows_the_year_end_and_who_is_behind_it(monkeypatch, db_url):
    monkeypatch.setenv("KPIS_DATABASE_URL", db_url)
    monkeypatch.setenv("KPIS_WARM_MONTHS", "0")
    text = page_text(run_page("kpi", kpi="icpc_15_days"))
    assert "Year-end figure from the returns" in text
    assert "2024/25: DfE published 76.4%; our returns give" in text
    assert "Who is behind the figure" in text and "By age band" in text
