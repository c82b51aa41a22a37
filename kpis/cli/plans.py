"""The improvement plan commands: import, export, status at a review date, progress report."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kpis.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, emit, say_problems, store, warn


def register(group) -> None:
    action = group("plan", "improvement plans: recommendations, actions, progress updates")
    sub = action("import", "check a plan file (XLSX of three sheets, or a CSV of one) and "
                 "import it", plan_import)  # fmt: skip
    sub.add_argument("file", type=Path)
    sub.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    sub = action("export", "the plan's three sheets (.xlsx), or one CSV section each", export)
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    for verb, handler, text in (
        ("status", status, "one row per recommendation at a review date (CSV)"),
        ("report", report, "the progress report (.docx, .html or .pdf)"),
    ):
        sub = action(verb, text, handler)
        sub.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                         help="the review date (default: the plan's latest review, as the "
                              "app opens on; today, UK, before any)")  # fmt: skip
        sub.add_argument("--as-of", default=None, metavar="T",
                         help="the figures as they stood then (date or ISO time)")  # fmt: skip
        sub.add_argument("--out", type=Path, default=None, required=verb == "report",
                         metavar="FILE")  # fmt: skip


def _review_date(text: str | None, opened) -> date:
    from kpis.plans.service import current_plan, default_review

    if text is None:
        return default_review(current_plan(opened))
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--date: '{text}' is not a date (YYYY-MM-DD)") from None


def _as_of(text: str | None):
    from kpis.clock import parse_as_of

    try:
        return parse_as_of(text) if text else None
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def plan_import(args: argparse.Namespace) -> int:
    from kpis.catalogue import load_catalogue
    from kpis.plans import importing

    data = args.file.read_bytes()
    opened = store(args)
    checked = importing.check(opened, data, args.file.name, load_catalogue())
    warn(checked.warnings)
    if not checked.ok:
        say_problems(checked.errors)
        print(checked.summary())
        opened.record("plan rejected", f"{args.file.name}: {len(checked.errors)} problem(s)")
        return EXIT_REJECTED
    if not args.dry_run:
        from kpis.access import Permission, require

        require(opened.actor, Permission.IMPORT_PLAN)
        checked = importing.publish(opened, checked, user=opened.actor.name)
    print(checked.summary())
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from kpis.access import Permission, require
    from kpis.plans.service import current_plan, export_sheets
    from kpis.tables import to_csv_bytes, to_xlsx_bytes

    opened = store(args)
    require(opened.actor, Permission.IMPORT_PLAN)
    sheets = export_sheets(current_plan(opened))
    out: Path | None = args.out
    if out is not None and out.suffix.lower() == ".xlsx":
        out.write_bytes(to_xlsx_bytes(sheets))
        return EXIT_OK
    if out is not None and out.suffix.lower() == ".csv":
        # One CSV per sheet beside the named file: plan.csv -> plan_recommendations.csv, ...
        for name, frame in sheets.items():
            target = out.with_name(f"{out.stem}_{name.lower()}.csv")
            target.write_bytes(to_csv_bytes(frame))
            print(f"wrote {name} to {target}")
        return EXIT_OK
    if out is not None:
        raise UsageError(f"--out: write the plan as .xlsx or .csv, not '{out.suffix}'")
    for name, frame in sheets.items():
        sys.stdout.write(f"# {name}\r\n")
        emit(to_csv_bytes(frame) + b"\r\n", None)
    return EXIT_OK


def status(args: argparse.Namespace) -> int:
    from kpis.plans.review import status_table
    from kpis.plans.service import review_at
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    opened = store(args)
    review, as_of = _review_date(args.date, opened), _as_of(args.as_of)
    reviewed = review_at(opened, catalogue_for(opened), review, as_of=as_of)
    emit(write_table(status_table(reviewed), args.out, sheet="Status"), args.out)
    return EXIT_OK


def report(args: argparse.Namespace) -> int:
    from kpis.pack.pdf import ChromiumMissing
    from kpis.plans.report import SUFFIXES, gather_report, write_report
    from kpis.problems import InputRejected, Problem
    from kpis.targets import catalogue_for

    if args.out.suffix.lower() not in SUFFIXES:
        raise UsageError(f"--out: the report is written as {', '.join(SUFFIXES)}")
    opened = store(args)
    review, as_of = _review_date(args.date, opened), _as_of(args.as_of)
    content = gather_report(opened, catalogue_for(opened), review, as_of)
    try:
        write_report(content, args.out)
    except ChromiumMissing as missing:
        raise InputRejected([Problem(None, None, str(missing))]) from None
    count = len(content.review.recommendations)
    print(f"wrote the progress report at {review.isoformat()} ({count} recommendations) "
          f"to {args.out}")  # fmt: skip
    return EXIT_OK
