"""Rebuild data/benchmarks from DfE's published files (default: ../shared/reference)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Run as a plain script from anywhere: the project root must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kpis.benchmarks import (
    BenchmarkFileError,
    build_benchmarks,
    read_all,
    write_shipped,
)
from kpis.benchmarks.shipped import SHIPPED_DIR
from kpis.paths import ROOT

DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
PATTERNS = ("*.parquet", "*.csv", "*.xlsx")


def reference_files(reference: Path) -> list[Path]:
    """Every LAIT, EES and neighbour file under the reference folder, in a stable order."""
    return sorted(p for pattern in PATTERNS for p in reference.rglob(pattern))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=SHIPPED_DIR)
    args = parser.parse_args(argv)
    files = reference_files(args.reference)
    if not files:
        print(f"no benchmark files under {args.reference}", file=sys.stderr)
        return 1
    try:
        results = read_all(files)
    except BenchmarkFileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    for result in results:
        print(result.summary())
        for warning in result.warnings:
            print(f"warning: {result.source}: {warning}", file=sys.stderr)
    data, warnings = build_benchmarks(results)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    sizes = write_shipped(data, args.out)
    for name, size in sizes.items():
        print(f"wrote {args.out / name} ({size / 1024:,.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
