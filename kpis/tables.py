"""Writing tables as CSV or XLSX: deterministic bytes, spreadsheet formulas neutralised."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kpis.upload.reader import neutralise

_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _cell(value: object) -> object:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars write as plain numbers
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, str):
        return neutralise(value)
    return value


def _text(value: object) -> str:
    cell = _cell(value)
    if cell is None:
        return ""
    return repr(cell) if isinstance(cell, float) else str(cell)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV, numbers at full precision (shortest round-trip form), formulas neutralised."""
    text = frame.astype(object).map(_text)
    buffer = io.StringIO()
    # CRLF, as RFC 4180 and Excel write it: a cell holding a bare CR is then quoted too.
    text.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8")


def to_xlsx_bytes(
    sheets: dict[str, pd.DataFrame], finish: Callable[[object, pd.DataFrame], None] | None = None
) -> bytes:
    """An XLSX workbook, one sheet per frame, byte-identical for identical input; `finish`
    (worksheet, frame) may dress each sheet (widths, frozen panes, validation) before saving."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append([str(c) for c in frame.columns])
        for record in frame.astype(object).itertuples(index=False):
            sheet.append([_cell(v) for v in record])
        if finish is not None:
            finish(sheet, frame)
    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    book.properties.created = fixed
    book.properties.modified = fixed
    raw = io.BytesIO()
    book.save(raw)
    return fix_zip_times(raw.getvalue())


def fix_zip_times(data: bytes) -> bytes:
    """The same archive with every member dated 2000-01-01, so equal content is equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time here whatever the workbook's properties say.
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body
                )
            target.writestr(fixed, body)
    return out.getvalue()


def write_table(frame: pd.DataFrame, out: str | Path | None, sheet: str = "Data") -> bytes:
    """CSV, or XLSX when the name ends .xlsx; returns the bytes and writes them if `out` is set."""
    is_xlsx = out is not None and str(out).lower().endswith(".xlsx")
    data = to_xlsx_bytes({sheet: frame}) if is_xlsx else to_csv_bytes(frame)
    if out is not None:
        Path(out).write_bytes(data)
    return data
