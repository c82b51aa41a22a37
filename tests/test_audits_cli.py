"""`python -m kpis audits import|summary|triangulate` (DESIGN §7, §11): exit codes, problems on
stderr by row and column, and exactly the CSV columns §11.2 names."""

from __future__ import annotations

import csv
import io

import pytest
from audits_helpers import audit, csv_bytes, row

AUDITS = [
    *audit("A1", "good", {"Voice of the child": "outstanding", "Planning": "RI"},
           team="Child Protection North", date="2025-01-14", theme="Neglect"),
    *audit("A2", "Inadequate", {"Planning": "inadequate"}, team="Child Protection North",
           date="2025-02-03", theme="Neglect", follow_up_due="2025-02-28"),
    *audit("A3", "RI", {"Planning": "good"}, team="Child Protection North", date="2025-03-05",
           moderated_grade="good", theme="Neglect"),
    *audit("A4", "4", team="Child Protection North", date="2025-03-10",
           follow_up_due="2025-04-10"),
    *audit("A5", "good", team="Child Protection South", date="2025-03-11"),
    *audit("A6", "outstanding", team="Child Protection South", date="2025-02-11"),
    *audit("A7", "2", team="Child Protection South", date="2025-01-11", theme="Assessment"),
]  # fmt: skip


def write(tmp_path, rows, name="audits.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    return path


def records(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_import_publishes_and_says_what_it_did(run, tmp_path):
    code, out, err = run("audits", "import", str(write(tmp_path, AUDITS)))
    assert (code, err) == (0, "")
    assert out.strip() == (
        "audits.csv: imported 7 audits (7 new, 0 replaced), 11 rows; audits_good_or_better "
        "published as load 1 (9 new, 0 revised, 0 unchanged)"
    )
    code, out, _ = run("export")
    assert "audits_good_or_better,2025-03,66.66666666666667,2,3,,,\r\n" in out


def test_dry_run_writes_nothing(run, tmp_path):
    code, out, _ = run("audits", "import", str(write(tmp_path, AUDITS)), "--dry-run")
    assert code == 0 and out.strip().endswith("dry run, nothing was imported")
    assert run("audits", "summary")[1] == (
        "period,group,completed,good_or_better,requires_improvement,inadequate,moderated,"
        "changed_by_moderation,overdue_follow_ups\r\n"
    )


def test_a_bad_file_exits_1_naming_rows_and_columns_and_changes_nothing(run, tmp_path):
    bad = [*AUDITS, row("A8", "superb", team="Child Protection South", date="2025-03-12"),
           row("A9", "good", domain="Planning")]  # fmt: skip
    code, out, err = run("audits", "import", str(write(tmp_path, bad, "bad.csv")))
    assert code == 1
    assert err.splitlines() == [
        "row 13, column grade: 'superb' is not a grade: use outstanding, good, requires "
        "improvement (or RI), inadequate, or 1 to 4",
        "row 14, column domain: audit A9 has no Overall row: every audit needs exactly one row "
        "whose domain is Overall, holding its overall grade",
    ]
    assert out.strip() == "bad.csv: rejected with 2 problem(s); nothing was imported"
    assert run("loads")[1].count("\n") <= 1


def test_reimporting_an_audit_warns_on_stderr(run, tmp_path):
    run("audits", "import", str(write(tmp_path, AUDITS)))
    again = audit("A5", "RI", team="Child Protection South", date="2025-03-11")
    code, _, err = run("audits", "import", str(write(tmp_path, again, "a5.csv")))
    assert code == 0
    assert err == (
        "warning: row 2, column audit_id: audit A5 is already stored: importing replaces all "
        "of its rows\n"
    )


def test_summary_for_the_authority_every_month(run, tmp_path):
    run("audits", "import", str(write(tmp_path, AUDITS)))
    code, out, _ = run("audits", "summary")
    assert code == 0
    assert out.splitlines() == [
        "period,group,completed,good_or_better,requires_improvement,inadequate,moderated,"
        "changed_by_moderation,overdue_follow_ups",
        "2025-01,,2,2,0,0,0,0,0",
        "2025-02,,2,1,0,1,0,0,0",
        "2025-03,,3,2,0,1,1,1,1",
    ]


def test_summary_by_team_domain_and_theme_for_one_month(run, tmp_path):
    run("audits", "import", str(write(tmp_path, AUDITS)))
    out = run("audits", "summary", "--period", "2025-03", "--by", "team")[1]
    assert out.splitlines()[1:] == [
        "2025-03,Child Protection North,2,1,0,1,1,1,1",
        "2025-03,Child Protection South,1,1,0,0,0,0,0",
    ]
    out = run("audits", "summary", "--period", "Mar 2025", "--by", "domain")[1]
    # The overdue follow-up is audit A2's (February), counted where A2 graded a domain.
    assert out.splitlines()[1:] == ["2025-03,Planning,1,1,0,0,0,0,1"]
    out = run("audits", "summary", "--by", "theme")[1]
    assert out.splitlines()[1:] == [
        "2025-01,Assessment,1,1,0,0,0,0,0",
        "2025-01,Neglect,1,1,0,0,0,0,0",
        "2025-02,Neglect,1,0,0,1,0,0,0",
        "2025-03,Neglect,1,1,0,0,1,1,1",
    ]


def test_summary_writes_excel_with_out(run, tmp_path):
    from openpyxl import load_workbook

    run("audits", "import", str(write(tmp_path, AUDITS)))
    out = tmp_path / "s.xlsx"
    assert run("audits", "summary", "--out", str(out))[0] == 0
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:3] == ["period", "group", "completed"]


def test_usage_errors_exit_2(run):
    assert run("audits", "summary", "--period", "March")[0] == 2
    for wrong in (("audits", "triangulate"), ("audits", "summary", "--by", "auditor")):
        with pytest.raises(SystemExit) as stop:
            run(*wrong)
        assert stop.value.code == 2


def test_triangulate_writes_exactly_the_columns_with_the_flag_sentences(run, tmp_path):
    run("audits", "import", str(write(tmp_path, AUDITS)))
    scorecard = tmp_path / "teams.csv"
    scorecard.write_text(
        "kpi_id,period,value,team\n"
        "icpc_15_days,2025-03,96,Child Protection North\n"
        "cp_reviews_timely,2025-03,98,Child Protection North\n"
        "icpc_15_days,2025-03,40,Child Protection South\n"
        "cp_reviews_timely,2025-03,60,Child Protection South\n"
        "lado_referrals,2025-03,4,Child Protection South\n"
    )
    assert run("ingest", str(scorecard))[0] == 0
    code, out, _ = run("audits", "triangulate", "--period", "2025-03")
    assert code == 0
    assert records(out) == [
        {"team": "Child Protection North", "audits": "4", "good_or_better": "2",
         "inadequate": "2", "measures": "2", "on_target": "2", "red": "0",
         "flag": "Child Protection North: all 2 measures on target, but 2 of 4 audits were "
                 "inadequate"},
        {"team": "Child Protection South", "audits": "3", "good_or_better": "3",
         "inadequate": "0", "measures": "2", "on_target": "0", "red": "2",
         "flag": "Child Protection South: all 3 audits good or better, while 2 of 2 measures "
                 "are red"},
    ]  # fmt: skip
    assert (
        out.splitlines()[0] == "team,audits,good_or_better,inadequate,measures,on_target,red,flag"
    )
