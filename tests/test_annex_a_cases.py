"""The cases behind each KPI that miss it: ids, teams, dates and how late."""

from datetime import date

import pandas as pd

from kpis.annex_a import CASE_COLUMNS, case_lists, compute_kpis, load_frames

TODAY = date(2024, 6, 30)
AS_AT = date(2024, 3, 31)


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def l5(*rows: tuple) -> pd.DataFrame:
    return frame(
        [
            {
                "Child Unique ID": child,
                "Child Name": "must never travel",
                "Strategy discussion initiating Section 47 Enquiry Start Date": strategy,
                "Was an Initial Child Protection Conference deemed unnecessary?": "b) No",
                "Date of Initial Child Protection Conference": held,
                "Did the Initial Child Protection Conference Result in a Child Protection Plan": "",
                "Allocated Team": team,
                "Allocated Worker": "SW01",
            }
            for child, strategy, held, team in rows
        ]
    )


def l8(*rows: dict) -> pd.DataFrame:
    base = {
        "Child Unique ID": "C1",
        "Date of Birth": date(2012, 1, 1),
        "Date Started to be Looked After": date(2020, 1, 1),
        "Date of Latest Statutory Review": date(2024, 3, 1),
        "Date of Last Health Assessment": date(2024, 3, 1),
        "Date of Last Dental Check": date(2024, 3, 1),
        "Number of Placements in the Last 12 months": 1,
        "Date Ceased to be Looked After": None,
        "Allocated Team": "CiC",
        "Allocated Worker": "SW02",
    }
    return frame([{**base, **row} for row in rows])


def test_late_icpcs_with_working_days_over_15() -> None:
    result = load_frames(
        {
            "List 5": l5(
                ("C1", "04/03/2024", "25/03/2024", "Team A"),  # exactly 15: on time
                ("C2", "04/03/2024", "28/03/2024", "#N/A"),  # 18: 3 late
                ("C3", "21/03/2024", "16/04/2024", "Team A"),  # 16 over Easter: 1 late
            )
        },
        as_at=date(2024, 4, 30),
        today=TODAY,
    )
    cases = case_lists(result)
    assert list(cases.columns) == CASE_COLUMNS
    icpc = cases[cases.kpi_id == "icpc_15_days"].set_index("child_id")
    assert sorted(icpc.index) == ["C2", "C3"]
    assert icpc.loc["C2", "days_late"] == 3
    assert icpc.loc["C2", "team"] == "Unallocated"
    assert icpc.loc["C2", "period"] == "2024-03"
    assert icpc.loc["C2", "due_date"] == pd.Timestamp("2024-03-25")
    assert icpc.loc["C2", "start_date"] == pd.Timestamp("2024-03-04")
    assert icpc.loc["C2", "event_date"] == pd.Timestamp("2024-03-28")
    assert (icpc.loc["C2", "list"], icpc.loc["C2", "row"]) == (5, 3)
    assert icpc.loc["C3", "days_late"] == 1
    assert icpc.loc["C3", "due_date"] == pd.Timestamp("2024-04-15")
    assert "16 working days" in icpc.loc["C3", "reason"]
    # The ICPC-to-plan figure is neutral: no case misses it.
    assert "icpc_to_cp_plan" not in set(cases.kpi_id)


def test_no_names_ever_reach_the_cases_or_the_lists() -> None:
    result = load_frames(
        {"List 5": l5(("C2", "04/03/2024", "28/03/2024", "A"))}, as_at=AS_AT, today=TODAY
    )
    cases = case_lists(result)
    assert "must never travel" not in cases.to_csv()
    assert not any("name" in column.lower() for column in result.lists[5].columns)


def test_assessments_over_45_working_days() -> None:
    result = load_frames(
        {
            "List 4": frame(
                [
                    {
                        "Child Unique ID": "C7",
                        "Continuous Assessment Start Date": "04/03/2024",
                        "Continuous Assessment Date of Authorisation": "16/05/2024",
                        "Allocated Team": "Assessment",
                        "Allocated Worker": "SW03",
                    }
                ]
            )
        },
        today=TODAY,
    )
    [case] = case_lists(result).itertuples()
    # Due 9 May (45 working days); 16 May is 5 working days later.
    assert (case.kpi_id, case.child_id, case.days_late) == ("assessments_45_days", "C7", 5)
    assert case.due_date == pd.Timestamp("2024-05-09")


