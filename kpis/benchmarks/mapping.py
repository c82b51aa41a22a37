"""From imported files to each catalogue KPI's published figures, by the catalogue's benchmark."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kpis.benchmarks.areas import merge_areas
from kpis.benchmarks.dataset import MEASURE_COLUMNS, VALUE_COLUMNS, BenchmarkData
from kpis.benchmarks.geography import Level
from kpis.benchmarks.lait import DEFAULT_DPS
from kpis.benchmarks.neighbours import NEIGHBOUR_COLUMNS
from kpis.benchmarks.result import ImportResult, Kind
from kpis.benchmarks.symbols import round_half_up
from kpis.catalogue import Benchmark, Catalogue, EesBenchmark, Kpi, load_catalogue

_AREA_KEY = ["level", "area_code", "area_name"]


def _norm(text: object) -> str:
    return " ".join(str(text).split()).lower()


def lait_part(lait: pd.DataFrame, code: str) -> pd.DataFrame:
    """One LAIT measure's rows, as plain columns."""
    rows = lait[lait["measure"] == code]
    out = rows[["year", "area_code", "area_name", "level", "region", "value", "reason"]]
    out = out.astype({"area_name": object, "level": object, "region": object, "reason": object})
    return out.assign(source=f"LAIT {code}").reset_index(drop=True)


def ees_part(result: ImportResult, spec: EesBenchmark) -> tuple[pd.DataFrame | None, list[str]]:
    """The rows of one EES file that the spec names, or None when the file does not hold them.

    Filters the spec leaves out must have one value, or a 'Total' that is then taken.
    """
    if spec.dataset and _norm(spec.dataset) not in _norm(result.source):
        return None, []
    data = result.data[result.data["indicator"] == spec.indicator]
    columns = {_norm(c): c for c in result.filters}
    if data.empty or any(_norm(f) not in columns for f in spec.filters):
        return None, []
    problems = []
    for name, wanted in spec.filters.items():
        column = columns[_norm(name)]
        matched = data[data[column].map(_norm) == _norm(wanted)]
        if matched.empty:
            shown = ", ".join(sorted(data[column].unique())[:12])
            problems.append(f"{column} has no value '{wanted}' (it has: {shown})")
        data = matched
    named = {columns[_norm(f)] for f in spec.filters}
    for column in (c for c in result.filters if c not in named):
        distinct = data[column].unique()
        if len(distinct) <= 1:
            continue
        total = [v for v in distinct if _norm(v) == "total"]
        if total:
            data = data[data[column] == total[0]]
        else:
            shown = ", ".join(sorted(distinct)[:12])
            problems.append(f"say which {column} to use (it has: {shown})")
    if problems:
        return None, [f"{result.source}, indicator {spec.indicator}: {p}" for p in problems]
    if data.duplicated(["year", *_AREA_KEY]).any():
        kinds = ", ".join(sorted(data["time_identifier"].unique()))
        return None, [f"{result.source}, {spec.indicator}: several periods per year ({kinds})"]
    out = data[["year", "area_code", "area_name", "level", "region", "value", "reason"]]
    return out.assign(source=f"EES {spec.indicator}").reset_index(drop=True), []


def _dictionary(results: list[ImportResult]) -> pd.DataFrame | None:
    tables = [r.data for r in results if r.kind is Kind.LAIT_DICTIONARY]
    tables += [r.measures for r in results if r.kind is Kind.LAIT and r.measures is not None]
    if not tables:
        return None
    return pd.concat(tables).drop_duplicates("measure", keep="last").set_index("measure")


def _kpi_rows(
    kpi: Kpi, spec: Benchmark, results: list[ImportResult], dictionary: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, dict[str, object], list[str]]:
    """One KPI's values (LAIT years first, EES filling the years LAIT lacks) and its facts."""
    warnings: list[str] = []
    parts: list[pd.DataFrame] = []
    facts: dict[str, object] = {"dps": None, "no_quartile": False}
    files: list[str] = []
    if spec.lait:
        for result in (r for r in results if r.kind is Kind.LAIT):
            part = lait_part(result.data, spec.lait)
            if not part.empty:
                parts.append(part)
                files.append(result.source)
        if dictionary is not None and spec.lait in dictionary.index:
            entry = dictionary.loc[spec.lait]
            facts = {"dps": int(entry["dps"]), "no_quartile": bool(entry["no_quartile"])}
            if entry["polarity"] not in ("neutral", kpi.polarity.value):
                warnings.append(
                    f"{kpi.id}: DfE marks {spec.lait} {entry['polarity']}, "
                    f"the catalogue says {kpi.polarity.value}"
                )
    if spec.ees:
        for result in (r for r in results if r.kind is Kind.EES):
            part, problems = ees_part(result, spec.ees)
            warnings.extend(f"{kpi.id}: {p}" for p in problems)
            if part is not None:
                parts.append(part)
                files.append(result.source)
                if facts["dps"] is None and result.measures is not None:
                    stated = result.measures.set_index("indicator")["dps"]
                    facts["dps"] = int(stated.get(spec.ees.indicator, DEFAULT_DPS))
    if not parts:
        return None, facts, warnings
    # Each year comes whole from the first source that has it, so quartiles never mix sources.
    chosen = []
    taken: set[int] = set()
    used: list[str] = []
    for part, file in zip(parts, files, strict=True):
        years = set(part["year"]) - taken
        if years:
            chosen.append(part[part["year"].isin(years)])
            used.append(file)
        taken |= years
    facts["files"] = used
    rows = pd.concat(chosen, ignore_index=True)
    dps = facts["dps"] if facts["dps"] is not None else DEFAULT_DPS
    if spec.complement:
        rows["value"] = round_half_up(100 - rows["value"], int(dps))
    return rows.assign(kpi_id=kpi.id), {**facts, "dps": dps}, warnings


