"""Reading Annex A workbooks and CSV folders: sheets, dates, answers, warnings, rejection."""

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kpis.annex_a import AnnexAError, compute_kpis, load_frames, read_annex_a
from kpis.annex_a.values import (
    cell_text,
    read_date,
    read_ete,
    read_in_touch,
    read_suitable,
    read_yes_no,
)

TODAY = date(2024, 6, 30)
H4 = [
    "Child Unique ID",
    "Age of Child (Years)",
    "Continuous Assessment Start Date",
    "Continuous Assessment Date of Authorisation",
    "Allocated Team",
    "Allocated Worker",
]
ROWS4 = [
    ["C1", 7, datetime(2024, 3, 4), datetime(2024, 3, 28), "Team A", "SW1"],
    ["C2", 9, "04/03/2024", "10/05/2024", "#N/A", "SW2"],
    ["C3", 3, "TBC", "02/04/2024", "Team A", "SW1"],
]
H5 = [
    "Child Unique ID",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Allocated Team",
    "Allocated Worker",
]
ROWS5 = [
    ["C4", datetime(2024, 4, 2), "b) No", datetime(2024, 4, 12), "a) Yes", "Team B", "SW3"],
    ["C5", "02/04/2024", "No", "30/04/2024", "b) No", "Team B", "SW3"],
]


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(rows: list[list]) -> str:
    def cell(value: object) -> str:
        if isinstance(value, datetime):
            return value.strftime("%d/%m/%Y")
        return "" if value is None else str(value)

    return "\n".join(",".join(cell(v) for v in row) for row in rows) + "\n"


def test_sheets_found_by_list_number(tmp_path: Path) -> None:
    path = tmp_path / "annex.xlsx"
    path.write_bytes(
        workbook(
            {
                "Notes": [["Annex A, synthetic"]],
                "list4": [H4, *ROWS4],
                "List 5 - Section 47 and ICPCs": [H5, *ROWS5],
                "List 10": [["Child Unique ID"], ["X"]],
            }
        )
    )
    result = read_annex_a(path, today=TODAY)
    assert result.sheets == {4: "list4", 5: "List 5 - Section 47 and ICPCs"}
    assert set(result.lists) == {4, 5}
    assert result.as_at == date(2024, 5, 10)
    not_computed = {w.list for w in result.warnings if "not computed" in w.message}
    assert not_computed == {8, 9}


def test_xlsx_bytes_csv_folder_and_zip_give_the_same_figures(tmp_path: Path) -> None:
    data = workbook({"List 4": [H4, *ROWS4], "List 5": [H5, *ROWS5]})
    from_xlsx = compute_kpis(read_annex_a(data, today=TODAY))
    folder = tmp_path / "annex"
    folder.mkdir()
    (folder / "List 4 - Assessments.csv").write_text(csv_text([H4, *ROWS4]), encoding="utf-8-sig")
    (folder / "annex_a_list_5.csv").write_bytes(csv_text([H5, *ROWS5]).encode("cp1252"))
    (folder / "readme.txt").write_text("not a list")
    from_csv = compute_kpis(read_annex_a(folder, today=TODAY))
    pd.testing.assert_frame_equal(from_xlsx, from_csv)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in folder.glob("*.csv"):
            zipped.write(file, file.name)
    pd.testing.assert_frame_equal(
        from_xlsx, compute_kpis(read_annex_a(archive.getvalue(), today=TODAY))
    )
    assert not from_xlsx.empty


def test_a_single_csv_named_for_its_list(tmp_path: Path) -> None:
    path = tmp_path / "List 5.csv"
    path.write_text(csv_text([H5, *ROWS5]))
    assert set(read_annex_a(path, today=TODAY).lists) == {5}


def test_header_below_a_title_and_blank_rows_keep_excel_row_numbers() -> None:
    data = workbook({"List 4": [["List 4: Assessments"], [], H4, ROWS4[0], [None] * 6, ROWS4[2]]})
    result = read_annex_a(data, today=TODAY)
    assert result.lists[4]["row"].tolist() == [4, 6]
    [warning] = [w for w in result.warnings if w.row is not None]
    assert (warning.list, warning.row, warning.column) == (4, 6, H4[2])
    assert "'TBC'" in warning.message


