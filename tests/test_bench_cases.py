"""The benchmark's DuckDB SQL computes exactly what kpi_figures does on Lists 4 and 5."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pandas as pd
from conftest import L4, L5

from bench.cases import assert_same, dirty
from bench.cases import duckdb_figures as _duckdb_figures
from kpis.annex_a import kpi_figures, load_frames
from kpis.annex_a.synthetic import AS_AT, make_annex_a
from kpis.annex_a.synthetic_bulk import make_event_frames

EVENT_KPIS = ("assessments_45_days", "icpc_15_days", "icpc_to_cp_plan")
TODAY = date(2024, 6, 30)


def duckdb_figures(lists, as_at: date, *, threads: int | None = None) -> pd.DataFrame:
    """DuckDB's figures worked out in a process of its own: DuckDB's bindings, once imported
    beside Streamlit's caches in the test process, print dozens of leaked-reference warnings
    when the test run exits."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return pool.submit(_duckdb_figures, dict(lists), as_at, threads=threads).result()


def both(frames: dict[str, pd.DataFrame], as_at: date | None = None) -> pd.DataFrame:
    """Ours, after checking DuckDB (default and single-threaded) gives exactly the same."""
    loaded = load_frames(frames, as_at=as_at, today=TODAY if as_at is None else as_at)
    ours = kpi_figures(loaded.lists, loaded.as_at)
    ours = ours[ours["kpi_id"].isin(EVENT_KPIS)]
    assert_same(ours, duckdb_figures(loaded.lists, loaded.as_at))
    assert_same(ours, duckdb_figures(loaded.lists, loaded.as_at, threads=1))
    return ours


def sheet(headers: dict[str, str], rows: list[dict]) -> pd.DataFrame:
    filled = [
        {"team": "Team A", "worker": "W1", "child": f"C{i + 1}", **r} for i, r in enumerate(rows)
    ]
    return pd.DataFrame([{headers[k]: v for k, v in r.items()} for r in filled])


def icpc(strategy, held, **more) -> dict:
    return {"strategy": strategy, "icpc": held, "unnecessary": "b) No", "plan": "a) Yes", **more}


def assessment(start, authorised, **more) -> dict:
    return {"start": start, "authorised": authorised, **more}


def row(frame: pd.DataFrame, kpi: str, period: str, team: str = "") -> tuple[int, int] | None:
    hit = frame[(frame.kpi_id == kpi) & (frame.period == period) & (frame.team == team)]
    assert len(hit) <= 1
    return (int(hit.numerator.iat[0]), int(hit.denominator.iat[0])) if len(hit) else None


def test_generated_bulk_lists_with_dirt_agree() -> None:
    frames = dirty(make_event_frames(5_000))
    out = both(frames, AS_AT)
    assert set(out["kpi_id"]) == set(EVENT_KPIS)
    assert (out["team"] == "Unallocated").any()
    assert out["period"].nunique() > 50


def test_generated_borough_workbook_agrees() -> None:
    # The demo generator's dirt: text and impossible dates, a date far in the future, an
    # ICPC before its strategy discussion, '#N/A' and blank teams, 'Yes' for 'a) Yes'.
    frames = make_annex_a(children=5_000)
    out = both({k: frames[k] for k in ("List 4", "List 5")}, AS_AT)
    assert set(out["kpi_id"]) == set(EVENT_KPIS)


def test_bank_holidays_inside_the_window() -> None:
    # From Friday 15 December 2023, Christmas Day, Boxing Day and New Year's Day are skipped:
    # Wednesday 10 January 2024 is the 15th working day, Thursday 11 January the 16th.
    out = both(
        {"List 5": sheet(L5, [icpc("15/12/2023", "10/01/2024"), icpc("15/12/2023", "11/01/2024")])}
    )
    assert row(out, "icpc_15_days", "2024-01") == (1, 2)


