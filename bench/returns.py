"""Benchmark: import a large authority's three years of SSDA903 and CIN census returns, against
a process that only reads the same files.

Run: python bench/returns.py [--children 6500] [--referrals 15000] [--repeat 3]
(6,500 children coming into care since 2016 leave about 2,000 looked after in the last year.)
Each collection year is one whole process on both sides (start-up included), timed in the same
run: `python -m kpis returns import FILE... --year YYYY` (read, check, store, work out every
measure at every month end and the year-end figures, publish one load) against a process that
only reads that year's files (pandas for the CSVs, lxml for the XML), in turn, so each repeat's
ratio of the three years' totals is taken while the machine is as busy for both; the median of
those ratios is the figure to watch (target: within 5x).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpis.returns.synthetic_files import write_returns  # noqa: E402

READ_ONLY = """
import sys
import pandas
from lxml import etree
for name in sys.argv[1:]:
    if name.endswith(".csv"):
        pandas.read_csv(name, dtype=str)
    else:
        etree.parse(name)
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:6])} … failed:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=6500, help="children coming into care")
    parser.add_argument("--referrals", type=int, default=15000, help="referrals a year")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        written = write_returns(
            Path(tmp) / "returns",
            children=args.children,
            leavers=args.children // 3,
            referrals_a_year=args.referrals,
        )
        years = sorted({w.year for w in written})
        files = {y: [str(f) for w in written if w.year == y for f in w.files] for y in years}
        episodes = Path(tmp) / "returns" / f"ssda903_{years[-1]}" / "episodes.csv"
        cared = pd.read_csv(episodes, dtype=str)["CHILD"].nunique() if episodes.exists() else 0
        size = sum(Path(f).stat().st_size for fs in files.values() for f in fs) / 1e6
        baselines, ours = [], []
        for i in range(args.repeat):
            db = f"sqlite:///{Path(tmp) / f'store{i}.sqlite'}"
            # An analyst's store already exists: make its tables first, outside the timing.
            timed([sys.executable, "-m", "kpis", "loads", "--db", db])
            base = mine = 0.0
            for year in years:
                base += timed([sys.executable, "-c", READ_ONLY, *files[year]])
                mine += timed([sys.executable, "-m", "kpis", "returns", "import", *files[year],
                               "--year", str(year), "--db", db])  # fmt: skip
            baselines.append(base)
            ours.append(mine)
        base, mine = statistics.median(baselines), statistics.median(ours)
        ratio = statistics.median(m / b for m, b in zip(ours, baselines, strict=True))
        print(f"returns: {len(years)} collection years ({years[0]}-{years[-1]}), "
              f"{cared:,} children looked after in {years[-1]}, {args.referrals:,} referrals a "
              f"year, {size:.1f} MB")  # fmt: skip
        print(f"reading the files only (pandas + lxml, baseline): {base:.2f} s")
        print(f"python -m kpis returns import, each year: {mine:.2f} s")
        print(f"ratio (median of the repeats' ratios): {ratio:.2f}x (target: within 5x)")


if __name__ == "__main__":
    main()
