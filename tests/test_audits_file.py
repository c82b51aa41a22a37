"""The audit file (DESIGN §11.1): read whole, every problem by row and column, grades any way."""

from __future__ import annotations

from datetime import date

import pytest
from audits_helpers import HEADER, audit, csv_bytes, row, table, xlsx_bytes

from kpis.audits.validate import check_audit_file

TODAY = date(2025, 4, 15)


def check(data: bytes, name: str = "audits.csv"):
    return check_audit_file(data, name, TODAY)


def problems(found) -> list[str]:
    return [str(p) for p in found.errors]


def test_a_clean_file_gives_its_rows_with_grades_as_codes_and_dates_as_iso():
    rows = audit("A1", "Good", {"Voice of the child": "RI"}, theme="Neglect", date="10/03/2025")
    found = check(csv_bytes(rows))
    assert found.ok and found.audits == 1
    assert list(found.rows["grade"]) == ["good", "requires_improvement"]
    assert list(found.rows["date"]) == ["2025-03-10", "2025-03-10"]
    assert list(found.rows["row"]) == [2, 3]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("outstanding", "outstanding"), ("Outstanding", "outstanding"), ("GOOD", "good"),
        ("requires_improvement", "requires_improvement"),
        ("Requires improvement", "requires_improvement"),
        ("REQUIRES_IMPROVEMENT", "requires_improvement"), ("RI", "requires_improvement"),
        ("ri", "requires_improvement"), ("Inadequate", "inadequate"), ("1", "outstanding"),
        ("2", "good"), ("3", "requires_improvement"), ("4", "inadequate"), ("2.0", "good"),
        (" good ", "good"),
    ],
)  # fmt: skip
def test_grades_are_read_in_any_spelling(written, code):
    found = check(
        csv_bytes([row("A1", "good", moderated_grade=written, follow_up_due="2025-04-30")])
    )
    assert found.ok, problems(found)
    assert found.rows.at[0, "moderated_grade"] == code


def test_xlsx_grades_from_number_cells_and_dates_from_date_cells():
    header = HEADER
    values = [
        ["A1", "C1", "CP North", "", "Ann", date(2025, 3, 3), "", "", "Overall", 2.0, "", "",
         "", None, None],
        ["A1", "C1", "CP North", "", "Ann", date(2025, 3, 3), "", "", "Planning", 3, "", "",
         "", None, None],
        ["A2", 1042.0, "CP North", "", "Ann", date(2025, 3, 4), "", "", "overall", 4, "", "",
         "", date(2025, 4, 1), None],
    ]  # fmt: skip
    found = check(xlsx_bytes([header, *values]), "audits.xlsx")
    assert found.ok, problems(found)
    assert list(found.rows["grade"]) == ["good", "requires_improvement", "inadequate"]
    assert found.rows.at[2, "child_id"] == "1042"
    assert found.rows.at[2, "follow_up_due"] == "2025-04-01"


def test_xlsx_reads_the_audits_sheet_else_the_first():
    rows = table(audit("A1"))
    named = check(xlsx_bytes(rows, before=("Notes",)), "a.xlsx")
    assert named.ok and named.audits == 1
    first = check(xlsx_bytes(rows, sheet="Q1 2025"), "a.xlsx")
    assert first.ok and first.audits == 1


def test_every_problem_is_reported_at_once_by_excel_row_and_column():
    rows = [
        row("A1", "good"),
        row("A2", "brilliant"),
        row("A3", "good", date="31/02/2025"),
        row("A4", "good", date="2025-04-16"),
        row("A5", "good", team=""),
        row("A6", "good", moderated_grade="superb"),
        row("A7", "good", follow_up_due="soon"),
    ]
    found = check(csv_bytes(rows))
    assert problems(found) == [
        "row 3, column grade: 'brilliant' is not a grade: use outstanding, good, requires "
        "improvement (or RI), inadequate, or 1 to 4",
        "row 4, column date: '31/02/2025' is not a date (write it as 15/11/2024 or 2024-11-15)",
        "row 5, column date: 16/04/2025 is in the future (today is 15/04/2025): the date an "
        "audit was completed cannot be",
        "row 6, column team: is required but empty",
        "row 7, column moderated_grade: 'superb' is not a grade: use outstanding, good, "
        "requires improvement (or RI), inadequate, or 1 to 4",
        "row 8, column follow_up_due: 'soon' is not a date (write it as 15/11/2024 or 2024-11-15)",
    ]
    assert found.rows.empty


