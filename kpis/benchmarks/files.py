"""Reading raw benchmark files as text cells: CSV in any encoding Excel writes, and XLSX sheets."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd

from kpis.benchmarks.errors import BenchmarkFileError

MAX_BYTES = 200 * 1024 * 1024


def decode(data: bytes) -> str:
    """UTF-8 with or without a byte order mark, else Windows-1252 (Excel's 'CSV')."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BenchmarkFileError(path.name, [f"the file is over {MAX_BYTES // 2**20} MB"])
        return path.read_bytes()
    except OSError as exc:
        raise BenchmarkFileError(path.name, [f"cannot read the file: {exc.strerror}"]) from None


def read_csv_text(path: Path) -> pd.DataFrame:
    """Every cell as stripped text ('' for blank), headers stripped; errors name the file."""
    text = decode(read_bytes(path))
    if not text.strip():
        raise BenchmarkFileError(path.name, ["the file is empty"])
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise BenchmarkFileError(path.name, [f"not a readable CSV file: {exc}"]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def csv_header(path: Path) -> list[str]:
    """The first line's column names, for recognising a file's kind."""
    with path.open("rb") as handle:
        first = handle.readline(1 << 16)
    row = next(csv.reader([decode(first)]), [])
    return [cell.strip() for cell in row]


def read_xlsx_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Each sheet's rows of cell values, by sheet name."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise BenchmarkFileError(path.name, [f"not a readable XLSX workbook: {exc}"]) from None
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


def cell_text(value: object) -> str:
    """An XLSX cell as text: whole floats lose their '.0', blanks become ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
