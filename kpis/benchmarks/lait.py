"""The LAIT long file (every measure, LA, region and year) and its data dictionary, made tidy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kpis.benchmarks.errors import BenchmarkFileError, Problems
from kpis.benchmarks.files import check_parquet, read_bytes, read_csv_text
from kpis.benchmarks.geography import Level, canonical_region, is_england, london_group
from kpis.benchmarks.periods import is_provisional, year_from_label
from kpis.benchmarks.result import ImportResult, Kind
from kpis.benchmarks.symbols import parse_cells, round_half_up

LAIT_COLUMNS = ("Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region")
DICTIONARY_COLUMNS = ("Measure_short", "Polarity", "dps", "Year_Type", "No_Quartile")
# The dictionary's rule: a blank or NA dps means one decimal place.
DEFAULT_DPS = 1
_POLARITY = {"high": "higher_better", "low": "lower_better"}
_NO_REGION = {"", "na", "nan", "none"}

VALUE_COLUMNS = [
    "measure", "period", "year", "area_code", "area_name", "level", "region", "value", "reason",
]  # fmt: skip
AREA_COLUMNS = ["area_code", "area_name", "region", "london"]


def read_lait_dictionary(path: Path) -> ImportResult:
    """The data dictionary: measure, name, polarity, dps, year_type, no_quartile per measure."""
    path = Path(path)
    return tidy_dictionary(read_csv_text(path), path.name)


def tidy_dictionary(raw: pd.DataFrame, source: str) -> ImportResult:
    problems = Problems()
    missing = [c for c in DICTIONARY_COLUMNS if c not in raw.columns]
    if missing:
        problems.add(f"missing column(s): {', '.join(missing)}")
        problems.raise_if_any(source)
    rows = pd.Series(np.arange(len(raw)) + 2, index=raw.index)
    measure = raw["Measure_short"]
    problems.add_rows(rows[measure == ""], "Measure_short", "blank measure code")
    dps_text = raw["dps"].str.upper()
    blank_dps = dps_text.isin(["", "NA"])
    bad_dps = ~blank_dps & ~dps_text.str.fullmatch(r"\d{1,2}")
    problems.add_rows(rows[bad_dps], "dps", "dps must be a whole number of decimal places or NA")
    polarity = raw["Polarity"].str.lower()
    bad_polarity = ~polarity.isin(["high", "low", "-", "na", ""])
    problems.add_rows(rows[bad_polarity], "Polarity", "polarity must be High, Low or -")
    problems.raise_if_any(source)

    name = raw["Measure"] if "Measure" in raw.columns else measure
    frame = pd.DataFrame(
        {
            "measure": measure,
            "name": name,
            "polarity": polarity.map(_POLARITY).fillna("neutral"),
            "dps": pd.to_numeric(dps_text.where(~blank_dps), errors="coerce")
            .fillna(DEFAULT_DPS)
            .astype(int),
            "year_type": raw["Year_Type"],
            "no_quartile": raw["No_Quartile"].str.upper().eq("N"),
        }
    )
    # A measure listed under two topics can disagree with itself: keep the most decimals, treat
    # "no quartile" anywhere as no quartile, and take the first stated polarity.
    stated = frame.assign(polarity=frame["polarity"].where(frame["polarity"] != "neutral"))
    merged = stated.groupby("measure", sort=False).agg(
        name=("name", "first"),
        polarity=("polarity", "first"),
        dps=("dps", "max"),
        year_type=("year_type", "first"),
        no_quartile=("no_quartile", "any"),
    )
    merged["polarity"] = merged["polarity"].fillna("neutral")
    return ImportResult(Kind.LAIT_DICTIONARY, source, merged.reset_index())


def read_lait(path: Path, dictionary: pd.DataFrame | None = None) -> ImportResult:
    """The LAIT long parquet file, tidy; values rounded to the dictionary's dps."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    data = read_bytes(path)
    try:
        metadata = pq.read_metadata(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as exc:
        raise BenchmarkFileError(path.name, [f"not a readable parquet file: {exc}"]) from None
    check_parquet(metadata, len(data), path.name)
    missing = [c for c in LAIT_COLUMNS if c not in metadata.schema.names]
    if missing:
        raise BenchmarkFileError(path.name, [f"missing column(s): {', '.join(missing)}"])
    try:
        # Dictionary-encoded columns arrive as categoricals: the file repeats few distinct texts.
        table = pq.read_table(
            pa.BufferReader(data), columns=list(LAIT_COLUMNS), read_dictionary=list(LAIT_COLUMNS)
        )
    except (pa.ArrowException, OSError) as exc:
        raise BenchmarkFileError(path.name, [f"not a readable parquet file: {exc}"]) from None
    raw = table.to_pandas()
    return tidy_lait(raw, dictionary, path.name)


def _factor(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes and stripped distinct values: the file repeats few distinct texts many times."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        uniques = list(column.cat.categories)
        if (codes < 0).any():
            codes = np.where(codes < 0, len(uniques), codes)
            uniques.append(None)
    else:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
    texts = np.array(["" if pd.isna(u) else str(u).strip() for u in uniques], dtype=object)
    # Stripping can merge two distinct texts ('2025' and '2025 '), so factorise again.
    merged, distinct = pd.factorize(texts)
    return merged[codes], pd.Series(distinct, dtype=object)


def _classify_area(name: str, region_raw: str) -> tuple[str, str, str | None, str | None, bool]:
    """Level, canonical name, region, London half and whether the region is known."""
    half = london_group(name)
    if is_england(name):
        return Level.ENGLAND.value, "England", None, None, True
    if half:
        return Level.LONDON.value, half, "London", half, True
    if region_raw.lower() in _NO_REGION and canonical_region(name):
        region = canonical_region(name)
        return Level.REGION.value, str(region), region, None, True
    region = canonical_region(region_raw)
    return Level.LA.value, name, region, london_group(region_raw), region is not None


def tidy_lait(raw: pd.DataFrame, dictionary: pd.DataFrame | None, source: str) -> ImportResult:
    """Tidy a raw LAIT long frame (the file's columns, any dtypes); pure, `raw` is untouched."""
    problems = Problems()
    warnings: list[str] = []
    missing = [c for c in LAIT_COLUMNS if c not in raw.columns]
    if missing:
        problems.add(f"missing column(s): {', '.join(missing)}")
        problems.raise_if_any(source)
    if raw.empty:
        raise BenchmarkFileError(source, ["the file has a header but no rows"])
    rows = np.arange(len(raw)) + 2

    measure_codes, measures = _factor(raw["Short Desc"])
    period_codes, periods = _factor(raw["Years"])
    value_codes, value_texts = _factor(raw["Values"])
    unique_values, unique_reasons = parse_cells(value_texts)
    value = unique_values.to_numpy()[value_codes]
    reason = unique_reasons.to_numpy()[value_codes]
    year_of_period = np.array([year_from_label(p) or 0 for p in periods], dtype="int64")
    year = year_of_period[period_codes]

    name_codes, names = _factor(raw["LA and Regions"])
    region_codes, regions = _factor(raw["Region"])
    pair_codes, pairs = pd.factorize(name_codes * len(regions) + region_codes)
    classified = [
        _classify_area(names[int(p) // len(regions)], regions[int(p) % len(regions)]) for p in pairs
    ]
    level_u, canon_u, region_u, _, known_u = (
        np.array(c, dtype=object) for c in zip(*classified, strict=True)
    )
    level = level_u[pair_codes]
    is_la = level == Level.LA.value
    number_codes, numbers = _factor(raw["LA Number"])
    code = pd.to_numeric(numbers, errors="coerce").to_numpy(dtype="float64")[number_codes]

    blank_measure = (measures.to_numpy() == "")[measure_codes]
    problems.add_rows(rows[blank_measure], "Short Desc", "blank measure code")
    problems.add_rows(rows[(names.to_numpy() == "")[name_codes]], "LA and Regions", "blank area")
    no_year = year == 0
    problems.add_rows(
        rows[no_year & ~np.isnan(value)],
        "Years",
        "not a year label such as 2025, 2024/25 or 2016-17",
    )
    skipped = no_year & np.isnan(value)
    if skipped.any():
        bad = sorted({periods[c] for c in np.unique(period_codes[skipped])})
        warnings.append(
            f"{int(skipped.sum())} rows with no value and no year label ({', '.join(bad)}) skipped"
        )
    unknown = is_la & ~known_u.astype(bool)[pair_codes] & (names.to_numpy() != "")[name_codes]
    problems.add_rows(rows[unknown], "Region", "not a DfE region")
    bad_code = is_la & (np.isnan(code) | (np.nan_to_num(code) % 1 != 0))
    problems.add_rows(rows[bad_code], "LA Number", "a local authority needs its LA number")
    problems.raise_if_any(source)

    keep = ~no_year
    frame = pd.DataFrame(
        {
            "row": rows[keep],
            "measure": pd.Categorical.from_codes(measure_codes[keep], measures),
            "period": pd.Categorical.from_codes(period_codes[keep], periods),
            "year": year[keep],
            "area_code": pd.array(np.where(is_la, code, np.nan)[keep], dtype="Int64"),
            "area_name": pd.Categorical(canon_u[pair_codes][keep]),
            "level": pd.Categorical(level[keep]),
            "region": pd.Categorical(region_u[pair_codes][keep]),
            "value": value[keep],
            "reason": pd.Categorical(reason[keep]),
        }
    )
    frame, dup_warnings = _resolve_duplicates(frame, problems)
    problems.raise_if_any(source)
    warnings.extend(dup_warnings)

    measures_table = None
    if dictionary is not None:
        dps = frame["measure"].map(dictionary.set_index("measure")["dps"]).astype("float64")
        unlisted = sorted(frame.loc[dps.isna(), "measure"].unique())
        if unlisted:
            warnings.append(
                f"{len(unlisted)} measures not in the data dictionary, rounded to 1 dp: "
                + ", ".join(unlisted[:10])
            )
        frame["value"] = round_half_up(frame["value"], dps.fillna(DEFAULT_DPS).astype(int))
        measures_table = dictionary[dictionary["measure"].isin(measures)].reset_index(drop=True)
    else:
        warnings.append("no LAIT data dictionary given: values rounded to 1 decimal place")
        frame["value"] = round_half_up(frame["value"], DEFAULT_DPS)

    area_table = _area_table(classified, canon_u[pair_codes][is_la], code[is_la])
    return ImportResult(
        Kind.LAIT,
        source,
        frame[VALUE_COLUMNS].reset_index(drop=True),
        areas=area_table,
        measures=measures_table,
        warnings=tuple(warnings),
    )


def _area_table(
    classified: list[tuple[str, str, str | None, str | None, bool]],
    la_names: np.ndarray,
    la_codes: np.ndarray,
) -> pd.DataFrame:
    """area_code, area_name, region, london for every LA the file names."""
    regions = pd.DataFrame(
        [(name, region, half) for (lvl, name, region, half, _) in classified if lvl == "la"],
        columns=["area_name", "region", "london"],
    ).drop_duplicates("area_name")
    codes = pd.DataFrame({"area_name": la_names, "area_code": la_codes}).drop_duplicates()
    table = codes.merge(regions, on="area_name").astype({"area_code": "int64"})
    return (
        table[AREA_COLUMNS]
        .drop_duplicates("area_code")
        .sort_values("area_code")
        .reset_index(drop=True)
    )


def _resolve_duplicates(frame: pd.DataFrame, problems: Problems) -> tuple[pd.DataFrame, list[str]]:
    """One row per measure, year and area: a revised label beats a provisional one; the same
    label twice is an error."""
    key = ["measure", "year", "level", "area_code", "area_name"]
    dup = frame.duplicated(key, keep=False)
    if not dup.any():
        return frame, []
    clash = frame[dup]
    same_label = clash.duplicated([*key, "period"], keep=False)
    for row in clash.loc[same_label, "row"]:
        problems.add("the same measure, year and area appear twice", row=row, column="Years")
    ranked = frame.assign(_prov=frame["period"].astype(object).map(is_provisional).astype(bool))
    ranked = ranked.sort_values(["_prov", "row"], ascending=[True, False], kind="stable")
    kept = ranked.drop_duplicates(key).sort_values("row").drop(columns="_prov")
    superseded = sorted(frame.loc[~frame.index.isin(kept.index), "period"].unique())
    return kept, [f"labels superseded by a later figure for the same year: {', '.join(superseded)}"]
