"""Benchmark: case-level KPIs from 1,000,000 List 4/5 rows, ours against the same DuckDB SQL."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpis.annex_a import FIGURE_COLUMNS, kpi_figures, load_frames, read_annex_a  # noqa: E402
from kpis.annex_a.events import ASSESSMENT_LIMIT, ICPC_LIMIT  # noqa: E402
from kpis.annex_a.synthetic import AS_AT, SEED, write_annex_a  # noqa: E402
from kpis.annex_a.synthetic_bulk import make_event_frames  # noqa: E402
from kpis.working_days import FIRST_YEAR, LAST_YEAR, bank_holidays  # noqa: E402

TARGET = 3.0
_TEAM = "Allocated Team"
_START = "Continuous Assessment Start Date"
_AUTHORISED = "Continuous Assessment Date of Authorisation"
_STRATEGY = "Strategy discussion initiating Section 47 Enquiry Start Date"
_UNNECESSARY = "Was an Initial Child Protection Conference deemed unnecessary?"
_ICPC = "Date of Initial Child Protection Conference"
_PLAN = "Did the Initial Child Protection Conference Result in a Child Protection Plan"

# The calendar is built inside the query from the bank holidays alone, so DuckDB does its own
# working-day arithmetic: n is the number of working days up to and including the day, hence
# the working days after a start, up to and including an end, are n(end) - n(start), whether
# or not either day is itself a working day. It spans the earliest start to the as-at date,
# which holds every pair of dates a timeliness figure counts (start <= end <= as-at).
# Blank and unreadable dates are NULL in the loaded frames and fail every comparison, so a row
# drops out of just the figures that need the date; teams arrive already read ('Unallocated').
_CALENDAR = """
span AS (
    SELECT least({firsts}) AS first
),
days AS (
    SELECT unnest(generate_series(first::TIMESTAMP, $as_at::TIMESTAMP, INTERVAL 1 DAY))::DATE
        AS day
    FROM span
),
calendar AS (
    SELECT days.day,
           sum(CASE WHEN isodow(days.day) < 6 AND h.day IS NULL THEN 1 ELSE 0 END)
               OVER (ORDER BY days.day) AS n
    FROM days LEFT JOIN (SELECT DISTINCT day::DATE AS day FROM holiday_table) h USING (day)
)"""
_FIRSTS = {4: "(SELECT min(start)::DATE FROM l4)", 5: "(SELECT min(strategy)::DATE FROM l5)"}
_JUDGED = {
    4: [
        f"""
    SELECT 'assessments_45_days' AS kpi_id, date_trunc('month', a.done) AS month, a.team,
           e.n - s.n <= {ASSESSMENT_LIMIT} AS counted
    FROM (SELECT team, start::DATE AS began, authorised::DATE AS done FROM l4
          WHERE authorised <= $as_at AND start <= authorised) a
    JOIN calendar s ON s.day = a.began
    JOIN calendar e ON e.day = a.done"""
    ],
    5: [
        # An ICPC before its strategy discussion is left out of timeliness only.
        f"""
    SELECT 'icpc_15_days' AS kpi_id, date_trunc('month', c.held) AS month, c.team,
           e.n - s.n <= {ICPC_LIMIT} AS counted
    FROM (SELECT team, strategy::DATE AS began, icpc::DATE AS held FROM l5
          WHERE icpc <= $as_at AND NOT is_unnecessary AND strategy <= icpc) c
    JOIN calendar s ON s.day = c.began
    JOIN calendar e ON e.day = c.held""",
        """
    SELECT 'icpc_to_cp_plan' AS kpi_id, date_trunc('month', icpc::DATE) AS month, team,
           has_plan AS counted
    FROM l5 WHERE icpc <= $as_at AND NOT is_unnecessary""",
    ],
}
_FIGURES = """
SELECT kpi_id, period, team, numerator, denominator,
       100.0::DOUBLE * numerator / denominator AS value
FROM (
    SELECT kpi_id, strftime(month, '%Y-%m') AS period,
           CASE WHEN grouping(team) = 1 THEN '' ELSE team END AS team,
           count_if(counted) AS numerator, count(*) AS denominator
    FROM judged
    GROUP BY GROUPING SETS ((kpi_id, month), (kpi_id, month, team))
)
ORDER BY kpi_id, period, team"""


def duckdb_sql(lists: Mapping[int, object]) -> str:
    """The event KPIs as one DuckDB query over tables l4 and l5 (those given) and holiday_table."""
    present = [n for n in (4, 5) if n in lists]
    calendar = _CALENDAR.format(firsts=", ".join(_FIRSTS[n] for n in present))
    judged = "\n    UNION ALL".join(part for n in present for part in _JUDGED[n])
    return f"WITH {calendar},\njudged AS ({judged}\n)\n{_FIGURES}"


@lru_cache(maxsize=1)
def holiday_table() -> pd.DataFrame:
    """England and Wales bank holidays over the project's calendar years, one date a row."""
    days = [d for year in range(FIRST_YEAR, LAST_YEAR + 1) for d in bank_holidays(year)]
    return pd.DataFrame({"day": pd.to_datetime(days)})


