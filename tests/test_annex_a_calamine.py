"""The Annex A reader reads workbooks through python-calamine and sees exactly the cells
openpyxl (the former reader) saw: Excel dates, numbers, text, errors and blank rows."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from kpis.annex_a import read_annex_a
from kpis.annex_a.sources import read_xlsx_rows, read_xlsx_rows_openpyxl
from kpis.annex_a.synthetic import AS_AT, make_annex_a, write_annex_a


def _tidy(rows) -> list[list[object]]:
    """Rows without trailing blanks (openpyxl pads to the sheet's dimension, calamine to its
    used range: neither is a cell)."""
    out = [list(r) for r in rows]
    for row in out:
        while row and row[-1] is None:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def _dirty_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "List 4"
    sheet.append(["Annex A: assessments"])  # a title above the header
    sheet.append([])
    sheet.append(["Child Unique ID", "Continuous Assessment Start Date",
                  "Continuous Assessment Date of Authorisation", "Allocated Team",
                  "Allocated Worker", "Count", "Flag", "At"])  # fmt: skip
    sheet.append(["C1", datetime(2024, 4, 3), datetime(2024, 5, 20, 14, 30), "CP Team", "W1", 3,
                  True, time(9, 15)])  # fmt: skip
    sheet.append(["C2", "03/04/2024", "not a date", "  ", None, 2.5, False, None])
    sheet.append([])  # a blank row in the middle
    sheet.append([1234, 45383, 45383.75, "#N/A", "Żaneta Ó'Brien", -1, "yes", "x"])
    sheet.append(["C4", date(2023, 1, 31), None, "Team B", "W2", 0.125, None, None])
    sheet["B8"].number_format = "dd/mm/yyyy"
    sheet["D7"].value = "#N/A"  # an Excel error cell (openpyxl writes it as one)
    for r in range(9, 40):  # formatted, empty rows below the data, as Excel leaves them
        sheet.cell(row=r, column=2).number_format = "dd/mm/yyyy"
    book.create_sheet("Guidance").append(["Read me first"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_calamine_gives_the_cells_openpyxl_gave_in_a_dirty_workbook():
    raw = _dirty_workbook()
    ours, before = read_xlsx_rows(raw), read_xlsx_rows_openpyxl(raw)
    assert list(ours) == list(before) == ["List 4", "Guidance"]
    for name in ours:
        assert _tidy(ours[name]) == _tidy(before[name]), name
    rows = _tidy(ours["List 4"])
    # Row positions are Excel's: the header is on row 3, the blank row 6 is kept in place.
    assert rows[2][0] == "Child Unique ID" and rows[5] == []
    assert rows[3][1] == datetime(2024, 4, 3) and rows[7][1] == datetime(2023, 1, 31)
    assert rows[6][:3] == [1234, 45383, 45383.75] and rows[4][5] == 2.5


def test_calamine_gives_the_cells_openpyxl_gave_in_a_synthetic_annex_a(tmp_path):
    path = write_annex_a(tmp_path / "a.xlsx", make_annex_a(children=300))
    raw = path.read_bytes()
    ours, before = read_xlsx_rows(raw), read_xlsx_rows_openpyxl(raw)
    assert list(ours) == list(before)
    for name in ours:
        assert _tidy(ours[name]) == _tidy(before[name]), name


def test_warnings_name_the_same_excel_rows_as_before(tmp_path):
    path = tmp_path / "dirty.xlsx"
    path.write_bytes(_dirty_workbook())
    result = read_annex_a(path, as_at=AS_AT, today=AS_AT)
    where = {(w.row, w.column) for w in result.warnings if w.list == 4}
    assert (5, "Continuous Assessment Date of Authorisation") in where  # 'not a date'
    assert list(result.lists[4]["row"]) == [4, 5, 7, 8]
