"""Event-list KPIs (Lists 4 and 5) on small hand-worked cases at their boundaries."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from conftest import L4, L5

from kpis.annex_a import FIGURE_COLUMNS, compute_kpis, load_frames
from kpis.working_days import working_days_between

TODAY = date(2024, 6, 30)


def sheet(headers: dict[str, str], rows: list[dict]) -> pd.DataFrame:
    defaults = {"child": None, "team": "Team A", "worker": "W1"}
    filled = [{**defaults, **row} for row in rows]
    for i, row in enumerate(filled):
        row["child"] = row["child"] or f"C{i + 1}"
    return pd.DataFrame([{headers[k]: v for k, v in row.items()} for row in filled])


def figures(as_at: date | None = None, **lists: list[dict]) -> pd.DataFrame:
    frames = {}
    if "l4" in lists:
        frames["List 4"] = sheet(L4, lists["l4"])
    if "l5" in lists:
        frames["List 5"] = sheet(L5, lists["l5"])
    return compute_kpis(load_frames(frames, as_at=as_at, today=TODAY))


def row(frame: pd.DataFrame, kpi: str, period: str, team: str = "") -> tuple[int, int]:
    hit = frame[(frame.kpi_id == kpi) & (frame.period == period) & (frame.team == team)]
    assert len(hit) == 1, f"{kpi} {period} {team!r}: {len(hit)} rows"
    return int(hit.numerator.iat[0]), int(hit.denominator.iat[0])


def icpc(strategy, held, **more) -> dict:
    return {"strategy": strategy, "icpc": held, "unnecessary": "b) No", "plan": "a) Yes", **more}


def test_exactly_15_working_days_is_on_time_and_16_is_late() -> None:
    out = figures(l5=[icpc("04/03/2024", "25/03/2024"), icpc("04/03/2024", "26/03/2024")])
    assert row(out, "icpc_15_days", "2024-03") == (1, 2)


def test_bank_holidays_inside_the_window_are_not_counted() -> None:
    # From 21 March 2024, Good Friday and Easter Monday make 15 April the 15th working day.
    out = figures(l5=[icpc("21/03/2024", "15/04/2024"), icpc("21/03/2024", "16/04/2024")])
    assert row(out, "icpc_15_days", "2024-04") == (1, 2)


def test_icpc_before_its_strategy_discussion_is_left_out_of_timeliness_only() -> None:
    result = load_frames(
        {"List 5": sheet(L5, [icpc("10/04/2024", "05/04/2024"), icpc("02/04/2024", "05/04/2024")])},
        today=TODAY,
    )
    out = compute_kpis(result)
    assert row(out, "icpc_15_days", "2024-04") == (1, 1)
    assert row(out, "icpc_to_cp_plan", "2024-04") == (2, 2)
    [warning] = [w for w in result.warnings if w.row is not None]
    assert (warning.list, warning.row, warning.column) == (5, 2, L5["icpc"])
    assert "before its strategy discussion" in warning.message
    assert len(result.lists[5]) == 2


def test_icpc_counts_only_with_a_date_and_not_deemed_unnecessary() -> None:
    out = figures(
        l5=[
            icpc("01/04/2024", "10/04/2024"),
            icpc("01/04/2024", "10/04/2024", unnecessary=""),  # blank: counts
            icpc("01/04/2024", "10/04/2024", unnecessary="a) Yes"),  # a date, yet unnecessary
            icpc("01/04/2024", None, unnecessary="a) Yes", plan=""),
            icpc("01/04/2024", None, unnecessary="", plan=""),  # no ICPC yet
        ]
    )
    assert row(out, "icpc_15_days", "2024-04") == (2, 2)
    assert row(out, "icpc_to_cp_plan", "2024-04") == (2, 2)


def test_blank_or_no_plan_answer_is_no_plan_and_answers_read_by_code_or_text() -> None:
    answers = ["a) Yes", "Yes", "Y", "b) No", "No", "", "a)"]
    out = figures(l5=[icpc("01/04/2024", "10/04/2024", plan=a) for a in answers])
    assert row(out, "icpc_to_cp_plan", "2024-04") == (4, 7)


def test_unreadable_strategy_date_leaves_the_icpc_in_the_plan_figure() -> None:
    result = load_frames(
        {"List 5": sheet(L5, [icpc("not known", "10/04/2024"), icpc("01/04/2024", "10/04/2024")])},
        today=TODAY,
    )
    out = compute_kpis(result)
    assert row(out, "icpc_15_days", "2024-04") == (1, 1)
    assert row(out, "icpc_to_cp_plan", "2024-04") == (2, 2)
    [warning] = [w for w in result.warnings if w.row == 2]
    assert warning.column == L5["strategy"] and "not known" in warning.message


def test_events_after_the_as_at_date_are_ignored() -> None:
    out = figures(
        as_at=date(2024, 4, 30),
        l5=[icpc("22/04/2024", "29/04/2024"), icpc("25/04/2024", "02/05/2024")],
        l4=[
            {"start": "01/04/2024", "authorised": "30/04/2024"},
            {"start": "01/04/2024", "authorised": "01/05/2024"},
        ],
    )
    assert row(out, "icpc_15_days", "2024-04") == (1, 1)
    assert row(out, "assessments_45_days", "2024-04") == (1, 1)
    assert set(out.period) == {"2024-04"}


def test_figures_for_every_month_with_cases_and_none_for_empty_months() -> None:
    out = figures(
        l5=[
            icpc("01/02/2024", "12/02/2024"),
            icpc("01/04/2024", "30/04/2024"),
            icpc("10/03/2024", None, unnecessary="a) Yes", plan=""),
        ]
    )
    assert sorted(set(out.period)) == ["2024-02", "2024-04"]
    assert row(out, "icpc_15_days", "2024-04") == (0, 1)


def test_team_rows_beside_the_authority_row_with_unallocated() -> None:
    out = figures(
        l5=[
            icpc("01/04/2024", "10/04/2024", team="Team A"),
            icpc("01/04/2024", "30/04/2024", team="Team A"),
            icpc("01/04/2024", "10/04/2024", team=""),
            icpc("01/04/2024", "10/04/2024", team="#N/A"),
            icpc("01/04/2024", "10/04/2024", team=None),
            icpc("01/04/2024", None, team="Team B", unnecessary="a) Yes", plan=""),
        ]
    )
    assert row(out, "icpc_15_days", "2024-04") == (4, 5)
    assert row(out, "icpc_15_days", "2024-04", "Team A") == (1, 2)
    assert row(out, "icpc_15_days", "2024-04", "Unallocated") == (3, 3)
    # Team B has no ICPC: no figure at all rather than 0/0.
    assert "Team B" not in set(out.team)


def test_exactly_45_working_days_is_on_time_and_46_is_late() -> None:
    # 45 working days after Monday 4 March 2024 is 9 May: Good Friday, Easter Monday and the
    # early May bank holiday fall inside.
    out = figures(
        l4=[
            {"start": "04/03/2024", "authorised": "09/05/2024"},
            {"start": "04/03/2024", "authorised": "10/05/2024"},
            {"start": "01/05/2024", "authorised": None},  # open: in no figure
        ]
    )
    assert row(out, "assessments_45_days", "2024-05") == (1, 2)


def test_assessment_authorised_before_it_started_is_left_out_and_listed() -> None:
    result = load_frames(
        {
            "List 4": sheet(
                L4,
                [
                    {"start": "10/05/2024", "authorised": "02/05/2024"},
                    {"start": "01/05/2024", "authorised": "02/05/2024"},
                ],
            )
        },
        today=TODAY,
    )
    assert row(compute_kpis(result), "assessments_45_days", "2024-05") == (1, 1)
    [warning] = [w for w in result.warnings if w.row is not None]
    assert (warning.list, warning.row, warning.column) == (4, 2, L4["authorised"])


def test_output_shape_and_value() -> None:
    out = figures(
        l5=[
            icpc("01/04/2024", "10/04/2024"),
            icpc("01/04/2024", "30/04/2024"),
            icpc("01/04/2024", "29/04/2024"),
        ]
    )
    assert list(out.columns) == FIGURE_COLUMNS
    authority = out[(out.kpi_id == "icpc_15_days") & (out.team == "")]
    assert authority.value.iat[0] == pytest.approx(100 * 1 / 3)
    assert out.equals(out.sort_values(["kpi_id", "period", "team"], ignore_index=True))


def test_lists_not_given_are_not_computed() -> None:
    out = figures(l4=[{"start": "01/04/2024", "authorised": "10/04/2024"}])
    assert set(out.kpi_id) == {"assessments_45_days"}


def test_inputs_are_not_mutated() -> None:
    frame = sheet(L5, [icpc("01/04/2024", "10/04/2024")])
    before = frame.copy()
    compute_kpis(load_frames({"List 5": frame}, today=TODAY))
    pd.testing.assert_frame_equal(frame, before)


def expected_figures(l4: list[dict], l5: list[dict], as_at: date) -> dict:
    """(kpi_id, period, team) -> (numerator, denominator), worked case by case."""
    tally: dict = {}

    def count(kpi: str, day: date, team: str, counted: bool) -> None:
        for who in ("", team or "Unallocated"):
            key = (kpi, f"{day.year:04d}-{day.month:02d}", who)
            hits, cases = tally.get(key, (0, 0))
            tally[key] = (hits + counted, cases + 1)

    for case in l4:
        start, done = case["start"], case["authorised"]
        if done and start and start <= done <= as_at:
            in_time = working_days_between(start, done) <= 45
            count("assessments_45_days", done, case["team"], in_time)
    for case in l5:
        strategy, held = case["strategy"], case["icpc"]
        if held and held <= as_at and case["unnecessary"] != "a) Yes":
            count("icpc_to_cp_plan", held, case["team"], case["plan"] == "a) Yes")
            if strategy and strategy <= held:
                in_time = working_days_between(strategy, held) <= 15
                count("icpc_15_days", held, case["team"], in_time)
    return tally


@pytest.mark.parametrize(
    ("teams", "first_year", "years"),
    [(3, 2023, 2), (12, 2015, 10), (150, 1940, 170)],  # the last has many teams and months
)
def test_figures_match_case_by_case_working(teams: int, first_year: int, years: int) -> None:
    # Dates run past both ends of the cached working-day calendar (1950 to 2100) in the last.
    rng = np.random.default_rng(teams)
    as_at = date(first_year + years - 1, 12, 31)

    def day() -> date | None:
        if rng.random() < 0.05:
            return None
        return date(first_year, 1, 1) + timedelta(days=int(rng.integers(0, 365 * years)))

    def team() -> str:
        return "" if rng.random() < 0.05 else f"Team {int(rng.integers(teams)):03d}"

    def later(start: date | None) -> date | None:
        return start + timedelta(days=int(rng.integers(-5, 90))) if start else day()

    l4 = []
    for _ in range(400):
        start = day()
        l4.append({"start": start, "authorised": later(start), "team": team()})
    l5 = []
    for _ in range(400):
        strategy = day()
        l5.append(
            icpc(
                strategy,
                later(strategy),
                team=team(),
                unnecessary=["b) No", "a) Yes", ""][int(rng.integers(3))],
                plan=["a) Yes", "b) No", ""][int(rng.integers(3))],
            )
        )
    out = figures(as_at=as_at, l4=l4, l5=l5)
    assert out.equals(out.sort_values(["kpi_id", "period", "team"], ignore_index=True))
    got = {
        (k, p, t): (n, d)
        for k, p, t, n, d in zip(
            out.kpi_id, out.period, out.team, out.numerator, out.denominator, strict=True
        )
    }
    assert got == expected_figures(l4, l5, as_at)
