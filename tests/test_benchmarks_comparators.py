"""Comparators against hand-computed cases: quartile bands, ranks, neighbour mean and median."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpis.benchmarks import (
    BenchmarkData,
    comparators,
    export_table,
    latest,
    national_rank,
    quartile_band,
)
from kpis.benchmarks.comparators import authority_comparators
from kpis.benchmarks.plausible import kept_out_words, screened
from kpis.benchmarks.shipped import load_shipped
from kpis.catalogue import Polarity, load_catalogue

HIGHER, LOWER, NEUTRAL = Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER, Polarity.NEUTRAL
# Linear quartiles of these nine values fall exactly on data points: Q1 20, Q2 40, Q3 60.
NINE = [10, 20, 20, 30, 40, 50, 60, 70, 80]


@pytest.mark.parametrize(
    ("value", "higher", "lower"),
    [
        (10, "D", "A"),
        (20, "D", "A"),  # exactly Q1: the band of lower values
        (30, "C", "B"),
        (40, "C", "B"),  # exactly Q2
        (50, "B", "C"),
        (60, "B", "C"),  # exactly Q3
        (70, "A", "D"),
        (80, "A", "D"),
    ],
)
def test_quartile_bands_with_values_on_the_boundaries(
    value: float, higher: str, lower: str
) -> None:
    assert quartile_band(value, NINE, HIGHER) == higher
    assert quartile_band(value, NINE, LOWER) == lower


def test_quartiles_interpolate_linearly() -> None:
    # Q1 1.75, Q2 2.5, Q3 3.25 (pandas' default linear method).
    population = [1.0, 2.0, 3.0, 4.0]
    assert [quartile_band(v, population, HIGHER) for v in (1.75, 2.0, 2.5, 3.0, 3.25, 3.3)] == [
        "D", "C", "C", "B", "B", "A",
    ]  # fmt: skip


def test_quartile_ignores_missing_values_and_needs_a_value_and_polarity() -> None:
    assert quartile_band(20, [*NINE, np.nan], HIGHER) == "D"
    assert quartile_band(np.nan, NINE, HIGHER) is None
    assert quartile_band(20, NINE, NEUTRAL) is None
    assert quartile_band(20, [], HIGHER) is None


def test_rank_is_one_plus_strictly_better_so_ties_share() -> None:
    assert national_rank(80, NINE, HIGHER) == 1
    assert national_rank(20, NINE, HIGHER) == 7  # both 20s: six authorities are higher
    assert national_rank(10, NINE, HIGHER) == 9
    assert national_rank(10, NINE, LOWER) == 1
    assert national_rank(20, NINE, LOWER) == 2
    assert national_rank(30, NINE, LOWER) == 4
    assert national_rank(np.nan, NINE, HIGHER) is None
    assert national_rank(30, NINE, NEUTRAL) is None


# --- comparators on a small synthetic country -------------------------------------------------

CATALOGUE = load_catalogue()
ICPC = CATALOGUE.get("icpc_15_days")  # higher is better
REREFERRALS = CATALOGUE.get("re_referrals_12m")  # lower is better
CIN = CATALOGUE.get("cin_rate")  # neutral context


def _areas() -> pd.DataFrame:
    rows = [(101 + i, f"LA {101 + i}", "North West", None) for i in range(8)]
    rows.append((201, "Borough", "London", "Inner London"))
    return pd.DataFrame(rows, columns=["area_code", "area_name", "region", "london"]).assign(
        new_la_code=None, la_type=None
    )


def _values(
    kpi_id: str, year: int, la_values: list[float], reasons: dict[int, str]
) -> pd.DataFrame:
    codes = [*range(101, 109), 201]
    rows = [
        (kpi_id, year, code, f"LA {code}", "la", "North West", value, reasons.get(code, ""), "test")
        for code, value in zip(codes, la_values, strict=True)
    ]
    rows += [
        (kpi_id, year, None, "England", "england", None, 55.0, "", "test"),
        (kpi_id, year, None, "North West", "region", "North West", 45.0, "", "test"),
        (kpi_id, year, None, "London", "region", "London", 65.0, "", "test"),
        (kpi_id, year, None, "Inner London", "inner_outer_london", "London", np.nan, "x", "test"),
        (kpi_id, year, None, "Outer London", "inner_outer_london", "London", 61.0, "", "test"),
    ]
    columns = ["kpi_id", "year", "area_code", "area_name", "level", "region", "value", "reason"]
    frame = pd.DataFrame(rows, columns=[*columns, "source"])
    return frame.astype({"area_code": "Int64"})


# 101's neighbours: 102 (20), 103 (20), 104 (suppressed), 105 (40), 999 (not in the data).
NEIGHBOURS = pd.DataFrame(
    [
        (2025, 101, 1, 102, "Close"),
        (2025, 101, 2, 103, "Close"),
        (2025, 101, 3, 104, "Close"),
        (2025, 101, 4, 105, "Close"),
        (2025, 101, 5, 999, "Close"),
        (2021, 101, 1, 108, "Close"),
        (2025, 201, 1, 101, "Close"),
        (2025, 201, 2, 108, "Close"),
    ],
    columns=["model_year", "la_code", "neighbour_rank", "neighbour_code", "closeness"],
)
# Nine authorities' 2025 values; 104's is suppressed.
VALUES_2025 = [10, 20, 20, np.nan, 40, 50, 60, 70, 80]
VALUES = pd.concat(
    [
        _values("icpc_15_days", 2025, VALUES_2025, {104: "c"}),
        _values("icpc_15_days", 2024, [5, 5, 5, 5, 5, 5, 5, 5, 5], {}),
        _values("re_referrals_12m", 2025, VALUES_2025, {104: "c"}),
        _values("cin_rate", 2025, VALUES_2025, {104: "c"}),
    ],
    ignore_index=True,
)


def _table(frame: pd.DataFrame, year: int = 2025) -> dict[str, tuple[object, ...]]:
    rows = frame[frame["year"] == year]
    return {
        r.comparator: (r.value, r.band, r.n, r.reason, r.area, r.model)
        for r in rows.itertuples(index=False)
    }


def test_comparators_for_an_authority_outside_london() -> None:
    frame = comparators(VALUES, NEIGHBOURS, _areas(), 101, ICPC, 2025)
    table = _table(frame)
    assert list(table) == ["la", "england", "region", "sn_mean", "sn_median", "quartile", "rank"]
    assert table["la"][0] == 10.0 and table["la"][4] == "LA 101"
    assert table["england"][0] == 55.0
    assert table["region"][0] == 45.0 and table["region"][4] == "North West"
    # 104 suppressed and 999 absent: the mean and median of 20, 20 and 40, from 3 values.
    assert table["sn_mean"][0] == pytest.approx(80 / 3)
    assert table["sn_mean"][2] == 3 and table["sn_mean"][5] == 2025
    assert table["sn_median"][0] == 20.0 and table["sn_median"][2] == 3
    # Population: the eight published authorities (10, 20, 20, 40, 50, 60, 70, 80).
    assert table["quartile"][1] == "D" and table["quartile"][2] == 8
    assert table["rank"][0] == 8.0 and table["rank"][2] == 8


def test_comparators_for_a_london_borough_use_its_london_half() -> None:
    table = _table(comparators(VALUES, NEIGHBOURS, _areas(), 201, ICPC, 2025))
    assert table["region"][0] == 65.0 and table["region"][4] == "London"
    # Inner London's own figure is suppressed: shown missing with DfE's symbol.
    assert np.isnan(table["london"][0]) and table["london"][3] == "x"
    assert table["london"][4] == "Inner London"
    assert table["sn_mean"][0] == pytest.approx(40.0)  # 101 (10) and 108 (70)
    assert table["quartile"][1] == "A" and table["rank"][0] == 1.0


def test_suppressed_authority_has_no_band_or_rank_but_keeps_the_reason() -> None:
    table = _table(comparators(VALUES, NEIGHBOURS, _areas(), 104, ICPC, 2025))
    assert np.isnan(table["la"][0]) and table["la"][3] == "c"
    assert pd.isna(table["quartile"][1]) and table["quartile"][3] == "c"
    assert np.isnan(table["rank"][0])
    # No neighbours in the model: missing, counted as none.
    assert np.isnan(table["sn_mean"][0]) and table["sn_mean"][2] == 0


def test_lower_is_better_reverses_bands_and_ranks() -> None:
    table = _table(comparators(VALUES, NEIGHBOURS, _areas(), 101, REREFERRALS, 2025))
    assert table["quartile"][1] == "A" and table["rank"][0] == 1.0


def test_ties_share_a_rank_across_the_whole_year() -> None:
    frame = comparators(VALUES, NEIGHBOURS, _areas(), 102, ICPC, 2025)
    table = _table(frame, 2024)
    assert table["rank"][0] == 1.0 and table["quartile"][1] == "D"  # all equal: on every quartile


def test_neutral_kpis_have_no_band_or_rank() -> None:
    frame = comparators(VALUES, NEIGHBOURS, _areas(), 101, CIN, 2025)
    assert set(frame["comparator"]) == {"la", "england", "region", "sn_mean", "sn_median"}


def test_no_quartile_measures_keep_the_rank_only() -> None:
    frame = comparators(VALUES, NEIGHBOURS, _areas(), 101, ICPC, 2025, no_quartile=True)
    assert "quartile" not in set(frame["comparator"])
    assert "rank" in set(frame["comparator"])


def test_model_year_selects_the_neighbour_model() -> None:
    table = _table(comparators(VALUES, NEIGHBOURS, _areas(), 101, ICPC, 2021))
    assert table["sn_mean"][0] == 70.0 and table["sn_mean"][2] == 1 and table["sn_mean"][5] == 2021


def test_switching_authority_changes_every_comparator_that_depends_on_it() -> None:
    first = _table(comparators(VALUES, NEIGHBOURS, _areas(), 101, ICPC, 2025))
    other = _table(comparators(VALUES, NEIGHBOURS, _areas(), 201, ICPC, 2025))
    for name in ("la", "region", "sn_mean", "sn_median", "rank"):
        assert first[name][0] != other[name][0], name
    assert first["quartile"][1] != other["quartile"][1]
    assert first["england"][0] == other["england"][0]


def test_unknown_authority_is_refused() -> None:
    with pytest.raises(ValueError, match="LA code 555"):
        comparators(VALUES, NEIGHBOURS, _areas(), 555, ICPC, 2025)


def test_inputs_are_not_modified() -> None:
    values, neighbours, areas = VALUES.copy(), NEIGHBOURS.copy(), _areas()
    comparators(values, neighbours, areas, 201, ICPC, 2025)
    pd.testing.assert_frame_equal(values, VALUES)
    pd.testing.assert_frame_equal(neighbours, NEIGHBOURS)
    pd.testing.assert_frame_equal(areas, _areas())


def _data() -> BenchmarkData:
    measures = pd.DataFrame(
        {
            "kpi_id": ["icpc_15_days", "re_referrals_12m", "cin_rate"],
            "polarity": ["higher_better", "lower_better", "neutral"],
            "dps": [1, 1, 1],
            "no_quartile": [False, True, False],
            "lait": ["CP_conf_15days", "ReReferral", "CIN"],
            "ees_indicator": [None, None, None],
            "complement": [False, False, False],
            "source": ["test"] * 3,
        }
    )
    return BenchmarkData(VALUES, NEIGHBOURS, _areas(), measures)


def test_authority_comparators_cover_every_published_kpi_in_catalogue_order() -> None:
    frame = authority_comparators(_data(), 101, CATALOGUE, 2025)
    assert list(dict.fromkeys(frame["kpi_id"])) == ["icpc_15_days", "re_referrals_12m", "cin_rate"]
    rereferrals = frame[frame["kpi_id"] == "re_referrals_12m"]
    assert "quartile" not in set(rereferrals["comparator"])  # DfE marks it no-quartile here


def test_export_shape_puts_the_letter_and_whole_rank_in_value() -> None:
    frame = comparators(VALUES, NEIGHBOURS, _areas(), 101, ICPC, 2025)
    export = export_table(frame)
    assert list(export.columns) == ["kpi_id", "year", "comparator", "value", "n", "model", "reason"]
    rows = {(r.year, r.comparator): r for r in export.itertuples(index=False)}
    assert rows[(2025, "quartile")].value == "D"
    assert rows[(2025, "rank")].value == 8 and isinstance(rows[(2025, "rank")].value, int)
    assert rows[(2025, "sn_mean")].value == pytest.approx(80 / 3)  # unrounded
    assert rows[(2025, "sn_mean")].model == 2025 and rows[(2025, "sn_mean")].n == 3
    assert pd.isna(rows[(2025, "la")].n) and rows[(2025, "la")].model == 2025
    assert pd.isna(rows[(2025, "rank")].n)


def test_latest_gives_one_row_per_kpi_for_the_scorecard() -> None:
    frame = authority_comparators(_data(), 101, CATALOGUE, 2025)
    wide = latest(frame).set_index("kpi_id")
    assert wide.loc["icpc_15_days", "year"] == 2025
    assert wide.loc["icpc_15_days", "england"] == 55.0
    assert wide.loc["icpc_15_days", "sn_mean"] == pytest.approx(80 / 3)
    assert wide.loc["icpc_15_days", "quartile"] == "D"
    assert wide.loc["icpc_15_days", "n_sn"] == 3 and wide.loc["icpc_15_days", "model"] == 2025
    assert pd.isna(wide.loc["cin_rate", "quartile"])


# --- figures that cannot be right (DESIGN §4) -------------------------------------------------

FTE = CATALOGUE.get("yj_first_time_entrants")  # lower is better, a rate per 100,000
FTE_MEASURES = pd.DataFrame(
    {"kpi_id": ["yj_first_time_entrants"], "polarity": ["lower_better"], "dps": [0],
     "no_quartile": [False], "lait": ["FirstYJS"], "ees_indicator": [None],
     "complement": [False], "source": ["test"]}
)  # fmt: skip
NORTH_WEST_LAS = [150.0, 180.0, 210.0, 90.0, 120.0, 200.0, 160.0, 140.0]


def _fte(england: float, regions: dict[str, float], london_la: float = 170.0) -> pd.DataFrame:
    rows = [
        ("yj_first_time_entrants", 2024, code, f"LA {code}", "la", "North West", value, "", "t")
        for code, value in zip(range(101, 109), NORTH_WEST_LAS, strict=True)
    ]
    rows.append(("yj_first_time_entrants", 2024, 201, "Borough", "la", "London", london_la, "",
                 "t"))  # fmt: skip
    rows += [
        ("yj_first_time_entrants", 2024, None, name, "region", name, value, "", "t")
        for name, value in regions.items()
    ]
    rows.append(("yj_first_time_entrants", 2024, None, "England", "england", None, england, "",
                 "t"))  # fmt: skip
    columns = ["kpi_id", "year", "area_code", "area_name", "level", "region", "value", "reason"]
    return pd.DataFrame(rows, columns=[*columns, "source"]).astype({"area_code": "Int64"})


def _fte_comparators(values: pd.DataFrame) -> pd.DataFrame:
    data = screened(BenchmarkData(values, NEIGHBOURS, _areas(), FTE_MEASURES))
    return authority_comparators(data, 201, CATALOGUE, 2025)


def test_england_outside_the_regions_range_is_kept_out_with_the_reason_in_words() -> None:
    # DfE's first-time entrants: England 1,258 beside regions of 97 to 207 per 100,000.
    frame = _fte_comparators(_fte(1258.0, {"North West": 207.0, "London": 97.0}))
    england = frame[frame["comparator"] == "england"].iloc[0]
    assert pd.isna(england["value"]) and england["reason"] == "implausible"
    assert england["note"] == (
        "England's published figure (1,258.0 per 100k) is outside the range of the regions' "
        "(97.0–207.0 per 100k) and is not used"
    )
    row = export_table(frame).set_index("comparator").loc["england"]
    assert row["value"] is None and row["reason"] == "implausible"
    wide = latest(frame).set_index("kpi_id").loc["yj_first_time_entrants"]
    assert pd.isna(wide["england"]) and wide["england_note"] == england["note"]
    # Nothing else moves: the authority, its region and its rank are as published.
    assert frame.set_index("comparator").loc["la", "value"] == 170.0
    assert frame.set_index("comparator").loc["region", "value"] == 97.0


def test_england_within_the_regions_range_or_on_its_edge_is_used() -> None:
    for england in (97.0, 150.0, 207.0, 207.4):  # 207.4 rounds to 207: the edge
        frame = _fte_comparators(_fte(england, {"North West": 207.0, "London": 97.0}))
        row = frame.set_index("comparator").loc["england"]
        assert row["value"] == england and row["reason"] == "" and row["note"] == ""
    frame = _fte_comparators(_fte(207.6, {"North West": 207.0, "London": 97.0}))
    assert frame.set_index("comparator").loc["england", "reason"] == "implausible"


def test_one_region_is_no_range_to_judge_england_by() -> None:
    frame = _fte_comparators(_fte(1258.0, {"North West": 150.0}))
    assert frame.set_index("comparator").loc["england", "value"] == 1258.0


def test_a_region_outside_its_authorities_range_is_kept_out_and_out_of_englands() -> None:
    # North West's authorities run from 90 to 210; its published 1,500 cannot be right. Left
    # in, it would make England's 160 look fine against a range it has no place in.
    values = _fte(1400.0, {"North West": 1500.0, "London": 170.0, "North East": 150.0})
    data = screened(BenchmarkData(values, NEIGHBOURS, _areas(), FTE_MEASURES))
    frame = authority_comparators(data, 101, CATALOGUE, 2025).set_index("comparator")
    assert frame.loc["region", "reason"] == "implausible"
    assert frame.loc["region", "note"] == (
        "North West's published figure (1,500.0 per 100k) is outside the range of its "
        "authorities' (90.0–210.0 per 100k) and is not used"
    )
    assert frame.loc["england", "reason"] == "implausible"
    assert "(150.0–170.0 per 100k)" in frame.loc["england", "note"]


def test_the_shipped_first_time_entrants_for_england_are_not_used() -> None:
    data = screened(load_shipped())
    kept_out = data.values[data.values["reason"] == "implausible"]
    # Every year of England's first-time entrants, and nothing else in the shipped data.
    assert set(kept_out["kpi_id"]) == {"yj_first_time_entrants"}
    assert set(kept_out["level"]) == {"england"} and len(kept_out) == kept_out["year"].nunique()
    frame = authority_comparators(data, 309, CATALOGUE, 2025)
    england = frame[(frame["kpi_id"] == "yj_first_time_entrants") & (frame["year"] == 2024)]
    note = england[england["comparator"] == "england"].iloc[0]["note"]
    assert note == (
        "England's published figure (1,258.0 per 100k) is outside the range of the regions' "
        "(98.0–181.0 per 100k) and is not used"
    )
    words = kept_out_words(frame, "yj_first_time_entrants")
    assert words.startswith(f"In 2024, {note}. England's published figures for 2016 to 2023 ")
    assert kept_out_words(frame, "icpc_15_days") == ""
