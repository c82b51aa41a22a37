"""The command line: everything an analyst does in the app, scriptable (DESIGN §7)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from kpis.cli.common import EXIT_REJECTED, EXIT_USAGE, UsageError, say_problems
from kpis.problems import InputRejected


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", default=argparse.SUPPRESS, metavar="URL",
        help="database URL (default: KPIS_DATABASE_URL, else the SQLite file under data/)",
    )  # fmt: skip
    common.add_argument(
        "--user", default=argparse.SUPPRESS, metavar="NAME",
        help="who is acting (default: KPIS_USER, else your login name)",
    )  # fmt: skip
    parser = argparse.ArgumentParser(
        prog="python -m kpis", description="Children's services performance scorecard."
    )
    parser.add_argument("--db", default=None, metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--user", default=None, metavar="NAME", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, handler: Callable) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    def group(name: str, help_text: str):
        actions = commands.add_parser(name, help=help_text).add_subparsers(
            dest="action", required=True, metavar="ACTION"
        )

        def action(verb: str, verb_help: str, handler: Callable) -> argparse.ArgumentParser:
            sub = actions.add_parser(verb, parents=[common], help=verb_help, description=verb_help)
            sub.set_defaults(handler=handler)
            return sub

        return action

    from kpis.cli import (
        accounts,
        audits,
        cases,
        entry,
        figures,
        pack,
        plans,
        published,
        returns,
        signals,
        site,
    )

    figures.register(command)
    signals.register(command, group)
    published.register(command, group)
    cases.register(group)
    returns.register(group)
    accounts.register(command, group)
    pack.register(command)
    plans.register(group)
    audits.register(group)
    site.register(command, group)
    entry.register(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from kpis.access import PermissionDenied

    try:
        return args.handler(args)
    except InputRejected as rejected:
        say_problems(rejected.problems)
        return EXIT_REJECTED
    except PermissionDenied as refused:
        print(str(refused), file=sys.stderr)
        return EXIT_REJECTED
    except OSError as exc:
        print(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_REJECTED
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"python -m kpis: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if not _catalogue_error(exc):
            raise
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED


def _catalogue_error(exc: Exception) -> bool:
    """A CatalogueError: only a command that loaded the catalogue can raise one, and a command
    that did not (a returns import) need not load it (pydantic, YAML) just to check."""
    catalogue = sys.modules.get("kpis.catalogue")
    return catalogue is not None and isinstance(exc, catalogue.CatalogueError)
