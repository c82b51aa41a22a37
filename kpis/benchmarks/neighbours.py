"""DfE statistical neighbour models (XLSX or the wide CSV): each LA's 10 closest, in order."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from kpis.benchmarks.errors import BenchmarkFileError, Problems
from kpis.benchmarks.files import cell_text, decode, read_bytes, read_xlsx_rows
from kpis.benchmarks.geography import canonical_region, london_group
from kpis.benchmarks.result import ImportResult, Kind

NEIGHBOUR_COLUMNS = ["model_year", "la_code", "neighbour_rank", "neighbour_code", "closeness"]
_CODE_HEADERS = ("la num", "old_la_code", "la_code", "la number")
_NAME_HEADERS = ("la name", "la_name")
_REGION_HEADERS = ("goreg", "region_name")
_SN = re.compile(r"^sn_?(\d+)$")
_CLOSENESS = re.compile(r"^sn_?\d*p$")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_NO_NEIGHBOUR = {"", "-"}


def model_year_from_name(name: str) -> int | None:
    """The model year in a file name: sn_may_2025.xlsx is 2025 (the last year mentioned)."""
    years = _YEAR.findall(name)
    return int(years[-1]) if years else None


def is_header(cells: list[str]) -> bool:
    lowered = [c.lower() for c in cells]
    return any(h in lowered for h in _CODE_HEADERS) and any(_SN.match(c) for c in lowered)


def read_neighbours(path: Path, model_year: int | None = None) -> ImportResult:
    """A statistical neighbour file; the model year comes from its name unless given."""
    path = Path(path)
    year = model_year or model_year_from_name(path.name)
    if year is None:
        raise BenchmarkFileError(
            path.name, ["cannot tell the model year: put it in the file name (sn_2025.xlsx)"]
        )
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        sheets = read_xlsx_rows(path)
        for rows in sheets.values():
            grid = [[cell_text(c) for c in row] for row in rows]
            if any(is_header(r) for r in grid[:20]):
                return tidy_neighbours(grid, path.name, year)
        raise BenchmarkFileError(path.name, ["no sheet has an LA code column and SN1 ... SN10"])
    grid = [[c.strip() for c in r] for r in csv.reader(io.StringIO(decode(read_bytes(path))))]
    return tidy_neighbours(grid, path.name, year)


def _closeness(text: str) -> str | None:
    # DfE writes 'Very Close', 'Very close' and 'Close ' in different years.
    cleaned = " ".join(text.split())
    return cleaned.capitalize() if cleaned and cleaned != "-" else None


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.lower() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def tidy_neighbours(grid: list[list[str]], source: str, model_year: int) -> ImportResult:
    """Tidy a sheet of text cells; rows after an 'Old SNs:' marker (defunct LAs) are left out."""
    problems = Problems()
    start = next((i for i, r in enumerate(grid[:20]) if is_header(r)), None)
    if start is None:
        raise BenchmarkFileError(source, ["no header row with an LA code column and SN1 ... SN10"])
    header = grid[start]
    code_at = _find(header, _CODE_HEADERS)
    name_at = _find(header, _NAME_HEADERS)
    region_at = _find(header, _REGION_HEADERS)
    sn_at = {int(m[1]): i for i, h in enumerate(header) if (m := _SN.match(h.lower()))}
    ranks = sorted(sn_at)
    if ranks != list(range(1, len(ranks) + 1)):
        problems.add(f"neighbour columns should run SN1, SN2, ...; found SN{ranks}")
        problems.raise_if_any(source)

    def cell(row: list[str], at: int | None) -> str:
        return row[at] if at is not None and at < len(row) else ""

    links: list[tuple[int, int, int, str | None]] = []
    areas: list[tuple[int, str, str | None, str | None]] = []
    seen: dict[int, int] = {}
    without: list[str] = []
    for offset, row in enumerate(grid[start + 1 :], start=start + 2):
        if any(c.lower().startswith("old sn") for c in row):
            break
        if not any(row):
            continue
        code_text = cell(row, code_at)
        if not code_text.isdigit():
            problems.add("not an LA code", row=offset, column=header[code_at or 0])
            continue
        code = int(code_text)
        if code in seen:
            problems.add(f"LA {code} is listed twice (also row {seen[code]})", row=offset)
        seen[code] = offset
        region = cell(row, region_at)
        areas.append((code, cell(row, name_at), canonical_region(region), london_group(region)))
        found = 0
        for rank in ranks:
            text = cell(row, sn_at[rank])
            if text in _NO_NEIGHBOUR:
                continue
            if not text.isdigit():
                problems.add("not an LA code", row=offset, column=header[sn_at[rank]])
                continue
            nxt = sn_at[rank] + 1
            closeness = cell(row, nxt) if _CLOSENESS.match(cell(header, nxt).lower()) else ""
            links.append((code, rank, int(text), _closeness(closeness)))
            found += 1
        if not found:
            without.append(str(code))
    problems.raise_if_any(source)
    if not links:
        raise BenchmarkFileError(source, ["no neighbours listed"])

    data = pd.DataFrame(links, columns=NEIGHBOUR_COLUMNS[1:])
    data.insert(0, "model_year", model_year)
    warnings = []
    if without:
        warnings.append(f"no neighbours listed for LA(s) {', '.join(without)}")
    unknown = sorted(set(data["neighbour_code"]) - set(seen))
    if unknown:
        warnings.append(f"neighbour codes not listed as LAs: {', '.join(map(str, unknown))}")
    area_table = pd.DataFrame(areas, columns=["area_code", "area_name", "region", "london"])
    return ImportResult(
        Kind.NEIGHBOURS,
        source,
        data,
        areas=area_table,
        warnings=tuple(warnings),
        model_year=model_year,
    )
