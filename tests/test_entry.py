"""DESIGN §3.4: which measures are due, the month's template (long and wide, CSV and XLSX), its
round trip through `ingest`, completeness, and entry in the app checked by the upload rules."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import csv
from openpyxl import load_workbook

from kpis import ingest
from kpis.catalogue import Frequency
from kpis.cli import main
from kpis.entry.completeness import completeness, completeness_line
from kpis.entry.due import due_kpis, is_due
from kpis.entry.grid import FILE_NAME, check_entry, entry_rows, publish_entry, summary
from kpis.entry.template import long_template, template_bytes, wide_template
from kpis.store import Store

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"
# A small history: February and March 2025 for a few measures, a team row, a quarterly one.
HISTORY = (
    HEADER
    + "icpc_15_days,2025-01,70,7,10,,,\n"
    + "icpc_15_days,2025-02,80,8,10,,,Two late\n"
    + "icpc_15_days,2025-02,50,1,2,,CP North,\n"
    + "icpc_15_days,2025-04,99,,,,,\n"
    + "lado_referrals,2025-02,4,,,,,\n"
    + "dental_checks,2024-11,61.5,,,85,,\n"
    + "yj_reoffending,2024-12,31.25,,,,,\n"
    + "cin_rate,2024-03,400.5,,,,,\n"
)


@pytest.fixture
def seeded(store, catalogue):
    checked = ingest.check(store, csv(HISTORY), "history.csv", catalogue)
    assert checked.ok, checked.errors
    ingest.publish(store, checked, user="ana")
    return store


def ids(kpis) -> list[str]:
    return [k.id for k in kpis]


# Due months ------------------------------------------------------------------------------------


def test_quarterly_kpis_are_due_at_quarter_ends_only(catalogue):
    quarterly = [k for k in catalogue.kpis if k.frequency is Frequency.QUARTERLY]
    assert quarterly
    due = {month: all(is_due(k, f"2025-{month:02d}") for k in quarterly) for month in range(1, 13)}
    assert [m for m, yes in due.items() if yes] == [3, 6, 9, 12]
    assert not any(is_due(k, "2025-05") for k in quarterly)


def test_annual_kpis_are_due_in_march_only(catalogue):
    annual = [k for k in catalogue.kpis if k.frequency is Frequency.ANNUAL]
    assert annual
    for month in range(1, 13):
        assert all(is_due(k, f"2024-{month:02d}") for k in annual) is (month == 3)


def test_monthly_always_due_and_counts_follow(catalogue):
    by = {f: [k.id for k in catalogue.kpis if k.frequency is f] for f in Frequency}
    assert ids(due_kpis(catalogue, "2025-04")) == by[Frequency.MONTHLY]
    june = ids(due_kpis(catalogue, "2025-06"))
    assert set(june) == set(by[Frequency.MONTHLY]) | set(by[Frequency.QUARTERLY])
    assert ids(due_kpis(catalogue, "2025-03")) == [k.id for k in catalogue.kpis]  # all, in order
    assert june == [k.id for k in catalogue.kpis if k.id in set(june)]  # catalogue order


# Template rows and reference values ---------------------------------------------------------


def test_long_template_rows_and_reference_values(seeded, catalogue):
    frame = long_template(catalogue, seeded.figures(), "2025-03")
    assert list(frame.columns) == [
        "kpi_id", "period", "value", "numerator", "denominator", "commentary", "target",
        "name", "unit", "previous",
    ]  # fmt: skip
    assert frame["kpi_id"].tolist() == ids(due_kpis(catalogue, "2025-03"))
    assert (frame["period"] == "2025-03").all()
    assert frame[["value", "numerator", "denominator", "commentary"]].isna().all().all()
    row = frame.set_index("kpi_id")
    # Latest authority value before M: February's 80, not the team's 50 nor April's 99.
    assert row.at["icpc_15_days", "previous"] == 80
    assert row.at["dental_checks", "previous"] == 61.5  # months back, still the latest
    # Rounded as the scorecard shows it (31.25% is shown 31.3%), not the stored 31.25.
    assert row.at["yj_reoffending", "previous"] == 31.3
    assert row.at["cin_rate", "previous"] == 400.5
    assert pd.isna(row.at["immunisations", "previous"])
    assert row.at["icpc_15_days", "target"] == catalogue.get("icpc_15_days").target_for("2025-03")
    assert row.at["icpc_15_days", "name"] == catalogue.get("icpc_15_days").name
    assert row.at["cin_rate", "unit"] == "rate_per_10k"


def test_template_target_is_the_uploaded_one_for_the_month(seeded, catalogue):
    frame = long_template(catalogue, seeded.figures(), "2024-11").set_index("kpi_id")
    assert frame.at["dental_checks", "target"] == 85  # uploaded with November's figure
    assert frame.at["immunisations", "target"] == catalogue.get("immunisations").target


def test_wide_template_history_and_blank_month(seeded, catalogue):
    frame = wide_template(catalogue, seeded.figures(), "2025-03", months=3)
    assert list(frame.columns) == ["kpi_id", "name", "2024-12", "2025-01", "2025-02", "2025-03"]
    row = frame.set_index("kpi_id")
    assert row.loc["icpc_15_days", ["2025-01", "2025-02"]].tolist() == [70, 80]
    assert row.at["yj_reoffending", "2024-12"] == 31.25
    assert row["2025-03"].isna().all()
    assert len(wide_template(catalogue, seeded.figures(), "2025-04").columns) == 2 + 12 + 1


# XLSX dressing ------------------------------------------------------------------------------


def _validations(sheet) -> dict[str, tuple]:
    """Each validated cell: (type, operator, formula1, formula2, prompt)."""
    found = {}
    for dv in sheet.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            for row in cell_range.cells:
                ref = f"{chr(64 + row[1])}{row[0]}"
                found[ref] = (dv.type, dv.operator, dv.formula1, dv.formula2, dv.prompt or "")
    return found


def test_xlsx_template_has_frozen_header_widths_and_validation_by_unit(seeded, catalogue):
    frame = long_template(catalogue, seeded.figures(), "2025-03")
    sheet = load_workbook(io.BytesIO(template_bytes(frame, catalogue, ".xlsx"))).active
    assert sheet.title == "Scorecard" and sheet.freeze_panes == "A2"
    name_width = sheet.column_dimensions["H"].width
    assert name_width >= 30 and sheet.column_dimensions["F"].width >= 30  # name, commentary
    rules = _validations(sheet)
    rows = {kpi: i + 2 for i, kpi in enumerate(frame["kpi_id"])}
    percent, count = rules[f"C{rows['icpc_15_days']}"], rules[f"C{rows['lado_referrals']}"]
    rate, days = rules[f"C{rows['cin_rate']}"], rules[f"C{rows['yj_first_time_entrants']}"]
    assert percent[:4] == ("decimal", "between", "0", "100") and "percentage" in percent[4]
    assert count[:3] == ("whole", "greaterThanOrEqual", "0") and "count" in count[4]
    assert rate[:3] == ("decimal", "greaterThanOrEqual", "0") and "per 10,000" in rate[4]
    assert days[:3] == ("decimal", "greaterThanOrEqual", "0") and "per 100,000" in days[4]
    # Every value cell is validated; reference cells (kpi_id, name, previous) are not.
    assert all(f"C{r}" in rules for r in rows.values())
    assert not any(ref[0] in "ABHIJ" for ref in rules)


def test_wide_xlsx_validates_only_the_month_to_fill(seeded, catalogue):
    frame = wide_template(catalogue, seeded.figures(), "2025-03", months=2)
    sheet = load_workbook(io.BytesIO(template_bytes(frame, catalogue, ".xlsx"))).active
    assert sheet.freeze_panes == "A2"
    rules = _validations(sheet)
    assert {ref[0] for ref in rules} == {"E"} and len(rules) == len(frame)
    first = frame["kpi_id"].tolist().index("icpc_15_days") + 2
    assert rules[f"E{first}"][:4] == ("decimal", "between", "0", "100")


# Round trips -----------------------------------------------------------------------------------


def _fill_long(path, values: dict[str, tuple]):
    """Fill a long XLSX template's rows as an analyst does; delete the rows left blank."""
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    keep = []
    for row in range(2, sheet.max_row + 1):
        kpi = sheet.cell(row, 1).value
        if kpi in values:
            for name, value in zip(("value", "numerator", "denominator", "commentary"),
                                   values[kpi], strict=False):  # fmt: skip
                sheet.cell(row, header.index(name) + 1, value)
            keep.append(row)
    for row in range(sheet.max_row, 1, -1):
        if row not in keep:
            sheet.delete_rows(row)
    book.save(path)