def test_overdue_checks_in_calendar_days() -> None:
    result = load_frames(
        {
            "List 8": l8(
                {"Child Unique ID": "C1", "Date of Last Health Assessment": date(2023, 3, 1)},
                {"Child Unique ID": "C2", "Date of Last Health Assessment": None},
                {
                    "Child Unique ID": "C3",
                    "Date of Birth": date(2021, 1, 1),
                    "Date of Last Health Assessment": date(2023, 9, 1),
                },
            )
        },
        as_at=AS_AT,
        today=TODAY,
    )
    cases = case_lists(result)
    health = cases[cases.kpi_id == "health_assessments"].set_index("child_id")
    assert health.loc["C1", "due_date"] == pd.Timestamp("2024-03-01")
    assert health.loc["C1", "days_late"] == 30
    assert pd.isna(health.loc["C2", "days_late"])
    assert "no health assessment" in health.loc["C2", "reason"]
    assert health.loc["C3", "due_date"] == pd.Timestamp("2024-03-01")  # under 5: 6 months
    assert "6 months" in health.loc["C3", "reason"]


def test_overdue_reviews_and_first_review_due_after_20_working_days() -> None:
    result = load_frames(
        {
            "List 8": l8(
                {"Child Unique ID": "C1", "Date of Latest Statutory Review": date(2023, 8, 31)},
                {
                    "Child Unique ID": "C2",
                    "Date Started to be Looked After": date(2024, 2, 1),
                    "Date of Latest Statutory Review": None,
                },
            )
        },
        as_at=AS_AT,
        today=TODAY,
    )
    cases = case_lists(result)
    reviews = cases[cases.kpi_id == "lac_reviews_timely"].set_index("child_id")
    assert reviews.loc["C1", "due_date"] == pd.Timestamp("2024-02-29")
    assert reviews.loc["C1", "days_late"] == 31
    assert reviews.loc["C2", "due_date"] == pd.Timestamp("2024-02-29")
    assert "no statutory review" in reviews.loc["C2", "reason"]


def test_unstable_placements_and_care_leavers_listed_with_reasons() -> None:
    l9 = frame(
        [
            {
                "Child Unique ID": "L1",
                "Date of Birth": date(2004, 1, 1),
                "LA in Touch": "b) No",
                "Suitability of Accommodation": "b) Unsuitable",
                "Activity Status": "G5: Not in education, employment or training - other",
                "Allocated Team": "Leaving Care",
                "Allocated Worker": "PA1",
            }
        ]
    )
    result = load_frames(
        {"List 8": l8({"Number of Placements in the Last 12 months": 3}), "List 9": l9},
        as_at=AS_AT,
        today=TODAY,
    )
    cases = case_lists(result).set_index("kpi_id")
    assert cases.loc["placement_stability_3plus", "reason"] == "3 placements in the last 12 months"
    assert "G5" in cases.loc["care_leavers_ete", "reason"]
    assert "Unsuitable" in cases.loc["care_leavers_suitable_accommodation", "reason"]
    assert "b) No" in cases.loc["care_leavers_in_touch", "reason"]
    assert (cases.loc["care_leavers_in_touch", "worker"]) == "PA1"


def test_cases_match_the_figures() -> None:
    from kpis.annex_a.synthetic import make_annex_a

    result = load_frames(make_annex_a(children=1500), today=TODAY)
    figures = compute_kpis(result)
    cases = case_lists(result)
    counted = cases.groupby(["kpi_id", "period", "team"]).size()
    teams = figures[(figures.team != "") & (figures.kpi_id != "icpc_to_cp_plan")]
    for fig in teams.itertuples():
        misses = (
            fig.numerator
            if fig.kpi_id == "placement_stability_3plus"
            else (fig.denominator - fig.numerator)
        )
        assert counted.get((fig.kpi_id, fig.period, fig.team), 0) == misses, fig


def test_empty_case_list_has_the_columns() -> None:
    result = load_frames({"List 8": l8({})}, as_at=AS_AT, today=TODAY)
    cases = case_lists(result)
    assert cases.empty and list(cases.columns) == CASE_COLUMNS
