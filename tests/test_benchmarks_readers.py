"""Benchmark readers on small synthetic files: symbols, years, LAIT, EES, neighbours, errors."""

from __future__ import annotations

import io
import random
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import inflating_xlsx, rezip, xlsx

from kpis.benchmarks import BenchmarkFileError, Kind, files, read_all, read_any, sniff
from kpis.benchmarks.ees import read_ees
from kpis.benchmarks.lait import read_lait, tidy_dictionary, tidy_lait
from kpis.benchmarks.neighbours import model_year_from_name, read_neighbours
from kpis.benchmarks.periods import year_from_label, year_from_time_period
from kpis.benchmarks.symbols import is_symbol, parse_cells, round_half_up

FIXTURES = Path(__file__).parent / "fixtures" / "benchmarks"


# --- cells, symbols and rounding -------------------------------------------------------------


def test_parse_cells_keeps_every_symbol_as_the_reason() -> None:
    raw = pd.Series(
        ["78.400000000000006", "c", "k", "u", "x", "z", "low", "-", ":", "..", "", " 5 "]
    )
    values, reasons = parse_cells(raw)
    assert values.iloc[0] == pytest.approx(78.4)
    assert values.iloc[-1] == 5.0
    assert values.iloc[1:-1].isna().all()
    assert reasons.tolist() == ["", "c", "k", "u", "x", "z", "low", "-", ":", "..", "", ""]


def test_parse_cells_does_not_change_its_input() -> None:
    raw = pd.Series([" 1.5", "c"])
    parse_cells(raw)
    assert raw.tolist() == [" 1.5", "c"]


@pytest.mark.parametrize("text", ["c", "low", "-", ":", "..", "~", "w", "supp", "!"])
def test_symbols_recognised_including_unlisted_codes(text: str) -> None:
    assert is_symbol(text)


@pytest.mark.parametrize("text", ["Total", "All", "Girls", "19 to 21 years", "F"])
def test_filter_values_are_not_symbols(text: str) -> None:
    assert not is_symbol(text)


def test_round_half_up_removes_float_noise_to_dps() -> None:
    values = pd.Series([78.400000000000006, 9.3699999999999992, 0.125, 1.005, -2.5, np.nan])
    rounded = round_half_up(values, pd.Series([1, 2, 2, 2, 0, 1]))
    assert rounded.iloc[:5].tolist() == [78.4, 9.37, 0.13, 1.01, -3.0]
    assert np.isnan(rounded.iloc[5])


# --- period labels -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("2025", 2025),
        ("2024/25", 2025),
        ("2016-17", 2017),
        ("2016-17 (OT)", 2017),
        ("2018 (Rev)", 2018),
        ("2025 (prov)", 2025),
        ("2014-16", 2016),
        ("2013/14-15/16", 2016),
        ("1999/00", 2000),
        ("0", None),
        ("", None),
        ("Mar-25", None),
    ],
)
def test_lait_year_labels(label: str, year: int | None) -> None:
    assert year_from_label(label) == year


@pytest.mark.parametrize(
    ("period", "year"),
    [("2025", 2025), ("202425", 2025), (202425, 2025), ("199900", 2000), ("202426", None)],
)
def test_ees_time_periods(period: object, year: int | None) -> None:
    assert year_from_time_period(period) == year


# --- LAIT ----------------------------------------------------------------------------------------


