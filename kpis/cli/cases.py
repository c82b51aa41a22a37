"""Commands for case-level data: import an Annex A workbook, export the cases behind it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpis.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, emit, store


def register(group) -> None:
    cases = group("cases", "case-level data from an Annex A workbook")
    sub = cases("import", "load an Annex A workbook and publish its KPIs", cases_import)
    sub.add_argument("file", type=Path)
    sub.add_argument("--as-at", default=None, metavar="YYYY-MM-DD", help="snapshot date")
    sub.add_argument("--dry-run", action="store_true")
    sub = cases("export", "the cases behind case-level KPIs (personal data)", cases_export)
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")


def cases_import(args: argparse.Namespace) -> int:
    from datetime import date

    from kpis.annex_a import AnnexAError
    from kpis.cases import import_workbook

    try:
        as_at = date.fromisoformat(args.as_at) if args.as_at else None
    except ValueError:
        raise UsageError(f"--as-at: '{args.as_at}' is not a date (YYYY-MM-DD)") from None
    data = args.file.read_bytes()
    opened = store(args)
    try:
        done = import_workbook(opened, data, args.file.name, as_at=as_at, dry_run=args.dry_run)
    except AnnexAError as rejected:
        for problem in rejected.problems:
            print(str(problem), file=sys.stderr)
        print(f"{args.file.name}: rejected; nothing was published")
        opened.record("load rejected", f"{args.file.name}: {len(rejected.problems)} problem(s)")
        return EXIT_REJECTED
    for problem in done.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    print(done.summary())
    return EXIT_OK


def cases_export(args: argparse.Namespace) -> int:
    from kpis.tables import write_table

    emit(write_table(store(args).cases(), args.out, sheet="Cases"), args.out)
    return EXIT_OK
