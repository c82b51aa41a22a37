"""Benchmark: SPC and exceptions for every KPI, team and month, against a pandas rolling mean.

Run: python bench/spc.py [--months 120] [--teams 8] [--repeat 5] [--charts]
Both sides work on the same synthetic frame in the same run: the SPC side computes xmr() and
summary() for every KPI x (authority + teams) series and ranks the exceptions; the baseline is
one groupby + rolling(12).mean() over the same figures. The ratio is the figure to watch.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpis.catalogue import Catalogue, Frequency, Polarity, Unit, load_catalogue  # noqa: E402
from kpis.charts.spc import spc_chart, spc_table  # noqa: E402
from kpis.month.ranking import rank_exceptions  # noqa: E402
from kpis.periods import shift  # noqa: E402
from kpis.rag import rag  # noqa: E402
from kpis.spc import summary, xmr  # noqa: E402

IMPROVEMENT = {
    Polarity.HIGHER_BETTER: "increase",
    Polarity.LOWER_BETTER: "decrease",
    Polarity.NEUTRAL: "neutral",
}
# Months a KPI of each frequency has a figure for: quarter ends, and the financial year end.
SHOWN = {
    Frequency.MONTHLY: lambda month: True,
    Frequency.QUARTERLY: lambda month: month[5:] in ("03", "06", "09", "12"),
    Frequency.ANNUAL: lambda month: month[5:] == "03",
}


def make_figures(catalogue: Catalogue, months: int, teams: int, seed: int = 11) -> pd.DataFrame:
    """Long-format figures: every KPI for the authority ('') and each team, noisy around a
    level with the odd drift and step, so the rules have something to find."""
    rng = np.random.default_rng(seed)
    periods = [shift("2015-04", i) for i in range(months)]
    names = ["", *(f"Team {i}" for i in range(1, teams + 1))]
    parts = []
    for kpi in catalogue.kpis:
        shown = [p for p in periods if SHOWN[kpi.frequency](p)]
        n = len(shown)
        for team in names:
            level = kpi.target if kpi.target is not None else 50.0
            spread = max(abs(level) * 0.05, 1.0)
            drift = rng.choice([0.0, 0.0, 0.03, -0.03]) * spread * np.arange(n)
            step = np.where(np.arange(n) >= rng.integers(n // 2, n), rng.normal(0, 2) * spread, 0)
            values = level + drift + step + rng.normal(0, spread, n)
            values = np.clip(values, 0, 100) if kpi.unit is Unit.PERCENT else np.abs(values)
            parts.append(
                pd.DataFrame({"kpi_id": kpi.id, "team": team, "period": shown, "value": values})
            )
    return pd.concat(parts, ignore_index=True)


def spc_and_exceptions(figures: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """xmr() and summary() for every series, then the ranked exception list."""
    kpis = catalogue.by_id()
    rows = []
    for (kpi_id, team), part in figures.groupby(["kpi_id", "team"], sort=True):
        kpi = kpis[str(kpi_id)]
        # A plain Series, built without set_index, so the timing is the SPC engine's.
        values = pd.Series(part["value"].to_numpy(), index=part["period"].to_numpy())
        target = kpi.target_for(str(values.index.max()))
        chart = xmr(values, improvement=IMPROVEMENT[kpi.polarity], target=target)  # type: ignore[arg-type]
        result = summary(chart)
        rows.append(
            {
                "kpi_id": kpi_id,
                "team": team,
                "name": kpi.name,
                "unit": kpi.unit.value,
                "value": float(chart["value"].iat[-1]),
                "target": target,
                "rag": rag(
                    float(chart["value"].iat[-1]),
                    target,
                    kpi.tolerance_for(target),
                    kpi.polarity,
                    kpi.unit,
                ).value,
                "point_type": result.variation,
                "assurance": result.assurance,
                "rule": chart["rule"].iat[-1],
                "quartile": None,
            }
        )
    return rank_exceptions(pd.DataFrame(rows))


def rolling_means(figures: pd.DataFrame) -> pd.Series:
    """The baseline: a 12-point rolling mean per series, in one pandas pass."""
    ordered = figures.sort_values(["kpi_id", "team", "period"])
    return ordered.groupby(["kpi_id", "team"], sort=True)["value"].rolling(12).mean()


def charts(figures: pd.DataFrame, catalogue: Catalogue) -> int:
    """Every series drawn as an SPC chart with its table (informational, not in the ratio)."""
    kpis = catalogue.by_id()
    drawn = 0
    for (kpi_id, team), part in figures.groupby(["kpi_id", "team"], sort=True):
        kpi = kpis[str(kpi_id)]
        chart = xmr(
            part.set_index("period")["value"],
            improvement=IMPROVEMENT[kpi.polarity],  # type: ignore[arg-type]
            target=kpi.target,
        )
        step = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.ANNUAL: 12}[kpi.frequency]
        title = f"{kpi.name} – {team or 'authority'}"
        spc_chart(chart, title=title, unit=kpi.unit, target=kpi.target, step_months=step)
        spc_table(chart, kpi.unit, step_months=step)
        drawn += 1
    return drawn


def timed(work: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--charts", action="store_true", help="also time every chart once")
    args = parser.parse_args()

    catalogue = load_catalogue()
    figures = make_figures(catalogue, args.months, args.teams)
    series = figures.groupby(["kpi_id", "team"]).ngroups
    print(
        f"{len(catalogue.kpis)} KPIs x {args.teams + 1} (authority + {args.teams} teams) x "
        f"{args.months} months: {series} series, {len(figures):,} figures"
    )
    # One untimed pass each, so imports and first-call caches do not count against either side.
    spc_and_exceptions(figures, catalogue)
    rolling_means(figures)

    spc_times, exceptions = timed(lambda: spc_and_exceptions(figures, catalogue), args.repeat)
    base_times, _ = timed(lambda: rolling_means(figures), args.repeat)
    spc_median, base_median = statistics.median(spc_times), statistics.median(base_times)
    print(
        f"SPC + exceptions: median {spc_median * 1000:8.1f} ms  "
        f"(best {min(spc_times) * 1000:.1f} ms; {len(exceptions):,} exceptions)"  # type: ignore[arg-type]
    )
    print(
        f"pandas rolling:   median {base_median * 1000:8.1f} ms  "
        f"(best {min(base_times) * 1000:.1f} ms)"
    )
    print(
        f"ratio SPC / pandas: {spc_median / base_median:.1f}x (medians of {args.repeat}), "
        f"{min(spc_times) / min(base_times):.1f}x (bests)"
    )
    print(f"per series: {spc_median / series * 1000:.2f} ms SPC")
    if args.charts:
        chart_times, drawn = timed(lambda: charts(figures, catalogue), 1)
        print(
            f"charts + tables:  {chart_times[0] * 1000:8.1f} ms for {drawn} series "
            f"({chart_times[0] / drawn * 1000:.1f} ms each, xmr included)"  # type: ignore[operator]
        )


if __name__ == "__main__":
    main()
