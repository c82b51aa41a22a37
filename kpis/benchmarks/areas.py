"""Local authorities: names, DfE region, Inner or Outer London, from whichever files name them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kpis.benchmarks.errors import BenchmarkFileError, Problems
from kpis.benchmarks.files import cell_text, read_csv_text, read_xlsx_rows
from kpis.benchmarks.geography import canonical_region, london_group
from kpis.benchmarks.result import ImportResult, Kind

AREA_COLUMNS = ["area_code", "area_name", "region", "london", "new_la_code", "la_type"]
CODE_LIST_COLUMNS = ("LA Number", "LA Name", "Region")


def read_la_code_list(path: Path) -> ImportResult:
    """LAIT's la_code_list (XLSX or CSV): LA Number, LA Name, Region, Type."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        raw = read_csv_text(path)
    else:
        rows = next(iter(read_xlsx_rows(path).values()), [])
        if not rows:
            raise BenchmarkFileError(path.name, ["the workbook is empty"])
        header = [cell_text(c) for c in rows[0]]
        body = [[cell_text(c) for c in r] + [""] * (len(header) - len(r)) for r in rows[1:]]
        raw = pd.DataFrame([r[: len(header)] for r in body], columns=header)
    return tidy_la_code_list(raw, path.name)


def tidy_la_code_list(raw: pd.DataFrame, source: str) -> ImportResult:
    problems = Problems()
    missing = [c for c in CODE_LIST_COLUMNS if c not in raw.columns]
    if missing:
        problems.add(f"missing column(s): {', '.join(missing)}")
        problems.raise_if_any(source)
    records = []
    for offset, row in enumerate(raw.itertuples(index=False), start=2):
        cells = dict(zip(raw.columns, row, strict=True))
        if not any(str(v).strip() for v in cells.values()):
            continue
        region = canonical_region(cells["Region"])
        if region is None:
            # England and the regions carry Region 'NA': they are not authorities.
            if str(cells["Region"]).strip().upper() in {"", "NA"}:
                continue
            problems.add("not a DfE region", row=offset, column="Region")
            continue
        code = str(cells["LA Number"]).strip()
        if not code.isdigit():
            problems.add("not an LA number", row=offset, column="LA Number")
            continue
        records.append(
            (int(code), cells["LA Name"], region, london_group(cells["Region"]), cells.get("Type"))
        )
    problems.raise_if_any(source)
    areas = pd.DataFrame(records, columns=["area_code", "area_name", "region", "london", "la_type"])
    return ImportResult(Kind.AREAS, source, areas, areas=areas)


def merge_areas(tables: Iterable[pd.DataFrame | None]) -> pd.DataFrame:
    """One row per LA code; for each field the first table (in the order given) that knows it."""
    frames = [t for t in tables if t is not None and not t.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in AREA_COLUMNS})
    stacked = pd.concat(
        [f.reindex(columns=AREA_COLUMNS).assign(_order=i) for i, f in enumerate(frames)],
        ignore_index=True,
    )
    stacked = stacked.replace({"": None}).sort_values("_order", kind="stable")
    stacked["area_code"] = stacked["area_code"].astype("int64")
    merged = stacked.groupby("area_code", sort=True)[AREA_COLUMNS[1:]].first().reset_index()
    for column in AREA_COLUMNS[1:]:
        text = merged[column].astype(object)
        merged[column] = text.where(text.notna(), None)
    return merged