def test_long_xlsx_template_round_trip_through_the_cli(run, tmp_path, catalogue):
    out = tmp_path / "t.xlsx"
    assert run("template", "--period", "2025-03", "--out", str(out))[0] == 0
    _fill_long(out, {"icpc_15_days": (None, 17, 20, "two late"), "lado_referrals": (5,)})
    code, stdout, err = run("ingest", str(out))
    assert code == 0 and err == "", err  # no warning about name, unit or previous
    assert "2 new" in stdout
    exported = pd.read_csv(io.StringIO(run("export")[1]), dtype=str, keep_default_na=False)
    rows = exported.set_index("kpi_id")
    assert rows.at["icpc_15_days", "value"] == "85" and rows.at["icpc_15_days", "target"] == "90"
    assert rows.at["icpc_15_days", "commentary"] == "two late"
    assert rows.at["lado_referrals", "value"] == "5" and rows.at["lado_referrals", "target"] == ""


def test_wide_template_round_trip_keeps_held_figures_and_revises_changed(run, tmp_path, db_url):
    history = tmp_path / "history.csv"
    history.write_bytes(csv(HISTORY))
    assert run("ingest", str(history))[0] == 0
    out = tmp_path / "w.xlsx"
    assert run("template", "--period", "2025-03", "--layout", "wide", "--months", "3",
               "--out", str(out))[0] == 0  # fmt: skip
    book = load_workbook(out)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for row in list(rows.values())[::-1]:
        if sheet.cell(row, 1).value not in ("icpc_15_days", "lado_referrals"):
            sheet.delete_rows(row)
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["icpc_15_days"], header.index("2025-03") + 1, 90)
    sheet.cell(rows["lado_referrals"], header.index("2025-03") + 1, 6)
    sheet.cell(rows["lado_referrals"], header.index("2025-02") + 1, 5)  # a revision
    book.save(out)
    code, stdout, err = run("ingest", str(out))
    assert code == 0, err
    assert err.splitlines() == [
        "warning: row 3, column 2025-02: revises the published lado_referrals for 2025-02: 4 -> 5"
    ]
    assert "3 figures (2 new, 1 revised" in stdout
    figures = Store(db_url).figures().set_index(["kpi_id", "period", "team"])
    february = figures.loc[("icpc_15_days", "2025-02", "")]
    # The held February figure keeps its numerator, denominator and commentary.
    assert (february["numerator"], february["commentary"]) == (8, "Two late")
    assert figures.loc[("icpc_15_days", "2025-03", ""), "value"] == 90


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_unfilled_long_template_is_rejected_one_problem_per_row(run, tmp_path, suffix, catalogue):
    out = tmp_path / f"t{suffix}"
    assert run("template", "--period", "2025-06", "--out", str(out))[0] == 0
    code, stdout, err = run("ingest", str(out))
    due = len(due_kpis(catalogue, "2025-06"))
    assert code == 1 and "nothing was published" in stdout
    assert err.splitlines() == [
        f"row {r}, column value: no value, and no numerator and denominator to compute it from"
        for r in range(2, due + 2)
    ]
    assert run("loads")[1].strip().count("\n") == 0


