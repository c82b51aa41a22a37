"""The files given, unpacked: CSV and XML as they are, zips opened within the upload limits."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal

from kpis.problems import InputRejected
from kpis.returns.problems import ReturnProblem
from kpis.upload.archive import explain, open_zip

# A large authority's CIN census is some tens of MB; the limit keeps a parse within memory.
MAX_FILE = 100 * 2**20
_NOT_READABLE = "not a readable CSV, XML or zip file"
_BINARY = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_OLE = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Member:
    """One CSV or XML file to read, named as the analyst knows it (`returns.zip/header.csv`)."""

    name: str
    data: bytes
    kind: Literal["csv", "xml"]


@dataclass
class Unpacked:
    members: list[Member] = field(default_factory=list)
    errors: list[ReturnProblem] = field(default_factory=list)
    warnings: list[ReturnProblem] = field(default_factory=list)


def _kind(name: str, data: bytes) -> Literal["csv", "xml"] | str:
    """'csv' or 'xml' by content (whatever the name says), else why the file cannot be read."""
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        return "the file is empty"
    if data.startswith(_OLE):
        return "an old-style Excel file or a password-protected workbook: save each table as CSV"
    if data.startswith(_BINARY) or b"\x00" in data[:4096]:
        return f"{_NOT_READABLE} (it looks like binary data)"
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "xml" if start.startswith(b"<") else "csv"


def unpack(files: Sequence[tuple[str, bytes]]) -> Unpacked:
    """Every CSV and XML among the files and inside their zips; refusals and warnings listed."""
    out = Unpacked()
    for name, data in files:
        if len(data) > MAX_FILE:
            out.errors.append(_too_big(name, len(data)))
        elif data.startswith(ZIP_MAGIC):
            _unzip(name, data, out)
        else:
            _add(name, data, out)
    return out


def _too_big(name: str, size: int) -> ReturnProblem:
    return ReturnProblem(
        name,
        message=f"the file is {size / 2**20:,.1f} MB, over the {MAX_FILE // 2**20} MB limit",
        kind="too big",
    )


def _add(name: str, data: bytes, out: Unpacked) -> None:
    kind = _kind(name, data)
    if kind in ("csv", "xml"):
        out.members.append(Member(name, data, kind))  # type: ignore[arg-type]
    else:
        out.errors.append(ReturnProblem(name, message=kind, kind="unreadable file"))


def _unzip(name: str, data: bytes, out: Unpacked) -> None:
    try:
        archive = open_zip(data)
        names = archive.namelist()
        if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
            out.errors.append(
                ReturnProblem(
                    name,
                    message="an Excel workbook, not a return: save each 903 table as CSV",
                    kind="unreadable file",
                )
            )
            return
        for info in archive.infolist():
            _member(name, archive, info, out)
    except InputRejected as refused:
        out.errors += [
            ReturnProblem(name, message=p.message, kind="unsafe zip") for p in refused.problems
        ]
    except Exception as exc:  # zipfile and zlib raise many types for a damaged archive
        out.errors.append(
            ReturnProblem(name, message=f"{_NOT_READABLE}: {explain(exc)}", kind="unreadable file")
        )


def _member(zip_name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: Unpacked) -> None:
    path = PurePosixPath(info.filename)
    if info.is_dir() or "__MACOSX" in path.parts or path.name.startswith("."):
        return
    name = f"{zip_name}/{info.filename}"
    if path.suffix.lower() not in (".csv", ".xml"):
        out.warnings.append(
            ReturnProblem(name, message="ignored: only CSV and XML files are read", kind="ignored")
        )
        return
    if info.file_size > MAX_FILE:
        out.errors.append(_too_big(name, info.file_size))
        return
    _add(name, archive.read(info), out)
