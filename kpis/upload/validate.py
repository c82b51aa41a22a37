"""Checking a whole scorecard file against the upload contract, reporting every problem at once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.problems import InputRejected, Problem, Severity, sort_key
from kpis.upload.held import drop_held
from kpis.upload.reader import MAX_BYTES, read_table
from kpis.upload.rules import MAX_LISTED, Checker
from kpis.upload.shapes import to_long
from kpis.upload.where import in_context

INTERNAL_ERROR = (
    "the file could not be checked because of a fault in the scorecard app; nothing was "
    "published: please report it with the file"
)
FIGURE_COLUMNS = [
    "kpi_id",
    "period",
    "team",
    "value",
    "numerator",
    "denominator",
    "target",
    "commentary",
]


@dataclass
class Validation:
    """The outcome of checking one file: its figures when clean, and every problem found."""

    file_name: str
    sha256: str
    shape: str = ""
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FIGURE_COLUMNS))
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_upload(
    data: bytes,
    file_name: str,
    catalogue: Catalogue,
    *,
    max_bytes: int = MAX_BYTES,
    held: Callable[[], pd.DataFrame] | None = None,
) -> Validation:
    """Read and check a scorecard file (CSV or XLSX, long or wide); never raises for bad input.

    `held` gives the published figures: a wide sheet's cells repeating one unchanged are left
    out (kpis.upload.held); read only for a wide sheet.
    """
    result = Validation(file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    warnings: list[Problem] = []
    table = None
    try:
        table = read_table(data, max_bytes=max_bytes)
        warnings = table.warnings
        long = to_long(table)
        if long.shape == "wide":
            long = drop_held(long, held() if held is not None else None)
        checker = Checker(long, catalogue)
        rows = checker.run()
    except InputRejected as rejected:
        _split(result, _placed(warnings + rejected.problems, table, catalogue))
        return result
    except Exception as exc:
        # A fault of ours must still reach the analyst as a report, never as a traceback.
        result.errors = [Problem(None, None, f"{INTERNAL_ERROR} ({type(exc).__name__}: {exc})")]
        return result
    result.shape = long.shape
    found = _placed(warnings + long.problems + checker.problems, table, catalogue)
    _split(result, found, checker.unlisted)
    if result.ok:
        result.rows = rows
    return result


def _placed(problems: list[Problem], table, catalogue: Catalogue) -> list[Problem]:
    return in_context(problems, table, catalogue) if table is not None else problems


def _split(
    result: Validation, problems: list[Problem], unlisted: dict[Severity, int] | None = None
) -> None:
    """Sort problems into errors and warnings, listing at most MAX_LISTED of each."""
    more = dict(unlisted or {})
    for problem in sorted(problems, key=sort_key):
        bucket = result.errors if problem.severity is Severity.ERROR else result.warnings
        if len(bucket) < MAX_LISTED:
            bucket.append(problem)
        else:
            more[problem.severity] = more.get(problem.severity, 0) + 1
    for severity, bucket in ((Severity.ERROR, result.errors), (Severity.WARNING, result.warnings)):
        if more.get(severity):
            what = "errors" if severity is Severity.ERROR else "warnings"
            text = f"and {more[severity]:,} more {what}, not listed (the first {MAX_LISTED:,} are)"
            bucket.append(Problem(None, None, text, severity))


def check_or_raise(data: bytes, file_name: str, catalogue: Catalogue) -> Validation:
    """Validate and raise InputRejected listing every error when the file is not clean."""
    result = validate_upload(data, file_name, catalogue)
    if not result.ok:
        raise InputRejected(result.errors)
    return result