def _lait_raw(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    columns = ["Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region"]
    return pd.DataFrame(rows, columns=columns)


DICTIONARY = tidy_dictionary(
    pd.DataFrame(
        {
            "Measure_short": ["CP_conf_15days", "Rate2dp", "Rate2dp", "NoQ"],
            "Measure": ["ICPC in 15 days", "A rate", "A rate again", "No quartile"],
            "Polarity": ["High", "Low", "Low", "-"],
            "dps": ["NA", "2", "", "0"],
            "Year_Type": ["Financial Year"] * 4,
            "No_Quartile": ["NA", "NA", "N", "N"],
        }
    ),
    "dictionary.csv",
).data


def test_dictionary_defaults_and_merges_duplicate_measures() -> None:
    facts = DICTIONARY.set_index("measure")
    assert facts.loc["CP_conf_15days", "dps"] == 1
    assert facts.loc["CP_conf_15days", "polarity"] == "higher_better"
    # Listed twice with dps 2 and blank: the most decimals wins; "N" anywhere means no quartile.
    assert facts.loc["Rate2dp", "dps"] == 2
    assert bool(facts.loc["Rate2dp", "no_quartile"])
    assert facts.loc["NoQ", "polarity"] == "neutral"


def test_lait_tidy_levels_years_rounding_and_suppression() -> None:
    raw = _lait_raw(
        [
            ("CP_conf_15days", "2025", "Haringey", "76.400000000000006", 309.0, "Inner London"),
            ("CP_conf_15days", "2025", "Bolton", "c", 350.0, "North West"),
            ("CP_conf_15days", "2025", "England", "81.4", 970.0, "NA"),
            ("CP_conf_15days", "2025", "Yorkshire and the Humber", "80.3", 982.0, "NA"),
            ("CP_conf_15days", "2025", "London (Inner)", "77.9", 987.0, "NA"),
            ("Rate2dp", "2024/25", "Haringey", "9.3699999999999992", 309.0, "Inner London"),
            ("Rate2dp", "2024/25", "Barnsley", "-", 370.0, "Yorkshire and The Humber"),
        ]
    )
    result = tidy_lait(raw, DICTIONARY, "lait.parquet")
    data = result.data.astype({"area_name": object, "level": object, "reason": object})
    assert data["year"].tolist() == [2025] * 5 + [2025, 2025]
    assert data["level"].tolist() == [
        "la",
        "la",
        "england",
        "region",
        "inner_outer_london",
        "la",
        "la",
    ]
    assert data["area_code"].tolist()[:3] == [309, 350, pd.NA]
    assert data.loc[3, "area_name"] == "Yorkshire and The Humber"
    assert data.loc[4, "area_name"] == "Inner London"
    assert data.loc[0, "value"] == 76.4
    assert data.loc[5, "value"] == 9.37
    assert np.isnan(data.loc[1, "value"]) and data.loc[1, "reason"] == "c"
    assert data.loc[6, "reason"] == "-"
    assert data.loc[0, "region"] == "London"
    areas = result.areas.set_index("area_code")
    assert areas.loc[309, "london"] == "Inner London"
    assert areas.loc[370, "region"] == "Yorkshire and The Humber"


def test_lait_without_dictionary_rounds_to_one_place_with_a_warning() -> None:
    raw = _lait_raw([("X", "2025", "Haringey", "1.26", 309, "Inner London")])
    result = tidy_lait(raw, None, "lait.parquet")
    assert result.data["value"].tolist() == [1.3]
    assert any("dictionary" in w for w in result.warnings)


def test_lait_provisional_label_gives_way_to_revised() -> None:
    raw = _lait_raw(
        [
            ("X", "2025 (prov)", "Haringey", "1", 309, "Inner London"),
            ("X", "2025 (Rev)", "Haringey", "2", 309, "Inner London"),
        ]
    )
    result = tidy_lait(raw, None, "lait.parquet")
    assert result.data["value"].tolist() == [2.0]
    assert any("superseded" in w for w in result.warnings)


def test_lait_bad_rows_are_all_reported_with_excel_rows_and_columns() -> None:
    raw = _lait_raw(
        [
            ("X", "2025", "Haringey", "1", 309, "Inner London"),
            ("", "2025", "Haringey", "1", 309, "Inner London"),
            ("X", "sometime", "Haringey", "5", 309, "Inner London"),
            ("X", "0", "Haringey", "-", 309, "Inner London"),
            ("X", "2024", "Nowhere", "1", 999, "Atlantis"),
            ("X", "2023", "Haringey", "1", None, "Inner London"),
            ("X", "2025", "Haringey", "3", 309, "Inner London"),
        ]
    )
    with pytest.raises(BenchmarkFileError) as caught:
        tidy_lait(raw, None, "lait.parquet")
    assert caught.value.problems == [
        "row 3, column Short Desc: blank measure code",
        "row 4, column Years: not a year label such as 2025, 2024/25 or 2016-17",
        "row 6, column Region: not a DfE region",
        "row 7, column LA Number: a local authority needs its LA number",
    ]


def test_lait_duplicate_label_is_an_error_after_other_checks_pass() -> None:
    raw = _lait_raw(
        [
            ("X", "2025", "Haringey", "1", 309, "Inner London"),
            ("X", "2025", "Haringey", "3", 309, "Inner London"),
        ]
    )
    with pytest.raises(BenchmarkFileError) as caught:
        tidy_lait(raw, None, "lait.parquet")
    assert (
        "row 3, column Years: the same measure, year and area appear twice" in caught.value.problems
    )


def test_lait_parquet_round_trip_and_missing_columns(tmp_path: Path) -> None:
    raw = _lait_raw([("X", "2025", "Haringey", "1.25", 309.0, "Inner London")])
    good = tmp_path / "lait.parquet"
    raw.to_parquet(good)
    assert read_lait(good).data["value"].tolist() == [1.3]
    bad = tmp_path / "other.parquet"
    raw.drop(columns=["Values", "Region"]).to_parquet(bad)
    with pytest.raises(BenchmarkFileError, match="missing column"):
        read_lait(bad)
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet")
    with pytest.raises(BenchmarkFileError, match="not a readable parquet"):
        read_lait(junk)


# --- EES -----------------------------------------------------------------------------------------


def test_ees_new_file_with_new_filters_indicators_and_symbols() -> None:
    result = read_ees(FIXTURES / "ees_synthetic_accommodation.csv")
    assert result.kind is Kind.EES
    assert result.filters == ("care_leaver_age", "accommodation_type")
    assert result.measures["indicator"].tolist() == ["cl_suitable_count", "cl_suitable_percent"]
    assert result.measures["dps"].tolist() == [0, 1]
    assert any("Local authority district" in w for w in result.warnings)
    data = result.data
    percent = data[data["indicator"] == "cl_suitable_percent"]
    assert set(percent["year"]) == {2024, 2025}
    by_level = percent.groupby("level")["area_name"].apply(set).to_dict()
    assert by_level["inner_outer_london"] == {"Inner London"}
    assert by_level["region"] == {"London", "Yorkshire and The Humber"}
    assert by_level["england"] == {"England"}
    la = percent[percent["level"] == "la"]
    assert la["reason"].tolist() == ["c", "low", "z", "..", "~", ""]
    assert la["value"].isna().tolist() == [True, True, True, True, True, False]
    assert la["region"].tolist()[:4] == ["London"] * 4
    counts = data[(data["indicator"] == "cl_suitable_count") & (data["level"] == "la")]
    assert counts["reason"].tolist() == ["", "k", "x", ":", "u", ""]
    areas = result.areas.set_index("area_code")
    assert areas.loc[320, "london"] == "Outer London"
    assert areas.loc[309, "new_la_code"] == "E09000014"


def test_ees_meta_file_decides_filters_and_indicators(tmp_path: Path) -> None:
    data = tmp_path / "tiny.csv"
    data.write_text(
        "time_period,time_identifier,geographic_level,age,rate\n"
        "2025,Reporting year,National,16,1.5\n"
        "2025,Reporting year,National,17,2.5\n"
    )
    # Without metadata a numeric filter looks like an indicator, so the rows look repeated.
    with pytest.raises(BenchmarkFileError, match="same period, area and filters"):
        read_ees(data)
    (tmp_path / "tiny.meta.csv").write_text(
        "col_name,col_type,label,indicator_dp\nage,Filter,Age,\nrate,Indicator,Rate,2\n"
    )
    result = read_ees(data)
    assert result.filters == ("age",)
    assert result.measures.to_dict("records") == [{"indicator": "rate", "dps": 2}]


def test_ees_windows_1252_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes(
        "time_period,time_identifier,geographic_level,note,value\n"
        "2025,Reporting year,National,Caf\xe9 total,3\n".encode("cp1252")
    )
    result = read_ees(path)
    assert result.data["note"].tolist() == ["Café total"]


def test_ees_bad_file_lists_every_problem() -> None:
    with pytest.raises(BenchmarkFileError) as caught:
        read_ees(FIXTURES / "ees_bad.csv")
    assert caught.value.problems == [
        "row 3, column time_period: not a period such as 2025 or 202425 (2024/25)",
        "row 4, column geographic_level: blank geographic level",
        "row 5, column old_la_code: a local authority row needs its old LA code",
        "row 6, column region_name: not a DfE region",
        "row 8: the same period, area and filters as row 7",
    ]
    assert "ees_bad.csv" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("time_period,time_identifier,geographic_level,value\n", "header but no rows"),
        (
            "time_period,geographic_level,value\n2025,National,1\n",
            "missing column(s): time_identifier",
        ),
        (
            "time_period,time_identifier,geographic_level,name\n2025,Y,National,Total\n",
            "no indicator",
        ),
    ],
)
def test_ees_unusable_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(text)
    with pytest.raises(BenchmarkFileError) as caught:
        read_ees(path)
    assert any(message in p for p in caught.value.problems)