def test_row_level_dirt_is_a_warning_and_the_row_stays() -> None:
    result = read_annex_a(workbook({"List 4": [H4, *ROWS4]}), today=TODAY)
    assert len(result.lists[4]) == 3
    frame = result.lists[4]
    assert frame.loc[frame.child_id == "C2", "team"].item() == "Unallocated"
    assert frame.loc[frame.child_id == "C3", "start_bad"].item()
    text = "\n".join(str(w) for w in result.warnings)
    assert "List 4, row 4, column Continuous Assessment Start Date: cannot read 'TBC'" in text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2024, 4, 3, 0, 0), date(2024, 4, 3)),
        (date(2024, 4, 3), date(2024, 4, 3)),
        ("03/04/2024", date(2024, 4, 3)),
        ("3/4/2024", date(2024, 4, 3)),
        ("3/4/24", date(2024, 4, 3)),
        ("03-04-2024", date(2024, 4, 3)),
        ("03.04.2024", date(2024, 4, 3)),
        ("2024-04-03", date(2024, 4, 3)),
        ("03/04/2024 00:00:00", date(2024, 4, 3)),
        ("3 Apr 2024", date(2024, 4, 3)),
        ("03-Apr-24", date(2024, 4, 3)),
        ("3 April 2024", date(2024, 4, 3)),
        (45385, date(2024, 4, 3)),  # an Excel serial number
        ("45385", date(2024, 4, 3)),
        ("12/12/85", date(1985, 12, 12)),  # a two-digit year not in the future
        (None, None),
        ("  ", None),
    ],
)
def test_dates(cell: object, expected: date | None) -> None:
    assert read_date(cell, TODAY) == expected


@pytest.mark.parametrize("cell", ["31/02/2024", "TBC", "13/13/2024", "n/k", "01/01/1800", True])
def test_unreadable_dates(cell: object) -> None:
    assert not isinstance(read_date(cell, TODAY), date | type(None))


def test_coded_answers_read_by_code_or_text() -> None:
    assert [read_yes_no(v) for v in ["a) Yes", "Yes", "y", "a)", "b) No", "N", "b)", ""]] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        None,
    ]
    assert read_in_touch("c) Died") is False and read_in_touch("REFU") is False
    assert read_suitable("a) Suitable") is True and read_suitable("b) Unsuitable") is False
    assert read_suitable("Not Suitable") is False and read_suitable("a)") is True
    assert read_ete("F2: Full time in education other than higher") is True
    assert read_ete("G5: Not in education, employment or training - other") is False
    assert read_ete("p4) Part time apprenticeship") is True


def test_unrecognised_answers_are_warnings() -> None:
    frames = {"List 5": pd.DataFrame([dict(zip(H5, ROWS5[0], strict=True))])}
    frames["List 5"][H5[4]] = "Perhaps"
    result = load_frames(frames, today=TODAY)
    [warning] = [w for w in result.warnings if w.row == 2]
    assert warning.column == H5[4] and "'Perhaps' not recognised" in warning.message


def test_rejects_lists_missing_needed_columns_with_every_problem() -> None:
    data = workbook(
        {
            "List 4": [[h for h in H4 if "Authorisation" not in h], ROWS4[0][:5]],
            "List 5": [[h for h in H5 if not h.startswith("Date of Initial")], ROWS5[0][:6]],
        }
    )
    with pytest.raises(AnnexAError) as caught:
        read_annex_a(data, today=TODAY)
    problems = caught.value.problems
    assert [(p.list, p.column) for p in problems] == [
        (4, "Continuous Assessment Date of Authorisation"),
        (5, "Date of Initial Child Protection Conference"),
    ]
    assert "assessments_45_days" in problems[0].message
    assert "icpc_15_days, icpc_to_cp_plan" in problems[1].message


def test_missing_team_column_is_a_warning_and_everyone_unallocated() -> None:
    frame = pd.DataFrame([r[:4] for r in ROWS4], columns=H4[:4])
    result = load_frames({"List 4": frame}, today=TODAY)
    assert set(result.lists[4]["team"]) == {"Unallocated"}
    assert any(w.column == "Allocated Team" and w.row is None for w in result.warnings)


@pytest.mark.parametrize(
    "data",
    [b"", b"just some text", b"PK\x03\x04 damaged", workbook({"Sheet1": [["a"], [1]]})],
)
def test_unreadable_files_are_rejected(data: bytes) -> None:
    with pytest.raises(AnnexAError) as caught:
        read_annex_a(data, today=TODAY)
    assert caught.value.problems[0].row is None


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(AnnexAError, match="cannot open"):
        read_annex_a(tmp_path / "nowhere.xlsx", today=TODAY)


