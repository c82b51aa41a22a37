"""Commands for the published figures: catalogue, ingest, export, loads, rollback."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from kpis.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, emit, say_problems, store, warn


def register(command) -> None:
    command("catalogue", "list the KPIs: id, name, unit, polarity, target", catalogue)
    sub = command("ingest", "validate a scorecard file and publish it as one load", ingest)
    sub.add_argument("file", type=Path)
    sub.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    sub = command("export", "the current figures in the long upload format", export)
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="as the board saw them")
    command("loads", "the load history", loads)
    sub = command("rollback", "undo a load (its figures revert)", rollback)
    sub.add_argument("load_id", type=int, metavar="LOAD_ID")


def catalogue(args: argparse.Namespace) -> int:
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    rows = [
        {"id": k.id, "name": k.name, "unit": k.unit.value, "polarity": k.polarity.value,
         "target": k.target}
        for k in catalogue_for(store(args)).kpis
    ]  # fmt: skip
    emit(write_table(pd.DataFrame(rows), None), None)
    return EXIT_OK


def ingest(args: argparse.Namespace) -> int:
    from kpis import ingest as flow
    from kpis.catalogue import load_catalogue

    data = args.file.read_bytes()
    opened = store(args)
    checked = flow.check(opened, data, args.file.name, load_catalogue())
    if not checked.ok:
        warn(checked.warnings)
        say_problems(checked.errors)
        print(checked.summary())
        opened.record("load rejected", f"{args.file.name}: {len(checked.errors)} problem(s)")
        return EXIT_REJECTED
    if not args.dry_run:
        checked = flow.publish(opened, checked, user=opened.actor.name)
    warn(checked.warnings)
    print(checked.summary())
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from kpis.clock import parse_as_of
    from kpis.export import export_frame, sees_small_numbers
    from kpis.tables import write_table

    try:
        as_of = parse_as_of(args.as_of) if args.as_of else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    opened = store(args)
    frame = export_frame(opened, as_of, suppress=not sees_small_numbers(opened.actor))
    emit(write_table(frame, args.out, sheet="Scorecard"), args.out)
    return EXIT_OK


def loads(args: argparse.Namespace) -> int:
    from kpis.tables import write_table

    emit(write_table(store(args).loads(), None), None)
    return EXIT_OK


def rollback(args: argparse.Namespace) -> int:
    store(args).rollback(args.load_id)
    print(f"load {args.load_id} rolled back; its figures are back to what they were before it")
    return EXIT_OK