def test_unfilled_wide_template_is_rejected_one_problem_per_row(run, tmp_path, catalogue):
    history = tmp_path / "history.csv"
    history.write_bytes(csv(HISTORY))
    run("ingest", str(history))
    out = tmp_path / "w.csv"
    run("template", "--period", "2025-03", "--layout", "wide", "--out", str(out))
    code, _, err = run("ingest", str(out))
    assert code == 1
    assert err.splitlines() == [
        f"row {r}, column 2025-03: no value for Mar 2025: fill it in, or delete the row"
        for r in range(2, len(catalogue.kpis) + 2)
    ]


# Completeness ----------------------------------------------------------------------------------


def test_completeness_counts_authority_figures_of_due_kpis(seeded, catalogue):
    table = completeness(catalogue, seeded.figures(), "2025-02")
    assert list(table.columns) == ["kpi_id", "name", "status"]
    assert table["kpi_id"].tolist() == ids(due_kpis(catalogue, "2025-02"))
    present = table.loc[table["status"] == "present", "kpi_id"].tolist()
    assert present == ["icpc_15_days", "lado_referrals"]
    line = completeness_line(table, "2025-02")
    assert line.startswith(f"2 of {len(table)} measures due for Feb 2025 have figures; missing: ")
    assert catalogue.get("dental_checks").name in line
    assert catalogue.get("icpc_15_days").name not in line


