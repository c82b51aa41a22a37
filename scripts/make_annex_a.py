"""Write a synthetic Annex A workbook (Lists 4, 5, 8, 9; fixed seed; no real child data)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kpis.annex_a.synthetic import AS_AT, SEED, make_annex_a, write_annex_a


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="the .xlsx file to write")
    parser.add_argument("--children", type=int, default=5000, help="size of the child pool")
    parser.add_argument(
        "--as-at", type=date.fromisoformat, default=AS_AT, help="YYYY-MM-DD (default %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--clean", action="store_true", help="no deliberate dirt")
    args = parser.parse_args(argv)
    frames = make_annex_a(
        children=args.children, as_at=args.as_at, seed=args.seed, dirt=not args.clean
    )
    write_annex_a(args.out, frames)
    rows = ", ".join(f"{name}: {len(frame)} rows" for name, frame in frames.items())
    print(f"wrote {args.out} ({rows})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
