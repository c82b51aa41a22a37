"""The public-site commands: mark KPIs and recommendations public, list them, build the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from kpis.cli.common import EXIT_OK, UsageError, emit, month, store
from kpis.problems import InputRejected, Problem


def register(command, group) -> None:
    public = group("public", "which KPIs and recommendations the public site shows")
    sub = public("set", "mark a KPI (by id) or a recommendation (by ref) public or not", set_flag)
    sub.add_argument("item", metavar="KPI_ID|REF")
    sub.add_argument("--public", required=True, choices=["yes", "no"])
    sub = public("list", "what is public now (CSV)", list_flags)
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub = command("site", "write the public site (static HTML) into a folder", site)
    sub.add_argument("--out", type=Path, required=True, metavar="DIR")
    sub.add_argument("--period", default=None, metavar="YYYY-MM",
                     help="the month shown (default: the latest month with figures)")  # fmt: skip


def set_flag(args: argparse.Namespace) -> int:
    from kpis.site.flags import mark_public
    from kpis.targets import catalogue_for

    opened = store(args)
    print(mark_public(opened, catalogue_for(opened), args.item, args.public == "yes"))
    return EXIT_OK


def list_flags(args: argparse.Namespace) -> int:
    from kpis.site.flags import public_table
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    opened = store(args)
    emit(write_table(public_table(opened, catalogue_for(opened)), args.out, sheet="Public"),
         args.out)  # fmt: skip
    return EXIT_OK


def site(args: argparse.Namespace) -> int:
    from kpis.site import SiteError, write_site
    from kpis.targets import catalogue_for

    period = month(args.period, "--period")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out: {args.out} is a file, not a folder")
    opened = store(args)
    try:
        content = write_site(opened, catalogue_for(opened), args.out, period)
    except SiteError as bad:
        raise InputRejected([Problem(None, None, str(bad))]) from None
    measures, recs = len(content.kpis), len(content.recommendations)
    print(
        f"wrote the public site for {content.period} ({measures} measure{'s' * (measures != 1)}, "
        f"{recs} recommendation{'s' * (recs != 1)}) to {args.out / 'index.html'}"
    )
    return EXIT_OK
