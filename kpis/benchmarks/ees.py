"""Any Explore Education Statistics tidy CSV, made long: one row per indicator cell."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kpis.benchmarks.errors import BenchmarkFileError, Problems
from kpis.benchmarks.files import read_csv_text
from kpis.benchmarks.geography import (
    ENGLAND,
    LONDON,
    LONDON_CODES,
    Level,
    canonical_region,
    london_group,
)
from kpis.benchmarks.periods import year_from_time_period
from kpis.benchmarks.result import ImportResult, Kind
from kpis.benchmarks.symbols import NUMBER_RE, decimals_shown, is_symbol, parse_cells

REQUIRED = ("time_period", "time_identifier", "geographic_level")
# The EES data screener's geography and time columns; everything else is a filter or indicator.
GEOGRAPHY_COLUMNS = frozenset((
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "old_la_code", "new_la_code", "la_name", "lad_code", "lad_name",
    "pcon_code", "pcon_name", "lsip_code", "lsip_name", "local_enterprise_partnership_code",
    "local_enterprise_partnership_name", "english_devolved_area_code",
    "english_devolved_area_name", "opportunity_area_code", "opportunity_area_name", "ward_code",
    "ward_name", "trust_id", "trust_name", "sponsor_id", "sponsor_name", "school_urn",
    "school_name", "school_laestab", "provider_ukprn", "provider_name", "institution_id",
    "institution_name", "planning_area_code", "planning_area_name", "rsc_region_lead_name",
))  # fmt: skip
_LEVELS = {
    "national": Level.ENGLAND.value,
    "regional": Level.REGION.value,
    "local authority": Level.LA.value,
}
BASE_COLUMNS = [
    "time_period", "time_identifier", "year", "level", "area_code", "area_name", "region",
    "new_la_code",
]  # fmt: skip
AREA_COLUMNS = ["area_code", "area_name", "region", "london", "new_la_code"]


def read_ees(path: Path) -> ImportResult:
    """An EES tidy CSV; a sibling `<name>.meta.csv`, if present, says which columns are filters."""
    path = Path(path)
    meta_path = path.with_name(f"{path.stem}.meta.csv")
    meta = read_csv_text(meta_path) if meta_path.exists() else None
    return tidy_ees(read_csv_text(path), path.name, meta)


def _is_indicator(cells: pd.Series) -> bool:
    """Numbers, any other cells being symbols; symbols alone make a fully suppressed indicator."""
    distinct = [v for v in cells.unique() if v != ""]
    numbers = [v for v in distinct if NUMBER_RE.match(v)]
    others = [v for v in distinct if not NUMBER_RE.match(v)]
    return bool(distinct) and all(is_symbol(v) for v in others) and (bool(numbers) or bool(others))


def classify_columns(raw: pd.DataFrame, meta: pd.DataFrame | None) -> tuple[list[str], list[str]]:
    """The file's filter and indicator columns, from EES metadata or else from their cells."""
    candidates = [c for c in raw.columns if c.lower() not in GEOGRAPHY_COLUMNS]
    if meta is not None and {"col_name", "col_type"} <= set(meta.columns):
        kinds = dict(zip(meta["col_name"], meta["col_type"].str.lower(), strict=True))
        indicators = [c for c in candidates if kinds.get(c) == "indicator"]
        filters = [c for c in candidates if kinds.get(c) == "filter"]
        return filters, indicators
    indicators = [c for c in candidates if _is_indicator(raw[c])]
    return [c for c in candidates if c not in indicators], indicators


def _geography(raw: pd.DataFrame, level: pd.Series, problems: Problems) -> pd.DataFrame:
    """area_code, area_name, region and London half for each national, regional and LA row."""

    def col(name: str) -> pd.Series:
        return raw[name] if name in raw.columns else pd.Series("", index=raw.index, dtype=object)

    rows = raw.index.to_series() + 2
    region_name, region_code = col("region_name"), col("region_code")
    half = region_code.map(LONDON_CODES).fillna(region_name.map(london_group))
    canon = region_name.map(canonical_region)
    out = pd.DataFrame(index=raw.index)
    out["level"] = level
    out["area_code"] = pd.array([pd.NA] * len(raw), dtype="Int64")
    out["area_name"] = pd.Series(None, index=raw.index, dtype=object)
    out["region"] = canon.astype(object)
    out["london"] = half.astype(object)
    out["new_la_code"] = col("new_la_code").replace("", None)

    national = level == Level.ENGLAND.value
    out.loc[national, "area_name"] = ENGLAND
    out.loc[national, "region"] = None

    regional = level == Level.REGION.value
    is_half = regional & half.notna()
    out.loc[is_half, "level"] = Level.LONDON.value
    out.loc[is_half, "area_name"] = half[is_half]
    out.loc[is_half, "region"] = LONDON
    plain = regional & half.isna()
    out.loc[plain, "area_name"] = canon[plain]
    unknown = plain & canon.isna()
    problems.add_rows(rows[unknown], "region_name", "not a DfE region")

    la = level == Level.LA.value
    if la.any() and "old_la_code" not in raw.columns:
        problems.add("local authority rows need an old_la_code column")
        return out
    code = pd.to_numeric(col("old_la_code").where(la), errors="coerce")
    bad = la & (code.isna() | (code % 1 != 0))
    problems.add_rows(rows[bad], "old_la_code", "a local authority row needs its old LA code")
    out.loc[la & ~bad, "area_code"] = code[la & ~bad].astype("int64")
    out.loc[la, "area_name"] = col("la_name")[la]
    return out


