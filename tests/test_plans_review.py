"""The plan at a review date (DESIGN §8.2): statuses, evidence, the check, overdue and slipped."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kpis import ingest
from kpis.month.scorecard import for_board
from kpis.plans import importing
from kpis.plans.evidence import evidence_month
from kpis.plans.model import Action, Rating, Update
from kpis.plans.review import check_sentence, overdue_days, status_at, status_table, summary
from kpis.plans.service import review_at
from tests.plans_helpers import action, figures_csv, rec, update, workbook


def load(store, catalogue, rows, name="figures.csv"):
    checked = ingest.check(store, figures_csv(rows), name, catalogue)
    assert checked.ok, [str(e) for e in checked.errors]
    return ingest.publish(store, checked)


def plan(store, catalogue, *sheets):
    found = importing.check(store, workbook(*sheets), "plan.xlsx", catalogue)
    assert found.ok, [str(e) for e in found.errors]
    importing.publish(store, found)


def u(day: str, status: str) -> Update:
    return Update(ref="R1", date=date.fromisoformat(day), status=status, narrative="n")


def test_status_is_the_latest_update_on_or_before_the_date():
    history = [u("2024-06-30", "on_track"), u("2024-09-30", "at_risk"), u("2024-12-31", "complete")]
    assert status_at(history, date(2024, 9, 30))[:2] == (Rating.AT_RISK, Rating.ON_TRACK)
    assert status_at(history, date(2024, 9, 29))[:2] == (Rating.ON_TRACK, None)
    assert status_at(history, date(2024, 6, 29))[:2] == (Rating.NO_UPDATE, None)
    assert status_at(history, date(2025, 1, 1))[2].date == date(2024, 12, 31)


def act(due="2024-09-30", revised=None, completed=None) -> Action:
    return Action(
        ref="R1", action_ref="1", action="a", due=date.fromisoformat(due),
        revised_due=date.fromisoformat(revised) if revised else None,
        completed=date.fromisoformat(completed) if completed else None,
        status="complete" if completed else "in_progress",
    )  # fmt: skip


def test_overdue_uses_the_revised_date_and_completion_on_or_before_the_date():
    assert overdue_days(act(), date(2024, 9, 30)) is None  # due that day: not yet overdue
    assert overdue_days(act(), date(2024, 10, 3)) == 3
    assert overdue_days(act(revised="2024-12-31"), date(2024, 10, 3)) is None
    assert overdue_days(act(revised="2024-12-31"), date(2025, 1, 2)) == 2
    assert overdue_days(act(completed="2024-10-03"), date(2024, 10, 3)) is None  # done on D
    assert overdue_days(act(completed="2024-10-04"), date(2024, 10, 3)) == 3  # done after D
    assert act(revised="2024-12-31").slipped and not act(revised="2024-09-01").slipped


class Line:
    def __init__(self, rag):
        from kpis.rag import Rag

        self.rag = Rag(rag)
        self.rated = rag != "grey"


def test_the_check_sentence_both_ways():
    lines = [Line("red"), Line("green"), Line("red"), Line("grey")]
    assert check_sentence(Rating.ON_TRACK, lines) == (
        "Rated On track, but 2 of 3 evidence measures are off target."
    )
    assert check_sentence(Rating.COMPLETE, lines[:2]) == (
        "Rated Complete, but 1 of 2 evidence measures are off target."
    )
    greens = [Line("green"), Line("green"), Line("grey")]
    assert check_sentence(Rating.AT_RISK, greens) == (
        "Rated At risk, while all 2 evidence measures are on target."
    )
    assert check_sentence(Rating.OFF_TRACK, greens[:1]) == (
        "Rated Off track, while all 1 evidence measures are on target."
    )
    assert check_sentence(Rating.AT_RISK, [Line("green"), Line("amber")]) == ""
    assert check_sentence(Rating.AT_RISK, [Line("grey")]) == ""
    assert check_sentence(Rating.ON_TRACK, [Line("amber")]) == ""
    assert check_sentence(Rating.NO_UPDATE, [Line("red")]) == ""


def test_evidence_month_is_the_latest_period_ended_by_the_date(store, catalogue):
    load(store, catalogue, [("icpc_15_days", "2024-09", 80), ("icpc_15_days", "2024-10", 95),
                            ("yj_reoffending", "2024-09", 30)])  # fmt: skip
    figures = for_board(store.figures())
    assert evidence_month(figures, "icpc_15_days", date(2024, 10, 30)) == "2024-09"
    assert evidence_month(figures, "icpc_15_days", date(2024, 10, 31)) == "2024-10"
    assert evidence_month(figures, "icpc_15_days", date(2024, 9, 29)) is None
    # A quarterly figure sits at its quarter's last month and stands until the next.
    assert evidence_month(figures, "yj_reoffending", date(2025, 2, 1)) == "2024-09"


def test_review_end_to_end(store, catalogue):
    load(store, catalogue, [
        ("icpc_15_days", "2023-09", 70), ("icpc_15_days", "2024-09", 80),
        ("assessments_45_days", "2024-09", 95), ("dental_checks", "2024-09", 91),
    ])  # fmt: skip
    plan(
        store, catalogue,
        [rec("R1", kpis="icpc_15_days;assessments_45_days"),
         rec("R2", area="Looked after", kpis="dental_checks;assessments_45_days"),
         rec("R3", kpis="")],
        [action("R1", "1", due="2024-09-01"), action("R1", "2", due="2024-09-01",
                                                     revised_due="2024-12-31"),
         action("R2", "1", due="2024-08-01", status="complete", completed="2024-09-30")],
        [update("R1", "2024-06-30", "off_track"), update("R1", "2024-09-30", "on_track"),
         update("R1", "2024-10-01", "complete"), update("R2", "2024-09-30", "R")],
    )  # fmt: skip
    reviewed = review_at(store, catalogue, date(2024, 9, 30))
    table = status_table(reviewed)
    assert list(table["ref"]) == ["R1", "R2", "R3"]
    r1, r2, r3 = (table.iloc[i].to_dict() for i in range(3))
    assert r1["status"] == "on_track" and r1["previous_status"] == "off_track"
    assert (r1["evidence_measures"], r1["evidence_off_target"], r1["overdue_actions"]) == (2, 1, 1)
    assert r1["check"] == "Rated On track, but 1 of 2 evidence measures are off target."
    assert r2["check"] == "Rated Off track, while all 2 evidence measures are on target."
    assert (r3["status"], r3["previous_status"], r3["update_date"]) == ("no_update", "", "")
    evidence = reviewed.recommendations[0].evidence[0]
    assert (evidence.value_text, evidence.target_text, evidence.last_year_text) == (
        "80.0%", "90%", "70.0%",
    )  # fmt: skip
    assert evidence.rag_text == "✖ Off target" and "Improving" in evidence.direction_text
    assert evidence.england_text.endswith("(2023/24)")  # no year later than the review's
    counts = summary(reviewed).set_index("area")
    assert counts.loc["Help and protection", "On track"] == 1
    assert counts.loc["Help and protection", "No update"] == 1
    assert counts.loc["Total", "Actions complete"] == 1
    assert counts.loc["Total", "Actions overdue"] == 1
    assert counts.loc["Total", "Actions slipped"] == 1


def test_as_of_uses_the_figures_in_effect_then(store, catalogue, ticker):
    load(store, catalogue, [("icpc_15_days", "2024-09", 95)])
    plan(store, catalogue, [rec("R1")], None, [update("R1", "2024-09-30", "at_risk")])
    before = pd.Timestamp(store.loads()["loaded_at"].max()).to_pydatetime()
    load(store, catalogue, [("icpc_15_days", "2024-09", 50)], "revised.csv")
    now = status_table(review_at(store, catalogue, date(2024, 9, 30)))
    then = status_table(review_at(store, catalogue, date(2024, 9, 30), as_of=before))
    assert now.loc[0, "check"] == ""
    assert then.loc[0, "check"] == "Rated At risk, while all 1 evidence measures are on target."


def test_small_numbers_from_cases_are_not_shown_or_counted(store, catalogue):
    load(store, catalogue, [("icpc_15_days", "2024-09", 75, 3, 4)])
    figures = store.figures()
    figures.loc[:, "kind"] = "cases"
    plan(store, catalogue, [rec("R1")], None, [update("R1", "2024-09-30", "on_track")])
    reviewed = review_at(store, catalogue, date(2024, 9, 30), figures=for_board(figures))
    line = reviewed.recommendations[0].evidence[0]
    assert line.value_text == "fewer than 5" and "75" not in line.rag_text
    assert reviewed.recommendations[0].check == ""


@pytest.mark.parametrize("day", ["2024-09-30", "2024-10-15"])
def test_an_update_the_day_after_the_date_does_not_count(store, catalogue, day):
    plan(store, catalogue, [rec("R1")], None, [update("R1", "2024-10-01", "complete")])
    got = status_table(review_at(store, catalogue, date.fromisoformat(day)))
    assert got.loc[0, "status"] == ("no_update" if day == "2024-09-30" else "complete")


def test_englands_first_time_entrants_are_not_used_as_evidence() -> None:
    from kpis.benchmarks import authority_comparators
    from kpis.benchmarks.plausible import screened
    from kpis.benchmarks.shipped import load_shipped
    from kpis.catalogue import load_catalogue
    from kpis.plans.evidence import evidence_for, published_by

    catalogue = load_catalogue()
    comparators = authority_comparators(screened(load_shipped()), 309, catalogue, 2025)
    published = published_by(comparators, date(2024, 9, 30))
    kpi = catalogue.get("yj_first_time_entrants")
    figures = pd.DataFrame(columns=["kpi_id", "period", "team", "value"])
    assert evidence_for(kpi, figures, published, date(2024, 9, 30)).england_text == (
        "not used (2023/24)"
    )


def test_the_default_review_is_the_latest_review_up_to_today():
    from kpis.plans.records import Plan
    from kpis.plans.service import default_review

    def on(day: str) -> Update:
        return Update(ref="R1", date=date.fromisoformat(day), status=Rating.AT_RISK, narrative="n")

    reviewed = Plan(updates=(on("2024-06-30"), on("2025-03-31")))
    assert default_review(reviewed, date(2026, 11, 26)) == date(2025, 3, 31)
    assert default_review(reviewed, date(2025, 1, 1)) == date(2025, 1, 1)
    assert default_review(Plan(), date(2026, 11, 26)) == date(2026, 11, 26)
