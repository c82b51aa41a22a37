"""Turning uploaded bytes (CSV in any of the accepted encodings, or XLSX) into a table of text."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from kpis.problems import InputRejected, Problem
from kpis.upload.sniff import decode, kind_of, reject
from kpis.upload.xlsx import MAX_CELLS, read_xlsx

MAX_BYTES = 20 * 1024 * 1024
# A wide sheet of ten years of months has some 125 columns; Excel allows 16,384.
MAX_COLUMNS = 1_000
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_UNCLOSED = re.compile(r"EOF inside string starting at row (\d+)")
_RAGGED_LISTED = 1_000


@dataclass
class RawTable:
    """The file's header and rows as text; `rows` holds the spreadsheet row number of each."""

    header: list[str]
    cells: pd.DataFrame
    rows: pd.Series
    warnings: list[Problem] = field(default_factory=list)


def read_table(
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    sheet: str = "Scorecard",
    columns: str = "kpi_id, period",
    rows: str = "figures",
) -> RawTable:
    """Read CSV or XLSX bytes, told apart by content; raises InputRejected for unreadable files.
    An XLSX gives its sheet named `sheet`, else its first; `columns` and `rows` word the
    messages for a file without a header or rows (the scorecard's by default)."""
    check_size(data, max_bytes)
    table = _read_xlsx(data, sheet) if kind_of(data) == "xlsx" else _read_csv(data)
    if not table.header or all(h == "" for h in table.header):
        raise reject(f"the file has no header row: row 1 must name the columns ({columns}, …)")
    if table.cells.empty:
        raise reject(f"the file has a header but no rows of {rows}")
    return table


def check_size(data: bytes, max_bytes: int = MAX_BYTES) -> None:
    """Refuse an oversized or empty file before anything is decoded, unzipped or parsed."""
    if len(data) > max_bytes:
        raise reject(
            f"the file is {len(data) / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit"
        )
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise reject("the file is empty")


def _read_csv(data: bytes) -> RawTable:
    text = decode(data)
    _check_csv_size(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            header=None,
            skip_blank_lines=False,
            skipinitialspace=False,
        )
    except pd.errors.EmptyDataError:
        raise reject("the file is empty") from None
    except pd.errors.ParserError as exc:
        raise InputRejected(_parse_problems(text, str(exc))) from None
    frame = frame.fillna("")
    header = [str(h).strip() for h in frame.iloc[0].tolist()]
    _check_delimiter(header)
    cells = frame.iloc[1:].reset_index(drop=True)
    cells.columns = range(len(header))
    rows = pd.Series(range(2, len(cells) + 2), dtype="int64")
    return _drop_blank(RawTable(header, cells, rows))


def _check_csv_size(text: str) -> None:
    """Bound the table pandas would build: it slows badly with very many columns."""
    ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    first = text[: min(ends, default=len(text))]
    # An upper bound: quoted commas count too, which no real header has in such numbers.
    columns = first.count(",") + 1
    _check_columns(columns)
    lines = max(text.count("\n"), text.count("\r")) + 1
    if columns * lines > MAX_CELLS:
        raise reject(
            f"the file has {lines:,} lines of {columns:,} columns, more than the "
            f"{MAX_CELLS:,} cells a scorecard file may have"
        )


def _check_columns(columns: int) -> None:
    # pandas and the layout checks slow badly with thousands of columns.
    if columns > MAX_COLUMNS:
        raise reject(
            f"has {columns:,} columns, more than the {MAX_COLUMNS:,} a scorecard file may have: "
            "delete the unused columns and save it again",
            1,
        )


def _check_delimiter(header: list[str]) -> None:
    for mark, name in ((";", "semicolons"), ("\t", "tabs")):
        if len(header) == 1 and mark in header[0]:
            raise reject(
                f"the columns are separated by {name}, not commas: in Excel use Save As and "
                "choose 'CSV UTF-8 (Comma delimited)'",
                1,
            )


def _parse_problems(text: str, message: str) -> list[Problem]:
    """Turn pandas' first tokenising error into problems naming rows, listing every ragged row."""
    if found := _RAGGED.search(message):
        return _ragged_rows(text, int(found[1])) or [
            Problem(int(found[2]), None, f"has {found[3]} cells but the header has {found[1]}")
        ]
    if found := _UNCLOSED.search(message):
        return [
            Problem(
                int(found[1]) + 1,
                None,
                'a quoted cell starting in this row is never closed: check for a stray "',
            )
        ]
    return [Problem(None, None, f"the file cannot be read as CSV: {message.split(chr(10))[0]}")]


def _ragged_rows(text: str, width: int) -> list[Problem]:
    """Every row with more cells than the header, not only the first pandas met."""
    try:
        rows = [
            (row, len(cells))
            for row, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
            if len(cells) > width
        ]
    except csv.Error:
        # The csv module refuses some input pandas reads (very long cells); pandas' row stands.
        return []
    problems = [
        Problem(row, None, f"has {count} cells but the header has {width}")
        for row, count in rows[:_RAGGED_LISTED]
    ]
    if len(rows) > _RAGGED_LISTED:
        more = len(rows) - _RAGGED_LISTED
        problems.append(Problem(None, None, f"and {more:,} more rows with too many cells"))
    return problems


def _drop_blank(table: RawTable) -> RawTable:
    """Skip wholly blank rows (Excel's trailing ',,,,'), keeping the others' row numbers."""
    if table.cells.empty:
        return table
    stripped = table.cells.apply(lambda col: col.str.strip())
    keep = (stripped != "").any(axis=1).to_numpy()
    table.cells = table.cells[keep].reset_index(drop=True)
    table.rows = table.rows[keep].reset_index(drop=True)
    return table


def _read_xlsx(data: bytes, sheet: str) -> RawTable:
    header, records, numbers, warnings = read_xlsx(data, sheet)
    _check_columns(len(header))
    cells = pd.DataFrame(records, columns=range(len(header)), dtype=str)
    rows = pd.Series(numbers, dtype="int64")
    return RawTable([h.strip() for h in header], cells, rows, warnings)


def unneutralise(text: pd.Series) -> pd.Series:
    """Undo the one leading apostrophe our writers add before formula characters."""
    quoted = text.str.startswith("'")
    if not quoted.any():
        return text
    leads = "".join(_FORMULA_LEADS).replace("-", "\\-")
    return text.where(~quoted, text.str.replace(rf"^'(?=[{leads}])", "", regex=True))


def neutralise(value: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_LEADS) else value
