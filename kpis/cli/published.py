"""Commands for DfE published benchmarks and the authority they are read for."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpis.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, emit, store, warn
from kpis.problems import InputRejected, Problem


def register(command, group) -> None:
    benchmarks = group("benchmarks", "DfE published benchmarks")
    sub = benchmarks("import", "import LAIT, EES or statistical-neighbour files", import_files)
    sub.add_argument("files", type=Path, nargs="+", metavar="FILE")
    sub = benchmarks("export", "comparators per KPI and year for an authority", export)
    sub.add_argument("--la", type=int, default=None, metavar="CODE", help="DfE LA code")
    sub.add_argument("--model-year", type=int, default=None, metavar="YEAR")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub = command("settings", "show or set the authority, neighbour model and when a month is "
                  "ready", settings)  # fmt: skip
    sub.add_argument("--la", type=int, default=None, metavar="CODE", help="DfE LA code")
    sub.add_argument("--model-year", type=int, default=None, metavar="YEAR", help="2025 or 2021")
    sub.add_argument("--ready-at", type=int, default=None, metavar="PERCENT",
                     help="a month is the board's when this share of its measures is in "
                     "(50-100; default 90)")  # fmt: skip


def import_files(args: argparse.Namespace) -> int:
    from kpis.benchmarks import BenchmarkFileError
    from kpis.published import import_files as load

    missing = [p for p in args.files if not p.exists()]
    if missing:
        raise InputRejected([Problem(None, None, f"{p}: no such file") for p in missing])
    opened = store(args)
    try:
        count, warnings = load(opened, args.files)
    except BenchmarkFileError as bad:
        for line in bad.problems:
            print(line, file=sys.stderr)
        print("benchmarks import rejected; nothing was imported")
        return EXIT_REJECTED
    warn(warnings)
    print(f"imported {count} published figures from {len(args.files)} file(s)")
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from kpis.benchmarks import authority_comparators, export_table
    from kpis.published import authority, published_data
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    opened = store(args)
    configured = authority(opened)
    data = published_data(opened)
    la = args.la if args.la is not None else configured.la_code
    model = args.model_year or configured.model_year
    if model not in data.model_years:
        raise UsageError(f"--model-year: no {model} neighbour model (have {data.model_years})")
    try:
        frame = authority_comparators(data, la, catalogue_for(opened), model)
    except ValueError as exc:
        raise UsageError(f"--la: {exc}") from None
    emit(write_table(export_table(frame), args.out, sheet="Benchmarks"), args.out)
    return EXIT_OK


def settings(args: argparse.Namespace) -> int:
    from kpis.entry.ready import READY_AT_LIMITS, ready_at, set_ready_at
    from kpis.published import authority, published_data, set_authority

    low, high = READY_AT_LIMITS
    if args.ready_at is not None and not low <= args.ready_at <= high:
        raise UsageError(f"--ready-at: give {low} to {high} (percent), not {args.ready_at}")
    opened = store(args)
    current = authority(opened)
    if args.la is not None or args.model_year is not None:
        try:
            current = set_authority(opened, published_data(opened), args.la or current.la_code,
                                    args.model_year or current.model_year)  # fmt: skip
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if args.ready_at is not None:
        set_ready_at(opened, args.ready_at)
    print(
        f"la_code={current.la_code}\nmodel_year={current.model_year}\n"
        f"month_ready_at={ready_at(opened)}"
    )
    return EXIT_OK