def test_exactly_15_and_45_working_days_are_on_time() -> None:
    out = both(
        {
            "List 5": sheet(
                L5, [icpc("04/03/2024", "25/03/2024"), icpc("04/03/2024", "26/03/2024")]
            ),
            # Easter 2024 (Good Friday 29 March, Monday 1 April) and 6 May fall inside.
            "List 4": sheet(
                L4,
                [assessment("01/03/2024", "08/05/2024"), assessment("01/03/2024", "09/05/2024")],
            ),
        }
    )
    assert row(out, "icpc_15_days", "2024-03") == (1, 2)
    assert row(out, "assessments_45_days", "2024-05") == (1, 2)


def test_starts_and_ends_on_days_that_are_not_working_days() -> None:
    # After Saturday 2 March up to Friday 22 March: 15 working days; to Saturday 23 March: 15.
    # After Monday 4 March up to Saturday 23 March: 14. After Good Friday to Tuesday 23 April: 16.
    rows = [
        icpc("02/03/2024", "22/03/2024"),
        icpc("02/03/2024", "23/03/2024"),
        icpc("04/03/2024", "23/03/2024"),
        icpc("29/03/2024", "23/04/2024", team="Team B"),
    ]
    out = both({"List 5": sheet(L5, rows)})
    assert row(out, "icpc_15_days", "2024-03") == (3, 3)
    assert row(out, "icpc_15_days", "2024-04", "Team B") == (0, 1)


def test_the_2022_and_2023_extra_bank_holidays() -> None:
    # The state funeral (19 September 2022) and the coronation (8 May 2023) are not working days.
    rows = [
        icpc("01/09/2022", "23/09/2022"),
        icpc("01/09/2022", "26/09/2022"),
        icpc("20/04/2023", "15/05/2023"),
        icpc("20/04/2023", "16/05/2023"),
    ]
    out = both({"List 5": sheet(L5, rows)}, date(2023, 6, 30))
    assert row(out, "icpc_15_days", "2022-09") == (1, 2)
    assert row(out, "icpc_15_days", "2023-05") == (1, 2)


def test_rows_left_out_of_only_the_figures_they_cannot_support() -> None:
    rows = [
        # Before its strategy discussion: out of timeliness, still an ICPC with a plan.
        icpc("10/01/2024", "08/01/2024"),
        # Same day: no working days at all.
        icpc("09/01/2024", "09/01/2024", plan=""),
        icpc("TBC", "10/01/2024", plan="b) No"),
        icpc("05/01/2024", "31/02/2024"),
        icpc("05/01/2024", "12/01/2024", unnecessary="a) Yes"),
        icpc("05/01/2024", "12/01/2024", unnecessary="Yes"),
        icpc("05/01/2024", None, unnecessary="a) Yes", plan=""),
        icpc("05/01/2024", "15/01/2024", team="#N/A"),
        icpc("05/01/2024", "16/01/2024", team=""),
        icpc("05/06/2024", "01/07/2024"),
    ]
    out = both({"List 5": sheet(L5, rows)}, date(2024, 6, 30))
    assert row(out, "icpc_15_days", "2024-01") == (3, 3)
    assert row(out, "icpc_to_cp_plan", "2024-01") == (3, 5)
    assert row(out, "icpc_to_cp_plan", "2024-01", "Unallocated") == (2, 2)
    assert row(out, "icpc_to_cp_plan", "2024-07") is None


def test_assessments_left_out_and_unallocated() -> None:
    rows = [
        assessment("10/01/2024", "08/01/2024"),
        assessment("31/02/2024", "08/03/2024"),
        assessment("05/01/2024", None),
        assessment("05/01/2024", "12/01/2024", team="#N/A"),
        assessment("05/01/2024", "12/07/2024"),
    ]
    out = both({"List 4": sheet(L4, rows)}, date(2024, 6, 30))
    assert row(out, "assessments_45_days", "2024-01") == (1, 1)
    assert row(out, "assessments_45_days", "2024-01", "Unallocated") == (1, 1)
    assert row(out, "assessments_45_days", "2024-03") is None


def test_nothing_to_count_gives_no_figures_from_either() -> None:
    rows = [icpc("05/01/2024", "12/01/2024", unnecessary="a) Yes")]
    out = both({"List 5": sheet(L5, rows), "List 4": sheet(L4, [assessment("05/01/2024", None)])})
    assert out.empty
