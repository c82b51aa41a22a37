"""Case audits as plan evidence (DESIGN §11.2): the plan file's `audit_themes`, and the sentence
"Audits on Neglect, 3 months to Mar 2025: 7 of 10 good or better, 1 inadequate" in the review,
the page's cards and the progress report."""

from __future__ import annotations

import io
from datetime import date

import pytest
from audits_helpers import csv_bytes, row
from docx import Document

from kpis.audits import importing as audit_import
from kpis.audits.themes import last_month_ended, theme_sentence
from kpis.audits.validate import check_audit_file
from kpis.plans import importing
from kpis.plans.page_html import card_html
from kpis.plans.report import report_bytes
from kpis.plans.report.content import gather_report
from kpis.plans.report.html import report_html
from kpis.plans.service import current_plan, export_sheets, review_at
from kpis.tables import to_xlsx_bytes
from tests.plans_helpers import REC_HEADER, rec, workbook

NEGLECT = ["outstanding", "good", "good", "good", "good", "good", "good", "RI", "RI", "inadequate"]


def neglect_audits(months=("2025-01", "2025-02", "2025-03")) -> list[dict]:
    out = []
    for i, grade in enumerate(NEGLECT):
        month = months[i % len(months)]
        out.append(row(f"N{i}", grade, date=f"{month}-1{i % 9}", theme="Neglect",
                       follow_up_due="2025-04-30" if grade == "inadequate" else ""))  # fmt: skip
    return out


def rows_of(rows) -> object:
    found = check_audit_file(csv_bytes(rows), "a.csv", date(2026, 1, 1))
    assert found.ok, [str(p) for p in found.errors]
    return found.rows


@pytest.mark.parametrize(
    ("review", "month"),
    [(date(2025, 3, 31), "2025-03"), (date(2025, 3, 30), "2025-02"), (date(2025, 4, 1), "2025-03"),
     (date(2024, 2, 29), "2024-02")],
)  # fmt: skip
def test_the_months_are_the_three_to_the_last_month_ended_by_the_review(review, month):
    assert last_month_ended(review) == month


def test_the_sentence_counts_the_themes_audits_of_the_three_months():
    rows = rows_of([*neglect_audits(),
                    row("X1", "inadequate", date="2024-12-31", theme="Neglect",
                        follow_up_due="2025-01-31"),  # before the three months
                    row("X2", "good", date="2025-03-05", theme="Assessment")])  # fmt: skip
    assert theme_sentence(rows, "neglect ", date(2025, 3, 31)) == (
        "Audits on neglect, 3 months to Mar 2025: 7 of 10 good or better, 1 inadequate"
    )
    assert theme_sentence(rows, "Neglect", date(2025, 3, 31)).startswith("Audits on Neglect,")
    assert theme_sentence(rows, "Exploitation", date(2025, 3, 31)) == (
        "Audits on Exploitation, 3 months to Mar 2025: no audits"
    )


def test_fewer_than_5_audits_are_not_counted_out():
    rows = rows_of(neglect_audits()[:4])
    assert theme_sentence(rows, "Neglect", date(2025, 3, 31)) == (
        "Audits on Neglect, 3 months to Mar 2025: fewer than 5 audits"
    )


def themed_plan(themes: str = "Neglect; Assessment ;") -> bytes:
    header = [*REC_HEADER, "audit_themes"]
    recs = [[*rec("R1", kpis="audits_good_or_better"), themes]]
    return workbook(recs, None, None, headers={"Recommendations": header})


def test_the_plan_file_names_themes_and_export_then_import_changes_nothing(store, catalogue):
    found = importing.check(store, themed_plan(), "plan.xlsx", catalogue)
    assert found.ok, [str(e) for e in found.errors]
    importing.publish(store, found)
    stored = current_plan(store).recommendation("R1")
    assert stored.audit_themes == ("Neglect", "Assessment")
    assert stored.kpis == ("audits_good_or_better",)
    sheets = export_sheets(current_plan(store))
    assert sheets["Recommendations"].at[0, "audit_themes"] == "Neglect;Assessment"
    again = importing.check(store, to_xlsx_bytes(sheets), "export.xlsx", catalogue)
    assert again.ok and not again.changes_anything()


def test_the_review_card_and_report_carry_the_sentence(store, catalogue):
    audit_import.publish(store, audit_import.check(store, csv_bytes(neglect_audits()), "a.csv"))
    importing.publish(store, importing.check(store, themed_plan("Neglect"), "p.xlsx", catalogue))
    sentence = "Audits on Neglect, 3 months to Mar 2025: 7 of 10 good or better, 1 inadequate"
    reviewed = review_at(store, catalogue, date(2025, 3, 31))
    assert reviewed.recommendations[0].audits == (sentence,)
    # Its measure is the audits' own for March alone: 3 audits, a small number kept hidden.
    evidence = reviewed.recommendations[0].evidence[0]
    assert (evidence.kpi_id, evidence.value_text) == ("audits_good_or_better", "fewer than 5")
    card = card_html(reviewed.recommendations[0], lambda r: r, lambda k: k)
    assert f'<p class="plan-audits">{sentence}</p>' in card
    content = gather_report(store, catalogue, date(2025, 3, 31))
    assert f"<p>{sentence}</p>" in report_html(content)
    word = Document(io.BytesIO(report_bytes(content, ".docx")))
    assert sentence in [p.text for p in word.paragraphs]
