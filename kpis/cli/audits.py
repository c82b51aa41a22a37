"""The case-audit commands: import an audit file, summarise the grades, triangulate a month."""

from __future__ import annotations

import argparse
from pathlib import Path

from kpis.cli.common import EXIT_OK, EXIT_REJECTED, emit, month, say_problems, store, warn


def register(group) -> None:
    action = group("audits", "case audits: grades, moderation, follow-ups, triangulation")
    sub = action("import", "check an audit file (CSV or XLSX) and import it; publishes "
                 "audits_good_or_better", audits_import)  # fmt: skip
    sub.add_argument("file", type=Path)
    sub.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    sub = action("summary", "audits by month and grade (CSV)", summary)
    sub.add_argument("--period", default=None, metavar="YYYY-MM",
                     help="one month (default: every month with audits)")  # fmt: skip
    sub.add_argument("--by", choices=("team", "domain", "theme"), default=None,
                     help="one row per team, practice domain or theme")  # fmt: skip
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub = action("triangulate", "each team's audits of the 3 months to a month beside its "
                 "measures, with the flags (CSV)", triangulate)  # fmt: skip
    sub.add_argument("--period", required=True, metavar="YYYY-MM")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")


def audits_import(args: argparse.Namespace) -> int:
    from kpis.audits import importing

    data = args.file.read_bytes()
    opened = store(args)
    found = importing.check(opened, data, args.file.name)
    warn(found.warnings)
    if not found.ok:
        say_problems(found.errors)
        print(found.summary())
        opened.record("audits rejected", f"{args.file.name}: {len(found.errors)} problem(s)")
        return EXIT_REJECTED
    if not args.dry_run:
        found = importing.publish(opened, found, user=opened.actor.name)
    print(found.summary())
    return EXIT_OK


def summary(args: argparse.Namespace) -> int:
    from kpis.audits.counts import summary as summarise
    from kpis.tables import write_table

    period = month(args.period, "--period")
    table = summarise(store(args).audit_grades(), period, args.by)
    emit(write_table(table, args.out, sheet="Audits"), args.out)
    return EXIT_OK


def triangulate(args: argparse.Namespace) -> int:
    from kpis.audits.triangulation import triangulate as triangulated
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    period = month(args.period, "--period")
    opened = store(args)
    table = triangulated(
        opened.audit_grades(), opened.figures(), catalogue_for(opened), period or ""
    )
    emit(write_table(table, args.out, sheet="Triangulation"), args.out)
    return EXIT_OK
