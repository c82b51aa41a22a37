"""Checking that an uploaded zip is safe to open: no bombs, no DTDs; workbooks for openpyxl."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections import defaultdict
from collections.abc import Callable
from typing import Any, BinaryIO
from xml.etree import ElementTree
from xml.parsers import expat

from kpis.problems import InputRejected
from kpis.upload.sniff import NOT_OURS, reject

MAX_UNPACKED = 200 * 2**20
MAX_MEMBERS = 2_000
MAX_RATIO = 100
# Small parts legitimately compress far better than big ones; only big ones can bomb.
RATIO_FROM = 2**20
# openpyxl builds a whole tree of these parts, costing some 20 times their size in memory.
MAX_PART = 10 * 2**20
# The shared-strings table is streamed but kept whole as Python strings.
MAX_STRINGS = 50 * 2**20

CANNOT = "the file cannot be read as an Excel workbook"
_SHEET_TYPE = "spreadsheetml.worksheet+xml"
_STRINGS_TYPE = "spreadsheetml.sharedStrings+xml"
# Parts openpyxl reads whole by their fixed names, whatever the relationships say.
_FIXED = {
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/_rels/workbook.xml.rels",
    "xl/workbook.xml",
    "xl/styles.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "docProps/custom.xml",
}


class _Doctype(Exception):
    pass


class _Root(Exception):
    pass


def check_archive(data: bytes) -> None:
    """Refuse zips that are not workbooks, zip bombs, and XML with a DTD, before openpyxl runs."""
    try:
        _check_archive(data)
    except InputRejected:
        raise
    except Exception as exc:  # zipfile and zlib raise many types for a damaged archive
        raise reject(f"{CANNOT}: {explain(exc)}") from None


def _check_archive(data: bytes) -> None:
    archive = open_zip(data, "the workbook", "part", f"; {CANNOT}", _refuse_other_documents)
    infos = archive.infolist()
    xml = {info.filename for info in infos if _is_xml(archive, info)}
    _check_part_sizes(archive, infos, xml)


def open_zip(
    data: bytes,
    noun: str = "the zip",
    member: str = "file",
    tail: str = "",
    first: Callable[[zipfile.ZipFile], None] | None = None,
) -> zipfile.ZipFile:
    """The zip, once it has passed the limits every zip gets (members, unpacked size, password,
    compression ratio); `first` runs before the sizes are looked at. Raises InputRejected."""
    # Counted from the raw bytes: zipfile would build an object per member before we could.
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise reject(f"{noun} holds more than {MAX_MEMBERS:,} {member}s{tail}")
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if first is not None:
        first(archive)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise reject(
            f"{noun} unpacks to {total / 2**20:,.0f} MB, over the "
            f"{MAX_UNPACKED / 2**20:.0f} MB limit"
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise reject(f"{noun} is encrypted: remove the password and save it again")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise reject(
                f"{member} '{info.filename}' unpacks to over {MAX_RATIO} times its packed size, "
                "as only a zip bomb does; the file was refused"
            )
    return archive


def _refuse_other_documents(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "xl/workbook.bin" in names:
        raise reject("this is an Excel binary workbook (.xlsb): save it as .xlsx or .csv")
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return
    if "word/document.xml" in names:
        what = "a Word document"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation"
    elif "mimetype" in names or "content.xml" in names:
        what = "an OpenDocument file (save spreadsheets as .xlsx or .csv)"
    else:
        what = "a zip archive"
    raise reject(f"the file is {what}, {NOT_OURS}")


class DeclaresDtd(Exception):
    """XML with a document type declaration, where entity declarations live."""


def reaches_root(stream: BinaryIO) -> bool:
    """Whether the bytes parse as XML up to the root element; raises DeclaresDtd for any DTD
    before it (a DTD can come nowhere else, so none is left unseen)."""
    # expat itself does the looking, so every encoding it accepts is covered.
    parser = expat.ParserCreate()

    def on_doctype(*_: Any) -> None:
        raise _Doctype

    def on_element(*_: Any) -> None:
        raise _Root

    parser.StartDoctypeDeclHandler = on_doctype
    parser.StartElementHandler = on_element
    try:
        while chunk := stream.read(65536):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Root:
        return True
    except _Doctype:
        raise DeclaresDtd from None
    except expat.ExpatError:
        return False
    return False


def _is_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part parses as XML up to its root element; refuses any DTD on the way."""
    try:
        with archive.open(info) as stream:
            return reaches_root(stream)
    except DeclaresDtd:
        raise reject(
            f"part '{info.filename}' declares a DTD (<!DOCTYPE>), which Excel never writes and "
            "which can hide an entity-expansion attack; the file was refused"
        ) from None
    except Exception as exc:  # damaged or unsupported compression: zipfile/zlib raise many types
        raise reject(f"{CANNOT}: part '{info.filename}' cannot be unpacked ({exc})") from None


