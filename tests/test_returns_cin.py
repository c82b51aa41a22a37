"""The CIN census measures (DESIGN §10.2-10.3), each rule on a hand-built case at its boundary."""

from __future__ import annotations

from tests.returns_helpers import cases, cin_xml, computed, figures, read, result


def census(reference_date: str, *children: dict) -> list:
    return read([(f"cin{reference_date}.xml", cin_xml(reference_date, list(children)))])


def child(child_id: str, *details: dict) -> dict:
    return {"id": child_id, "details": list(details)}


def test_assessments_within_45_working_days_over_christmas_bank_holidays():
    # From Friday 20 December 2024, the 45th working day (25, 26 December and 1 January are
    # bank holidays) is 26 February 2025.
    def assessed(day: str) -> dict:
        dates = {"AssessmentActualStartDate": "2024-12-20", "AssessmentAuthorisationDate": day}
        return {"referral": "2024-12-19", "assessments": [dates]}

    done = computed(census("2025-03-31", child("A", assessed("2025-02-26")),
                           child("B", assessed("2025-02-27"))))  # fmt: skip
    assert figures(done, "assessments_45_days")["2025-02"] == (1, 2)
    assert cases(done, "assessments_45_days", "2025-02") == {
        "B": "assessment authorised 46 working days after it started, 1 late"
    }


def test_icpcs_within_15_working_days_over_easter_and_may_bank_holidays():
    # From Thursday 10 April 2025: Good Friday, Easter Monday and 5 May are bank holidays, so
    # the 15th working day is 6 May.
    def icpc(day: str, start: str = "2025-04-10", not_required: str = "false") -> dict:
        return {"referral": "2025-04-01", "section47": [
            {"S47ActualStartDate": start, "DateOfInitialCPC": day,
             "ICPCnotRequired": not_required}]}  # fmt: skip

    done = computed(
        census(
            "2025-06-30",
            child("A", icpc("2025-05-06")),
            child("B", icpc("2025-05-07")),
            child("C", icpc("2025-05-09", not_required="true")),
            child("D", icpc("2025-05-08", start="2025-05-09")),  # before its section 47
        )
    )
    assert figures(done, "icpc_15_days")["2025-05"] == (1, 2)
    assert cases(done, "icpc_15_days", "2025-05") == {
        "B": "ICPC 1 working days late (16 after the section 47 began)"
    }
    # The ICPC before its section 47 still counts here; no plan followed any of them.
    assert figures(done, "icpc_to_cp_plan")["2025-05"] == (0, 3)
    assert result(done, "icpc_15_days").left_out == {
        "ICPCs held before their section 47 enquiry started": 1
    }


def test_an_icpc_only_at_referral_level_is_a_transfer_in_and_not_counted():
    transfer = {"referral": "2024-06-01", "items": {"DateOfInitialCPC": "2024-06-10"},
                "plans": [{"CPPstartDate": "2024-06-10"}]}  # fmt: skip
    done = computed(census("2025-03-31", child("A", transfer)))
    assert "2024-06" not in figures(done, "icpc_15_days")
    assert "2024-06" not in figures(done, "icpc_to_cp_plan")
    assert figures(done, "cp_plan_count")["2024-06"] == 1


def test_an_icpc_leads_to_a_plan_of_the_same_referral_on_its_date():
    def detail(referral: str, icpc: str | None, plan: str | None) -> dict:
        out: dict = {"referral": referral}
        if icpc:
            out["section47"] = [{"S47ActualStartDate": "2024-09-02", "DateOfInitialCPC": icpc}]
        if plan:
            out["plans"] = [{"CPPstartDate": plan}]
        return out

    done = computed(
        census(
            "2025-03-31",
            child("A", detail("2024-09-01", "2024-09-20", "2024-09-20")),
            # The plan belongs to another referral of the child: not this ICPC's.
            child("B", detail("2024-09-01", "2024-09-20", None), detail("2024-09-15", None,
                                                                        "2024-09-20")),
            child("C", detail("2024-09-01", "2024-09-20", "2024-09-21")),
        )
    )  # fmt: skip
    assert figures(done, "icpc_to_cp_plan")["2024-09"] == (1, 3)


