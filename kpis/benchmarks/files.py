"""Reading raw benchmark files as text cells: CSV in any encoding Excel writes, and XLSX sheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd

from kpis.benchmarks.errors import BenchmarkFileError
from kpis.problems import InputRejected
from kpis.upload.archive import MAX_RATIO, MAX_UNPACKED, RATIO_FROM
from kpis.upload.xlsx import checked_rows, with_book

MAX_BYTES = 200 * 1024 * 1024
# A parquet file's size says nothing of its rows: run-length encoding packs millions into a few
# KB. LAIT's last release has 641,070 and DfE withdrew LAIT in 2024, so it will not grow.
MAX_PARQUET_ROWS = 2_000_000


def decode(data: bytes) -> str:
    """UTF-8 with or without a byte order mark, else Windows-1252 (Excel's 'CSV')."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing it unread when it is over MAX_BYTES; every reader starts here."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BenchmarkFileError(
                path.name,
                [f"the file is {size / 2**20:,.1f} MB, over the {MAX_BYTES / 2**20:.0f} MB limit"],
            )
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
    """Each sheet's rows of cell values, by sheet name, read as scorecard uploads are: the size
    limit, then the zip-bomb, DTD and cell-count refusals before and while openpyxl reads."""

    def rows(book: Any) -> dict[str, list[tuple[object, ...]]]:
        return {
            sheet.title: list(checked_rows(sheet, values_only=True, kind="a benchmark file"))
            for sheet in book.worksheets
        }

    try:
        return with_book(read_bytes(path), rows)
    except InputRejected as refused:
        raise BenchmarkFileError(path.name, [p.message for p in refused.problems]) from None


def check_parquet(metadata: Any, size: int, source: str) -> None:
    """Refuse a parquet file before it is decoded if it would unpack far beyond its size, with
    the limits the zip-bomb check puts on workbooks; `metadata` is pyarrow's FileMetaData."""
    rows = metadata.num_rows
    if rows > MAX_PARQUET_ROWS:
        raise BenchmarkFileError(
            source,
            [f"the file holds {rows:,} rows, more than the {MAX_PARQUET_ROWS:,} LAIT could have"],
        )
    unpacked = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    if unpacked > MAX_UNPACKED:
        raise BenchmarkFileError(
            source,
            [
                f"the file unpacks to {unpacked / 2**20:,.0f} MB, over the "
                f"{MAX_UNPACKED / 2**20:.0f} MB limit"
            ],
        )
    if unpacked > RATIO_FROM and unpacked > MAX_RATIO * max(size, 1):
        raise BenchmarkFileError(
            source,
            [
                f"the file unpacks to over {MAX_RATIO} times its packed size, as only a "
                "compression bomb does; the file was refused"
            ],
        )


def cell_text(value: object) -> str:
    """An XLSX cell as text: whole floats lose their '.0', blanks become ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
