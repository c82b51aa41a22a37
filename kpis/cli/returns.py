"""Commands for the statutory returns: import SSDA903 and CIN census files (DESIGN §10.4)."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kpis.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, emit, store, warn

FIRST_YEAR, LAST_YEAR = 2000, 2100


def register(group) -> None:
    returns = group("returns", "the SSDA903 and CIN census returns: DfE's own measures")
    sub = returns(
        "import",
        "check SSDA903 and CIN census files (CSV, XML or zips), store them and publish every "
        "measure as one load",
        returns_import,
    )
    sub.add_argument("files", type=Path, nargs="+", metavar="FILE")
    sub.add_argument(
        "--year",
        type=int,
        default=None,
        metavar="YYYY",
        help="the SSDA903 collection year (2025 is the year ending 31 March 2025)",
    )
    sub.add_argument("--dry-run", action="store_true")
    sub = returns(
        "year",
        "the year-end figures from the returns beside DfE's published ones (CSV kpi_id, year, "
        "value, numerator, denominator, published, difference, england, neighbour_mean, "
        "quartile, rank)",
        returns_year,
    )
    sub.add_argument("--year", type=int, required=True, metavar="YYYY")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub = returns(
        "breakdown",
        "who is behind each year-end figure (CSV kpi_id, dimension, group, numerator, "
        "denominator, value)",
        returns_breakdown,
    )
    sub.add_argument("--year", type=int, required=True, metavar="YYYY")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")


def _year(args: argparse.Namespace) -> int:
    if args.year is not None and not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise UsageError(f"--year: give a collection year like 2025, not {args.year}")
    return args.year


def returns_year(args: argparse.Namespace) -> int:
    from kpis.published import authority, published_data
    from kpis.returns.yearshown import sees_returns_numbers, without_small_numbers
    from kpis.returns.yearview import year_table
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    year = _year(args)
    opened = store(args)
    where = authority(opened)
    table = year_table(
        opened.return_year_ends(), year, published_data(opened), catalogue_for(opened),
        where.la_code, where.model_year,
    )  # fmt: skip
    if not sees_returns_numbers(opened.actor):
        table = without_small_numbers(table)
    emit(write_table(table, args.out, sheet="Year end"), args.out)
    if table.empty:
        print(f"no year-end figures for {year}: load that year's returns", file=sys.stderr)
    return EXIT_OK


def returns_breakdown(args: argparse.Namespace) -> int:
    from kpis.returns.yearshown import sees_returns_numbers, without_small_numbers
    from kpis.tables import write_table

    year = _year(args)
    opened = store(args)
    parts = opened.return_breakdowns()
    mine = parts[parts["year"] == year].drop(columns="year")
    if not sees_returns_numbers(opened.actor):
        mine = without_small_numbers(mine)
    emit(write_table(mine.reset_index(drop=True), args.out, sheet="Breakdown"), args.out)
    if mine.empty:
        print(f"no year-end figures for {year}: load that year's returns", file=sys.stderr)
    return EXIT_OK


@contextmanager
def _collecting_less() -> Iterator[None]:
    """An import makes millions of short-lived objects (records, dates, cases), each burst
    setting off the cycle collector, which walks every object loaded before it (pandas,
    SQLAlchemy) each time: a tenth of the import's time. Those are set aside meanwhile, and
    the collector runs less often; reference counting still frees nearly everything as it
    goes."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def returns_import(args: argparse.Namespace) -> int:
    from kpis.returns.importing import import_returns
    from kpis.returns.problems import ReturnsRejected

    _year(args)
    files = [(path.name, path.read_bytes()) for path in args.files]
    names = ", ".join(name for name, _ in files)
    opened = store(args)
    try:
        with _collecting_less():
            done = import_returns(opened, files, year=args.year, dry_run=args.dry_run)
    except ReturnsRejected as rejected:
        for problem in rejected.problems:
            print(str(problem), file=sys.stderr)
        print(f"{names}: rejected with {len(rejected.problems)} problem(s); nothing was stored")
        opened.record("load rejected", f"{names}: {len(rejected.problems)} problem(s)")
        return EXIT_REJECTED
    warn(done.warnings())
    print(done.summary())
    for line in done.report():
        print(f"  {line}")
    return EXIT_OK
