"""The command line: everything an analyst does in the app, scriptable (DESIGN §7)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kpis.problems import InputRejected, Problem

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _default_user() -> str:
    return os.environ.get("KPIS_USER") or getpass.getuser()


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="database URL (default: KPIS_DATABASE_URL, else the SQLite file under data/)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m kpis", description="Children's services performance scorecard."
    )
    parser.add_argument("--db", default=None, metavar="URL", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, handler: Callable) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    from kpis import commands as c

    command("catalogue", "list the KPIs: id, name, unit, polarity, target", c.catalogue)
    sub = command("ingest", "validate a scorecard file and publish it as one load", c.ingest)
    sub.add_argument("file", type=Path)
    sub.add_argument("--user", default=None, metavar="NAME", help="who is loading (default: you)")
    sub.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    sub = command("export", "the current figures in the long upload format", c.export)
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="as the board saw them")
    command("loads", "the load history", c.loads)
    sub = command("rollback", "undo a load (its figures revert)", c.rollback)
    sub.add_argument("load_id", type=int, metavar="LOAD_ID")
    sub.add_argument("--user", default=None, metavar="NAME")
    sub = command("spc", "the SPC (XmR) table for one KPI", c.spc)
    sub.add_argument("kpi_id", metavar="KPI_ID")
    sub.add_argument("--team", default="", metavar="T", help="a team (default: whole authority)")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub.add_argument("--run-length", type=int, default=7, metavar="N", help="trend/shift length")
    sub = command("rebase", "record where a KPI's process changed (SPC limits restart)", c.rebase)
    sub.add_argument("kpi_id", metavar="KPI_ID")
    sub.add_argument("period", metavar="YYYY-MM")
    sub.add_argument("--reason", required=True, help="why the process changed")
    sub.add_argument("--team", default="", metavar="T")
    sub.add_argument("--user", default=None, metavar="NAME")
    group = commands.add_parser("benchmarks", help="DfE published benchmarks")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub = actions.add_parser(
        "import", parents=[common], help="import LAIT, EES or statistical-neighbour files"
    )
    sub.set_defaults(handler=c.benchmarks_import)
    sub.add_argument("files", type=Path, nargs="+", metavar="FILE")
    sub.add_argument("--user", default=None, metavar="NAME")
    sub = actions.add_parser(
        "export", parents=[common], help="comparators per KPI and year for an authority"
    )
    sub.set_defaults(handler=c.benchmarks_export)
    sub.add_argument("--la", type=int, default=None, metavar="CODE", help="DfE LA code")
    sub.add_argument("--model-year", type=int, default=None, metavar="YEAR")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub = command("settings", "show or set the authority and neighbour model", c.settings)
    sub.add_argument("--la", type=int, default=None, metavar="CODE", help="DfE LA code")
    sub.add_argument("--model-year", type=int, default=None, metavar="YEAR", help="2025 or 2021")
    group = commands.add_parser("cases", help="case-level data from an Annex A workbook")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub = actions.add_parser(
        "import", parents=[common], help="load an Annex A workbook and publish its KPIs"
    )
    sub.set_defaults(handler=c.cases_import)
    sub.add_argument("file", type=Path)
    sub.add_argument("--as-at", default=None, metavar="YYYY-MM-DD", help="snapshot date")
    sub.add_argument("--user", default=None, metavar="NAME")
    sub.add_argument("--dry-run", action="store_true")
    sub = actions.add_parser(
        "export", parents=[common], help="the cases behind case-level KPIs (personal data)"
    )
    sub.set_defaults(handler=c.cases_export)
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub = command("exceptions", "the ranked exception list with reasons", c.exceptions)
    sub.add_argument("--period", default=None, metavar="YYYY-MM", help="default: latest month")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    return parser


def say_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(str(problem), file=sys.stderr)


def warn(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "user", "unset") is None:
        args.user = _default_user()
    from kpis.catalogue import CatalogueError

    try:
        return args.handler(args)
    except InputRejected as rejected:
        say_problems(rejected.problems)
        return EXIT_REJECTED
    except CatalogueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    except OSError as exc:
        print(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_REJECTED
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"python -m kpis: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


class UsageError(Exception):
    """A command given arguments it cannot use (exit status 2)."""