def test_an_audit_completed_today_is_fine():
    assert check(csv_bytes([row("A1", date=TODAY.isoformat())])).ok


def test_blank_rows_keep_the_row_numbers_excel_shows():
    header_line = len(",".join(HEADER)) + 1
    data = (
        csv_bytes([row("A1")]) + b",,,,,,,,,,,,,,\n" + csv_bytes([row("A2", "meh")])[header_line:]
    )
    assert [p.row for p in check(data).errors] == [4]


def test_missing_required_columns_are_named_in_row_one():
    header = [c for c in HEADER if c not in ("auditor", "grade")]
    found = check(csv_bytes([row("A1")], header=header))
    assert problems(found) == [
        "row 1, column auditor: the required column is missing",
        "row 1, column grade: the required column is missing",
    ]


def test_headers_match_ignoring_case_and_spaces_and_unknown_columns_are_warnings():
    header = [f" {c.upper()} " for c in HEADER] + ["notes"]
    written = {f" {c.upper()} ": v for c, v in row("A1").items()} | {"notes": "x"}
    found = check(csv_bytes([written], header=header))
    assert found.ok, problems(found)
    assert [str(w) for w in found.warnings] == ["row 1, column notes: unknown column, ignored"]


def test_every_audit_needs_exactly_one_overall_row_named_by_row_and_domain():
    rows = [
        row("A1", domain="Planning"),
        row("A1", domain="Voice of the child"),
        row("A2"),
        row("A2", domain=" overall "),
        row("A3"),
        row("A3", domain="Planning"),
        row("A3", domain="planning"),
    ]
    assert problems(check(csv_bytes(rows))) == [
        "row 2, column domain: audit A1 has no Overall row: every audit needs exactly one row "
        "whose domain is Overall, holding its overall grade",
        "row 5, column domain: audit A2 has a second Overall row (the first is row 4): an "
        "audit has one row per domain, and exactly one Overall row",
        "row 8, column domain: audit A3 has 'planning' twice (the first is row 7): an audit "
        "has one row per domain, and exactly one Overall row",
    ]


def test_an_inadequate_audit_after_moderation_needs_its_follow_up_due_date():
    rows = [
        row("A1", "inadequate", follow_up_due=""),
        row("A2", "good", moderated_grade="4", follow_up_due=""),
        # Moderated up from inadequate: no follow-up is needed.
        row("A3", "inadequate", moderated_grade="requires improvement", follow_up_due=""),
        # A practice domain graded inadequate is not the audit's grade.
        row("A4", "good"),
        row("A4", "inadequate", domain="Planning", follow_up_due=""),
    ]
    assert problems(check(csv_bytes(rows))) == [
        "row 2, column follow_up_due: audit A1 is graded inadequate: it needs the date its "
        "follow-up is due",
        "row 3, column follow_up_due: audit A2 is graded inadequate after moderation: it needs "
        "the date its follow-up is due",
    ]


def test_windows_1252_csv_and_neutralised_text_read_back():
    rows = [row("A1", learning="'=Strong voice of the child – café visit")]
    found = check(csv_bytes(rows, encoding="cp1252"))
    assert found.ok and found.rows.at[0, "learning"] == "=Strong voice of the child – café visit"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.4 rest", "the file is a PDF document, not a CSV or XLSX file"),
        (",".join(HEADER).encode() + b"\n", "the file has a header but no rows of audits"),
    ],
)
def test_files_that_are_not_audit_files_get_a_plain_message(data, message):
    assert problems(check(data)) == [message]