def _check_part_sizes(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], xml: set[str]
) -> None:
    """Only worksheets and the shared strings, which openpyxl streams, may be big."""
    for info in infos:
        name = info.filename
        if name in xml and info.file_size > MAX_PART and (name in _FIXED or name.endswith(".rels")):
            raise _too_big(name, MAX_PART)
    kinds = _relationship_kinds(archive, xml)
    for name, kind in _content_types(archive).items():
        kinds[name].add(kind)
    for info in infos:
        name = info.filename
        if name not in xml or info.file_size <= MAX_PART:
            continue
        if kinds[name] == {"worksheet"} and name not in _FIXED:
            continue
        if kinds[name] == {"sharedStrings"} and name not in _FIXED:
            if info.file_size > MAX_STRINGS:
                raise _too_big(name, MAX_STRINGS)
            continue
        raise _too_big(name, MAX_PART)


def _too_big(name: str, limit: int) -> InputRejected:
    return reject(
        f"part '{name}' of the workbook is over {limit / 2**20:.0f} MB once unpacked, "
        "more than a scorecard needs; the file was refused"
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationship_kinds(archive: zipfile.ZipFile, xml: set[str]) -> defaultdict[str, set[str]]:
    """Each part's relationship types ('worksheet', ...), resolving targets as openpyxl does."""
    kinds: defaultdict[str, set[str]] = defaultdict(set)
    for name in xml:
        if not name.endswith(".rels"):
            continue
        # Safe to build a tree: no DTD (checked) and at most MAX_PART bytes.
        for rel in ElementTree.fromstring(archive.read(name)).iter():
            target = rel.get("Target")
            if (
                _local(rel.tag) != "Relationship"
                or not target
                or rel.get("TargetMode") == "External"
            ):
                continue
            if target.startswith("/"):
                path = target[1:]
            else:
                parent = posixpath.split(posixpath.dirname(name))[0]
                path = posixpath.normpath(posixpath.join(parent, target))
            kinds[path].add(rel.get("Type", "").rsplit("/", 1)[-1])
    return kinds


def _content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Parts named in [Content_Types].xml: openpyxl finds the workbook and strings this way."""
    types = {}
    for item in ElementTree.fromstring(archive.read("[Content_Types].xml")).iter():
        part, kind = item.get("PartName"), item.get("ContentType", "")
        if _local(item.tag) != "Override" or not part:
            continue
        if kind.endswith(_SHEET_TYPE):
            types[part.lstrip("/")] = "worksheet"
        elif kind.endswith(_STRINGS_TYPE):
            types[part.lstrip("/")] = "sharedStrings"
        else:
            types[part.lstrip("/")] = kind
    return types


def explain(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    if "defusedxml" in type(exc).__module__ or (cause and "defusedxml" in type(cause).__module__):
        return "it contains XML entity declarations, which Excel never writes"
    # openpyxl wraps the real fault in a long ValueError; the cause says more.
    if cause is not None and str(exc).startswith("Unable to read workbook"):
        exc = cause
    text = str(exc).split("\n", 1)[0] or type(exc).__name__
    text = text if len(text) <= 200 else text[:199] + "…"
    if isinstance(exc, IndexError | KeyError | TypeError | AttributeError):
        # Python's own words for a part that points at something missing or malformed.
        return f"its contents are damaged ({text})"
    return text
