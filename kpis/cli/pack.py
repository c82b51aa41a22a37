"""The board pack command: the month's pack as HTML, PDF or Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from kpis.cli.common import EXIT_OK, UsageError, month, store


def register(command) -> None:
    sub = command("pack", "the board pack for a month (.html, .pdf or .xlsx)", pack)
    sub.add_argument("--period", required=True, metavar="YYYY-MM")
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")


def pack(args: argparse.Namespace) -> int:
    from kpis.pack import PackError, write_pack
    from kpis.pack.pdf import ChromiumMissing
    from kpis.problems import InputRejected, Problem
    from kpis.targets import catalogue_for

    period = month(args.period, "--period")
    opened = store(args)
    try:
        written = write_pack(opened, catalogue_for(opened), period, args.out)
    except PackError as bad:
        if "not '" in str(bad):
            raise UsageError(f"--out: {bad}") from None
        raise InputRejected([Problem(None, None, str(bad))]) from None
    except ChromiumMissing as missing:
        raise InputRejected([Problem(None, None, str(missing))]) from None
    print(f"wrote the board pack for {period} to {written}")
    return EXIT_OK