def tidy_ees(raw: pd.DataFrame, source: str, meta: pd.DataFrame | None = None) -> ImportResult:
    """Tidy an EES frame of text cells; pure, `raw` is untouched."""
    problems = Problems()
    warnings: list[str] = []
    if raw.empty:
        raise BenchmarkFileError(source, ["the file has a header but no rows"])
    raw = raw.reset_index(drop=True)
    lower = {c.lower(): c for c in raw.columns}
    missing = [c for c in REQUIRED if c not in lower]
    duplicated = sorted({c for c in raw.columns if list(raw.columns).count(c) > 1})
    if duplicated:
        problems.add(f"column(s) named twice: {', '.join(duplicated)}")
    if missing:
        problems.add(f"missing column(s): {', '.join(missing)}")
    problems.raise_if_any(source)
    raw = raw.rename(columns={c: c.lower() for c in raw.columns if c.lower() in GEOGRAPHY_COLUMNS})
    rows = raw.index.to_series() + 2

    level_text = raw["geographic_level"].str.lower()
    level = level_text.map(_LEVELS)
    problems.add_rows(rows[level_text == ""], "geographic_level", "blank geographic level")
    others = level.isna() & (level_text != "")
    if others.any():
        names = ", ".join(sorted(raw.loc[others, "geographic_level"].unique()))
        warnings.append(f"{int(others.sum())} rows at other geographic levels skipped ({names})")
    periods = raw["time_period"].unique()
    year = raw["time_period"].map({p: year_from_time_period(p) for p in periods})
    problems.add_rows(
        rows[year.isna()], "time_period", "not a period such as 2025 or 202425 (2024/25)"
    )

    filters, indicators = classify_columns(raw, meta)
    if not indicators:
        problems.add("no indicator columns: no column holds numbers besides the geography")
    geography = _geography(raw, level, problems)
    keep = level.notna()
    if "country_name" in raw.columns:
        abroad = keep & (level == Level.ENGLAND.value) & ~raw["country_name"].isin(["", "England"])
        if abroad.any():
            warnings.append(
                f"{int(abroad.sum())} national rows for countries other than England skipped"
            )
        keep &= ~abroad
    if not keep.any():
        problems.add("no national, regional or local authority rows")
    _check_duplicates(raw, geography, filters, keep, problems)
    problems.raise_if_any(source)

    base = geography.loc[keep].assign(
        time_period=raw.loc[keep, "time_period"],
        time_identifier=raw.loc[keep, "time_identifier"],
        year=year[keep].astype("int64"),
    )
    base = pd.concat([base[BASE_COLUMNS], raw.loc[keep, filters]], axis=1)
    long_parts = []
    for indicator in indicators:
        value, reason = parse_cells(raw.loc[keep, indicator])
        long_parts.append(base.assign(indicator=indicator, value=value, reason=reason))
    data = pd.concat(long_parts, ignore_index=True)

    measures = pd.DataFrame(
        {"indicator": indicators, "dps": [_dps(raw[i], i, meta) for i in indicators]}
    )
    la = geography.loc[keep & (geography["level"] == Level.LA.value)]
    areas = (
        la[AREA_COLUMNS].drop_duplicates("area_code", keep="last").sort_values("area_code")
    ).reset_index(drop=True)
    return ImportResult(
        Kind.EES,
        source,
        data,
        areas=areas,
        measures=measures,
        warnings=tuple(warnings),
        filters=tuple(filters),
    )


def _dps(cells: pd.Series, indicator: str, meta: pd.DataFrame | None) -> int:
    if meta is not None and {"col_name", "indicator_dp"} <= set(meta.columns):
        stated = meta.loc[meta["col_name"] == indicator, "indicator_dp"]
        if not stated.empty and stated.iloc[0].isdigit():
            return int(stated.iloc[0])
    return decimals_shown(cells)


def _check_duplicates(
    raw: pd.DataFrame,
    geography: pd.DataFrame,
    filters: list[str],
    keep: pd.Series,
    problems: Problems,
) -> None:
    """The same period, area and filter values twice would give one KPI two figures."""
    key = pd.concat(
        [
            raw[["time_period", "time_identifier"]],
            geography[["level", "area_code", "area_name"]].astype(str),
            raw[filters],
        ],
        axis=1,
    )[keep]
    first = key.duplicated(keep="first")
    if first.any():
        originals = key[~first].reset_index().set_index(list(key.columns))["index"]
        for index, values in zip(key.index[first], key[first].itertuples(index=False), strict=True):
            original = originals.get(tuple(values))
            problems.add(
                f"the same period, area and filters as row {int(original) + 2}", row=index + 2
            )
