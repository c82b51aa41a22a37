"""Catalogue benchmark specs, mapping imported files to KPIs, and the shipped data format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpis.benchmarks import (
    BenchmarkData,
    build_benchmarks,
    combine,
    load_shipped,
    read_ees,
    read_shipped,
    write_shipped,
)
from kpis.benchmarks.lait import tidy_dictionary, tidy_lait
from kpis.benchmarks.neighbours import read_neighbours
from kpis.catalogue import Benchmark, CatalogueError, load_catalogue, parse_catalogue

FIXTURES = Path(__file__).parent / "fixtures" / "benchmarks"

ENTRY = """
  - id: {id}
    name: A measure
    area: Care leavers
    unit: percent
    polarity: {polarity}
    frequency: monthly
    target: 90
    basis: at month end
    definition: A definition.
    numerator: Some
    denominator: All
    source: SSDA903
    benchmark: {benchmark}
"""


def _catalogue(*entries: tuple[str, str, str]) -> str:
    body = "".join(
        ENTRY.format(id=i, polarity=p, benchmark=b.replace("\n", "\n    ")) for i, p, b in entries
    )
    return "kpis:" + body


# --- the catalogue's benchmark field -----------------------------------------------------------


def test_plain_string_benchmark_is_a_lait_code() -> None:
    kpi = parse_catalogue(_catalogue(("icpc", "higher_better", "CP_conf_15days"))).get("icpc")
    assert kpi.benchmark == Benchmark(lait="CP_conf_15days")
    assert kpi.benchmark.lait == "CP_conf_15days"
    assert str(kpi.benchmark) == "CP_conf_15days"


@pytest.mark.parametrize("blank", ["null", "''", "' '"])
def test_blank_benchmark_is_none(blank: str) -> None:
    assert parse_catalogue(_catalogue(("k", "neutral", blank))).get("k").benchmark is None


def test_mapping_benchmark_with_ees_spec_and_complement() -> None:
    text = _catalogue(
        (
            "touch",
            "higher_better",
            "\n  ees:\n    indicator: cl_percent\n    filters:\n      age: 19 to 21 years"
            "\n    dataset: activity\n  complement: true",
        )
    )
    spec = parse_catalogue(text).get("touch").benchmark
    assert spec.lait is None and spec.complement
    assert spec.ees.indicator == "cl_percent"
    assert spec.ees.filters == {"age": "19 to 21 years"}
    assert spec.ees.dataset == "activity"
    assert str(spec) == "100 minus cl_percent (19 to 21 years)"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("\n  complement: true", "needs a LAIT code"),
        ("\n  lait: X\n  colour: red", "benchmark.colour"),
        ("\n  ees:\n    filters: {a: b}", "benchmark.ees.indicator"),
    ],
)
def test_bad_benchmark_specs_name_the_entry_and_field(spec: str, message: str) -> None:
    with pytest.raises(CatalogueError, match="entry 1 \\(k\\)") as caught:
        parse_catalogue(_catalogue(("k", "higher_better", spec)))
    assert message in str(caught.value)


REQUIRED_KPIS = [
    "icpc_15_days", "assessments_45_days", "re_referrals_12m", "cp_second_plan",
    "cp_reviews_timely", "health_assessments", "dental_checks", "immunisations",
    "placement_stability_3plus", "care_leavers_ete", "care_leavers_suitable_accommodation",
    "care_leavers_in_touch",
]  # fmt: skip


def test_project_catalogue_benchmarks_every_kpi_dfe_publishes() -> None:
    catalogue = load_catalogue()
    for kpi_id in REQUIRED_KPIS:
        assert catalogue.get(kpi_id).benchmark is not None, kpi_id
    assert catalogue.get("icpc_15_days").benchmark.lait == "CP_conf_15days"
    in_touch = catalogue.get("care_leavers_in_touch").benchmark
    assert (
        in_touch.complement and in_touch.ees.filters["breakdown"] == "Total information not known"
    )
    for kpi_id, code in [("cin_rate", "CIN"), ("cp_plan_rate", "CPP_rate"), ("lac_rate", "LAC")]:
        kpi = catalogue.get(kpi_id)
        assert (kpi.benchmark.lait, kpi.unit.value, kpi.polarity.value) == (
            code, "rate_per_10k", "neutral",
        )  # fmt: skip


# --- mapping files to KPIs -------------------------------------------------------------------


def _lait() -> list:
    raw = pd.DataFrame(
        [
            ("Acc", "2024", "Haringey", "88", 309, "Inner London"),
            ("Acc", "2025", "Haringey", "90.04", 309, "Inner London"),
            ("Acc", "2025", "Bolton", "c", 350, "North West"),
            ("Acc", "2025", "England", "89", 970, "NA"),
            ("Other", "2025", "Haringey", "1", 309, "Inner London"),
        ],
        columns=["Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region"],
    )
    dictionary = tidy_dictionary(
        pd.DataFrame(
            {
                "Measure_short": ["Acc"],
                "Measure": ["Suitable accommodation"],
                "Polarity": ["High"],
                "dps": ["0"],
                "Year_Type": ["Financial Year"],
                "No_Quartile": ["N"],
            }
        ),
        "dictionary.csv",
    )
    return [dictionary, tidy_lait(raw, dictionary.data, "lait.parquet")]


def test_lait_and_ees_figures_mapped_to_kpis_with_years_from_one_source_each() -> None:
    catalogue = parse_catalogue(
        _catalogue(
            (
                "accommodation",
                "higher_better",
                "\n  lait: Acc\n  ees:\n    indicator: cl_suitable_percent",
            ),
            ("count_only", "higher_better", "\n  ees:\n    indicator: cl_suitable_count"),
        )
    )
    results = [*_lait(), read_ees(FIXTURES / "ees_synthetic_accommodation.csv")]
    data, warnings = build_benchmarks(results, catalogue)
    assert warnings == []
    values = data.values
    accommodation = values[values["kpi_id"] == "accommodation"]
    # 2024 and 2025 come from LAIT (rounded to its 0 dps); EES adds nothing for those years.
    assert set(accommodation["source"]) == {"LAIT Acc"}
    row = accommodation[(accommodation["year"] == 2025) & (accommodation["area_code"] == 309)]
    assert row["value"].tolist() == [90.0]
    bolton = accommodation[accommodation["area_code"] == 350]
    assert bolton["reason"].tolist() == ["c"] and bolton["value"].isna().all()
    # The EES file's unnamed filter (accommodation_type) resolves to its Total.
    counts = values[values["kpi_id"] == "count_only"].set_index(["year", "area_name"])
    assert counts.loc[(2025, "England"), "value"] == 1000.0
    assert counts.loc[(2025, "Waltham Forest"), "reason"] == "x"
    measures = data.measures.set_index("kpi_id")
    assert measures.loc["accommodation", "dps"] == 0
    assert bool(measures.loc["accommodation", "no_quartile"])
    assert measures.loc["count_only", "ees_indicator"] == "cl_suitable_count"


def test_ees_spec_filters_select_rows_and_complement_flips_the_share() -> None:
    catalogue = parse_catalogue(
        _catalogue(
            (
                "independent",
                "lower_better",
                "\n  ees:\n    indicator: cl_suitable_percent\n    filters:"
                "\n      Accommodation_Type: independent living\n  complement: true",
            )
        )
    )
    data, warnings = build_benchmarks(
        [read_ees(FIXTURES / "ees_synthetic_accommodation.csv")], catalogue
    )
    assert warnings == []
    values = data.values.set_index(["year", "area_name"])
    assert values.loc[(2025, "England"), "value"] == 60.0  # 100 - 40
    assert values.loc[(2024, "Bolton"), "value"] == 87.5  # 100 - 12.5
    assert values.loc[(2025, "Haringey"), "reason"] == "low"


def test_ees_spec_problems_are_warnings_naming_the_file_and_filter() -> None:
    catalogue = parse_catalogue(
        _catalogue(
            (
                "wrong",
                "higher_better",
                "\n  ees:\n    indicator: cl_suitable_percent\n    filters:"
                "\n      accommodation_type: Castle",
            )
        )
    )
    data, warnings = build_benchmarks(
        [read_ees(FIXTURES / "ees_synthetic_accommodation.csv")], catalogue
    )
    assert data.values.empty
    assert len(warnings) == 1
    assert "ees_synthetic_accommodation.csv" in warnings[0] and "'Castle'" in warnings[0]


def test_ambiguous_filter_without_a_total_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "by_sex.csv"
    path.write_text(
        "time_period,time_identifier,geographic_level,sex,pct\n"
        "2025,Reporting year,National,Girls,1\n2025,Reporting year,National,Boys,2\n"
    )
    catalogue = parse_catalogue(_catalogue(("k", "higher_better", "\n  ees:\n    indicator: pct")))
    data, warnings = build_benchmarks([read_ees(path)], catalogue)
    assert data.values.empty
    assert "say which sex to use (it has: Boys, Girls)" in warnings[0]


def test_dataset_names_the_file_to_use() -> None:
    spec = "\n  ees:\n    indicator: cl_suitable_percent\n    dataset: somewhere_else"
    catalogue = parse_catalogue(_catalogue(("k", "higher_better", spec)))
    data, _ = build_benchmarks([read_ees(FIXTURES / "ees_synthetic_accommodation.csv")], catalogue)
    assert data.values.empty


# --- shipped data format -----------------------------------------------------------------------


def _small_data() -> BenchmarkData:
    catalogue = parse_catalogue(_catalogue(("accommodation", "higher_better", "Acc")))
    results = [*_lait(), read_neighbours(FIXTURES / "sn_synthetic_2019.csv")]
    data, _ = build_benchmarks(results, catalogue)
    return data


def test_write_then_read_shipped_gives_the_same_data(tmp_path: Path) -> None:
    data = _small_data()
    sizes = write_shipped(data, tmp_path)
    assert set(sizes) == {"values.csv", "neighbours.csv", "areas.csv", "measures.csv"}
    again = read_shipped(tmp_path)
    pd.testing.assert_frame_equal(again.values, data.values, check_dtype=False)
    pd.testing.assert_frame_equal(again.neighbours, data.neighbours, check_dtype=False)
    pd.testing.assert_frame_equal(again.areas, data.areas, check_dtype=False)
    pd.testing.assert_frame_equal(again.measures, data.measures, check_dtype=False)
    first = (tmp_path / "values.csv").read_bytes()
    write_shipped(again, tmp_path)
    assert (tmp_path / "values.csv").read_bytes() == first  # deterministic


def test_reading_a_folder_without_data_gives_empty_frames(tmp_path: Path) -> None:
    assert read_shipped(tmp_path).values.empty


def test_an_import_replaces_shipped_figures_kpi_year_by_kpi_year() -> None:
    base = _small_data()
    newer = base.values[base.values["year"] == 2025].assign(value=1.0, source="EES new")
    override = BenchmarkData(newer, base.neighbours.iloc[0:0], base.areas, base.measures)
    merged = combine(base, override)
    by_year = merged.values.groupby("year")["source"].agg(set).to_dict()
    assert by_year == {2024: {"LAIT Acc"}, 2025: {"EES new"}}
    assert len(merged.neighbours) == len(base.neighbours)
    assert merged.values["value"][merged.values["year"] == 2025].eq(1.0).all()


def test_shipped_data_loads_and_is_cached() -> None:
    data = load_shipped()
    assert load_shipped() is data
    assert set(REQUIRED_KPIS) <= set(data.values["kpi_id"])
    assert set(data.measures["kpi_id"]) == set(data.values["kpi_id"])
    assert {2021, 2025} == set(data.model_years)
    levels = set(data.values["level"])
    assert levels == {"la", "region", "inner_outer_london", "england"}
    london = data.values[data.values["level"] == "inner_outer_london"]
    assert set(london["area_name"]) == {"Inner London", "Outer London"}
    assert len(data.authorities(2025)) == 153
    haringey = data.areas.set_index("area_code").loc[309]
    assert (haringey["area_name"], haringey["region"], haringey["london"]) == (
        "Haringey", "London", "Inner London",
    )  # fmt: skip
    assert np.isnan(
        data.values.loc[data.values["reason"] != "", "value"].to_numpy(dtype=float)
    ).all()


def test_shipped_data_is_small_enough_to_commit() -> None:
    folder = Path(__file__).parents[1] / "data" / "benchmarks"
    total = sum(p.stat().st_size for p in folder.glob("*.csv"))
    assert total < 4 * 1024 * 1024
