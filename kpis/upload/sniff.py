"""Telling what an uploaded file really is from its bytes, whatever its name says."""

from __future__ import annotations

import json
from typing import Literal

from kpis.problems import InputRejected, Problem

ZIP_MAGIC = b"PK\x03\x04"
NOT_OURS = "not a CSV or XLSX file"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"{\\rtf", "a rich-text (RTF) document"),
)
_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_UTF32 = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_SAVE_AS = "in Excel use Save As and choose 'CSV UTF-8 (Comma delimited)' or 'Excel Workbook'"


def reject(message: str, row: int | None = None) -> InputRejected:
    return InputRejected([Problem(row, None, message)])


def kind_of(data: bytes) -> Literal["xlsx", "csv"]:
    """'xlsx' for a zip (checked further by the XLSX reader), 'csv' for text; rejects the rest."""
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        # Excel also wraps a password-protected .xlsx in this old container.
        raise reject(
            "this is an old-style Excel (.xls) file or a password-protected workbook: "
            "remove any password and save it as .xlsx or .csv"
        )
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise reject(f"the file is {what}, {NOT_OURS}")
    if data.startswith(_UTF32):
        raise reject(f"the file is UTF-32 text, which is not accepted: {_SAVE_AS}")
    if data.startswith(_UTF16) or _looks_utf16(data[:4096]):
        raise reject(
            "the file is UTF-16 text (Excel's 'Unicode Text', usually tab-separated), "
            f"which is not accepted: {_SAVE_AS}"
        )
    nul = data.find(b"\x00")
    if 0 <= nul < 4096:
        raise reject(f"the file is {NOT_OURS} (it looks like binary data)")
    if nul >= 0:
        # Counted in lines, which is the Excel row unless a quoted cell spans lines.
        row = data.count(b"\n", 0, nul) + 1
        raise reject(f"holds a NUL byte: the file is damaged or is {NOT_OURS}", row)
    return "csv"


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL after (or before) every byte."""
    if len(head) < 4:
        return False
    odd, even = head[1::2], head[0::2]
    for nuls, text in ((odd, even), (even, odd)):
        if nuls.count(0) > 0.8 * len(nuls) and text.count(0) < 0.1 * len(text):
            return True
    return False


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252 text, refusing documents that are not CSV."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel's plain "CSV" export on Windows.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise reject(
                f"the file is not text in UTF-8 or Windows-1252: is it a CSV file? {_SAVE_AS}"
            ) from None
    _refuse_documents(text)
    return text


def _refuse_documents(text: str) -> None:
    start = text.lstrip()[:2048].lower()
    if start.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start or "excel.sheet" in start:
            raise reject(
                f"the file is an Excel 2003 XML spreadsheet, which is not accepted: {_SAVE_AS}"
            )
        if start.startswith("<!doctype html") or "<html" in start:
            raise reject(
                f"the file is a web page (HTML), {NOT_OURS}: if it was downloaded, the download "
                "may have failed or returned a sign-in page"
            )
        raise reject(f"the file is an XML or HTML document, {NOT_OURS}")
    if start[:1] in ("{", "["):
        try:
            json.loads(text)
        except (ValueError, RecursionError):
            return
        raise reject(f"the file is JSON data, {NOT_OURS}")
