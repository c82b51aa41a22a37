"""The board pack command: the month's pack as HTML, PDF or Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from kpis.cli.common import EXIT_OK, UsageError, month, store


def register(command) -> None:
    sub = command("pack", "the board pack for a month (.html, .pdf or .xlsx)", pack)
    sub.add_argument("--period", default=None, metavar="YYYY-MM",
                     help="default: the board's month (the latest ready one)")  # fmt: skip
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")


def pack(args: argparse.Namespace) -> int:
    from kpis.entry.ready import store_board_month
    from kpis.pack import PackError, write_pack
    from kpis.pack.pdf import ChromiumMissing
    from kpis.problems import InputRejected, Problem
    from kpis.targets import catalogue_for

    asked = month(args.period, "--period")
    opened = store(args)
    catalogue = catalogue_for(opened)
    period = asked or store_board_month(opened, catalogue)
    if period is None:
        raise InputRejected([Problem(None, None, "no figures have been loaded")])
    try:
        written = write_pack(opened, catalogue, period, args.out)
    except PackError as bad:
        if "not '" in str(bad):
            raise UsageError(f"--out: {bad}") from None
        raise InputRejected([Problem(None, None, str(bad))]) from None
    except ChromiumMissing as missing:
        raise InputRejected([Problem(None, None, str(missing))]) from None
    print(f"wrote the board pack for {period} to {written}")
    return EXIT_OK
