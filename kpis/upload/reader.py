"""Turning uploaded bytes (CSV in any of the accepted encodings, or XLSX) into a table of text."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from kpis.problems import InputRejected, Problem, Severity

MAX_BYTES = 20 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class RawTable:
    """The file's header and rows as text; `rows` holds the spreadsheet row number of each."""

    header: list[str]
    cells: pd.DataFrame
    rows: pd.Series
    warnings: list[Problem] = field(default_factory=list)


def _reject(message: str) -> InputRejected:
    return InputRejected([Problem(None, None, message)])


def read_table(data: bytes, *, max_bytes: int = MAX_BYTES) -> RawTable:
    """Read CSV or XLSX bytes; raises InputRejected for files that cannot be read at all."""
    if len(data) > max_bytes:
        raise _reject(
            f"the file is {len(data) / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit"
        )
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise _reject("the file is empty")
    if data.startswith(_ZIP_MAGIC):
        table = _read_xlsx(data)
    elif data.startswith(_OLE_MAGIC):
        raise _reject("this is an old-style Excel (.xls) file: save it as .xlsx or .csv")
    else:
        table = _read_csv(data)
    if not table.header or all(h == "" for h in table.header):
        raise _reject("the file has no header row")
    if table.cells.empty:
        raise _reject("the file has a header but no rows of figures")
    return table


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise _reject("the file is not a CSV or XLSX file (it looks like binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's plain "CSV" export on Windows.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _reject("the file is not text in UTF-8 or Windows-1252: is it a CSV file?") from None


def _read_csv(data: bytes) -> RawTable:
    text = _decode(data)
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
        raise _reject("the file is empty") from None
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            raise InputRejected(
                [
                    Problem(
                        int(found[2]), None, f"has {found[3]} cells but the header has {found[1]}"
                    )
                ]
            ) from None
        raise _reject(f"the file cannot be read as CSV: {exc}") from None
    frame = frame.fillna("")
    header = [str(h).strip() for h in frame.iloc[0].tolist()]
    cells = frame.iloc[1:].reset_index(drop=True)
    cells.columns = range(len(header))
    rows = pd.Series(range(2, len(cells) + 2), dtype="int64")
    return _drop_blank(RawTable(header, cells, rows))


def _drop_blank(table: RawTable) -> RawTable:
    """Skip wholly blank rows (Excel's trailing ',,,,'), keeping the others' row numbers."""
    if table.cells.empty:
        return table
    stripped = table.cells.apply(lambda col: col.str.strip())
    keep = (stripped != "").any(axis=1).to_numpy()
    table.cells = table.cells[keep].reset_index(drop=True)
    table.rows = table.rows[keep].reset_index(drop=True)
    return table


def _xlsx_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        fmt = cell.number_format or ""
        if "%" in fmt:
            # Read as shown: 0.855 displayed as 86% is 85.5, at full precision.
            return f"{float(Decimal(repr(value)) * 100)!r}%"
        return repr(value)
    return str(value)


def _read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook  # lazy: CSV loads should not pay for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise _reject(f"the file cannot be read as an Excel workbook: {exc}") from None
    names = book.sheetnames
    chosen = next((n for n in names if n.strip().lower() == "scorecard"), names[0])
    warnings = [
        Problem(None, None, f"sheet '{n}' ignored (only '{chosen}' is read)", Severity.WARNING)
        for n in names
        if n != chosen
    ]
    records = [[_xlsx_text(c) for c in row] for row in book[chosen].iter_rows()]
    book.close()
    if not records:
        raise _reject("the file is empty")
    width = max(len(r) for r in records)
    records = [r + [""] * (width - len(r)) for r in records]
    header = [h.strip() for h in records[0]]
    cells = pd.DataFrame(records[1:], columns=range(width), dtype=str)
    rows = pd.Series(range(2, len(cells) + 2), dtype="int64")
    return _drop_blank(RawTable(header, cells, rows, warnings))


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
