"""Reading one import's files into returns, refusing (with every problem) what cannot be used."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import pandas as pd

from kpis.returns import xml903, xmlcin
from kpis.returns.checks import check
from kpis.returns.csv903 import read_csv903
from kpis.returns.files import Member, unpack
from kpis.returns.model import CIN, SSDA903, ReadResult, Return, content_hash
from kpis.returns.problems import ReturnProblem, ReturnsRejected
from kpis.returns.tables import REQUIRED, USED
from kpis.returns.xmlsafe import local, parse_xml


class _Found:
    """What the members hold so far: 903 tables by name (with their file), CIN files, problems."""

    def __init__(self) -> None:
        self.tables903: dict[str, list[tuple[str, pd.DataFrame | None]]] = defaultdict(list)
        self.files903: dict[str, bytes] = {}
        self.xml903: list[str] = []
        self.cin: dict[date, list[tuple[str, bytes, dict[str, pd.DataFrame]]]] = defaultdict(list)
        self.errors: list[ReturnProblem] = []


def read_returns(files: Sequence[tuple[str, bytes]], year: int | None = None) -> ReadResult:
    """The returns in the files (CSV, XML or zips of them): 903 tables make the return of the
    collection `year` (the year ending 31 March `year`), each CIN census a return of its own.

    Raises ReturnsRejected, with every problem, for anything §10.1 refuses; dirt in the
    records comes back as warnings.
    """
    unpacked = unpack(files)
    found = _Found()
    found.errors += unpacked.errors
    for member in unpacked.members:
        try:
            _read_member(member, found)
        except ReturnsRejected as refused:
            found.errors += refused.problems
    returns: list[Return] = []
    if found.files903:
        returns += _return903(found, year)
    returns += _returns_cin(found)
    if not returns and not found.errors:
        found.errors.append(
            ReturnProblem("", message="no SSDA903 table or CIN census was found among the files")
        )
    if found.errors:
        raise ReturnsRejected(found.errors)
    warnings = list(unpacked.warnings)
    for ret in returns:
        warnings += check(ret)
    return ReadResult(tuple(returns), tuple(warnings))


def _read_member(member: Member, found: _Found) -> None:
    if member.kind == "csv":
        table = read_csv903(member.name, member.data)
        frame = table.frame
        if frame is not None:
            frame = frame.assign(element="")
        found.tables903[table.name].append((member.name, frame))
        found.files903[member.name] = member.data
        return
    root = parse_xml(member.name, member.data)
    kind = local(root.tag)
    if kind == xml903.ROOT:
        for table, frame in xml903.read_xml903(member.name, root).items():
            found.tables903[table].append((member.name, frame))
        found.files903[member.name] = member.data
        found.xml903.append(member.name)
    elif kind == xmlcin.ROOT:
        day = xmlcin.reference_date(member.name, root)
        found.cin[day].append((member.name, member.data, xmlcin.read_cin(member.name, root)))
    else:
        raise ReturnsRejected(
            [
                ReturnProblem(
                    member.name,
                    message=f"an XML file whose root is <{kind}>: an SSDA903 return's root is "
                    f"<{xml903.ROOT}> and a CIN census's <{xmlcin.ROOT}>",
                    kind="unknown XML",
                )
            ]
        )


def _return903(found: _Found, year: int | None) -> list[Return]:
    errors = found.errors
    for table, given in found.tables903.items():
        if len(given) > 1:
            names = " and ".join(name for name, _ in given)
            errors.append(ReturnProblem(names, message=f"the {table} table is given twice"))
    for table in REQUIRED:
        if table not in found.tables903:
            errors.append(
                ReturnProblem(
                    "",
                    message=f"the SSDA903 files have no {table} table: a 903 return needs "
                    f"{' and '.join(REQUIRED)}",
                    kind="no table",
                )
            )
    if year is None:
        errors.append(
            ReturnProblem(
                "",
                message="SSDA903 files carry no year: name the collection year (--year 2025 is "
                "the year ending 31 March 2025)",
                kind="no year",
            )
        )
    if "Header" in found.tables903:
        errors += _twice_in_header(found.tables903["Header"][0][1])
    if errors or year is None:
        return []
    tables = {}
    for table in USED:
        given = found.tables903.get(table)
        if not given or given[0][1] is None:
            continue
        # An XML return holds every table's elements only where a child has them: one with
        # none of a table (no OC2 anywhere, say) has not given that table at all.
        from_xml = given[0][0] in found.xml903
        if from_xml and table not in REQUIRED and not len(given[0][1]):
            continue
        tables[table] = given[0][1]
    names = tuple(found.files903)
    sha = content_hash(list(found.files903.values()))
    return [Return(SSDA903, date(year, 3, 31), tables, names, sha)]


def _twice_in_header(frame: pd.DataFrame | None) -> list[ReturnProblem]:
    """A CHILD given twice in a CSV Header (the XML reader refuses its own)."""
    if frame is None or frame["row"].isna().all():
        return []
    ids = frame["child"]
    twice = ids.duplicated(keep="first") & (ids != "")
    first = frame.groupby("child", sort=False)["row"].transform("first")
    return [
        ReturnProblem(
            str(frame["file"].iat[i]),
            row=int(frame["row"].iat[i]),
            column="CHILD",
            message=f"child {ids.iat[i]} is in Header twice (first at row {int(first.iat[i])})",
            kind="child twice in Header",
        )
        for i in range(len(frame))
        if twice.iat[i]
    ]


def _returns_cin(found: _Found) -> list[Return]:
    out = []
    for day, files in sorted(found.cin.items()):
        if len(files) > 1:
            names = " and ".join(name for name, _, _ in files)
            found.errors.append(
                ReturnProblem(
                    names,
                    message=f"two CIN census files with the ReferenceDate "
                    f"{day.strftime('%d/%m/%Y')}: load one",
                )
            )
            continue
        name, data, tables = files[0]
        out.append(Return(CIN, day, tables, (name,), content_hash([data])))
    return out
