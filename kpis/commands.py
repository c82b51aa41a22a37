"""The command handlers behind `python -m kpis`; each returns the exit status."""

from __future__ import annotations

import argparse
import sys

from kpis.cli import EXIT_OK, EXIT_REJECTED, UsageError, say_problems, warn


def _store(args: argparse.Namespace):
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from kpis.store import Store

    try:
        return Store(args.db)
    except (ArgumentError, NoSuchModuleError, OperationalError, ValueError) as exc:
        raise UsageError(f"cannot open the database {args.db!r}: {exc}") from None


def _emit(data: bytes, out) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def catalogue(args: argparse.Namespace) -> int:
    import pandas as pd

    from kpis.catalogue import load_catalogue
    from kpis.tables import write_table

    rows = [
        {
            "id": k.id,
            "name": k.name,
            "unit": k.unit.value,
            "polarity": k.polarity.value,
            "target": k.target,
        }
        for k in load_catalogue().kpis
    ]
    _emit(write_table(pd.DataFrame(rows), None), None)
    return EXIT_OK


def ingest(args: argparse.Namespace) -> int:
    from kpis import ingest as flow
    from kpis.catalogue import load_catalogue

    data = args.file.read_bytes()
    catalogue_ = load_catalogue()
    store = _store(args)
    checked = flow.check(store, data, args.file.name, catalogue_)
    if not checked.ok:
        warn(checked.warnings)
        say_problems(checked.errors)
        print(checked.summary())
        return EXIT_REJECTED
    if not args.dry_run:
        checked = flow.publish(store, checked, user=args.user)
    warn(checked.warnings)
    print(checked.summary())
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from kpis.clock import parse_as_of
    from kpis.export import export_frame
    from kpis.tables import write_table

    try:
        as_of = parse_as_of(args.as_of) if args.as_of else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    data = write_table(export_frame(_store(args), as_of), args.out, sheet="Scorecard")
    _emit(data, args.out)
    return EXIT_OK


def loads(args: argparse.Namespace) -> int:
    from kpis.tables import write_table

    frame = _store(args).loads()
    _emit(write_table(frame, None), None)
    return EXIT_OK


def rollback(args: argparse.Namespace) -> int:
    store = _store(args)
    store.rollback(args.load_id, user=args.user)
    print(f"load {args.load_id} rolled back; its figures are back to what they were before it")
    return EXIT_OK


__all__ = ["EXIT_REJECTED", "catalogue", "export", "ingest", "loads", "rollback"]
