"""The command handlers behind `python -m kpis`; each returns the exit status."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from kpis.cli import EXIT_OK, EXIT_REJECTED, UsageError, say_problems, warn
from kpis.problems import InputRejected, Problem


def _store(args: argparse.Namespace):
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from kpis.store import Store

    try:
        return Store(args.db)
    except (ArgumentError, NoSuchModuleError, OperationalError, ValueError) as exc:
        raise UsageError(f"cannot open the database {args.db!r}: {exc}") from None


def _emit(data: bytes, out) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def catalogue(args: argparse.Namespace) -> int:
    import pandas as pd

    from kpis.catalogue import load_catalogue
    from kpis.tables import write_table

    rows = [
        {
            "id": k.id,
            "name": k.name,
            "unit": k.unit.value,
            "polarity": k.polarity.value,
            "target": k.target,
        }
        for k in load_catalogue().kpis
    ]
    _emit(write_table(pd.DataFrame(rows), None), None)
    return EXIT_OK


def ingest(args: argparse.Namespace) -> int:
    from kpis import ingest as flow
    from kpis.catalogue import load_catalogue

    data = args.file.read_bytes()
    catalogue_ = load_catalogue()
    store = _store(args)
    checked = flow.check(store, data, args.file.name, catalogue_)
    if not checked.ok:
        warn(checked.warnings)
        say_problems(checked.errors)
        print(checked.summary())
        return EXIT_REJECTED
    if not args.dry_run:
        checked = flow.publish(store, checked, user=args.user)
    warn(checked.warnings)
    print(checked.summary())
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from kpis.clock import parse_as_of
    from kpis.export import export_frame
    from kpis.tables import write_table

    try:
        as_of = parse_as_of(args.as_of) if args.as_of else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    data = write_table(export_frame(_store(args), as_of), args.out, sheet="Scorecard")
    _emit(data, args.out)
    return EXIT_OK


def loads(args: argparse.Namespace) -> int:
    from kpis.tables import write_table

    frame = _store(args).loads()
    _emit(write_table(frame, None), None)
    return EXIT_OK


def rollback(args: argparse.Namespace) -> int:
    store = _store(args)
    store.rollback(args.load_id, user=args.user)
    print(f"load {args.load_id} rolled back; its figures are back to what they were before it")
    return EXIT_OK


def _kpi(kpi_id: str):
    from kpis.catalogue import load_catalogue

    catalogue_ = load_catalogue()
    key = kpi_id.strip().lower()
    if key not in catalogue_.by_id():
        import difflib

        close = difflib.get_close_matches(key, list(catalogue_.by_id()), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown KPI id '{kpi_id}'{hint}")
    return catalogue_.get(key)


def _month(text: str | None, option: str) -> str | None:
    from kpis.periods import parse_period

    if text is None:
        return None
    period = parse_period(text)
    if period is None:
        raise UsageError(f"{option}: '{text}' is not a month (YYYY-MM)")
    return period


def spc(args: argparse.Namespace) -> int:
    from kpis.signals import kpi_spc
    from kpis.tables import write_table

    kpi = _kpi(args.kpi_id)
    store = _store(args)
    rebases_ = store.rebases()
    mine = rebases_[(rebases_["kpi_id"] == kpi.id) & (rebases_["team"] == args.team)]
    if args.run_length < 2:
        raise UsageError("--run-length must be at least 2")
    table = kpi_spc(
        store.figures(),
        kpi,
        team=args.team,
        rebase_at=list(mine["period"]),
        run_length=args.run_length,
    )
    if table.empty:
        who = f"team '{args.team}'" if args.team else "the authority"
        raise InputRejected([Problem(None, None, f"no figures for {kpi.id} for {who}")])
    frame = table.reset_index()
    frame["variation"] = table.attrs["variation"]
    frame["assurance"] = table.attrs["assurance"]
    _emit(write_table(frame, args.out, sheet="SPC"), args.out)
    return EXIT_OK


def rebase(args: argparse.Namespace) -> int:
    kpi = _kpi(args.kpi_id)
    period = _month(args.period, "PERIOD")
    _store(args).add_rebase(kpi.id, period, reason=args.reason, user=args.user, team=args.team)
    print(f"SPC limits for {kpi.id} restart at {period}: {args.reason}")
    return EXIT_OK


def exceptions(args: argparse.Namespace) -> int:
    from kpis.catalogue import load_catalogue
    from kpis.scorecard import latest_period
    from kpis.signals import exceptions as ranked
    from kpis.tables import write_table

    store = _store(args)
    figures = store.figures()
    period = _month(args.period, "--period") or latest_period(figures)
    if period is None:
        raise InputRejected([Problem(None, None, "no figures have been loaded")])
    from kpis.published import comparators_for, quartiles

    catalogue_ = load_catalogue()
    bands = quartiles(comparators_for(store, catalogue_))
    table = ranked(figures, catalogue_, period, rebases=store.rebases(), quartiles=bands)
    columns = [
        "rank",
        "kpi_id",
        "name",
        "team",
        "period_shown",
        "value",
        "target",
        "rag",
        "point_type",
        "assurance",
        "quartile",
        "n_reasons",
        "reasons",
    ]
    if table.empty:
        table = pd.DataFrame(columns=columns)
    out = table[columns].copy()
    out["reasons"] = out["reasons"].map(lambda r: "; ".join(r) if isinstance(r, list) else "")
    _emit(write_table(out, args.out, sheet="Exceptions"), args.out)
    return EXIT_OK


def cases_import(args: argparse.Namespace) -> int:
    from datetime import date

    from kpis.annex_a import AnnexAError
    from kpis.cases import import_workbook

    try:
        as_at = date.fromisoformat(args.as_at) if args.as_at else None
    except ValueError:
        raise UsageError(f"--as-at: '{args.as_at}' is not a date (YYYY-MM-DD)") from None
    data = args.file.read_bytes()
    try:
        done = import_workbook(
            _store(args), data, args.file.name, user=args.user, as_at=as_at, dry_run=args.dry_run
        )
    except AnnexAError as rejected:
        for problem in rejected.problems:
            print(str(problem), file=sys.stderr)
        print(f"{args.file.name}: rejected; nothing was published")
        return EXIT_REJECTED
    for problem in done.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    print(done.summary())
    return EXIT_OK


def cases_export(args: argparse.Namespace) -> int:
    from kpis.tables import write_table

    _emit(write_table(_store(args).cases(), args.out, sheet="Cases"), args.out)
    return EXIT_OK


def benchmarks_import(args: argparse.Namespace) -> int:
    from kpis.benchmarks import BenchmarkFileError
    from kpis.published import import_files

    missing = [p for p in args.files if not p.exists()]
    if missing:
        raise InputRejected([Problem(None, None, f"{p}: no such file") for p in missing])
    try:
        count, warnings = import_files(_store(args), args.files, user=args.user)
    except BenchmarkFileError as bad:
        for line in bad.problems:
            print(line, file=sys.stderr)
        print("benchmarks import rejected; nothing was imported")
        return EXIT_REJECTED
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"imported {count} published figures from {len(args.files)} file(s)")
    return EXIT_OK


def benchmarks_export(args: argparse.Namespace) -> int:
    from kpis.benchmarks import authority_comparators, export_table
    from kpis.catalogue import load_catalogue
    from kpis.published import authority, published_data
    from kpis.tables import write_table

    store = _store(args)
    configured = authority(store)
    data = published_data(store)
    la = args.la if args.la is not None else configured.la_code
    model = args.model_year or configured.model_year
    if model not in data.model_years:
        raise UsageError(f"--model-year: no {model} neighbour model (have {data.model_years})")
    try:
        frame = authority_comparators(data, la, load_catalogue(), model)
    except ValueError as exc:
        raise UsageError(f"--la: {exc}") from None
    _emit(write_table(export_table(frame), args.out, sheet="Benchmarks"), args.out)
    return EXIT_OK


def settings(args: argparse.Namespace) -> int:
    from kpis.published import authority, published_data, set_authority

    store = _store(args)
    now_set = authority(store)
    if args.la is not None or args.model_year is not None:
        try:
            now_set = set_authority(
                store,
                published_data(store),
                args.la or now_set.la_code,
                args.model_year or now_set.model_year,
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    print(f"la_code={now_set.la_code}\nmodel_year={now_set.model_year}")
    return EXIT_OK
