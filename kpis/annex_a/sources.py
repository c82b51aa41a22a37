"""Finding the lists in a workbook, a folder or zip of CSVs, or in-memory frames."""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from kpis.annex_a.columns import match_columns
from kpis.annex_a.fields import FIELDS
from kpis.annex_a.model import AnnexAError, AnnexAProblem
from kpis.annex_a.values import is_blank

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO

WANTED = tuple(FIELDS)
_LIST_NAME = re.compile(r"(?<![a-z])list[\s_\-.:]*0?(\d{1,2})(?!\d)", re.IGNORECASE)
# Real workbooks put a title or guidance rows above the header now and then.
_HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class RawSheet:
    """One list as found: its headers, its cells by position and each row's Excel number."""

    list_no: int
    name: str
    headers: list[str]
    data: pd.DataFrame
    rows: np.ndarray


def list_number(name: str) -> int | None:
    """'List 4', 'list4', 'List 4 - Assessments', 'AnnexA_List_04.csv' -> 4."""
    match = _LIST_NAME.search(name)
    return int(match[1]) if match else None


def _fail(message: str) -> AnnexAError:
    return AnnexAError([AnnexAProblem(None, None, None, message)])


def _header_index(rows: Sequence[Sequence[object]], list_no: int) -> int:
    best, best_hits = None, 1
    for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        hits = len(
            match_columns([("" if is_blank(c) else str(c)) for c in row], FIELDS[list_no]).found
        )
        if hits > best_hits:
            best, best_hits = i, hits
    if best is not None:
        return best
    return next((i for i, row in enumerate(rows) if not all(is_blank(c) for c in row)), 0)


def _sheet(list_no: int, name: str, rows: list[Sequence[object]]) -> RawSheet | None:
    """The list in a sheet's rows, or None when the sheet holds nothing at all."""
    if all(all(is_blank(c) for c in row) for row in rows):
        return None
    h = _header_index(rows, list_no)
    headers = ["" if is_blank(c) else str(c).strip() for c in rows[h]]
    # Fully blank rows (Excel's trailing formatted rows, ',,,,' in CSV) are not rows at all.
    kept = [(i, row) for i, row in enumerate(rows[h + 1 :]) if any(not is_blank(c) for c in row)]
    data = pd.DataFrame.from_records([row for _, row in kept]) if kept else pd.DataFrame()
    data = data.reindex(columns=range(max(len(headers), data.shape[1])))
    excel_rows = np.array([i + h + 2 for i, _ in kept], dtype=int)
    return RawSheet(list_no, name, headers, data, excel_rows)


def _choose(sheets: Iterable[RawSheet | None]) -> tuple[list[RawSheet], list[AnnexAProblem]]:
    """One sheet per wanted list: the one whose headers match most (a guidance sheet or an
    old copy named like the list loses); the others are ignored with a warning."""
    by_list: dict[int, list[RawSheet]] = {}
    for sheet in sheets:
        if sheet is not None and sheet.list_no in WANTED:
            by_list.setdefault(sheet.list_no, []).append(sheet)
    chosen, problems = [], []
    for list_no in sorted(by_list):
        candidates = by_list[list_no]
        best = max(
            candidates,
            key=lambda s: len(match_columns(s.headers, FIELDS[list_no], fuzzy=False).found),
        )
        chosen.append(best)
        problems += [
            AnnexAProblem(
                list_no, None, None, f"'{s.name}' ignored: '{best.name}' is List {list_no}"
            )
            for s in candidates
            if s is not best
        ]
    return chosen, problems


def _cell(value: object) -> object:
    """A calamine cell as openpyxl gives it, so every later rule sees the same values: None for
    a blank, whole numbers as int, a date-only cell as a datetime (as pandas' calamine engine)."""
    if isinstance(value, str):
        return value if value else None
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _calamine_rows(sheet, errors: dict[tuple[int, int], str]) -> list[Sequence[object]]:
    # From A1 (skip_empty_area=False), so a row's position is its Excel row number.
    rows = [[_cell(c) for c in row] for row in sheet.to_python(skip_empty_area=False)]
    for (row, column), text in errors.items():  # calamine gives an error cell as a blank
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        cells.extend([None] * (column - len(cells)))
        cells[column - 1] = text
    return rows


def _calamine_sheets(raw: bytes, names: list[str] | None = None) -> dict[str, list]:
    """The rows of the named sheets (all when None), error cells restored."""
    from python_calamine import load_workbook

    from kpis.annex_a.xlsx_errors import error_cells

    # python-calamine (Rust), the reader behind pandas' engine="calamine": the same cells
    # as openpyxl at a fraction of the time (bench/cases.py measures both).
    book = load_workbook(io.BytesIO(raw))
    try:
        names = book.sheet_names if names is None else names
        errors = error_cells(raw, names)
        return {n: _calamine_rows(book.get_sheet_by_name(n), errors.get(n, {})) for n in names}
    finally:
        book.close()


