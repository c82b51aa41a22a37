"""The synthetic Annex A generator: repeatable, realistic in volume, dirty where it should be."""

import importlib.util
from datetime import date
from pathlib import Path

import pandas as pd

from kpis.annex_a import KPI_IDS, case_lists, compute_kpis, load_frames, read_annex_a
from kpis.annex_a.synthetic import make_annex_a, write_annex_a
from kpis.annex_a.synthetic_bulk import make_event_frames

TODAY = date(2025, 6, 30)


def test_same_seed_same_lists() -> None:
    one, two = make_annex_a(children=800), make_annex_a(children=800)
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name])
    other = make_annex_a(children=800, seed=7)
    assert not one["List 4"].equals(other["List 4"])


def test_london_borough_volumes() -> None:
    lists = make_annex_a()
    assert 3500 <= len(lists["List 4"]) <= 4500
    assert len(lists["List 5"]) == 900
    assert 500 <= len(lists["List 8"]) <= 600
    assert len(lists["List 9"]) == 300


def test_workbook_round_trip_with_its_dirt(tmp_path: Path) -> None:
    path = write_annex_a(
        tmp_path / "annex.xlsx", make_annex_a(children=1500, as_at=date(2024, 9, 30))
    )
    result = read_annex_a(path, today=TODAY)
    assert result.as_at == date(2024, 9, 30)
    figures = compute_kpis(result)
    assert set(figures.kpi_id) == set(KPI_IDS)
    assert "Unallocated" in set(figures.team)
    messages = "\n".join(str(w) for w in result.warnings)
    assert "cannot read '31/02/2024' as a date" in messages
    assert "cannot read 'TBC' as a date" in messages
    assert "before its strategy discussion" in messages
    assert "is listed again" in messages
    assert "after the as-at date" in messages
    assert result.headers[8]["dob"] == "DOB"
    assert result.headers[9]["suitability"] == "Suitability of Accomodation"
    assert not case_lists(result).empty


def test_clean_lists_have_no_row_warnings() -> None:
    result = load_frames(make_annex_a(children=600, dirt=False), today=TODAY)
    assert [w for w in result.warnings if w.row is not None] == []


def test_no_names_in_the_generated_lists() -> None:
    for frame in make_annex_a(children=300).values():
        assert not any("name" in str(column).lower() for column in frame.columns)


def test_event_frames_for_benchmarks() -> None:
    frames = make_event_frames(20_000, years=3)
    assert len(frames["List 4"]) + len(frames["List 5"]) == 20_000
    result = load_frames(frames, today=TODAY)
    figures = compute_kpis(result)
    assert set(figures.kpi_id) == {"assessments_45_days", "icpc_15_days", "icpc_to_cp_plan"}
    assert figures.period.nunique() >= 36


def test_script_writes_a_workbook(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parent.parent / "scripts" / "make_annex_a.py"
    spec = importlib.util.spec_from_file_location("make_annex_a", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "demo.xlsx"
    assert module.main([str(out), "--children", "300", "--as-at", "2024-03-31"]) == 0
    assert read_annex_a(out, today=TODAY).as_at == date(2024, 3, 31)
