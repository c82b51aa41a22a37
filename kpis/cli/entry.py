"""Commands for the month's figures without a file: the template to fill, and completeness."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpis.cli.common import EXIT_OK, UsageError, emit, month, store


def register(command) -> None:
    sub = command("template", "a template of the KPIs due in a month, to fill (.csv or .xlsx)",
                  template)  # fmt: skip
    sub.add_argument("--period", required=True, metavar="YYYY-MM")
    sub.add_argument("--layout", choices=["long", "wide"], default="long")
    sub.add_argument(
        "--months",
        type=int,
        default=12,
        metavar="N",
        help="wide layout: published months shown before the month (default 12)",
    )
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")
    sub = command("completeness", "which KPIs due in a month have figures (CSV kpi_id,name,status)",
                  completeness)  # fmt: skip
    sub.add_argument("--period", required=True, metavar="YYYY-MM")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")


def _suffix(out: Path) -> str:
    from kpis.entry.template import FORMATS

    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"--out: write a .csv or .xlsx file, not '{out.suffix or out.name}'")
    return suffix


def template(args: argparse.Namespace) -> int:
    from kpis.entry.template import MAX_MONTHS, template_bytes, template_frame
    from kpis.export import figures_for
    from kpis.periods import label
    from kpis.targets import catalogue_for

    period = month(args.period, "--period")
    suffix = _suffix(args.out)
    if not 0 <= args.months <= MAX_MONTHS:
        raise UsageError(f"--months: give 0 to {MAX_MONTHS}, not {args.months}")
    opened = store(args)
    catalogue = catalogue_for(opened)
    # Its previous and earlier values are figures like any other: a viewer's are the board's.
    frame = template_frame(catalogue, figures_for(opened), period, args.layout, args.months)
    args.out.write_bytes(template_bytes(frame, catalogue, suffix))
    print(
        f"wrote the {args.layout} template for {label(period)} ({len(frame)} measures due) "
        f"to {args.out}"
    )
    return EXIT_OK


def completeness(args: argparse.Namespace) -> int:
    from kpis.entry.completeness import completeness as table_of
    from kpis.entry.completeness import completeness_line
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    period = month(args.period, "--period")
    if args.out is not None:
        _suffix(args.out)
    opened = store(args)
    table = table_of(catalogue_for(opened), opened.figures(), period)
    emit(write_table(table, args.out, sheet="Completeness"), args.out)
    # The sentence goes beside the table: on stderr when the table itself is on stdout.
    print(completeness_line(table, period), file=sys.stdout if args.out else sys.stderr)
    return EXIT_OK
