"""Snapshot-list KPIs (Lists 8 and 9) on small hand-worked cases at their boundaries."""

from datetime import date

import pandas as pd
import pytest

from kpis.annex_a import compute_kpis, load_frames
from kpis.annex_a.timing import age_years, months_before

TODAY = date(2024, 6, 30)
L8 = {
    "child": "Child Unique ID",
    "dob": "Date of Birth",
    "started": "Date Started to be Looked After",
    "review": "Date of Latest Statutory Review",
    "health": "Date of Last Health Assessment",
    "dental": "Date of Last Dental Check",
    "placements": "Number of Placements in the Last 12 months",
    "ceased": "Date Ceased to be Looked After",
    "team": "Allocated Team",
    "worker": "Allocated Worker",
}
L9 = {
    "child": "Child Unique ID",
    "dob": "Date of Birth",
    "in_touch": "LA in Touch",
    "suitability": "Suitability of Accommodation",
    "activity": "Activity Status",
    "team": "Allocated Team",
    "worker": "Allocated Worker",
}
LAC = {
    "dob": "01/01/2012",
    "started": "01/01/2020",
    "review": "01/03/2024",
    "health": "01/03/2024",
    "dental": "01/03/2024",
    "placements": 1,
    "ceased": None,
    "team": "Team A",
    "worker": "W1",
}
LEAVER = {
    "dob": "01/01/2004",
    "in_touch": "a) Yes",
    "suitability": "a) Suitable",
    "activity": "F2: Full time in education other than higher",
    "team": "Leaving Care",
    "worker": "PA1",
}


def sheet(headers: dict[str, str], defaults: dict, rows: list[dict]) -> pd.DataFrame:
    filled = [{"child": f"C{i + 1}", **defaults, **row} for i, row in enumerate(rows)]
    return pd.DataFrame([{headers[k]: v for k, v in row.items()} for row in filled])


def read(as_at: date, l8: list[dict] | None = None, l9: list[dict] | None = None):
    frames = {}
    if l8 is not None:
        frames["List 8"] = sheet(L8, LAC, l8)
    if l9 is not None:
        frames["List 9"] = sheet(L9, LEAVER, l9)
    return load_frames(frames, as_at=as_at, today=TODAY)


def figure(result, kpi: str, team: str = "") -> tuple[int, int] | None:
    out = compute_kpis(result)
    hit = out[(out.kpi_id == kpi) & (out.team == team)]
    if hit.empty:
        return None
    assert hit.period.tolist() == [result.period]
    return int(hit.numerator.iat[0]), int(hit.denominator.iat[0])


AS_AT = date(2024, 3, 31)


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert months_before(date(2024, 3, 31), 12) == date(2023, 3, 31)
    assert months_before(date(2024, 3, 31), 6) == date(2023, 9, 30)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert months_before(date(2023, 8, 31), 6) == date(2023, 2, 28)
    assert months_before(date(2024, 1, 15), 1) == date(2023, 12, 15)


def test_ages_in_whole_years() -> None:
    dob = pd.Series(pd.to_datetime(["2005-03-31", "2005-04-01", "2004-02-29", None]))
    assert age_years(dob, date(2024, 3, 31)).tolist()[:3] == [19, 18, 20]
    assert age_years(dob, date(2023, 2, 28)).tolist()[2] == 18  # leap-day birthday: 1 March
    assert pd.isna(age_years(dob, date(2024, 3, 31)).iat[3])


def test_looked_after_at_least_12_months_exactly() -> None:
    result = read(
        AS_AT,
        [
            {"started": "31/03/2023"},  # exactly 12 months: in
            {"started": "01/04/2023"},  # a day short: out
        ],
    )
    assert figure(result, "health_assessments") == (1, 1)
    assert figure(result, "dental_checks") == (1, 1)


def test_last_check_exactly_12_months_before_is_in_time() -> None:
    result = read(
        AS_AT,
        [
            {"health": "31/03/2023", "dental": "31/03/2023"},
            {"health": "30/03/2023", "dental": "30/03/2023"},
            {"health": None, "dental": None},  # none at all: stays in, missing
        ],
    )
    assert figure(result, "health_assessments") == (1, 3)
    assert figure(result, "dental_checks") == (1, 3)


def test_under_5_health_assessment_within_6_months() -> None:
    result = read(
        AS_AT,
        [
            {"dob": "01/01/2020", "health": "30/09/2023"},  # aged 4: exactly 6 months
            {"dob": "01/01/2020", "health": "29/09/2023"},  # aged 4: too old
            {"dob": "31/03/2019", "health": "01/06/2023"},  # 5 today: the 12-month rule
            {"dob": "01/04/2019", "health": "01/06/2023"},  # 5 tomorrow: 6 months, late
        ],
    )
    assert figure(result, "health_assessments") == (2, 4)
    # Dental checks keep the 12-month rule at every age.
    assert figure(result, "dental_checks") == (4, 4)


def test_ceased_on_the_as_at_date_is_not_looked_after() -> None:
    result = read(
        AS_AT,
        [
            {"ceased": "31/03/2024"},
            {"ceased": "01/04/2024"},  # after the as-at date: still looked after
            {"ceased": "01/01/2024"},
            {"started": "31/03/2024", "health": None},  # started on the day: looked after
            {"started": "01/04/2024"},  # not yet
        ],
    )
    assert figure(result, "placement_stability_3plus") == (0, 2)
    assert figure(result, "health_assessments") == (1, 1)