# --- neighbours --------------------------------------------------------------------------------


def test_neighbour_csv_tidy_skips_old_section_and_missing_slots() -> None:
    result = read_neighbours(FIXTURES / "sn_synthetic_2019.csv")
    assert result.model_year == 2019
    data = result.data
    assert set(data["la_code"]) == {309, 320, 307}
    haringey = data[data["la_code"] == 309]
    assert haringey["neighbour_code"].tolist() == [320, 307]
    assert haringey["closeness"].tolist() == ["Close", "Very close"]
    assert data.loc[data["la_code"] == 320, "closeness"].tolist()[0] == "Close"
    assert result.areas.set_index("area_code").loc[309, "london"] == "Inner London"
    assert any("202" in w for w in result.warnings)


def test_neighbour_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "sn_2030.csv"
    path.write_text(
        "LA num,LA Name,SN1,SNP,SN2,SNP\n309,Haringey,x1,Close,320,Close\nabc,B,1,C,2,C\n"
    )
    with pytest.raises(BenchmarkFileError) as caught:
        read_neighbours(path)
    assert caught.value.problems == [
        "row 2, column SN1: not an LA code",
        "row 3, column LA num: not an LA code",
    ]
    unnamed = tmp_path / "neighbours.csv"
    unnamed.write_text("LA num,LA Name,SN1,SNP\n309,Haringey,320,Close\n")
    with pytest.raises(BenchmarkFileError, match="model year"):
        read_neighbours(unnamed)
    assert read_neighbours(unnamed, model_year=2030).model_year == 2030


