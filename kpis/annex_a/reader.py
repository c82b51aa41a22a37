"""Reading an Annex A workbook into typed lists, rejecting only what cannot be used."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd

from kpis.annex_a.checks import after_as_at, cross_checks, default_as_at, duplicates
from kpis.annex_a.columns import closest_header, match_columns
from kpis.annex_a.fields import FIELDS, LIST_TITLES, Field, Kind
from kpis.annex_a.model import AnnexAError, AnnexAProblem, AnnexAResult, problem_order
from kpis.annex_a.sources import RawSheet, Source, read_sources, sheets_from_frames
from kpis.annex_a.values import (
    cell_text,
    parse_answers,
    parse_counts,
    parse_dates,
    parse_text,
    read_ete,
    read_in_touch,
    read_suitable,
    read_yes_no,
)

UNALLOCATED = "Unallocated"
_ANSWER_READERS = {
    "unnecessary": read_yes_no,
    "cp_plan": read_yes_no,
    "in_touch": read_in_touch,
    "suitability": read_suitable,
    "activity": read_ete,
}
# Our name for the yes/true flag each coded answer becomes.
_FLAGS = {
    "unnecessary": "is_unnecessary",
    "cp_plan": "has_plan",
    "in_touch": "is_in_touch",
    "suitability": "is_suitable",
    "activity": "is_ete",
}
_TAKEN_AS = {
    "unnecessary": "taken as not deemed unnecessary",
    "cp_plan": "taken as no plan",
    "in_touch": "taken as not in touch",
    "suitability": "taken as not suitable",
    "activity": "taken as not in education, employment or training",
}


def _today(today: date | None) -> date:
    if today is not None:
        return today
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/London")).date()


def read_annex_a(
    source: Source, *, as_at: date | None = None, today: date | None = None
) -> AnnexAResult:
    """Read an XLSX workbook, a folder or zip of one CSV per list, or the bytes of either.

    Raises AnnexAError (with every problem) when the file cannot be read or a list it has
    lacks a column a KPI needs; everything else is a warning on the result.
    """
    sheets, problems, name = read_sources(source)
    return _build(sheets, problems, as_at, _today(today), name)


def load_frames(
    frames: Mapping[str | int, pd.DataFrame],
    *,
    as_at: date | None = None,
    today: date | None = None,
) -> AnnexAResult:
    """The same reading for lists already in memory, keyed 'List 4' (or 4) and so on."""
    sheets, problems = sheets_from_frames(frames)
    return _build(sheets, problems, as_at, _today(today), "frames")


def _build(
    sheets: list[RawSheet],
    problems: list[AnnexAProblem],
    as_at: date | None,
    today: date,
    name: str,
) -> AnnexAResult:
    errors: list[AnnexAProblem] = []
    warnings = list(problems)
    matched = {}
    for sheet in sheets:
        match = match_columns(sheet.headers, FIELDS[sheet.list_no])
        for spec in match.missing_required():
            errors.append(_missing(sheet, spec))
        for spec in match.missing:
            if not spec.required:
                warnings.append(
                    AnnexAProblem(
                        sheet.list_no,
                        None,
                        spec.header,
                        f"no '{spec.header}' column in '{sheet.name}'; "
                        + ("every case is Unallocated" if spec.name == "team" else "left blank"),
                    )
                )
        matched[sheet.list_no] = match
    if errors:
        raise AnnexAError(errors)
    lists, headers = {}, {}
    for sheet in sheets:
        found = matched[sheet.list_no].found
        frame, found_warnings = _typed(sheet, found, today)
        lists[sheet.list_no] = frame
        headers[sheet.list_no] = {f: sheet.headers[i] for f, i in found.items()}
        warnings += found_warnings
    for list_no in FIELDS:
        if list_no not in lists:
            warnings.append(
                AnnexAProblem(
                    list_no, None, None, f"no {LIST_TITLES[list_no]}: its KPIs are not computed"
                )
            )
    as_at = as_at or default_as_at(lists, today)
    for list_no, frame in lists.items():
        names = headers[list_no]
        warnings += after_as_at(list_no, frame, names, as_at)
        warnings += cross_checks(list_no, frame, names)
        if list_no in (8, 9):
            frame["superseded"], dupes = duplicates(list_no, frame, names)
            warnings += dupes
    return AnnexAResult(
        lists=lists,
        as_at=as_at,
        warnings=tuple(sorted(warnings, key=problem_order)),
        headers=headers,
        sheets={s.list_no: s.name for s in sheets},
        source=name,
    )


def _missing(sheet: RawSheet, spec: Field) -> AnnexAProblem:
    near = closest_header(sheet.headers, spec)
    hint = f" (closest header: '{near}')" if near else ""
    return AnnexAProblem(
        sheet.list_no,
        None,
        spec.header,
        f"'{sheet.name}' has no '{spec.header}' column, needed for {', '.join(spec.used_by)}{hint}",
    )


def _typed(
    sheet: RawSheet, found: Mapping[str, int], today: date
) -> tuple[pd.DataFrame, list[AnnexAProblem]]:
    """One column per field, read; warnings for every cell that is blank or unreadable."""
    index = pd.RangeIndex(len(sheet.data))
    out: dict[str, object] = {"row": sheet.rows}
    problems: list[AnnexAProblem] = []

    def warn(mask: pd.Series, column: int, message: str) -> None:
        header = sheet.headers[column]
        raw = sheet.data.iloc[:, column]
        for i in np.flatnonzero(mask.to_numpy()):
            cell = cell_text(raw.iat[i])
            text = message.replace("{cell}", cell)
            problems.append(AnnexAProblem(sheet.list_no, int(sheet.rows[i]), header, text))

    for spec in FIELDS[sheet.list_no]:
        if spec.name not in found:
            fill = UNALLOCATED if spec.name == "team" else ""
            out[spec.name] = pd.Series(fill, index=index, dtype=object)
            continue
        column = found[spec.name]
        values = sheet.data.iloc[:, column]
        left_out = f"left out of {', '.join(spec.used_by)}"
        if spec.kind in (Kind.ID, Kind.TEXT):
            text = parse_text(values)
            if spec.name == "team":
                text = text.mask(text == "", UNALLOCATED)
            out[spec.name] = text
            if not spec.blank_ok:
                warn(text == "", column, "no child id; the row still counts")
        elif spec.kind is Kind.DATE:
            days, bad = parse_dates(values, today)
            out[spec.name], out[f"{spec.name}_bad"] = days, bad
            warn(bad, column, f"cannot read '{{cell}}' as a date; {left_out}")
            if not spec.blank_ok:
                warn(days.isna() & ~bad, column, f"no date; {left_out}")
        elif spec.kind is Kind.COUNT:
            numbers, bad = parse_counts(values)
            out[spec.name], out[f"{spec.name}_bad"] = numbers, bad
            warn(bad, column, f"cannot read '{{cell}}' as a number of placements; {left_out}")
            warn(numbers.isna() & ~bad, column, f"no number of placements; {left_out}")
        else:
            yes, _blank, bad = parse_answers(values, _ANSWER_READERS[spec.name])
            out[_FLAGS[spec.name]] = yes
            if spec.kind is Kind.ANSWER:
                out[spec.name] = parse_text(values)
            warn(bad, column, f"answer '{{cell}}' not recognised; {_TAKEN_AS[spec.name]}")
    return pd.DataFrame(out, index=index), problems