def _read_xlsx(data: bytes | str | os.PathLike[str]) -> tuple[list[RawSheet], list[AnnexAProblem]]:
    from kpis.problems import InputRejected
    from kpis.upload.archive import check_archive

    raw = data if isinstance(data, bytes) else Path(data).read_bytes()
    try:
        # The same zip-bomb and entity-expansion refusals as scorecard uploads get, before the
        # reader sees a byte.
        check_archive(raw)
    except InputRejected as refused:
        raise _fail(refused.problems[0].message) from None
    try:
        from python_calamine import load_workbook

        with load_workbook(io.BytesIO(raw)) as book:
            wanted = [(list_number(n), n) for n in book.sheet_names]
        wanted = [(list_no, name) for list_no, name in wanted if list_no in WANTED]
        rows = SHEET_ROWS[READER](raw, [name for _, name in wanted])
    except Exception as exc:  # calamine raises its own types for a damaged file
        raise _fail(f"cannot read the workbook: {exc}") from None
    return _choose(_sheet(list_no, name, rows[name]) for list_no, name in wanted)


def read_xlsx_rows_openpyxl(raw: bytes) -> dict[str, list[Sequence[object]]]:
    """Every sheet's rows as openpyxl reads them: the former reader, kept as the reference the
    calamine reader is tested and timed against."""
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about extensions (data validation, conditional formats) it drops.
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        return {n: list(book[n].iter_rows(values_only=True)) for n in book.sheetnames}
    finally:
        book.close()


def read_xlsx_rows(raw: bytes) -> dict[str, list[Sequence[object]]]:
    """Every sheet's rows as the reader sees them (through calamine)."""
    return _calamine_sheets(raw)


def _openpyxl_sheets(raw: bytes, names: list[str]) -> dict[str, list[Sequence[object]]]:
    rows = read_xlsx_rows_openpyxl(raw)
    return {n: rows[n] for n in names}


# How workbook cells are read: calamine; openpyxl is the former reader, which bench/cases.py
# times beside it (by setting READER) on the same workbook.
SHEET_ROWS = {"calamine": _calamine_sheets, "openpyxl": _openpyxl_sheets}
READER = "calamine"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes) -> list[Sequence[object]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def _read_csvs(files: Iterable[tuple[str, bytes]]) -> tuple[list[RawSheet], list[AnnexAProblem]]:
    numbered = ((list_number(Path(name).stem), name, data) for name, data in files)
    return _choose(_sheet(n, name, _csv_rows(data)) for n, name, data in numbered if n in WANTED)


def _read_zip(data: bytes) -> tuple[list[RawSheet], list[AnnexAProblem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if "xl/workbook.xml" in names:
            return _read_xlsx(data)
        csvs = sorted(n for n in names if n.lower().endswith(".csv"))
        return _read_csvs((Path(n).name, archive.read(n)) for n in csvs)
    except zipfile.BadZipFile as exc:
        raise _fail(f"cannot read the file: {exc}") from None


def read_sources(source: Source) -> tuple[list[RawSheet], list[AnnexAProblem], str]:
    """The wanted lists in a source, problems about the source itself, and its name."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
            sheets, problems = _read_csvs((p.name, p.read_bytes()) for p in files)
            return _found(sheets, problems, path.name, [p.name for p in files])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _fail(f"cannot open {path.name}: {exc.strerror or exc}") from None
        name = path.name
        if path.suffix.lower() == ".csv":
            sheets, problems = _read_csvs([(name, data)])
            return _found(sheets, problems, name, [name])
    else:
        data = source.read() if hasattr(source, "read") else bytes(source)
        name = getattr(source, "name", "upload")
    if not data.startswith(b"PK"):
        raise _fail(
            f"{name} is not an XLSX workbook (or a zip or folder of CSV files, one per list)"
        )
    sheets, problems = _read_zip(data)
    return _found(sheets, problems, str(name), None)


def _found(
    sheets: list[RawSheet], problems: list[AnnexAProblem], name: str, seen: list[str] | None
) -> tuple[list[RawSheet], list[AnnexAProblem], str]:
    if not sheets:
        hint = f" (found: {', '.join(seen)})" if seen else ""
        raise _fail(
            f"{name} has no List 4, 5, 8 or 9: sheets or files must be named like 'List 4'{hint}"
        )
    return sheets, problems, name


def sheets_from_frames(
    frames: Mapping[str | int, pd.DataFrame],
) -> tuple[list[RawSheet], list[AnnexAProblem]]:
    """In-memory lists keyed by sheet name or list number; headers are the frame's columns."""
    sheets = []
    for key, frame in frames.items():
        list_no = key if isinstance(key, int) else list_number(str(key))
        if list_no not in WANTED:
            continue
        data = frame.copy(deep=False)
        data.columns = range(frame.shape[1])
        filled = ~data.isna().all(axis=1).to_numpy()
        rows = np.arange(2, len(frame) + 2)[filled]
        data = data.loc[filled].reset_index(drop=True)
        name = f"List {key}" if isinstance(key, int) else str(key)
        sheets.append(RawSheet(list_no, name, [str(c) for c in frame.columns], data, rows))
    chosen, problems = _choose(sheets)
    if not chosen:
        raise _fail("no List 4, 5, 8 or 9 among the frames given")
    return chosen, problems