@pytest.mark.parametrize(
    ("name", "year"),
    [("sn_may_2025.xlsx", 2025), ("New_Statistical_Neighbour_Groupings_April_2021.csv", 2021)],
)
def test_model_year_from_file_name(name: str, year: int) -> None:
    assert model_year_from_name(name) == year


# --- dispatcher ----------------------------------------------------------------------------------


def test_sniff_and_read_any_pick_the_reader(tmp_path: Path) -> None:
    assert sniff(FIXTURES / "ees_synthetic_accommodation.csv") is Kind.EES
    assert sniff(FIXTURES / "sn_synthetic_2019.csv") is Kind.NEIGHBOURS
    codes = tmp_path / "codes.csv"
    codes.write_text(
        "LA Number,LA Name,Region,Type\n309,Haringey,Inner London,ILB\n970,England,NA,NA\n"
    )
    result = read_any(codes)
    assert result.kind is Kind.AREAS
    assert result.data["area_code"].tolist() == [309]
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(BenchmarkFileError, match=r"expected \.parquet, \.csv or \.xlsx"):
        read_any(other)
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("a,b\n1,2\n")
    with pytest.raises(BenchmarkFileError, match="not a LAIT long file"):
        read_any(unknown)


def test_read_all_reports_every_bad_file_together(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("a,b\n1,2\n")
    with pytest.raises(BenchmarkFileError) as caught:
        read_all([FIXTURES / "ees_bad.csv", unknown, FIXTURES / "sn_synthetic_2019.csv"])
    problems = caught.value.problems
    assert problems[0].startswith("unknown.csv: not a LAIT")
    assert sum(p.startswith("ees_bad.csv: row") for p in problems) == 5


def test_read_all_uses_a_dictionary_given_with_the_long_file(tmp_path: Path) -> None:
    _lait_raw([("Rate2dp", "2025", "Haringey", "1.256", 309.0, "Inner London")]).to_parquet(
        tmp_path / "long.parquet"
    )
    (tmp_path / "dict.csv").write_text(
        "Measure_short,Measure,Polarity,dps,Year_Type,No_Quartile\nRate2dp,A rate,Low,2,Annual,NA\n"
    )
    long, dictionary = sorted(
        read_all([tmp_path / "long.parquet", tmp_path / "dict.csv"]), key=lambda r: r.kind
    )
    assert dictionary.kind is Kind.LAIT_DICTIONARY
    assert long.data["value"].tolist() == [1.26]


def test_ees_metadata_files_go_with_their_data_file(tmp_path: Path) -> None:
    data = tmp_path / "tiny.csv"
    data.write_text("time_period,time_identifier,geographic_level,age,rate\n2025,Y,National,16,1\n")
    meta = tmp_path / "tiny.meta.csv"
    meta.write_text("col_name,col_type\nage,Filter\nrate,Indicator\n")
    [result] = read_all([data, meta])
    assert result.filters == ("age",)
    with pytest.raises(BenchmarkFileError, match="EES metadata file"):
        read_all([meta])


# --- hostile files: the guards scorecard uploads, Annex A and plans already have ----------------

NEIGHBOURS = [["LA num", "LA Name", "SN1", "SN1P"], [309, "Haringey", 320, "Close"]]
SHEET = "xl/worksheets/sheet1.xml"


def never(*_args: object, **_kw: object) -> None:
    raise AssertionError("read a file that should have been refused first")


def test_a_neighbour_workbook_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "sn_2025.xlsx"
    path.write_bytes(xlsx(NEIGHBOURS))
    [result] = read_all([path])
    assert result.kind is Kind.NEIGHBOURS
    assert result.data[["la_code", "neighbour_code"]].values.tolist() == [[309, 320]]


def test_zip_bomb_workbook_is_refused_without_being_inflated(tmp_path: Path) -> None:
    path = tmp_path / "sn_2025.xlsx"
    path.write_bytes(inflating_xlsx(NEIGHBOURS, 40))
    assert path.stat().st_size < 2**20
    tracemalloc.start()
    try:
        with pytest.raises(BenchmarkFileError) as caught:
            read_all([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [problem] = caught.value.problems
    assert problem.startswith(f"sn_2025.xlsx: part '{SHEET}' unpacks to over 100 times")
    assert "zip bomb" in problem
    # Refused from the zip's directory: nothing near the sheet's 40 MB was ever unpacked.
    assert peak < 8 * 2**20


def test_workbook_declaring_xml_entities_is_refused(tmp_path: Path, monkeypatch) -> None:
    import openpyxl

    book = xlsx(NEIGHBOURS)
    body = zipfile.ZipFile(io.BytesIO(book)).read(SHEET).split(b"?>", 1)[-1]
    prolog = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    path = tmp_path / "sn_2025.xlsx"
    path.write_bytes(rezip(book, {SHEET: prolog + body.replace(b"Haringey", b"&e;")}))
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(BenchmarkFileError) as caught:
        read_all([path])
    assert caught.value.problems == [
        f"sn_2025.xlsx: part '{SHEET}' declares a DTD (<!DOCTYPE>), which Excel never writes and "
        "which can hide an entity-expansion attack; the file was refused"
    ]


def _noise(count: int) -> list[str]:
    rng = random.Random(0)
    return [rng.randbytes(16).hex() for _ in range(count)]


@pytest.mark.parametrize("name", ["sn_2025.xlsx", "ees.csv", "long.parquet", "codes.xlsx"])
def test_files_over_the_size_limit_are_refused_unread(
    tmp_path: Path, monkeypatch, name: str
) -> None:
    import openpyxl
    import pyarrow.parquet as pq

    path = tmp_path / name
    if name.endswith(".xlsx"):
        # Incompressible padding: over the limit without looking like a zip bomb.
        first = NEIGHBOURS if name.startswith("sn") else [["LA Number", "LA Name", "Region"]]
        padding = random.Random(0).randbytes(2**20)
        path.write_bytes(rezip(xlsx(first), {"xl/media/padding.bin": padding}))
    elif name.endswith(".csv"):
        rows = "".join(f"2025,Y,National,{cell},1\n" for cell in _noise(40_000))
        path.write_text("time_period,time_identifier,geographic_level,age,rate\n" + rows)
    else:
        _lait_raw(
            [("X", "2025", v, "1", 309.0, "Inner London") for v in _noise(40_000)]
        ).to_parquet(path)
    assert path.stat().st_size > 2**20
    monkeypatch.setattr(files, "MAX_BYTES", 2**20)
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    monkeypatch.setattr(pd, "read_csv", never)
    monkeypatch.setattr(pq, "read_table", never)
    with pytest.raises(BenchmarkFileError) as caught:
        read_all([path])
    [problem] = caught.value.problems
    assert problem.startswith(f"{name}: the file is 1.") and problem.endswith(
        "MB, over the 1 MB limit"
    )


def test_parquet_with_more_rows_than_lait_could_have_is_refused_undecoded(
    tmp_path: Path, monkeypatch
) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "long.parquet"
    # One row repeated: run-length encoding packs any number of them into a few bytes.
    _lait_raw([("X", "2025", "Haringey", "1", 309.0, "Inner London")] * 5_000).to_parquet(path)
    monkeypatch.setattr(files, "MAX_PARQUET_ROWS", 1_000)
    monkeypatch.setattr(pq, "read_table", never)
    with pytest.raises(BenchmarkFileError) as caught:
        read_all([path])
    assert caught.value.problems == [
        "long.parquet: the file holds 5,000 rows, more than the 1,000 LAIT could have"
    ]


def test_parquet_compression_bomb_is_refused_undecoded(tmp_path: Path, monkeypatch) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    raw = _lait_raw([("X", "2025", "Haringey", "1", 309.0, "Inner London")] * 20_000)
    raw["Values"] = "1" * 200
    path = tmp_path / "long.parquet"
    pq.write_table(pa.Table.from_pandas(raw), path, use_dictionary=False, compression="zstd")
    assert path.stat().st_size < 40_000
    monkeypatch.setattr(pq, "read_table", never)
    with pytest.raises(BenchmarkFileError) as caught:
        read_all([path])
    assert caught.value.problems == [
        "long.parquet: the file unpacks to over 100 times its packed size, as only a compression "
        "bomb does; the file was refused"
    ]
