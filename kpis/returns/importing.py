"""A returns import: check the files, store the returns, publish every measure as one load."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from kpis.loadkinds import RETURNS
from kpis.returns.compute import MEASURES, Computation, Measure, compute
from kpis.returns.model import ReadResult, content_hash
from kpis.returns.problems import ReturnProblem, listed
from kpis.returns.reader import read_returns
from kpis.returns.result import MeasureResult
from kpis.store import Store
from kpis.store.returns import Computed, ReturnsWrite

__all__ = ["RETURNS", "ReturnsImport", "import_returns", "import_years"]


@dataclass(frozen=True)
class ReturnsImport:
    """What an import read, stored and published, and the computation behind it."""

    names: tuple[str, ...]
    read: ReadResult
    write: ReturnsWrite
    computation: Computation

    @property
    def revisions(self) -> pd.DataFrame:
        """The published figures this import revises (old and new value)."""
        if self.write.result is not None:
            revised = self.write.result.revisions
            return revised if revised is not None else pd.DataFrame()
        changes = self.write.changes
        if changes is None or changes.empty:
            return pd.DataFrame()
        return changes[changes["status"] == "revised"]

    def warnings(self) -> list[str]:
        """Every warning, each kind listed at most 20 times and then counted."""
        problems: list[ReturnProblem] = [*self.read.warnings, *self.computation.warnings]
        for row in self.revisions.itertuples():
            if pd.isna(row.value_old) or row.value == row.value_old:
                continue
            problems.append(
                ReturnProblem(
                    "",
                    message=f"revises the published {row.kpi_id} for {row.period}: "
                    f"{row.value_old:g} -> {row.value:g}",
                    kind="revises a published figure",
                )
            )
        return listed(problems)

    def report(self) -> list[str]:
        """Per measure: the months produced and the records left out, and why."""
        produced = {r.kpi_id: r for r in self.computation.results}
        lines = []
        for measure in MEASURES:
            result = produced.get(measure.kpi_id)
            if result is None or not len(result.figures):
                line = f"{measure.kpi_id}: not produced ({_why_not(measure, result)})"
            else:
                months = result.months()
                span = months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"
                line = f"{measure.kpi_id}: {len(months)} month{'s' * (len(months) != 1)} ({span})"
            if result is not None and result.left_out:
                lost = "; ".join(f"{why}: {n:,}" for why, n in sorted(result.left_out.items()))
                line += f"; left out: {lost}"
            lines.append(line)
        return lines

    def summary(self) -> str:
        w, figures = self.write, self.computation.figures
        held = ", ".join(
            f"{label} (replacing the one held)" if label in w.replaced else label
            for label in w.stored
        )
        parts = [f"stored {held}" if held else "no return changed"]
        if w.identical:
            parts.append(f"already held: {', '.join(w.identical)}")
        measures = figures["kpi_id"].nunique()
        what = (
            f"{len(figures):,} figures for {measures} measure{'s' * (measures != 1)}, "
            f"{len(self.computation.cases):,} cases behind them"
        )
        r = w.result
        if r is None:
            parts.append(f"{what}; dry run, nothing was stored or published")
        elif not r.published:
            parts.append(f"{what}; every figure is already published, nothing changed")
        else:
            parts.append(
                f"published as load {r.load_id}: {what} ({r.new} new, {r.revised} revised, "
                f"{r.unchanged} unchanged)"
            )
        return f"{', '.join(self.names)}: " + "; ".join(parts)


def _why_not(measure: Measure, result: MeasureResult | None) -> str:
    kind = "SSDA903" if measure.kind == "903" else "CIN census"
    if result is not None:
        return "no month had anyone in its denominator"
    if measure.table is not None:
        return f"no {kind} return held with {measure.table}, or no month's window covered"
    return f"no {kind} return held, or no month's window covered"


def import_returns(
    store: Store,
    files: Sequence[tuple[str, bytes]],
    *,
    year: int | None = None,
    user: str | None = None,
    dry_run: bool = False,
) -> ReturnsImport:
    """Read the files (raises ReturnsRejected with every problem, changing nothing), store the
    returns and publish every figure of all held returns as one load of kind 'returns'."""
    return import_years(store, [(files, year)], user=user, dry_run=dry_run)


def import_years(
    store: Store,
    batches: Sequence[tuple[Sequence[tuple[str, bytes]], int | None]],
    *,
    user: str | None = None,
    dry_run: bool = False,
) -> ReturnsImport:
    """As import_returns, for several collection years' files at once (each batch's 903 tables
    are the return of its year): the measures are worked out once and published as one load."""
    reads = [read_returns(files, year) for files, year in batches]
    read = ReadResult(
        tuple(r for done in reads for r in done.returns),
        tuple(w for done in reads for w in done.warnings),
    )
    every = [pair for files, _ in batches for pair in files]
    names = tuple(name for name, _ in every)
    done: dict[str, Computation] = {}

    def computed(tables: dict[str, pd.DataFrame]) -> Computed:
        it = done["it"] = compute(tables)
        return Computed(it.figures, it.cases, it.year_ends, it.breakdowns)

    write = store.import_returns(
        read.returns,
        computed,
        file_name=", ".join(names),
        sha256=content_hash([data for _, data in every]),
        user=user,
        dry_run=dry_run,
    )
    return ReturnsImport(names, read, write, done["it"])