def test_completeness_ignores_team_figures():
    from kpis.catalogue import load_catalogue

    catalogue = load_catalogue()
    figures = pd.DataFrame(
        {"kpi_id": ["icpc_15_days"], "period": ["2025-02"], "team": ["CP North"]}
    )
    table = completeness(catalogue, figures, "2025-02").set_index("kpi_id")
    assert table.at["icpc_15_days", "status"] == "missing"


def test_completeness_before_and_after_a_load_and_after_rollback(run, tmp_path, catalogue):
    due = len(due_kpis(catalogue, "2025-04"))

    def statuses():
        code, out, err = run("completeness", "--period", "2025-04")
        assert code == 0
        table = pd.read_csv(io.StringIO(out))
        return table.set_index("kpi_id")["status"].to_dict(), err.strip()

    before, line = statuses()
    assert set(before.values()) == {"missing"} and line.startswith(f"0 of {due} measures")
    month = tmp_path / "apr.csv"
    month.write_bytes(csv(HEADER + "icpc_15_days,2025-04,91,,,,,\nlado_referrals,2025-04,3,,,,,"))
    assert run("ingest", str(month))[0] == 0
    after, line = statuses()
    assert [k for k, s in after.items() if s == "present"] == ["icpc_15_days", "lado_referrals"]
    assert line.startswith(f"2 of {due} measures due for Apr 2025 have figures; missing: ")
    assert run("rollback", "1")[0] == 0
    assert statuses()[0] == before
    out = tmp_path / "c.xlsx"
    code, stdout, _ = run("completeness", "--period", "2025-04", "--out", str(out))
    assert code == 0 and stdout.startswith(f"0 of {due} measures")
    assert [c.value for c in load_workbook(out).active[1]] == ["kpi_id", "name", "status"]


# Command line usage --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["template", "--period", "2025-13", "--out", "t.xlsx"], "--period: '2025-13' is not"),
        (["template", "--period", "March", "--out", "t.csv"], "is not a month"),
        (["template", "--period", "2025-03", "--out", "t.pdf"], "write a .csv or .xlsx file"),
        (
            [
                "template",
                "--period",
                "2025-03",
                "--layout",
                "wide",
                "--months",
                "-1",
                "--out",
                "t.csv",
            ],
            "--months: give 0 to 120",
        ),
        (["template", "--period", "2025-03", "--layout", "tall", "--out", "t.csv"], "invalid"),
        (["completeness", "--period", "soon"], "is not a month"),
        (["completeness", "--period", "2025-03", "--out", "c.txt"], "write a .csv or .xlsx"),
    ],
)
def test_usage_errors_exit_2_without_traceback(db_url, tmp_path, capsys, monkeypatch, args,
                                               message):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    try:
        code = main([*args, "--db", db_url])
    except SystemExit as stopped:  # argparse's own usage errors
        code = stopped.code
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.glob("t.*")) and not list(tmp_path.glob("c.*"))


