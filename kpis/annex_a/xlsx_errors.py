"""Excel error cells (#N/A, #REF!...) of a workbook, which calamine reads as blanks."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

_ERROR = b't="e"'
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the zip, as the workbook and its relationships say."""
    # Safe to parse as trees: check_archive refused DTDs and over-large parts before this.
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        target = targets.get(sheet.get(_REL), "")
        path = target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        parts[sheet.get("name", "")] = path
    return parts


def _errors_in(xml: bytes) -> dict[tuple[int, int], str]:
    found = {}
    at = xml.find(_ERROR)
    while at != -1:
        start = xml.rfind(b"<c ", 0, at)
        end = xml.find(b">", at)
        close = xml.find(b"</c>", end)
        ref = _REF.search(xml, start, end)
        value = _VALUE.search(xml, end, close) if close != -1 else None
        if ref and value and start != -1:
            row, column = int(ref[2]), _column(ref[1])
            found[(row, column)] = value[1].decode("utf-8", errors="replace")
        at = xml.find(_ERROR, end)
    return found


def error_cells(raw: bytes, sheets: list[str]) -> dict[str, dict[tuple[int, int], str]]:
    """For each named sheet, its error cells as {(Excel row, column number): '#N/A'}, so the
    reader sees them as openpyxl did: as the error's text (a team '#N/A' is Unallocated, a
    date '#N/A' is reported as unreadable rather than missing)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = _sheet_parts(archive)
        names = set(archive.namelist())
        out = {}
        for sheet in sheets:
            part = parts.get(sheet)
            if part not in names:
                continue
            xml = archive.read(part)
            if _ERROR in xml:
                out[sheet] = _errors_in(xml)
        return out