def test_default_as_at_is_the_latest_date_not_in_the_future() -> None:
    rows = [*ROWS4, ["C9", 1, "01/06/2024", "02/07/2031", "Team A", "SW1"]]
    result = read_annex_a(workbook({"List 4": [H4, *rows]}), today=TODAY)
    assert result.as_at == date(2024, 6, 1)
    [future] = [w for w in result.warnings if w.row == 5]
    assert future.column == H4[3] and "after the as-at date" in future.message


def test_explicit_as_at_ignores_and_lists_later_events() -> None:
    result = read_annex_a(workbook({"List 4": [H4, *ROWS4]}), as_at=date(2024, 3, 31), today=TODAY)
    assert result.as_at == date(2024, 3, 31) and result.period == "2024-03"
    out = compute_kpis(result)
    assert set(out.period) == {"2024-03"}
    assert {w.row for w in result.warnings if "after the as-at" in w.message} == {3, 4}


def test_numeric_child_ids_read_as_text() -> None:
    frame = pd.DataFrame([[12345.0, *ROWS4[0][2:]]], columns=[H4[0], *H4[2:]])
    assert load_frames({4: frame}, today=TODAY).lists[4]["child_id"].tolist() == ["12345"]


def test_blank_in_a_typed_date_column_is_a_no_date_warning() -> None:
    # A datetime64 column (as pandas gives for typed dates) holds NaT for a blank strategy date.
    rows = [
        ["C4", "2024-04-02", "b) No", "2024-04-12", "a) Yes", "Team B", "SW3"],
        ["C5", "2024-04-02", "No", "2024-04-30", "b) No", "Team B", "SW3"],
        ["C6", None, "b) No", "2024-04-12", "a) Yes", "", ""],
    ]
    frame = pd.DataFrame(rows, columns=H5)
    frame[[H5[1], H5[3]]] = frame[[H5[1], H5[3]]].astype("datetime64[ns]")
    assert frame[H5[1]].isna().tolist() == [False, False, True]
    result = load_frames({5: frame}, today=TODAY)
    [warning] = [w for w in result.warnings if w.row == 4]
    assert (warning.list, warning.column) == (5, H5[1])
    assert warning.message == "no date; left out of icpc_15_days"
    out = compute_kpis(result)
    authority = out[(out.team == "") & (out.period == "2024-04")].set_index("kpi_id")
    assert authority.loc["icpc_15_days", "denominator"] == 2
    assert authority.loc["icpc_to_cp_plan", "denominator"] == 3


@pytest.mark.parametrize("cell", [pd.NaT, None, float("nan"), pd.NA, "  "])
def test_blank_cells_are_quoted_as_empty(cell: object) -> None:
    assert cell_text(cell) == ""


def test_cells_are_quoted_as_the_analyst_sees_them() -> None:
    assert cell_text(pd.Timestamp("2024-04-03")) == "03/04/2024"
    assert cell_text(datetime(2024, 4, 3, 9, 30)) == "03/04/2024"
    assert cell_text(" TBC ") == "TBC"


def test_a_second_sheet_for_the_same_list_is_ignored_with_a_warning() -> None:
    data = workbook({"List 4": [H4, ROWS4[0]], "List 4 (old)": [H4, ROWS4[1]]})
    result = read_annex_a(data, today=TODAY)
    assert len(result.lists[4]) == 1
    assert any("'List 4 (old)' ignored" in w.message for w in result.warnings)


def test_the_sheet_that_looks_like_the_list_wins_over_guidance_and_empty_sheets() -> None:
    data = workbook(
        {
            "List 4 guidance": [["Column"], ["Child Unique ID"], ["Allocated Team"]],
            "List 4": [H4, ROWS4[0]],
            "List 5": [[None], []],
        }
    )
    result = read_annex_a(data, today=TODAY)
    assert result.sheets == {4: "List 4"}
    assert any("'List 4 guidance' ignored" in w.message for w in result.warnings)


def test_warnings_frame() -> None:
    result = read_annex_a(workbook({"List 4": [H4, *ROWS4]}), today=TODAY)
    table = result.warnings_frame()
    assert list(table.columns) == ["list", "row", "column", "message"]
    assert len(table) == len(result.warnings)