def test_template_command_says_what_it_wrote(run, tmp_path, catalogue):
    out = tmp_path / "t.csv"
    code, stdout, _ = run("template", "--period", "2025-06", "--out", str(out))
    assert code == 0
    assert stdout.strip() == f"wrote the long template for Jun 2025 (36 measures due) to {out}"
    assert out.read_text().splitlines()[0] == (
        "kpi_id,period,value,numerator,denominator,commentary,target,name,unit,previous"
    )


# Entry in the app (the domain half; the grid itself is in test_entry_app.py) ----------------


def test_entry_check_puts_each_problem_on_its_row_and_blank_rows_are_left_out(seeded, catalogue):
    grid = entry_rows(catalogue, seeded.figures(), "2025-03")
    at = {k: i for i, k in enumerate(grid["kpi_id"])}
    grid.loc[at["icpc_15_days"], "value"] = 150
    grid.loc[at["lado_referrals"], "commentary"] = "awaiting figures"
    grid.loc[at["dental_checks"], ["numerator", "denominator"]] = [9, 10]
    entry = check_entry(seeded, catalogue, grid, "2025-03")
    assert not entry.ok
    assert entry.on_rows() == {
        at["icpc_15_days"]: ["value: the percentage 150 is outside 0–100"],
        at["lado_referrals"]: [
            "value: no value, and no numerator and denominator to compute it from"
        ],
    }
    assert len(entry.grid_rows) == 3  # the other rows are blank: not checked, not published


def test_entry_publishes_one_ordinary_load_undone_by_rollback(seeded, catalogue):
    before = seeded.figures()
    grid = entry_rows(catalogue, before, "2025-03")
    at = {k: i for i, k in enumerate(grid["kpi_id"])}
    grid.loc[at["icpc_15_days"], ["numerator", "denominator", "commentary"]] = [9, 10, "ok"]
    grid.loc[at["lado_referrals"], "value"] = 2
    entry = check_entry(seeded, catalogue, grid, "2025-03")
    assert entry.ok, entry.checked.errors
    done = publish_entry(seeded, entry, user="ana")
    assert summary(done, "2025-03") == (
        "entered in the app (Mar 2025): published as load 2: 2 figures (2 new, 0 revised, "
        "0 unchanged)"
    )
    load = seeded.loads().iloc[-1]
    assert (load["file_name"], load["user"], load["rows_in_file"]) == (FILE_NAME, "ana", 2)
    figures = seeded.figures().set_index(["kpi_id", "period", "team"])
    icpc = figures.loc[("icpc_15_days", "2025-03", "")]
    assert (icpc["value"], icpc["commentary"]) == (90, "ok")
    assert pd.isna(icpc["target"])  # the catalogue's target is not frozen into the figure
    # Entered again, it now shows the month's figures, and publishing them changes nothing.
    again = entry_rows(catalogue, seeded.figures(), "2025-03").set_index("kpi_id")
    assert again.at["lado_referrals", "value"] == 2
    seeded.rollback(2)
    pd.testing.assert_frame_equal(seeded.figures(), before)
    assert completeness(catalogue, seeded.figures(), "2025-03")["status"].eq("missing").all()


def test_entry_with_nothing_typed_checks_nothing(seeded, catalogue):
    grid = entry_rows(catalogue, seeded.figures(), "2025-03")
    entry = check_entry(seeded, catalogue, grid, "2025-03")
    assert entry.empty and not entry.ok
    with pytest.raises(ValueError):
        publish_entry(seeded, entry)
