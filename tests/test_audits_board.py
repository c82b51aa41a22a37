"""The quality assurance month as board views show it (counts only, groups of 1 to 4 hidden),
and the case-level lists managers and analysts see."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from audits_helpers import audit, csv_bytes, row

from kpis.audits.board import group_table, is_small, moderation_sentence, quality_month
from kpis.audits.board_html import grade_bar, month_html
from kpis.audits.cases import audit_list, overdue_list
from kpis.audits.counts import counts, summary
from kpis.audits.graded import audits_of
from kpis.audits.validate import check_audit_file

NO_FIGURES = pd.DataFrame(columns=["kpi_id", "period", "team", "value", "target"])


def rows_of(rows: list[dict]) -> pd.DataFrame:
    found = check_audit_file(csv_bytes(rows), "a.csv", date(2026, 1, 1))
    assert found.ok, [str(p) for p in found.errors]
    return found.rows


@pytest.mark.parametrize(("count", "small"), [(0, False), (1, True), (4, True), (5, False)])
def test_one_to_four_is_a_small_number(count, small):
    assert is_small(count) is small


def test_a_group_of_fewer_than_5_audits_hides_its_counts_and_percentage():
    rows = rows_of([row(f"A{i}", "good", team="Big") for i in range(5)]
                   + [row(f"B{i}", "inadequate", team="Small") for i in range(4)])  # fmt: skip
    table = group_table(summary(rows, "2025-03", "team"), "Team").set_index("Team")
    assert table.loc["Big"].tolist()[:5] == ["5", "5", "100%", "0", "0"]
    assert table.loc["Small"].tolist()[:5] == ["fewer than 5", "fewer than 5", "–",
                                               "fewer than 5", "fewer than 5"]  # fmt: skip


def test_a_month_of_fewer_than_5_audits_shows_no_grades_or_bar(catalogue):
    rows = rows_of([row(f"A{i}", "good") for i in range(3)])
    month = quality_month(rows, NO_FIGURES, catalogue, "2025-03", date(2025, 4, 1))
    assert month.hidden and grade_bar(month) == ""
    html = month_html(month)
    assert "fewer than 5" in html and ">3<" not in html


def test_the_bar_says_every_grade_in_words_with_its_symbol(catalogue):
    grades = ["outstanding", "good", "good", "RI", "inadequate"]
    rows = rows_of([row(f"A{i}", g, follow_up_due="2025-04-30") for i, g in enumerate(grades)])
    month = quality_month(rows, NO_FIGURES, catalogue, "2025-03", date(2025, 4, 1))
    bar = grade_bar(month)
    assert ('aria-label="Grades of the 5 audits completed in Mar 2025: 1 outstanding, 2 good, '
            '1 requires improvement, 1 inadequate."') in bar  # fmt: skip
    assert "✖</span>Inadequate: 1 (20%)" in bar


@pytest.mark.parametrize(
    ("moderated", "expected"),
    [
        ({}, "None of the 5 audits was moderated."),
        ({"A0": "good"}, "1 of 5 audits were moderated; no grade changed."),
        ({"A0": "outstanding", "A1": "RI", "A2": "good"},
         "3 of 5 audits were moderated; 2 grades changed: 1 up, 1 down."),
    ],
)  # fmt: skip
def test_moderation_says_how_many_changed_up_or_down(moderated, expected):
    rows = rows_of([row(f"A{i}", "good", moderated_grade=moderated.get(f"A{i}", ""))
                    for i in range(5)])  # fmt: skip
    assert moderation_sentence(counts(audits_of(rows))) == expected


def test_the_audit_list_gives_grades_after_moderation_domains_and_learning():
    rows = rows_of(audit("A1", "RI", {"Planning": "good", "Voice of the child": "4"},
                         moderated_grade="good", moderator="PSW", learning="Clear plan",
                         child_id="C-77"))  # fmt: skip
    listed = audit_list(rows, "CP North", "2025-03").iloc[0]
    assert listed["Child ID"] == "C-77"
    assert listed["Grade"] == "✔ Good"
    assert listed["Moderation"] == "changed from Requires improvement by PSW"
    assert listed["Domain grades"] == "Planning: ✔ Good; Voice of the child: ✖ Inadequate"
    assert listed["Learning"] == "Clear plan"


def test_overdue_follow_ups_longest_first_with_days_overdue():
    rows = rows_of([
        row("A1", "inadequate", date="2025-01-05", follow_up_due="2025-02-01", child_id="C1"),
        row("A2", "inadequate", date="2025-01-06", follow_up_due="2025-03-01", child_id="C2",
            team="CP South"),
        row("A3", "inadequate", date="2025-01-07", follow_up_due="2025-02-01", child_id="C3",
            follow_up_done="2025-01-30"),
    ])  # fmt: skip
    late = overdue_list(rows, date(2025, 3, 31))
    assert late[["Child ID", "Team", "Days overdue"]].values.tolist() == [
        ["C1", "CP North", 58], ["C2", "CP South", 30],
    ]  # fmt: skip