def test_reviews_only_for_children_looked_after_more_than_20_working_days() -> None:
    as_at = date(2024, 3, 28)
    result = read(
        as_at,
        [
            {"started": "29/02/2024", "review": None},  # exactly 20 working days: not yet due
            {"started": "28/02/2024", "review": None},  # 21: due, none held, overdue
            {"started": "01/01/2020", "review": "28/09/2023"},  # exactly 6 months
            {"started": "01/01/2020", "review": "27/09/2023"},
        ],
    )
    assert figure(result, "lac_reviews_timely") == (1, 3)


def test_placement_stability_counts_3_or_more() -> None:
    result = read(
        AS_AT,
        [{"placements": 2}, {"placements": 3}, {"placements": "4"}, {"placements": "three"}],
    )
    assert figure(result, "placement_stability_3plus") == (2, 3)
    [warning] = [w for w in result.warnings if w.row == 5]
    assert warning.column == L8["placements"] and "'three'" in warning.message


def test_unreadable_dates_leave_the_row_out_of_only_the_figures_needing_them() -> None:
    result = read(
        AS_AT,
        [
            {"health": "n/k"},
            {"dob": "unknown"},
            {"review": "31/02/2024"},
            {},
        ],
    )
    assert figure(result, "health_assessments") == (2, 2)
    assert figure(result, "dental_checks") == (4, 4)
    assert figure(result, "lac_reviews_timely") == (3, 3)
    assert figure(result, "placement_stability_3plus") == (0, 4)
    located = {(w.list, w.row, w.column) for w in result.warnings}
    assert {(8, 2, L8["health"]), (8, 3, L8["dob"]), (8, 4, L8["review"])} <= located
    assert len(result.lists[8]) == 4


def test_checks_after_the_as_at_date_are_ignored() -> None:
    result = read(AS_AT, [{"health": "05/04/2024", "dental": "05/04/2024", "review": "05/04/2024"}])
    assert figure(result, "health_assessments") == (0, 1)
    assert figure(result, "dental_checks") == (0, 1)
    assert figure(result, "lac_reviews_timely") == (0, 1)
    assert sum("after the as-at date" in w.message for w in result.warnings) == 3


def test_care_started_before_birth_is_listed_and_kept() -> None:
    result = read(AS_AT, [{"dob": "01/01/2021", "started": "01/01/2020"}])
    [warning] = [w for w in result.warnings if w.row == 2]
    assert warning.column == L8["started"] and "before the date of birth" in warning.message
    assert figure(result, "dental_checks") == (1, 1)


def test_a_child_listed_twice_counts_once_from_the_last_row() -> None:
    result = read(
        AS_AT,
        [
            {"child": "C9", "placements": 4, "team": "Team A"},
            {"child": "C2"},
            {"child": "C9", "placements": 1, "team": "Team B"},
        ],
    )
    assert figure(result, "placement_stability_3plus") == (0, 2)
    assert figure(result, "placement_stability_3plus", "Team B") == (0, 1)
    [warning] = [w for w in result.warnings if w.row is not None]
    assert (warning.list, warning.row, warning.column) == (8, 2, L8["child"])
    assert "row 4" in warning.message


def test_snapshot_team_breakdown() -> None:
    result = read(AS_AT, [{"team": "Team A"}, {"team": "#N/A", "dental": None}, {"team": ""}])
    assert figure(result, "dental_checks") == (2, 3)
    assert figure(result, "dental_checks", "Team A") == (1, 1)
    assert figure(result, "dental_checks", "Unallocated") == (1, 2)


def test_no_figure_when_nobody_is_in_the_denominator() -> None:
    result = read(AS_AT, [{"started": "01/01/2024"}])
    assert figure(result, "health_assessments") is None
    assert figure(result, "placement_stability_3plus") == (0, 1)


def test_care_leavers_aged_19_to_21_at_the_as_at_date() -> None:
    result = read(
        AS_AT,
        l9=[
            {"dob": "01/04/2005"},  # 18, 19 tomorrow
            {"dob": "31/03/2005"},  # 19 today
            {"dob": "01/04/2002"},  # 21
            {"dob": "31/03/2002"},  # 22 today
        ],
    )
    assert figure(result, "care_leavers_in_touch") == (2, 2)


def test_care_leavers_not_in_touch_or_unrecorded_stay_in_the_denominator() -> None:
    answers = ["a) Yes", "Yes", "b) No", "c) Died", "d) Refu", "e) NREQ", "", None]
    result = read(AS_AT, l9=[{"in_touch": a} for a in answers])
    assert figure(result, "care_leavers_in_touch") == (2, 8)


@pytest.mark.parametrize(
    ("activity", "ete"),
    [
        ("F1: Full time in higher education", True),
        ("P3: Part time in training or employment", True),
        ("P1 - Part time in higher education", True),
        ("G5: Not in education, employment or training - other", False),
        ("G6: Not in education, employment or training - pregnancy or parenting", False),
        ("Full time in training or employment", True),
        ("Not in education, employment or training - illness or disability", False),
        ("", False),
    ],
)
def test_activity_codes(activity: str, ete: bool) -> None:
    result = read(AS_AT, l9=[{"activity": activity}])
    assert figure(result, "care_leavers_ete") == (int(ete), 1)


def test_suitable_means_the_text_suitable() -> None:
    answers = ["a) Suitable", "Suitable", "b) Unsuitable", "Not suitable", "Unsuitable", "", "a)"]
    result = read(AS_AT, l9=[{"suitability": a} for a in answers])
    assert figure(result, "care_leavers_suitable_accommodation") == (3, 7)


def test_care_leaver_listed_twice_last_row_counts() -> None:
    result = read(AS_AT, l9=[{"child": "C1", "in_touch": "b) No"}, {"child": "C1"}])
    assert figure(result, "care_leavers_in_touch") == (1, 1)
    assert any(w.list == 9 and w.row == 2 for w in result.warnings)