def duckdb_figures(
    lists: Mapping[int, pd.DataFrame], as_at: date, *, threads: int | None = None
) -> pd.DataFrame:
    """kpi_figures for Lists 4 and 5, computed by DuckDB SQL over the same loaded frames."""
    # Imported here: the test suite runs this in a process of its own (tests/test_bench_cases).
    import duckdb

    config = {} if threads is None else {"threads": threads}
    with duckdb.connect(config=config) as con:
        con.register("holiday_table", holiday_table())
        for n in (4, 5):
            if n in lists:
                con.register(f"l{n}", lists[n])
        out = con.execute(duckdb_sql(lists), {"as_at": as_at}).df()
    return out.astype(
        {"kpi_id": str, "period": str, "team": str, "numerator": "int64", "denominator": "int64"}
    )[FIGURE_COLUMNS]


def comparable(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures in one row order and one set of dtypes, so two computations compare exactly."""
    typed = figures[FIGURE_COLUMNS].astype(
        {
            "kpi_id": str,
            "period": str,
            "team": str,
            "numerator": "int64",
            "denominator": "int64",
            "value": "float64",
        }
    )
    return typed.sort_values(["kpi_id", "period", "team"], ignore_index=True)


def assert_same(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(comparable(ours), comparable(theirs), check_exact=True)


def dirty(frames: Mapping[str, pd.DataFrame], seed: int = SEED) -> dict[str, pd.DataFrame]:
    """The generator's clean lists with the dirt the definitions must handle, in every month.

    Blank and '#N/A' teams, starts and ICPCs on weekends and bank holidays, unreadable and
    UK text dates, authorisations before their starts, ICPCs before their strategy
    discussions, ICPCs deemed unnecessary yet dated, blank plan answers, dates after the
    as-at date.
    """
    rng = np.random.default_rng(seed + 1)
    l4, l5 = frames["List 4"].copy(), frames["List 5"].copy()
    for frame in (l4, l5):
        frame.loc[frame.index[5::97], _TEAM] = "#N/A"
        frame.loc[frame.index[7::89], _TEAM] = ""
    # A day or two earlier lands a share of these on weekends and bank holidays.
    l4.loc[l4.index[::41], _START] -= pd.to_timedelta(rng.integers(1, 3, len(l4.index[::41])), "D")
    later = l4.index[11::503]
    l4.loc[later, _AUTHORISED] = l4.loc[later, _START] - pd.Timedelta(days=3)
    l4.loc[l4.index[13::2003], _AUTHORISED] = pd.Timestamp(AS_AT) + pd.Timedelta(days=10)
    held = l5.index[l5[_ICPC].notna().to_numpy()]
    l5.loc[held[::53], _ICPC] += pd.Timedelta(days=1)
    l5.loc[held[3::211], _STRATEGY] = l5.loc[held[3::211], _ICPC] + pd.Timedelta(days=3)
    l5.loc[held[5::307], _UNNECESSARY] = "a) Yes"
    l5.loc[held[9::101], _PLAN] = ""
    # Text cells make the date columns mixed, as a hand-edited workbook's are.
    for frame, column, every, bad in (
        (l4, _START, 1009, "TBC"),
        (l4, _AUTHORISED, 1013, "31/02/2024"),
        (l5, _STRATEGY, 1019, "n/k"),
        (l5, _ICPC, 1021, "tbc"),
    ):
        cells = frame[column].astype(object)
        as_text = frame.index[19::20]
        cells[as_text] = [
            d if pd.isna(d) else d.strftime("%d/%m/%Y") for d in frame.loc[as_text, column]
        ]
        cells[frame.index[23::every]] = bad
        frame[column] = cells
    # None, as a workbook gives a blank cell (a NaT here trips the reader's warning text).
    l5.loc[l5.index[17::401], _STRATEGY] = None
    return {"List 4": l4, "List 5": l5}


def medians(runs: Mapping[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each run, taken in turn each round so both sides share any load."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def xlsx_read(rows: int, repeat: int) -> tuple[dict[str, float], float, int]:
    """Median seconds for read_annex_a of a generated workbook of `rows` rows through each cell
    reader (openpyxl before, calamine now), seconds to write it, and its bytes."""
    from kpis.annex_a import sources

    frames = dirty(make_event_frames(rows, seed=SEED + 2), seed=SEED + 2)
    direct = kpi_figures(load_frames(frames, as_at=AS_AT, today=AS_AT).lists, AS_AT)
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        path = write_annex_a(Path(tmp) / "annex_a.xlsx", frames)
        written = time.perf_counter() - start
        for reader in ("openpyxl", "calamine"):
            sources.READER = reader
            try:
                seconds = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    result = read_annex_a(path, as_at=AS_AT, today=AS_AT)
                    seconds.append(time.perf_counter() - start)
            finally:
                sources.READER = "calamine"
            # Each reader must reach the figures the in-memory frames give, or its time means
            # little; the same figures from both is the check that they read the same cells.
            assert_same(kpi_figures(result.lists, AS_AT), direct)
            times[reader] = statistics.median(seconds)
        size = path.stat().st_size
    return times, written, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--xlsx-rows", type=int, default=100_000, help="workbook size to time reading (0 skips)"
    )
    args = parser.parse_args()

    start = time.perf_counter()
    frames = dirty(make_event_frames(args.rows))
    generated = time.perf_counter() - start
    start = time.perf_counter()
    loaded = load_frames(frames, as_at=AS_AT, today=AS_AT)
    typed = time.perf_counter() - start
    lists, as_at = loaded.lists, loaded.as_at
    rows = sum(len(f) for f in lists.values())

    ours = kpi_figures(lists, as_at)
    theirs = duckdb_figures(lists, as_at)
    assert_same(ours, theirs)
    assert_same(ours, duckdb_figures(lists, as_at, threads=1))
    dirt = {
        "icpc before strategy": int((lists[5]["icpc"] < lists[5]["strategy"]).sum()),
        "unreadable dates": int(
            sum(f.filter(like="_bad").to_numpy().sum() for f in lists.values())
        ),
        "Unallocated": int(sum((f["team"] == "Unallocated").sum() for f in lists.values())),
    }

    mine, duck, duck_one = medians(
        {
            "ours": lambda: kpi_figures(lists, as_at),
            "duckdb": lambda: duckdb_figures(lists, as_at),
            "duckdb_1": lambda: duckdb_figures(lists, as_at, threads=1),
        },
        args.repeat,
    ).values()
    import duckdb

    with duckdb.connect() as con:
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]

    print(f"rows: {rows:,} (List 4: {len(lists[4]):,}, List 5: {len(lists[5]):,}), as at {as_at}")
    print(f"dirt in the loaded lists: {', '.join(f'{k} {v:,}' for k, v in dirt.items())}")
    print(f"figures: {len(ours):,} rows, identical from ours and DuckDB (checked before timing)")
    print(
        f"generate frames: {generated:.2f} s; load_frames (typing, not in the ratio): {typed:.2f} s"
    )
    print(f"median of {args.repeat}:")
    print(f"  ours, kpi_figures on the loaded frames: {mine:.3f} s")
    print(f"  DuckDB SQL on the same frames ({threads} threads): {duck:.3f} s")
    print(f"  DuckDB SQL on the same frames (1 thread): {duck_one:.3f} s")
    verdict = "within" if mine / duck <= TARGET else "OVER"
    print(f"ratio ours/DuckDB: {mine / duck:.2f}x ({verdict} the {TARGET:g}x target)")
    print(f"ratio ours/DuckDB single-threaded: {mine / duck_one:.2f}x")
    if args.xlsx_rows:
        times, written, size = xlsx_read(args.xlsx_rows, args.repeat)
        print(
            f"XLSX read_annex_a, {args.xlsx_rows:,} rows ({size / 1e6:.1f} MB, written in "
            f"{written:.1f} s), median of {args.repeat}, same figures from both readers:"
        )
        for reader, seconds in times.items():
            per_100k = seconds * 100_000 / args.xlsx_rows
            print(
                f"  {reader:9} {seconds:6.2f} s; {per_100k:.2f} s per 100,000 rows, about "
                f"{per_100k * rows / 100_000:.0f} s for {rows:,} rows"
            )
        speedup = times["openpyxl"] / times["calamine"]
        print(f"ratio openpyxl (before) / calamine (now): {speedup:.1f}x faster")


if __name__ == "__main__":
    main()
