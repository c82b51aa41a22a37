"""Commands for what the figures signal: SPC tables, rebases, exceptions, targets."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from kpis.cli.common import EXIT_OK, UsageError, emit, kpi, month, store
from kpis.problems import InputRejected, Problem

# changed_since: the month the process moved on from its limits, when it has (the assurance
# is then no reason).
EXCEPTION_COLUMNS = [
    "rank", "kpi_id", "name", "team", "period_shown", "value", "target", "rag", "point_type",
    "assurance", "quartile", "n_reasons", "reasons", "changed_since",
]  # fmt: skip


def register(command, group) -> None:
    sub = command("spc", "the SPC (XmR) table for one KPI", spc)
    sub.add_argument("kpi_id", metavar="KPI_ID")
    sub.add_argument("--team", default="", metavar="T", help="a team (default: whole authority)")
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    sub.add_argument("--run-length", type=int, default=7, metavar="N", help="trend/shift length")
    sub = command("rebase", "record where a KPI's process changed (SPC limits restart)", rebase)
    sub.add_argument("kpi_id", metavar="KPI_ID")
    sub.add_argument("period", metavar="YYYY-MM")
    sub.add_argument("--reason", required=True, help="why the process changed")
    sub.add_argument("--team", default="", metavar="T")
    sub = command("exceptions", "the ranked exception list with reasons", exceptions)
    sub.add_argument("--period", default=None, metavar="YYYY-MM",
                     help="default: the board's month (the latest ready one)")  # fmt: skip
    sub.add_argument("--out", type=Path, default=None, metavar="FILE")
    targets = group("targets", "KPI targets and amber tolerances")
    sub = targets("set", "change a KPI's target (for a financial year, or its default)", set_target)
    sub.add_argument("kpi_id", metavar="KPI_ID")
    sub.add_argument("--target", type=float, required=True)
    sub.add_argument("--tolerance", type=float, default=None, help="amber tolerance")
    sub.add_argument("--year", default="", metavar="YYYY/YY", help="financial year, e.g. 2025/26")
    targets("list", "targets in force and every change made", list_targets)


def spc(args: argparse.Namespace) -> int:
    from kpis.export import figures_for
    from kpis.month.signals import kpi_spc
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    opened = store(args)
    measure = kpi(args.kpi_id, catalogue_for(opened))
    rebases = opened.rebases()
    mine = rebases[(rebases["kpi_id"] == measure.id) & (rebases["team"] == args.team)]
    if args.run_length < 2:
        raise UsageError("--run-length must be at least 2")
    # A viewer's table is the board's chart: a small number from cases is no point on it.
    table = kpi_spc(figures_for(opened), measure, team=args.team, rebase_at=list(mine["period"]),
                    run_length=args.run_length)  # fmt: skip
    if table.empty:
        who = f"team '{args.team}'" if args.team else "the authority"
        raise InputRejected([Problem(None, None, f"no figures for {measure.id} for {who}")])
    frame = table.reset_index()
    frame["variation"] = table.attrs["variation"]
    frame["assurance"] = table.attrs["assurance"]
    # The month the process moved on from its limits (the assurance is then no verdict).
    frame["changed_since"] = table.attrs["changed_since"] or ""
    emit(write_table(frame, args.out, sheet="SPC"), args.out)
    return EXIT_OK


def rebase(args: argparse.Namespace) -> int:
    from kpis.targets import catalogue_for

    opened = store(args)
    measure = kpi(args.kpi_id, catalogue_for(opened))
    period = month(args.period, "PERIOD")
    opened.add_rebase(measure.id, period, reason=args.reason, team=args.team)
    print(f"SPC limits for {measure.id} restart at {period}: {args.reason}")
    return EXIT_OK


def exceptions(args: argparse.Namespace) -> int:
    from kpis.entry.ready import board_month, month_readiness, ready_at
    from kpis.export import figures_for
    from kpis.month.review import month_exceptions
    from kpis.tables import write_table
    from kpis.targets import catalogue_for

    opened = store(args)
    # A viewer's list is the board's (the Exceptions page): no small number from cases in it.
    figures = figures_for(opened)
    catalogue = catalogue_for(opened)
    period = month(args.period, "--period") or board_month(
        month_readiness(catalogue, opened.figures(), ready_at(opened))
    )
    if period is None:
        raise InputRejected([Problem(None, None, "no figures have been loaded")])
    table = month_exceptions(opened, catalogue, period, figures=figures)
    if table.empty:
        table = pd.DataFrame(columns=EXCEPTION_COLUMNS)
    out = table[EXCEPTION_COLUMNS].copy()
    out["reasons"] = out["reasons"].map(lambda r: "; ".join(r) if isinstance(r, list) else "")
    emit(write_table(out, args.out, sheet="Exceptions"), args.out)
    return EXIT_OK


def set_target(args: argparse.Namespace) -> int:
    import re

    from kpis.catalogue import CatalogueError
    from kpis.targets import catalogue_for, change_target

    opened = store(args)
    measure = kpi(args.kpi_id, catalogue_for(opened))
    if args.year and not re.fullmatch(r"\d{4}/\d{2}", args.year):
        raise UsageError(f"--year: '{args.year}' is not a financial year like 2025/26")
    try:
        change_target(opened, measure.id, target=args.target, tolerance=args.tolerance,
                      financial_year=args.year)  # fmt: skip
    except CatalogueError as bad:
        raise UsageError(str(bad)) from None
    print(f"target for {measure.id} ({args.year or 'default'}) is now {args.target:g}")
    return EXIT_OK


def list_targets(args: argparse.Namespace) -> int:
    from kpis.tables import write_table

    emit(write_table(store(args).target_changes(), None), None)
    return EXIT_OK
