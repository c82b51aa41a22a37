"""Reading the chosen sheet of an XLSX upload, once the archive has been checked as safe."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kpis.problems import InputRejected, Problem, Severity
from kpis.upload.archive import CANNOT, check_archive, explain
from kpis.upload.sniff import reject

MAX_ROWS = 1_048_576
MAX_CELLS = 5_000_000


def read_xlsx(
    data: bytes, sheet: str = "Scorecard"
) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
    """The header of the sheet named `sheet` (any case; else the first sheet), its non-blank
    rows as text with their row numbers, and warnings."""
    return with_book(data, lambda book: _read_chosen(book, sheet))


def read_sheets(data: bytes) -> list[Sheet]:
    """Every sheet, in workbook order, each as its header and non-blank rows of text."""
    return with_book(data, lambda book: [_sheet(s) for s in book.worksheets])


def with_book(data: bytes, read: Callable[[Any], Any]) -> Any:
    """`read(book)` on the workbook opened read-only once check_archive passed; InputRejected for
    a bomb, a DTD or a damaged file, whatever openpyxl raises."""
    from openpyxl import load_workbook  # lazy: CSV loads should not pay for it

    check_archive(data)
    try:
        # openpyxl warns about odd parts on stderr with its own file paths, which reads like a
        # crash to an analyst at the command line; the parts it warns about are never needed.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # External links are other files' parts read whole; we never need them either.
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                return read(book)
            finally:
                book.close()
    except InputRejected:
        raise
    except Exception as exc:  # openpyxl raises nearly any type for a damaged workbook
        raise reject(f"{CANNOT}: {explain(exc)}") from None


@dataclass(frozen=True)
class Sheet:
    """One worksheet as text: its title, header, non-blank rows and their row numbers."""

    title: str
    header: list[str]
    records: list[list[str]]
    numbers: list[int]


def _read_chosen(
    book: Any, wanted: str
) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
    sheets = book.worksheets
    if not sheets:
        raise reject("the workbook has no worksheets")
    names = book.sheetnames
    chosen = next((s for s in sheets if s.title.strip().lower() == wanted.lower()), sheets[0])
    ignored = [
        Problem(
            None, None, f"sheet '{n}' ignored (only '{chosen.title}' is read)", Severity.WARNING
        )
        for n in names
        if n != chosen.title
    ]
    sheet = _sheet(chosen)
    return sheet.header, sheet.records, sheet.numbers, ignored


def checked_rows(
    sheet: Any, *, values_only: bool = False, kind: str = "a scorecard file"
) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows from row 1, refusing rows beyond Excel's last or over MAX_CELLS cells."""
    # The declared size is untrusted: too small hides rows, too large pads with blanks.
    sheet.reset_dimensions()
    seen = 0
    for number, row in enumerate(sheet.iter_rows(values_only=values_only), start=1):
        seen += len(row)
        if number > MAX_ROWS or seen > MAX_CELLS:
            raise _too_many(number, kind)
        yield row


def _sheet(chosen: Any) -> Sheet:
    header: list[str] = []
    records: list[list[str]] = []
    numbers: list[int] = []
    width = 0
    for number, row in enumerate(checked_rows(chosen), start=1):
        texts = _trimmed(_text(cell) for cell in row)
        if number == 1:
            header = texts
        elif any(t.strip() for t in texts):
            records.append(texts)
            numbers.append(number)
        else:
            continue
        width = max(width, len(texts))
        if width * (len(records) + 1) > MAX_CELLS:
            raise _too_many(number)
    header += [""] * (width - len(header))
    records = [r + [""] * (width - len(r)) for r in records]
    return Sheet(chosen.title, header, records, numbers)


def _too_many(row: int, kind: str = "a scorecard file") -> InputRejected:
    if row > MAX_ROWS:
        return reject(f"the sheet goes beyond row {MAX_ROWS:,}, Excel's last row")
    return reject(
        f"the sheet holds more than {MAX_CELLS:,} cells (at row {row:,}); {kind} "
        "needs far fewer: delete unused rows and columns and save it again"
    )


def _trimmed(texts: Iterable[str]) -> list[str]:
    out = list(texts)
    while out and out[-1] == "":
        out.pop()
    return out


def _text(cell: Any) -> str:
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
