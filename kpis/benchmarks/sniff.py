"""Which kind of benchmark file a path is, and reading it (or several) with the right reader."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kpis.benchmarks.areas import CODE_LIST_COLUMNS, read_la_code_list, tidy_la_code_list
from kpis.benchmarks.ees import read_ees
from kpis.benchmarks.errors import BenchmarkFileError
from kpis.benchmarks.files import cell_text, csv_header, read_csv_text, read_xlsx_rows
from kpis.benchmarks.lait import (
    DICTIONARY_COLUMNS,
    LAIT_COLUMNS,
    read_lait,
    read_lait_dictionary,
    tidy_lait,
)
from kpis.benchmarks.neighbours import is_header, read_neighbours
from kpis.benchmarks.result import ImportResult, Kind

DICTIONARY_NAME = "lait_data_dictionary.csv"
_EXPLAIN = (
    "not a LAIT long file, LAIT data dictionary, Explore Education Statistics tidy CSV, "
    "statistical neighbour model or LA code list"
)


def _csv_kind(header: list[str]) -> Kind | None:
    names = set(header)
    lowered = {h.lower() for h in header}
    if set(DICTIONARY_COLUMNS) <= names:
        return Kind.LAIT_DICTIONARY
    if set(LAIT_COLUMNS) <= names:
        return Kind.LAIT
    if {"time_period", "geographic_level"} <= lowered:
        return Kind.EES
    if is_header(header):
        return Kind.NEIGHBOURS
    if set(CODE_LIST_COLUMNS) <= names:
        return Kind.AREAS
    return None


def sniff(path: Path) -> Kind:
    """The kind of file at `path`, from its extension and header; BenchmarkFileError if none."""
    path = Path(path)
    if not path.is_file():
        raise BenchmarkFileError(path.name, ["no such file"])
    suffix = path.suffix.lower()
    if path.name.lower().endswith(".meta.csv"):
        raise BenchmarkFileError(
            path.name, ["an EES metadata file: import its data file, which reads it from beside it"]
        )
    if suffix == ".parquet":
        return Kind.LAIT
    if suffix == ".csv":
        kind = _csv_kind(csv_header(path))
    elif suffix in {".xlsx", ".xlsm"}:
        kind = None
        for rows in read_xlsx_rows(path).values():
            top = [[cell_text(c) for c in row] for row in rows[:20]]
            if any(is_header(r) for r in top):
                kind = Kind.NEIGHBOURS
                break
            if top and set(CODE_LIST_COLUMNS) <= set(top[0]):
                kind = Kind.AREAS
                break
    else:
        raise BenchmarkFileError(path.name, [f"{_EXPLAIN}: expected .parquet, .csv or .xlsx"])
    if kind is None:
        raise BenchmarkFileError(path.name, [_EXPLAIN])
    return kind


def read_any(
    path: Path, *, dictionary: pd.DataFrame | None = None, model_year: int | None = None
) -> ImportResult:
    """Read one benchmark file of any supported kind.

    A LAIT long file uses `dictionary` (the data dictionary's tidy frame) for dps, else a
    `lait_data_dictionary.csv` beside it, else rounds to 1 dp with a warning.
    """
    path = Path(path)
    kind = sniff(path)
    if kind is Kind.LAIT:
        if dictionary is None and (path.parent / DICTIONARY_NAME).is_file():
            dictionary = read_lait_dictionary(path.parent / DICTIONARY_NAME).data
        if path.suffix.lower() == ".csv":
            return tidy_lait(read_csv_text(path), dictionary, path.name)
        return read_lait(path, dictionary)
    if kind is Kind.LAIT_DICTIONARY:
        return read_lait_dictionary(path)
    if kind is Kind.EES:
        return read_ees(path)
    if kind is Kind.NEIGHBOURS:
        return read_neighbours(path, model_year)
    if path.suffix.lower() == ".csv":
        return tidy_la_code_list(read_csv_text(path), path.name)
    return read_la_code_list(path)


def read_all(paths: Iterable[Path]) -> list[ImportResult]:
    """Read several files, dictionaries first so a LAIT long file given with one uses it.

    Every file is tried; the problems of all the bad ones are raised together.
    """
    paths = [Path(p) for p in paths]
    # EES downloads pair each data file with a .meta.csv that read_ees finds by itself.
    names = {p.name.lower() for p in paths}
    paths = [
        p
        for p in paths
        if not (
            p.name.lower().endswith(".meta.csv")
            and p.name.lower().replace(".meta.csv", ".csv") in names
        )
    ]
    kinds: dict[Path, Kind] = {}
    failures: list[str] = []
    for path in paths:
        try:
            kinds[path] = sniff(path)
        except BenchmarkFileError as exc:
            failures.extend(f"{exc.source}: {p}" for p in exc.problems)
    ordered = sorted(kinds, key=lambda p: kinds[p] is not Kind.LAIT_DICTIONARY)
    dictionary = None
    results: list[ImportResult] = []
    for path in ordered:
        try:
            result = read_any(path, dictionary=dictionary)
        except BenchmarkFileError as exc:
            failures.extend(f"{exc.source}: {p}" for p in exc.problems)
            continue
        if result.kind is Kind.LAIT_DICTIONARY:
            dictionary = result.data
        results.append(result)
    if failures:
        raise BenchmarkFileError(", ".join(p.name for p in paths), failures)
    return results
