"""What every command shares: exit codes, messages, the store opened as the right person."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import weakref
from collections.abc import Sequence

from kpis.access import Actor, Role
from kpis.problems import InputRejected, Problem

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command given arguments it cannot use (exit status 2)."""


def say_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(str(problem), file=sys.stderr)


def warn(lines: Sequence[object]) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def emit(data: bytes, out) -> None:
    """CSV to stdout when no --out was given (the file was already written otherwise)."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def open_store(args: argparse.Namespace, who: Actor | None = None):
    """The store at --db (or the default), acted on by `who`; a usage error if it cannot open."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from kpis.store import Store

    try:
        opened = Store(args.db, actor=who)
    except (ArgumentError, NoSuchModuleError, OperationalError, ValueError) as exc:
        raise UsageError(f"cannot open the database {args.db!r}: {exc}") from None
    _OPENED.add(opened.engine)
    return opened


# The databases the command opened (weakly: a test running commands keeps none open).
_OPENED: weakref.WeakSet = weakref.WeakSet()


def close_stores() -> None:
    """Close the connections to every database the command opened (SQLite folds its
    write-ahead log back into the database as the last one closes)."""
    for engine in list(_OPENED):
        engine.dispose()


def actor(args: argparse.Namespace, opened=None) -> Actor:
    """Who runs the command: with accounts in the database, the signed-in account; else anyone
    named by --user (or KPIS_USER, or the login name) acting as a local analyst."""
    from kpis.users import AuthError, accounts_configured, authenticate

    name = getattr(args, "user", None) or os.environ.get("KPIS_USER")
    opened = opened or open_store(args)
    if not accounts_configured(opened):
        return Actor(name or getpass.getuser(), Role.ANALYST)
    if not name:
        raise UsageError("accounts are configured: name yourself with --user or KPIS_USER")
    password = os.environ.get("KPIS_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UsageError("set KPIS_PASSWORD or run from a terminal to be asked for it")
        password = getpass.getpass(f"Password for {name}: ")
    try:
        return authenticate(opened, name, password)
    except AuthError as refused:
        raise InputRejected([Problem(None, None, f"sign-in refused: {refused}")]) from None


def store(args: argparse.Namespace):
    """The store at --db (or the default), acted on by the command's actor."""
    opened = open_store(args)
    return opened.as_actor(actor(args, opened))


def kpi(kpi_id: str, catalogue):
    """A catalogue KPI by id, or a usage error suggesting close ids."""
    import difflib

    key = kpi_id.strip().lower()
    if key not in catalogue.by_id():
        close = difflib.get_close_matches(key, list(catalogue.by_id()), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown KPI id '{kpi_id}'{hint}")
    return catalogue.get(key)


def month(text: str | None, option: str) -> str | None:
    from kpis.periods import parse_period

    if text is None:
        return None
    period = parse_period(text)
    if period is None:
        raise UsageError(f"{option}: '{text}' is not a month (YYYY-MM)")
    return period