def test_re_referrals_need_24_months_and_same_day_referrals_are_neither_earlier():
    earlier = census(
        "2024-03-31",
        child("R", {"referral": "2023-05-01"}),
        child("S", {"referral": "2023-04-10"}),
    )
    later = census(
        "2025-03-31",
        child("R", {"referral": "2024-04-15"}),
        child("S", {"referral": "2024-04-11"}),  # 12 months before is 11 April 2023: too late
        child("T", {"referral": "2024-06-20"}, {"referral": "2024-06-20"}),
    )
    assert figures(computed(later), "re_referrals_12m") == {}
    done = computed(earlier, later)
    assert figures(done, "re_referrals_12m") == {"2025-03": (1, 4)}
    assert cases(done, "re_referrals_12m", "2025-03") == {
        "R": "re-referred: the one before was 01/05/2023"
    }


def test_second_plans_by_number_of_previous_or_an_earlier_loaded_plan():
    def plan(start: str, previous: str) -> dict:
        return {"referral": start, "plans": [{"CPPstartDate": start,
                                              "NumberOfPreviousCPP": previous}]}  # fmt: skip

    done = computed(
        census(
            "2025-03-31",
            child("A", plan("2024-05-01", "1")),
            child("B", plan("2023-05-01", "0"), plan("2024-06-01", "0")),
            child("C", plan("2024-07-01", "0")),
            child("D", plan("2024-08-01", "lots")),
        )
    )
    assert figures(done, "cp_second_plan")["2025-03"] == (2, 3)
    assert result(done, "cp_second_plan").left_out == {
        "plans with an unreadable NumberOfPreviousCPP and no earlier plan loaded": 1
    }


def test_plans_open_at_d_and_reviews_across_files():
    def plan(start: str, end: str = "", reviews=()) -> dict:
        return {"referral": start, "plans": [{"CPPstartDate": start, "CPPendDate": end,
                                              "reviews": list(reviews)}]}  # fmt: skip

    earlier = census(
        "2024-03-31", child("A", plan("2023-06-01", reviews=["2023-08-25", "2024-02-20"]))
    )
    later = census(
        "2025-03-31",
        child("A", plan("2023-06-01", reviews=["2024-08-10"])),
        child("B", plan("2024-10-01", end="2025-01-31")),  # ends on D: not open at D
    )  # fmt: skip
    done = computed(earlier, later)
    assert figures(done, "cp_reviews_timely")["2025-01"] == (1, 1)
    assert figures(done, "cp_plan_count")["2025-01"] == 1
    assert figures(done, "cp_plan_count")["2024-12"] == 2
    # Both files are needed: the later one alone has no review within 3 months of the start
    # (with a review loaded from before its first day, the plan is judged from its start).
    alone = computed(
        census("2025-03-31", child("A", plan("2023-06-01", reviews=["2024-03-10",
                                                                      "2024-10-20"])))
    )  # fmt: skip
    assert cases(alone, "cp_reviews_timely", "2024-10") == {
        "A": "first review 10/03/2024, more than 3 months after the plan began 01/06/2023"
    }


def test_a_plan_begun_before_the_loaded_files_is_judged_from_their_first_day():
    done = computed(
        census(
            "2025-03-31",
            child("A", {"referral": "2023-12-01", "plans": [
                {"CPPstartDate": "2024-01-01", "reviews": ["2024-09-15"]}]}),
        )
    )  # fmt: skip
    timely = figures(done, "cp_reviews_timely")
    # As if reviewed on 1 April 2024: in time to 1 October, and the review on 15 September
    # keeps it in time to 15 March 2025.
    assert timely["2024-08"] == (1, 1) and timely["2025-02"] == (1, 1)
    assert timely["2025-03"] == (0, 1)