def build_benchmarks(
    results: Iterable[ImportResult], catalogue: Catalogue | None = None
) -> tuple[BenchmarkData, list[str]]:
    """Every catalogue KPI's published figures from the files read, plus neighbours and areas."""
    results = list(results)
    catalogue = catalogue or load_catalogue()
    dictionary = _dictionary(results)
    warnings: list[str] = []
    values, measures = [], []
    for kpi in catalogue.kpis:
        spec = kpi.benchmark
        if spec is None:
            continue
        rows, facts, notes = _kpi_rows(kpi, spec, results, dictionary)
        warnings.extend(notes)
        if rows is None:
            continue
        values.append(rows)
        measures.append(
            {
                "kpi_id": kpi.id,
                "polarity": kpi.polarity.value,
                "dps": facts["dps"],
                "no_quartile": facts["no_quartile"],
                "lait": spec.lait,
                "ees_indicator": spec.ees.indicator if spec.ees else None,
                "complement": spec.complement,
                "source": _describe_sources(rows, facts["files"]),
            }
        )

    kinds = [Kind.AREAS, Kind.LAIT, Kind.NEIGHBOURS, Kind.EES]
    areas = merge_areas(r.areas for k in kinds for r in results if r.kind is k)
    neighbours = [r.data for r in results if r.kind is Kind.NEIGHBOURS]
    data = BenchmarkData(
        _tidy_values(values, areas),
        (
            pd.concat(neighbours)
            .drop_duplicates(["model_year", "la_code", "neighbour_rank"], keep="last")
            .sort_values(["model_year", "la_code", "neighbour_rank"])
            .reset_index(drop=True)[NEIGHBOUR_COLUMNS]
            if neighbours
            else BenchmarkData.empty().neighbours
        ),
        areas,
        pd.DataFrame(measures, columns=MEASURE_COLUMNS),
    )
    return data, warnings


def _describe_sources(rows: pd.DataFrame, files: list[str]) -> str:
    """Which measures and files a KPI's figures came from, with the years each gave."""
    spans = rows.groupby("source")["year"].agg(["min", "max"]).sort_values("min")
    used = ", ".join(f"{s} {lo}-{hi}" for s, (lo, hi) in spans.iterrows())
    return f"{used} [{', '.join(dict.fromkeys(files))}]"


def _tidy_values(parts: list[pd.DataFrame], areas: pd.DataFrame) -> pd.DataFrame:
    """LA names and regions from the areas table, so every source spells an LA the same way."""
    if not parts:
        return BenchmarkData.empty().values
    values = pd.concat(parts, ignore_index=True)
    values["area_code"] = values["area_code"].astype("Int64")
    values["year"] = values["year"].astype("int64")
    values["reason"] = values["reason"].fillna("").astype(object)
    lookup = areas.set_index("area_code")
    is_la = values["level"] == Level.LA.value
    codes = values.loc[is_la, "area_code"]
    for column in ("area_name", "region"):
        known = codes.map(lookup[column]) if not lookup.empty else codes.map({})
        values.loc[is_la, column] = known.fillna(values.loc[is_la, column]).to_numpy()
    for column in ("area_name", "level", "region"):
        text = values[column].astype(object)
        values[column] = text.where(text.notna(), None)
    order = {level.value: i for i, level in enumerate(Level)}
    values = values.assign(_lvl=values["level"].map(order))
    values = values.sort_values(["kpi_id", "year", "_lvl", "area_code", "area_name"], kind="stable")
    return values.drop(columns="_lvl").reset_index(drop=True)[VALUE_COLUMNS]
