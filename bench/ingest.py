"""Benchmark: validate and publish a 100,000-row scorecard file, against pandas only reading it.

Run: python bench/ingest.py [--rows 100000] [--repeat 3]
Both sides are whole processes (start-up included), timed in the same run, publishing into an
existing empty store; the ratio is the figure to watch (target: within 5x).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpis.catalogue import Unit, load_catalogue  # noqa: E402
from kpis.periods import shift  # noqa: E402


def make_file(path: Path, rows: int, seed: int = 7) -> None:
    """A long-format file of `rows` distinct figures: every KPI, month and enough teams."""
    rng = np.random.default_rng(seed)
    kpis = load_catalogue().kpis
    months = [shift("2015-04", i) for i in range(120)]
    teams = [f"Team {i:03d}" for i in range(rows // (len(kpis) * len(months) // 2) + 1)]
    quarter_ends = ("03", "06", "09", "12")
    keys = [
        (k, m, t)
        for t in teams
        for k in kpis
        for m in months
        if k.frequency.value == "monthly" or m[5:] in quarter_ends
    ][:rows]
    records = []
    for kpi, month, team in keys:
        if kpi.unit is Unit.PERCENT:
            den = int(rng.integers(20, 400))
            num = int(rng.integers(0, den + 1))
            records.append((kpi.id, month, 100 * num / den, num, den, team))
        else:
            records.append((kpi.id, month, float(rng.integers(0, 500)), None, None, team))
    frame = pd.DataFrame(
        records, columns=["kpi_id", "period", "value", "numerator", "denominator", "team"]
    )
    frame.to_csv(path, index=False)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "scorecard.csv"
        make_file(data, args.rows)
        baseline_cmd = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(data)!r})"]
        baselines, ours = [], []
        for i in range(args.repeat):
            db = f"sqlite:///{Path(tmp) / f'store{i}.sqlite'}"
            # An analyst's store already exists: make its tables first, outside the timing.
            timed([sys.executable, "-m", "kpis", "loads", "--db", db])
            baselines.append(timed(baseline_cmd))
            ours.append(timed([sys.executable, "-m", "kpis", "ingest", str(data), "--db", db]))
        base, mine = statistics.median(baselines), statistics.median(ours)
        size = data.stat().st_size / 1e6
        print(f"file: {args.rows:,} rows, {size:.1f} MB")
        print(f"pandas.read_csv process (baseline): {base:.2f} s")
        print(f"python -m kpis ingest (validate + publish): {mine:.2f} s")
        print(f"ratio: {mine / base:.2f}x (target: within 5x)")


if __name__ == "__main__":
    main()
