"""One SSDA903 CSV: its table recognised by its columns, the used columns kept as text."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from kpis.returns.problems import ReturnProblem, ReturnsRejected, refuse
from kpis.returns.tables import USED, field, nearest, recognise

_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
# DfE's widest table has 13 columns; a header far wider is not a 903 table.
MAX_COLUMNS = 200


@dataclass(frozen=True)
class CsvTable:
    """A recognised table: its name, the header as written, and (for a used table) the frame of
    its used fields as stripped text with `row`, the Excel row (header = 1), and `file`."""

    name: str
    header: dict[str, str]
    frame: pd.DataFrame | None


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, as Excel saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv903(name: str, data: bytes) -> CsvTable:
    """Read one 903 table; raises ReturnsRejected when it is no readable table of DfE's."""
    text = decode(data)
    first = next(csv.reader(io.StringIO(text[:65536], newline="")), [])
    if len(first) > MAX_COLUMNS:
        raise refuse(name, f"the header has {len(first):,} columns; no 903 table has so many")
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            header=None,
            skip_blank_lines=False,
        ).fillna("")
    except pd.errors.EmptyDataError:
        raise refuse(name, "the file is empty") from None
    except (pd.errors.ParserError, csv.Error) as exc:
        raise ReturnsRejected([_unreadable(name, str(exc))]) from None
    header = [str(h).strip() for h in cells.iloc[0]]
    table = recognise(header)
    if table is None:
        raise refuse(
            name,
            f"its columns match no SSDA903 table: {nearest(header).describe()}",
            row=1,
            kind="unknown table",
        )
    by_name = {h.upper(): i for i, h in enumerate(header)}
    written = {h.upper(): h for h in header}
    if table not in USED:
        return CsvTable(table, written, None)
    body = cells.iloc[1:]
    columns = {field(c): body.iloc[:, by_name[c]].str.strip() for c in USED[table]}
    frame = pd.DataFrame(columns)
    frame["row"] = pd.array(range(2, len(body) + 2), dtype="Int64")
    # Fully blank rows (Excel's trailing ',,,,') are not records; the others keep their numbers.
    filled = (body.apply(lambda col: col.str.strip()) != "").any(axis=1).to_numpy()
    frame = frame[filled].reset_index(drop=True)
    frame["file"] = name
    return CsvTable(table, written, frame)


def _unreadable(name: str, message: str) -> ReturnProblem:
    if found := _RAGGED.search(message):
        return ReturnProblem(
            name,
            row=int(found[2]),
            message=f"not a readable CSV: this row has {found[3]} cells, the header {found[1]}",
            kind="unreadable file",
        )
    first = message.split("\n", 1)[0]
    return ReturnProblem(name, message=f"not a readable CSV: {first}", kind="unreadable file")
