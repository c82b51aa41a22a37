"""Lists 4 and 5 in bulk (a large county over years) for benchmarks, as typed frames, fast."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kpis.annex_a.synthetic import AS_AT, SEED, blank_after, dates_between, on_working_days
from kpis.annex_a.timing import months_before
from kpis.working_days import add_working_days_series


def make_event_frames(
    rows: int = 1_000_000, *, as_at: date = AS_AT, years: int = 5, teams: int = 60, seed: int = SEED
) -> dict[str, pd.DataFrame]:
    """Lists 4 and 5 for a large county over several years, fast, as typed frames.

    Four in five rows are assessments. Dates are datetime64 columns (NaT when blank).
    For benchmarks: pass the result to kpis.annex_a.load_frames.
    """
    rng = np.random.default_rng(seed)
    names = np.array([f"Team {k:02d}" for k in range(1, teams + 1)], dtype=object)
    workers = np.array([f"SW{k:04d}" for k in range(teams * 10)], dtype=object)
    first = months_before(as_at, 12 * years)

    def common(n: int) -> dict:
        team = rng.integers(0, teams, n)
        ids = np.char.add("C", rng.integers(1_000_000, 9_999_999, n).astype(str)).astype(object)
        return {
            "Child Unique ID": ids,
            "Allocated Team": names[team],
            "Allocated Worker": workers[team * 10 + rng.integers(0, 10, n)],
        }

    n4, n5 = rows - rows // 5, rows // 5
    start = on_working_days(dates_between(rng, first, as_at, n4), as_at)
    length = np.where(rng.random(n4) < 0.12, rng.integers(46, 90, n4), rng.integers(5, 46, n4))
    list4 = pd.DataFrame(
        {
            **common(n4),
            "Continuous Assessment Start Date": start,
            "Continuous Assessment Date of Authorisation": blank_after(
                add_working_days_series(start, length), as_at
            ),
        }
    )
    strategy = on_working_days(dates_between(rng, first, as_at, n5), as_at)
    held = rng.random(n5) < 0.4
    gap = np.where(rng.random(n5) < 0.2, rng.integers(16, 30, n5), rng.integers(4, 16, n5))
    icpc = blank_after(add_working_days_series(strategy, gap), as_at).where(held)
    yes_no = np.array(["a) Yes", "b) No", ""], dtype=object)
    list5 = pd.DataFrame(
        {
            **common(n5),
            "Strategy discussion initiating Section 47 Enquiry Start Date": strategy,
            "Was an Initial Child Protection Conference deemed unnecessary?": yes_no[
                np.where(icpc.notna(), 1, rng.choice([0, 2], n5))
            ],
            "Date of Initial Child Protection Conference": icpc,
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": yes_no[
                np.where(icpc.notna(), rng.choice([0, 1], n5, p=[0.85, 0.15]), 2)
            ],
        }
    )
    return {"List 4": list4, "List 5": list5}
