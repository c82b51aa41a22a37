"""Commands for user accounts and the audit log."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from kpis.access import Actor, Permission, Role, require
from kpis.cli.common import EXIT_OK, UsageError, actor, emit, open_store, store


def register(command, group) -> None:
    users = group("users", "local user accounts (admins)")
    sub = users("add", "add an account (password from KPIS_NEW_PASSWORD or a prompt)", add)
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--role", required=True, choices=[r.value for r in Role])
    sub.add_argument("--teams", default="", metavar="T1,T2", help="a manager's teams")
    sub.add_argument("--email", default="", help="for single sign-on (OIDC) users")
    sub = users("passwd", "set an account's password", passwd)
    sub.add_argument("name", metavar="NAME")
    users("list", "the accounts and their roles", list_users)
    sub = command("audit", "the audit log: who did what, when (admins)", audit)
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")


def _new_password() -> str:
    password = os.environ.get("KPIS_NEW_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UsageError("set KPIS_NEW_PASSWORD or run from a terminal to be asked for it")
        password = getpass.getpass("New password: ")
        if getpass.getpass("Again: ") != password:
            raise UsageError("the two passwords differ")
    return password


def _admin(args: argparse.Namespace) -> Actor:
    """Managing accounts needs an admin, except creating the very first one (an admin)."""
    from kpis.users import accounts_configured

    if accounts_configured(open_store(args)):
        me = actor(args)
        require(me, Permission.MANAGE_USERS)
        return me
    if args.role != "admin":
        raise UsageError("the first account must be an admin (--role admin)")
    return Actor(args.name, Role.ADMIN)


def add(args: argparse.Namespace) -> int:
    from kpis.users import add_account

    me = _admin(args)
    teams = [t.strip() for t in args.teams.split(",") if t.strip()]
    try:
        add_account(
            open_store(args, me), args.name, Role(args.role), _new_password(), teams=teams,
            email=args.email,
        )  # fmt: skip
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(f"added {args.name} ({args.role})")
    return EXIT_OK


def passwd(args: argparse.Namespace) -> int:
    from kpis.users import set_password

    me = actor(args)
    if me.name != args.name:
        require(me, Permission.MANAGE_USERS)
    try:
        set_password(open_store(args, me), args.name, _new_password())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(f"password changed for {args.name}")
    return EXIT_OK


def list_users(args: argparse.Namespace) -> int:
    import pandas as pd

    from kpis.tables import write_table
    from kpis.users import load_accounts

    opened = store(args)
    require(opened.actor, Permission.MANAGE_USERS)
    rows = [
        {"name": a.name, "role": a.role.value, "teams": ", ".join(a.teams), "email": a.email,
         "locked until": a.locked_until}
        for a in load_accounts(opened).values()
    ]  # fmt: skip
    columns = ["name", "role", "teams", "email", "locked until"]
    emit(write_table(pd.DataFrame(rows, columns=columns), None), None)
    return EXIT_OK


def audit(args: argparse.Namespace) -> int:
    from kpis.tables import write_table

    emit(write_table(store(args).audit_log(), args.out, sheet="Audit"), args.out)
    return EXIT_OK
