"""The importer on DfE's published reference files, and published figures reproduced."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpis.benchmarks import (
    Kind,
    authority_comparators,
    build_benchmarks,
    comparators,
    load_shipped,
    read_all,
    read_any,
)
from kpis.benchmarks.symbols import round_half_up
from kpis.catalogue import load_catalogue

REFERENCE = Path(__file__).parents[2] / "shared" / "reference"
if not REFERENCE.is_dir():
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs the DfE reference files at {REFERENCE}", pytrace=False)
    pytest.skip(
        f"DfE reference files not found at {REFERENCE} (they sit beside the checkout)",
        allow_module_level=True,
    )

LAIT = REFERENCE / "lait"
EES = REFERENCE / "ees"
HARINGEY = 309
HARINGEY_2025 = [320, 307, 209, 208, 302, 308, 210, 304, 313, 317]
HARINGEY_2021 = [320, 204, 210, 308, 208, 209, 306, 203, 205, 206]
CATALOGUE = load_catalogue()
EET = "Total in education, employment or training"


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    files = sorted(p for p in REFERENCE.rglob("*") if p.suffix in {".parquet", ".csv", ".xlsx"})
    return {r.source: r for r in read_all(files)}


@pytest.fixture(scope="module")
def data(results: dict[str, object]):
    built, warnings = build_benchmarks(results.values(), CATALOGUE)
    assert warnings == []
    return built


@pytest.fixture(scope="module")
def raw_lait() -> pd.DataFrame:
    return pd.read_parquet(LAIT / "bds_long_0.parquet")


# --- every reference file reads ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "rows"),
    [
        ("lait/bds_long_0.parquet", Kind.LAIT, 640_900),
        ("lait/lait_data_dictionary.csv", Kind.LAIT_DICTIONARY, 434),
        ("lait/sn_may_2025.xlsx", Kind.NEIGHBOURS, 1530),
        ("lait/sn_april_2021.xlsx", Kind.NEIGHBOURS, 1520),
        ("lait/la_code_list.xlsx", Kind.AREAS, 158),
        ("ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", Kind.EES, 21_320),
        ("ees/d3_cpps_subsequent_plan_2013_to_2025.csv", Kind.EES, 6396),
        ("ees/la_care_leavers_activity.csv", Kind.EES, 40_080),
        ("ees/sn_model_2025_wide.csv", Kind.NEIGHBOURS, 1530),
        ("ees/New_Statistical_Neighbour_Groupings_April_2021.csv", Kind.NEIGHBOURS, 1520),
    ],
)
def test_every_reference_file_reads(
    results: dict[str, object], name: str, kind: Kind, rows: int
) -> None:
    result = results[Path(name).name]
    assert result.kind is kind
    assert len(result.data) == rows


def test_lait_rows_keep_suppression_and_lose_float_noise(results, raw_lait) -> None:
    data = results["bds_long_0.parquet"].data
    # 170 rows of a measure labelled year '0', all '-', are the only ones dropped.
    assert len(raw_lait) - len(data) == 170
    assert (data["reason"] == "-").sum() == (raw_lait["Values"] == "-").sum() - 170
    assert data.loc[data["reason"] != "", "value"].isna().all()
    icpc = data[(data["measure"] == "CP_conf_15days") & (data["year"] == 2025)]
    assert icpc.loc[icpc["area_code"] == HARINGEY, "value"].tolist() == [76.4]
    # Every value equals itself rounded to the dictionary's dps.
    dps = data["measure"].map(results["lait_data_dictionary.csv"].data.set_index("measure")["dps"])
    rounded = round_half_up(data["value"], dps.astype(int))
    assert np.allclose(rounded, data["value"], equal_nan=True, rtol=0, atol=0)


def test_lait_areas_levels_and_london_halves(results) -> None:
    data = results["bds_long_0.parquet"].data
    levels = data.drop_duplicates(["area_name", "level"]).groupby("level", observed=True).size()
    assert levels.to_dict() == {"england": 1, "inner_outer_london": 2, "la": 158, "region": 9}
    areas = results["bds_long_0.parquet"].areas.set_index("area_code")
    assert areas.loc[203, "london"] == "Outer London"  # DfE groups Greenwich as Outer
    assert areas.loc[316, "london"] == "Inner London"  # and Newham as Inner
    assert (areas["london"].notna()).sum() == 33


def test_xlsx_and_csv_neighbour_models_agree(results) -> None:
    for xlsx, csv in [
        ("sn_may_2025.xlsx", "sn_model_2025_wide.csv"),
        ("sn_april_2021.xlsx", "New_Statistical_Neighbour_Groupings_April_2021.csv"),
    ]:
        pd.testing.assert_frame_equal(results[xlsx].data, results[csv].data)


def test_haringey_neighbours_as_published(results) -> None:
    for name, expected in [
        ("sn_may_2025.xlsx", HARINGEY_2025),
        ("sn_april_2021.xlsx", HARINGEY_2021),
    ]:
        model = results[name].data
        haringey = model[model["la_code"] == HARINGEY].sort_values("neighbour_rank")
        assert haringey["neighbour_code"].tolist() == expected
        assert haringey["neighbour_rank"].tolist() == list(range(1, 11))


def test_ees_files_keep_symbols(results) -> None:
    plans = results["d3_cpps_subsequent_plan_2013_to_2025.csv"]
    assert plans.filters == ("category",)
    percent = plans.data[plans.data["indicator"] == "CPP_subsequent_percent"]
    assert percent["reason"].value_counts().to_dict() == {"": 2092, "c": 29, "z": 6, "x": 3, "u": 2}
    leavers = results["la_care_leavers_activity.csv"]
    assert leavers.filters == ("care_leaver_age", "breakdown")
    assert "k" in set(leavers.data["reason"])


def test_read_any_finds_the_dictionary_beside_the_long_file() -> None:
    result = read_any(LAIT / "bds_long_0.parquet")
    assert result.measures is not None and not any("dictionary" in w for w in result.warnings)


# --- the two sources agree where they overlap ---------------------------------------------------


def _ees(results, name: str, indicator: str, **filters: str) -> pd.DataFrame:
    data = results[name].data
    rows = data[(data["indicator"] == indicator) & (data["level"] == "la")]
    for column, value in filters.items():
        rows = rows[rows[column] == value]
    return rows.set_index(["year", "area_code"])["value"]


def _lait(results, measure: str) -> pd.Series:
    data = results["bds_long_0.parquet"].data
    rows = data[(data["measure"] == measure) & (data["level"] == "la")]
    return rows.set_index(["year", "area_code"])["value"]


@pytest.mark.parametrize(
    ("measure", "file", "indicator", "filters"),
    [
        ("ReReferral", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
         "rereferral_percent", {}),
        ("PrevRegCPR", "d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent_percent", {}),
        ("CareLeaverEET", "la_care_leavers_activity.csv", "care_leaver_percent",
         {"care_leaver_age": "19 to 21 years", "breakdown": EET}),
    ],
)  # fmt: skip
def test_lait_and_ees_publish_the_same_figures(results, measure, file, indicator, filters) -> None:
    both = pd.concat(
        [_lait(results, measure), _ees(results, file, indicator, **filters)],
        axis=1,
        join="inner",
        keys=["lait", "ees"],
    ).dropna()
    assert len(both) > 600
    assert (both["lait"] == both["ees"]).all()


# --- the shipped data is what the reference files give ----------------------------------------


def test_shipped_data_matches_a_fresh_build(data) -> None:
    shipped = load_shipped()
    fresh = data.values.reset_index(drop=True)
    pd.testing.assert_frame_equal(shipped.values, fresh, check_dtype=False)
    pd.testing.assert_frame_equal(shipped.neighbours, data.neighbours, check_dtype=False)
    pd.testing.assert_frame_equal(shipped.areas, data.areas, check_dtype=False)


def test_every_required_kpi_has_every_authority_and_comparator_area(data) -> None:
    values = data.values
    for kpi_id in ["icpc_15_days", "health_assessments", "care_leavers_in_touch", "cin_rate"]:
        latest = values[(values["kpi_id"] == kpi_id) & (values["year"] == 2025)]
        assert latest.loc[latest["level"] == "la", "area_code"].nunique() >= 152, kpi_id
        assert (latest["level"] == "region").sum() == 9
        assert (latest["level"] == "inner_outer_london").sum() == 2
        assert (latest["level"] == "england").sum() == 1


# --- published figures reproduced --------------------------------------------------------------


def _comparator(data, la_code: int, kpi_id: str, year: int, model: int = 2025) -> dict:
    kpi = CATALOGUE.get(kpi_id)
    frame = comparators(data.values, data.neighbours, data.areas, la_code, kpi, model)
    rows = frame[frame["year"] == year].set_index("comparator")
    return {c: rows.loc[c] for c in rows.index}


def test_haringey_icpc_2025_neighbour_mean_is_the_published_79_8(data) -> None:
    row = _comparator(data, HARINGEY, "icpc_15_days", 2025)
    assert row["sn_mean"]["value"] == pytest.approx(79.77)  # unrounded, as exported
    assert round(row["sn_mean"]["value"], 1) == 79.8  # as LAIT shows it (1 dp)
    assert row["sn_mean"]["n"] == 10 and row["sn_mean"]["model"] == 2025
    assert row["la"]["value"] == 76.4
    assert row["england"]["value"] == 81.4
    assert row["region"]["value"] == 79.4 and row["region"]["area"] == "London"
    assert row["london"]["value"] == 77.9 and row["london"]["area"] == "Inner London"


def test_published_values_reproduced_for_several_authorities(data) -> None:
    values = data.values.set_index(["kpi_id", "year", "area_name"])["value"]
    expected = {
        ("icpc_15_days", 2025, "Haringey"): 76.4,
        ("icpc_15_days", 2025, "Lewisham"): 44.4,
        ("care_leavers_ete", 2025, "Lambeth"): 58.0,
        ("care_leavers_ete", 2025, "Haringey"): 54.0,
        ("care_leavers_suitable_accommodation", 2025, "Haringey"): 90.0,
        ("re_referrals_12m", 2025, "England"): 22.6,
        ("re_referrals_12m", 2013, "Haringey"): 14.7,  # from EES: LAIT starts in 2016
        ("cp_second_plan", 2025, "Haringey"): 24.9,
        ("care_leavers_in_touch", 2025, "England"): 94.0,  # 100 - 6 activity not known
        ("care_leavers_in_touch", 2025, "Haringey"): 99.0,
    }
    for key, value in expected.items():
        assert values.loc[key] == value, key


def _independent(
    raw_lait, codes: list[int], measure: str, year: str
) -> tuple[pd.Series, pd.Series]:
    """Values straight from the parquet file, without the importer: the neighbours' and all LAs'."""
    rows = raw_lait[(raw_lait["Short Desc"] == measure) & (raw_lait["Years"] == year)]
    rows = rows[rows["LA Number"] < 970]  # 970 and above are England and the regions
    values = pd.to_numeric(rows["Values"], errors="coerce").round(1)
    values.index = rows["LA Number"].astype(int)
    return values.reindex(codes).dropna(), values.dropna()


@pytest.mark.parametrize("la_code", [309, 208, 350, 886, 330, 201])
@pytest.mark.parametrize(
    ("kpi_id", "measure", "higher"),
    [("icpc_15_days", "CP_conf_15days", True), ("re_referrals_12m", "ReReferral", False)],
)
def test_comparators_match_an_independent_computation(
    data, raw_lait, la_code, kpi_id, measure, higher
) -> None:
    model = data.neighbours[(data.neighbours["model_year"] == 2025)]
    codes = model.loc[model["la_code"] == la_code, "neighbour_code"].tolist()
    near, everyone = _independent(raw_lait, codes, measure, "2024")
    row = _comparator(data, la_code, kpi_id, 2024)
    assert row["sn_mean"]["value"] == pytest.approx(near.mean())
    assert row["sn_median"]["value"] == pytest.approx(near.median())
    assert row["sn_mean"]["n"] == len(near)
    own = everyone.get(la_code, np.nan)
    if np.isnan(own):
        assert np.isnan(row["rank"]["value"])
        return
    better = (everyone > own) if higher else (everyone < own)
    assert row["rank"]["value"] == 1 + better.sum()
    q1, q2, q3 = everyone.quantile([0.25, 0.5, 0.75])
    position = int(own > q1) + int(own > q2) + int(own > q3)
    assert row["quartile"]["band"] == ("DCBA" if higher else "ABCD")[position]


def test_switching_authority_changes_the_comparators(data) -> None:
    haringey = authority_comparators(data, HARINGEY, CATALOGUE, 2025)
    lambeth = authority_comparators(data, 208, CATALOGUE, 2025)
    kent = authority_comparators(data, 886, CATALOGUE, 2025)
    key = ["kpi_id", "year", "comparator"]
    merged = haringey.merge(kent, on=key, suffixes=("_h", "_k"))
    latest = merged[(merged["year"] == 2025) & (merged["kpi_id"] == "icpc_15_days")]
    value_changed = latest["value_h"].fillna(-1) != latest["value_k"].fillna(-1)
    band_changed = latest["band_h"].fillna("") != latest["band_k"].fillna("")
    changed = set(latest.loc[value_changed | band_changed, "comparator"])
    assert changed == {"la", "region", "sn_mean", "sn_median", "quartile", "rank"}
    assert "london" not in set(kent["comparator"])
    assert set(lambeth.loc[lambeth["comparator"] == "london", "area"]) == {"Inner London"}


def test_the_2021_model_gives_different_neighbour_figures(data) -> None:
    new = _comparator(data, HARINGEY, "icpc_15_days", 2025, model=2025)
    old = _comparator(data, HARINGEY, "icpc_15_days", 2025, model=2021)
    assert old["sn_mean"]["model"] == 2021
    assert old["sn_mean"]["value"] != new["sn_mean"]["value"]
