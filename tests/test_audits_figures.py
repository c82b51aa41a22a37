"""What §11.2 works out from audits: grades after moderation, monthly counts, overdue
follow-ups, the published measure, and triangulation with the team figures."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from audits_helpers import audit, csv_bytes, row

from kpis.audits.counts import overdue, summary
from kpis.audits.graded import audits_of, domains_of
from kpis.audits.kpi import kpi_figures
from kpis.audits.triangulation import TRIANGULATION_COLUMNS, triangulate
from kpis.audits.validate import check_audit_file


def rows_of(rows: list[dict]) -> pd.DataFrame:
    found = check_audit_file(csv_bytes(rows), "a.csv", date(2026, 1, 1))
    assert found.ok, [str(p) for p in found.errors]
    return found.rows


def lines(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records")


def test_an_audits_grade_is_its_moderated_grade_where_there_is_one():
    audits = audits_of(rows_of([
        row("A1", "good"),
        row("A2", "good", moderated_grade="inadequate", follow_up_due="2025-04-01"),
        row("A3", "requires improvement", moderated_grade="RI"),
    ]))  # fmt: skip
    assert list(audits["grade"]) == ["good", "inadequate", "requires_improvement"]
    assert list(audits["moderated"]) == [False, True, True]
    assert list(audits["changed"]) == [False, True, False]


def test_monthly_counts_for_the_authority_and_each_team():
    rows = rows_of([
        row("A1", "outstanding", date="2025-02-03"),
        row("A2", "good", date="2025-02-28", team="CP South"),
        row("A3", "RI", date="2025-02-10", moderated_grade="good"),
        row("A4", "good", date="2025-02-11", moderated_grade="RI"),
        row("A5", "inadequate", date="2025-02-12", follow_up_due="2025-03-15"),
        row("A6", "good", date="2025-03-01"),
    ])  # fmt: skip
    assert lines(summary(rows)) == [
        {"period": "2025-02", "group": "", "completed": 5, "good_or_better": 3,
         "requires_improvement": 1, "inadequate": 1, "moderated": 2, "changed_by_moderation": 2,
         "overdue_follow_ups": 0},
        {"period": "2025-03", "group": "", "completed": 1, "good_or_better": 1,
         "requires_improvement": 0, "inadequate": 0, "moderated": 0, "changed_by_moderation": 0,
         "overdue_follow_ups": 1},
    ]  # fmt: skip
    by_team = summary(rows, "2025-02", "team")
    assert list(by_team["group"]) == ["CP North", "CP South"]
    assert list(by_team["completed"]) == [4, 1]
    assert list(by_team["good_or_better"]) == [2, 1]


def test_domain_rows_are_graded_by_their_own_grade_in_their_audits_month_and_team():
    rows = rows_of([
        *audit("A1", "good", {"Planning": "inadequate", "Voice of the child": "outstanding"},
               date="2025-01-31", team="CP North"),
        # A domain row's own date and team are not used: its audit's (Overall row's) are.
        row("A2", "inadequate", date="2025-02-01", team="CP South", follow_up_due="2025-03-01"),
        row("A2", "RI", domain="Planning", date="2025-01-05", team="CP North",
            moderated_grade="good"),
    ])  # fmt: skip
    domains = domains_of(rows)
    assert list(zip(domains["domain"], domains["period"], domains["team"], domains["grade"],
                    strict=True)) == [
        ("Planning", "2025-01", "CP North", "inadequate"),
        ("Voice of the child", "2025-01", "CP North", "outstanding"),
        ("Planning", "2025-02", "CP South", "good"),
    ]  # fmt: skip
    by_domain = summary(rows, "2025-02", "domain")
    # Overall is not a practice domain; the overdue follow-up is its audit's, counted under the
    # domains that audit graded.
    assert lines(by_domain) == [
        {"period": "2025-02", "group": "Planning", "completed": 1, "good_or_better": 1,
         "requires_improvement": 0, "inadequate": 0, "moderated": 1, "changed_by_moderation": 1,
         "overdue_follow_ups": 0},
    ]  # fmt: skip
    march = summary(rows, "2025-03", "domain")
    assert list(zip(march["group"], march["completed"], march["overdue_follow_ups"],
                    strict=True)) == [("Planning", 0, 1)]  # fmt: skip


def test_by_theme_leaves_out_audits_with_no_theme():
    rows = rows_of([row("A1", theme="Neglect"), row("A2", theme=""), row("A3", theme="Neglect")])
    themed = summary(rows, "2025-03", "theme")
    assert list(zip(themed["group"], themed["completed"], strict=True)) == [("Neglect", 2)]


@pytest.mark.parametrize(
    ("due", "done", "is_overdue"),
    [
        ("2025-03-30", "", True),  # due before D, not done
        ("2025-03-31", "", False),  # due on D is not before D
        ("2025-03-01", "2025-03-31", False),  # done on D
        ("2025-03-01", "2025-04-01", True),  # done only after D
        ("2025-03-01", "2025-02-20", False),
    ],
)
def test_a_follow_up_is_overdue_when_due_before_d_and_not_done_by_d(due, done, is_overdue):
    audits = audits_of(rows_of([row("A1", "inadequate", date="2025-01-10", follow_up_due=due,
                                    follow_up_done=done)]))  # fmt: skip
    assert len(overdue(audits, date(2025, 3, 31))) == int(is_overdue)


def test_only_inadequate_audits_after_moderation_done_by_d_have_overdue_follow_ups():
    rows = rows_of([
        row("A1", "inadequate", date="2025-01-10", follow_up_due="2025-02-01",
            moderated_grade="RI"),
        row("A2", "good", date="2025-01-10", moderated_grade="inadequate",
            follow_up_due="2025-02-01"),
        row("A3", "inadequate", date="2025-04-02", follow_up_due="2025-03-01"),
    ])  # fmt: skip
    assert list(overdue(audits_of(rows), date(2025, 3, 31))["audit_id"]) == ["A2"]
    # At a month's end, every audit up to that day counts, not only the month's.
    march = summary(rows, "2025-03", "team")
    assert lines(march) == [
        {"period": "2025-03", "group": "CP North", "completed": 0, "good_or_better": 0,
         "requires_improvement": 0, "inadequate": 0, "moderated": 0, "changed_by_moderation": 0,
         "overdue_follow_ups": 1},
    ]  # fmt: skip


def test_the_measure_is_good_or_better_of_completed_for_the_authority_and_each_team():
    rows = rows_of([
        row("A1", "good", team="CP North", date="2025-02-03"),
        row("A2", "RI", team="CP North", date="2025-02-04", moderated_grade="outstanding"),
        row("A3", "inadequate", team="CP South", date="2025-02-05", follow_up_due="2025-03-01"),
        row("A4", "good", team="CP South", date="2025-03-05"),
    ])  # fmt: skip
    figures = kpi_figures(rows)
    assert list(zip(figures["period"], figures["team"], figures["value"], figures["numerator"],
                    figures["denominator"], strict=True)) == [
        ("2025-02", "", pytest.approx(200 / 3), 2, 3),
        ("2025-02", "CP North", 100.0, 2, 2),
        ("2025-02", "CP South", 0.0, 0, 1),
        ("2025-03", "", 100.0, 1, 1),
        ("2025-03", "CP South", 100.0, 1, 1),
    ]  # fmt: skip
    assert set(figures["kpi_id"]) == {"audits_good_or_better"}


# Triangulation -------------------------------------------------------------------------------


def figures(*rows: tuple) -> pd.DataFrame:
    """Stored figures from (kpi_id, period, team, value[, target])."""
    frame = pd.DataFrame(
        [(k, p, t, v, *(rest or [None])) for k, p, t, v, *rest in rows],
        columns=["kpi_id", "period", "team", "value", "target"],
    )
    return frame.astype({"value": "float64", "target": "float64"})


def team_audits(team: str, grades: list[str], period: str = "2025-03") -> list[dict]:
    return [
        row(f"{team[:3]}{period}-{i}", g, team=team, date=f"{period}-{i + 1:02d}",
            follow_up_due="2025-04-30" if g == "inadequate" else "")
        for i, g in enumerate(grades)
    ]  # fmt: skip


def flags(rows, figs, catalogue, period="2025-03") -> dict[str, str]:
    found = triangulate(rows_of(rows), figs, catalogue, period)
    assert list(found.columns) == TRIANGULATION_COLUMNS
    return dict(zip(found["team"], found["flag"], strict=True))


GREEN = [("icpc_15_days", 95), ("cp_reviews_timely", 99), ("assessments_45_days", 92),
         ("lac_reviews_timely", 97)]  # fmt: skip


def test_all_measures_on_target_but_an_inadequate_audit_is_flagged(catalogue):
    rows = team_audits("CP North", ["good"] * 5 + ["inadequate"] * 2)
    figs = figures(*((k, "2025-03", "CP North", v) for k, v in GREEN))
    found = triangulate(rows_of(rows), figs, catalogue, "2025-03")
    assert lines(found) == [
        {"team": "CP North", "audits": 7, "good_or_better": 5, "inadequate": 2, "measures": 4,
         "on_target": 4, "red": 0,
         "flag": "CP North: all 4 measures on target, but 2 of 7 audits were inadequate"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("grades", "flagged"),
    [
        (["good", "good", "good", "RI", "RI", "RI"], False),  # 3 of 6: half is not under half
        (["good", "good", "RI", "RI", "RI"], True),  # 2 of 5
        (["outstanding", "RI"], False),  # 1 of 2
        (["RI"], True),
        ([], False),
    ],
)
def test_under_half_good_or_better_is_two_times_good_below_audits(catalogue, grades, flagged):
    figs = figures(("icpc_15_days", "2025-03", "CP North", 95))
    others = team_audits("Elsewhere", ["good"])
    found = flags([*team_audits("CP North", grades), *others], figs, catalogue)
    good = sum(g in ("good", "outstanding") for g in grades)
    expected = (
        f"CP North: all 1 measures on target, but only {good} of {len(grades)} audits were "
        "good or better"
    )
    assert found["CP North"] == (expected if flagged else "")


def test_all_on_target_needs_at_least_one_measure_and_none_amber_or_red(catalogue):
    rows = [*team_audits("No figures", ["inadequate"]), *team_audits("Amber", ["inadequate"]),
            *team_audits("Red", ["inadequate"])]  # fmt: skip
    figs = figures(
        ("icpc_15_days", "2025-03", "Amber", 95), ("cp_reviews_timely", "2025-03", "Amber", 92),
        ("icpc_15_days", "2025-03", "Red", 95), ("cp_reviews_timely", "2025-03", "Red", 50),
    )  # fmt: skip
    assert flags(rows, figs, catalogue) == {"Amber": "", "No figures": "", "Red": ""}


@pytest.mark.parametrize(
    ("red", "amber", "green", "flagged"),
    [(2, 0, 2, True), (2, 1, 1, True), (1, 1, 1, False), (1, 0, 2, False), (3, 0, 1, True),
     (1, 0, 0, True)],
)  # fmt: skip
def test_at_least_half_red_is_two_times_red_at_least_measures(catalogue, red, amber, green,
                                                               flagged):  # fmt: skip
    targets = {"icpc_15_days": 90, "cp_reviews_timely": 95, "assessments_45_days": 90,
               "lac_reviews_timely": 95}  # fmt: skip
    offsets = [-40] * red + [-2] * amber + [+1] * green  # amber: within 5 points
    figs = figures(*((k, "2025-03", "CP South", t + o)
                     for (k, t), o in zip(targets.items(), offsets, strict=False)))  # fmt: skip
    found = flags(team_audits("CP South", ["good"] * 5), figs, catalogue)
    measures = red + amber + green
    expected = f"CP South: all 5 audits good or better, while {red} of {measures} measures are red"
    assert found["CP South"] == (expected if flagged else "")


def test_red_measures_flag_needs_three_audits_all_good_or_better(catalogue):
    figs = figures(*((k, "2025-03", t, 50) for k, _ in GREEN for t in ("Two", "Mixed", "Three")))
    rows = [*team_audits("Two", ["good", "outstanding"]),
            *team_audits("Mixed", ["good", "good", "good", "RI"]),
            *team_audits("Three", ["good", "outstanding", "good"])]  # fmt: skip
    assert flags(rows, figs, catalogue) == {
        "Mixed": "",
        "Three": "Three: all 3 audits good or better, while 4 of 4 measures are red",
        "Two": "",
    }


def test_audits_of_the_three_months_to_m_stand_beside_the_figures_for_m_itself(catalogue):
    rows = [
        *team_audits("CP North", ["inadequate"], period="2024-12"),  # outside the window
        *team_audits("CP North", ["good"], period="2025-01"),
        *team_audits("CP North", ["good"], period="2025-02"),
        *team_audits("CP North", ["good"], period="2025-04"),  # after M
    ]
    figs = figures(
        ("icpc_15_days", "2025-03", "CP North", 50),
        # Nothing carried forward: an earlier month's (or a quarter's) team figure is not M's.
        ("yj_reoffending", "2024-12", "CP North", 90),
        ("icpc_15_days", "2025-02", "CP North", 99),
    )
    found = triangulate(rows_of(rows), figs, catalogue, "2025-03")
    assert lines(found) == [
        {"team": "CP North", "audits": 2, "good_or_better": 2, "inadequate": 0, "measures": 1,
         "on_target": 0, "red": 1, "flag": ""},
    ]  # fmt: skip


def test_grey_measures_authority_rows_and_the_audits_measure_are_left_out(catalogue):
    figs = figures(
        ("icpc_15_days", "2025-03", "CP North", 99),
        ("lado_referrals", "2025-03", "CP North", 12),  # neutral: grey
        ("missing_incidents", "2025-03", "CP North", 30),  # no target: grey
        ("audits_good_or_better", "2025-03", "CP North", 10),
        ("cp_reviews_timely", "2025-03", "", 10),  # the authority's, not a team's
    )
    found = triangulate(rows_of(team_audits("CP North", ["inadequate"])), figs, catalogue,
                        "2025-03")  # fmt: skip
    assert (found.at[0, "measures"], found.at[0, "on_target"]) == (1, 1)
    assert found.at[0, "flag"] == (
        "CP North: all 1 measures on target, but 1 of 1 audits were inadequate"
    )


def test_an_uploaded_target_decides_the_rating(catalogue):
    figs = figures(("icpc_15_days", "2025-03", "CP North", 80, 75))
    found = triangulate(rows_of(team_audits("CP North", ["inadequate"])), figs, catalogue,
                        "2025-03")  # fmt: skip
    assert found.at[0, "on_target"] == 1 and found.at[0, "flag"]


def test_teams_with_measures_but_no_audits_are_listed_unflagged(catalogue):
    figs = figures(("icpc_15_days", "2025-03", "Children in Care", 99))
    found = triangulate(rows_of(team_audits("CP North", ["good"])), figs, catalogue, "2025-03")
    assert list(found["team"]) == ["CP North", "Children in Care"]
    assert lines(found)[0] == {
        "team": "CP North", "audits": 1, "good_or_better": 1, "inadequate": 0, "measures": 0,
        "on_target": 0, "red": 0, "flag": "",
    }  # fmt: skip
