"""Write synthetic SSDA903 and CIN census returns for the demo authority (no real child's data)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as `python scripts/make_returns.py`, Python puts scripts/ (not the checkout) on the path.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kpis.returns.synthetic import SEED  # noqa: E402
from kpis.returns.synthetic_files import write_returns  # noqa: E402

OUT = ROOT / "data" / "demo" / "returns"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write (%(default)s)")
    parser.add_argument("--seed", type=int, default=SEED)
    # About 410 children looked after falling to 320 and 3,700 referrals a year: Haringey's size.
    parser.add_argument("--children", type=int, default=1550, help="children coming into care")
    parser.add_argument("--referrals", type=int, default=3700, help="referrals a year")
    parser.add_argument(
        "--folders", action="store_true", help="loose files, not one zip per collection year"
    )
    args = parser.parse_args(argv)
    written = write_returns(
        args.out,
        seed=args.seed,
        children=args.children,
        referrals_a_year=args.referrals,
        zipped=not args.folders,
    )
    for item in written:
        names = ", ".join(str(p.relative_to(args.out)) for p in item.files)
        print(f"{item.kind} {item.year}: {names}")
    print("load each year with: python -m kpis returns import FILE --year YYYY (2022-23.zip: 2023)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
