"""Hostile uploads: every malformed, disguised or booby-trapped file gets a report, not a crash."""

from __future__ import annotations

import csv as csvlib
import io
import time
import zipfile
from datetime import datetime

import pandas as pd
import pytest
from conftest import csv, dump, rezip, xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis import ingest
from kpis.catalogue import load_catalogue
from kpis.problems import Problem
from kpis.tables import to_csv_bytes, to_xlsx_bytes
from kpis.upload import archive, reader, rules, validate_upload
from kpis.upload import xlsx as xlsx_reader
from kpis.upload.reader import neutralise
from kpis.upload.validate import INTERNAL_ERROR

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary"
GOOD_ROW = ["icpc_15_days", "2016-10", 85]
LEADS = ["=", "+", "-", "@", "\t", "\r"]
SHEET = "xl/worksheets/sheet1.xml"
FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CATALOGUE = load_catalogue()


def validate(data: bytes, name: str = "upload.csv", **kw):
    return validate_upload(data, name, CATALOGUE, **kw)


def only_error(result) -> Problem:
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    assert result.rows.empty
    return result.errors[0]


def assert_well_formed(result) -> None:
    """A report, not a crash: every problem placed as DESIGN §3.1 says, rows only when clean."""
    for problem in result.errors + result.warnings:
        assert problem.row is None or (isinstance(problem.row, int) and problem.row >= 1)
        assert problem.column is None or isinstance(problem.column, str)
        assert isinstance(problem.message, str) and problem.message
        assert INTERNAL_ERROR not in problem.message, problem.message
    assert result.ok or result.rows.empty


def good_xlsx() -> bytes:
    return xlsx([["kpi_id", "period", "value"], GOOD_ROW])


def sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(SHEET)


# Size caps ---------------------------------------------------------------------------------


def test_size_cap_is_checked_before_anything_is_decoded_or_unzipped(monkeypatch):
    def never(*_args, **_kw):
        raise AssertionError("parsed a file over the size limit")

    monkeypatch.setattr(reader, "read_xlsx", never)
    monkeypatch.setattr(reader, "decode", never)
    for data in (good_xlsx(), csv(HEADER + "\nicpc_15_days,2016-10,85")):
        error = only_error(validate(data, max_bytes=50))
        assert "over the" in error.message and "MB limit" in error.message


def test_zip_bomb_refused_from_its_directory_without_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open(SHEET, "w", force_zip64=True) as member:
            zeros = b"0" * 2**20
            for _ in range(201):
                member.write(zeros)
    data = out.getvalue()
    assert len(data) < 2**20
    started = time.perf_counter()
    error = only_error(validate(data, "bomb.xlsx"))
    assert time.perf_counter() - started < 5
    assert "unpacks to 201 MB, over the 200 MB limit" in error.message


def test_part_far_more_compressed_than_any_workbook_is_refused():
    data = rezip(good_xlsx(), {"xl/media/padding.bin": b"\0" * 3 * 2**20})
    error = only_error(validate(data, "ratio.xlsx"))
    assert "xl/media/padding.bin" in error.message and "zip bomb" in error.message


def test_too_many_parts_refused_before_zipfile_reads_them():
    data = rezip(good_xlsx(), {f"junk/{i}.txt": b"" for i in range(archive.MAX_MEMBERS)})
    assert "more than 2,000 parts" in only_error(validate(data, "many.xlsx")).message


def test_parts_parsed_whole_are_capped_but_big_sheets_are_streamed(monkeypatch):
    rows = [["kpi_id", "period", "value"], *([GOOD_ROW[0], f"2016-{m:02d}", m] for m in (1, 2))]
    rows += [[f"filler {i}", "", ""] for i in range(2000)]
    data = xlsx(rows)
    assert len(sheet_xml(data)) > 20_000
    monkeypatch.setattr(archive, "MAX_PART", 20_000)
    # The sheet is over the cap, yet read: openpyxl streams worksheets.
    result = validate(data, "big.xlsx")
    assert any("filler" in e.message for e in result.errors)
    styles = b"<styleSheet>" + b"<!-- padding -->" * 2000 + b"</styleSheet>"
    error = only_error(validate(rezip(data, {"xl/styles.xml": styles}), "styles.xlsx"))
    assert "'xl/styles.xml'" in error.message and "over" in error.message
    # A big sheet that a relationship also names as a chartsheet would be parsed whole.
    rels = zipfile.ZipFile(io.BytesIO(data)).read("xl/_rels/workbook.xml.rels")
    extra = (
        b'<Relationship Id="rX" Target="/xl/worksheets/sheet1.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/chartsheet"/></Relationships>'
    )
    rels = rels.replace(b"</Relationships>", extra)
    error = only_error(validate(rezip(data, {"xl/_rels/workbook.xml.rels": rels}), "c.xlsx"))
    assert f"'{SHEET}'" in error.message


def test_rows_beyond_excels_last_row_are_refused_quickly():
    body = sheet_xml(good_xlsx()).replace(
        b"</sheetData>",
        b'<row r="99999999999"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    started = time.perf_counter()
    error = only_error(validate(rezip(good_xlsx(), {SHEET: body}), "far.xlsx"))
    assert time.perf_counter() - started < 5
    assert "beyond row 1,048,576" in error.message


def test_a_value_far_to_the_right_is_refused_by_the_column_cap():
    far = b'<row r="5"><c r="ZZZ5" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    body = sheet_xml(good_xlsx()).replace(b"</sheetData>", far)
    error = only_error(validate(rezip(good_xlsx(), {SHEET: body}), "far.xlsx"))
    assert error.row == 1 and error.message.startswith("has 18,278 columns")


def test_cells_padded_far_to_the_right_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 100_000)
    far = b"".join(
        b'<row r="%d"><c r="ZZZ%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
        for i in range(3, 40)
    )
    body = sheet_xml(good_xlsx()).replace(b"</sheetData>", far + b"</sheetData>")
    error = only_error(validate(rezip(good_xlsx(), {SHEET: body}), "wide.xlsx"))
    assert "more than 100,000 cells" in error.message


def test_declared_sheet_size_is_not_trusted():
    body = sheet_xml(good_xlsx())
    huge = body.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1:XFD1048576"')
    tiny = body.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1:A1"')
    assert huge != body and tiny != body
    for data in (rezip(good_xlsx(), {SHEET: huge}), rezip(good_xlsx(), {SHEET: tiny})):
        started = time.perf_counter()
        result = validate(data, "dim.xlsx")
        assert time.perf_counter() - started < 5
        # Too small would silently drop the figures; too large would pad millions of blanks.
        assert result.ok and result.rows.value.tolist() == [85.0]


def test_csv_with_millions_of_columns_is_refused_at_once():
    started = time.perf_counter()
    error = only_error(validate(b"," * 2_000_000, "commas.csv"))
    assert time.perf_counter() - started < 5
    assert error.row == 1 and error.message.startswith("has 2,000,001 columns")


def test_csv_with_millions_of_cells_is_refused_at_once():
    data = ("kpi_id,period,value,team\n" + ",,,\n" * 2_000_000).encode()
    error = only_error(validate(data, "blank.csv"))
    assert "more than the 5,000,000 cells" in error.message


# XML attacks -------------------------------------------------------------------------------

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY l1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;">
<!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;">
<!ENTITY l4 "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;">
<!ENTITY l5 "&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;">
<!ENTITY l6 "&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;">
<!ENTITY l7 "&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;">
<!ENTITY l8 "&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;">
<!ENTITY l9 "&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;">]>
"""
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def laughing_sheet(prolog: bytes = LAUGHS) -> bytes:
    body = sheet_xml(good_xlsx()).split(b"?>", 1)[-1]
    body = body.replace(b"<t>icpc_15_days</t>", b"<t>&l9;</t>").replace(
        b"<t>period</t>", b"<t>&e;</t>"
    )
    return rezip(good_xlsx(), {SHEET: prolog + body})


@pytest.mark.parametrize("prolog", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external"])
def test_entity_declarations_are_refused_before_openpyxl_parses(prolog):
    started = time.perf_counter()
    error = only_error(validate(laughing_sheet(prolog), "lol.xlsx"))
    assert time.perf_counter() - started < 5
    assert f"part '{SHEET}' declares a DTD" in error.message


def test_a_dtd_is_found_in_any_part_and_any_encoding_expat_reads():
    utf16 = LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"')
    for name, body in (
        ("[Content_Types].xml", LAUGHS + b"<Types/>"),
        ("xl/sharedStrings.xml", EXTERNAL + b"<sst/>"),
        (SHEET, b"\xff\xfe" + (utf16.decode() + "<worksheet/>").encode("utf-16-le")),
        ("xl/extra/comment-first.xml", b"<!-- a comment -->" + LAUGHS.split(b"?>")[1] + b"<x/>"),
    ):
        error = only_error(validate(rezip(good_xlsx(), {name: body}), "dtd.xlsx"))
        assert f"part '{name}' declares a DTD" in error.message


def test_openpyxl_on_its_own_is_also_safe_from_entity_expansion():
    """The second line of defence: openpyxl uses defusedxml when it is installed."""
    pytest.importorskip("defusedxml")
    import openpyxl

    assert openpyxl.DEFUSEDXML
    started = time.perf_counter()
    with pytest.raises(Exception) as raised:
        book = openpyxl.load_workbook(io.BytesIO(laughing_sheet()), read_only=True)
        list(book.worksheets[0].iter_rows())
    assert time.perf_counter() - started < 5
    assert type(raised.value.__cause__).__name__ == "EntitiesForbidden"


# Damaged workbooks -------------------------------------------------------------------------


def patch_central(data: bytes, offset: int, value: bytes, name: str = "") -> bytes:
    """Overwrite a field of the central-directory entries (offset from their signature)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        if out[at + 46 :].startswith(name.encode()):
            out[at + offset : at + offset + len(value)] = value
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def bad_crc_after_the_root() -> bytes:
    # Read in full only after the DTD scan has stopped at the root element.
    rels = "xl/_rels/workbook.xml.rels"
    body = zipfile.ZipFile(io.BytesIO(good_xlsx())).read(rels) + b"<!--" + b"x" * 99_999 + b"-->"
    return patch_central(rezip(good_xlsx(), {rels: body}), 16, b"\0\0\0\0", rels)


BAD_INDEX = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>'
)
DAMAGED = {
    "truncated-xml": (lambda: rezip(good_xlsx(), {SHEET: sheet_xml(good_xlsx())[:-40]}), "be read"),
    "bad-string-index": (lambda: rezip(good_xlsx(), {SHEET: BAD_INDEX}), "be read"),
    "no-workbook": (lambda: rezip(good_xlsx(), {"xl/workbook.xml": None}), "be read"),
    "no-sheets": (lambda: rezip(good_xlsx(), {"xl/workbook.xml": b"<workbook/>"}), "no worksheets"),
    "bad-types": (lambda: rezip(good_xlsx(), {"[Content_Types].xml": b"<Types"}), "be read"),
    "truncated-zip": (lambda: good_xlsx()[:2000], "be read"),
    "encrypted": (lambda: patch_central(good_xlsx(), 8, b"\x01\x00"), "encrypted"),
    "aes-method": (lambda: patch_central(good_xlsx(), 10, b"\x63\x00"), "cannot be unpacked"),
    "bad-crc": (bad_crc_after_the_root, "Bad CRC-32"),
}


@pytest.mark.parametrize("case", list(DAMAGED))
def test_damaged_workbooks_get_a_message_not_a_traceback(case):
    make, expected = DAMAGED[case]
    error = only_error(validate(make(), "damaged.xlsx"))
    assert expected in error.message and error.row is None


# Sniffing by content -----------------------------------------------------------------------


def zip_of(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for name in names:
            zipped.writestr(name, "x")
    return out.getvalue()


NOT_OURS = {
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj", "PDF document"),
    "png": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG image"),
    "gzip": (b"\x1f\x8b\x08\0\0\0\0\0", "gzip"),
    "html": (b"\n<!DOCTYPE html>\n<html><body><p>Sign in, please</p>a,b,c\n</html>", "web page"),
    "html-no-doctype": (b"<html lang=en><head><title>Error, 404</title>", "web page"),
    "xml": (b'<?xml version="1.0"?><kpis><kpi id="a"/></kpis>', "XML"),
    "json": (b'{"kpi_id": "icpc_15_days", "period": "2016-10", "value": 85}', "JSON"),
    "json-list": (b'[{"kpi_id": "icpc_15_days"}, {"kpi_id": "lado_referrals"}]', "JSON"),
    "zip": (zip_of("report.txt"), "zip archive"),
    "empty-zip": (b"PK\x05\x06" + b"\0" * 18, "empty zip"),
    "docx": (zip_of("[Content_Types].xml", "word/document.xml"), "Word document"),
    "ods": (zip_of("mimetype", "content.xml"), "OpenDocument"),
    "rtf": (b"{\\rtf1\\ansi kpi_id,period}", "RTF"),
}


@pytest.mark.parametrize("name", list(NOT_OURS))
@pytest.mark.parametrize("file_name", ["scorecard.csv", "scorecard.xlsx"])
def test_files_that_are_not_csv_or_xlsx_say_so(name, file_name):
    data, what = NOT_OURS[name]
    error = only_error(validate(data, file_name))
    assert "not a CSV or XLSX file" in error.message and what in error.message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200, ".xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200, "password"),
        (zip_of("[Content_Types].xml", "xl/workbook.bin"), ".xlsb"),
        (b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?><Workbook/>', "2003"),
        (b"\xff\xfe\0\0k\0\0\0", "UTF-32"),
    ],
)
def test_other_spreadsheet_formats_say_how_to_save(data, expected):
    assert expected in only_error(validate(data, "old.xls")).message


def test_csv_named_xlsx_and_xlsx_named_csv_are_read_by_content():
    as_csv = validate(csv(HEADER + "\nicpc_15_days,2016-10,85,,,,,"), "scorecard.xlsx")
    as_xlsx = validate(good_xlsx(), "scorecard.csv")
    assert as_csv.ok and as_xlsx.ok
    assert as_csv.rows.value.tolist() == as_xlsx.rows.value.tolist() == [85.0]


@pytest.mark.parametrize(
    "data",
    [
        "kpi_id\tperiod\tvalue\r\nicpc_15_days\t2016-10\t85\r\n".encode("utf-16"),
        "kpi_id,period,value\nicpc_15_days,2016-10,85\n".encode("utf-16-le"),
        "kpi_id,period,value\nicpc_15_days,2016-10,85\n".encode("utf-16-be"),
    ],
    ids=["excel-unicode-text", "utf16le-no-bom", "utf16be-no-bom"],
)
def test_utf16_text_gets_a_clear_message(data):
    error = only_error(validate(data, "unicode.csv"))
    assert "UTF-16" in error.message and "CSV UTF-8" in error.message


@pytest.mark.parametrize(
    "data", [b",,,,,,", b",,,,\r\n,,,,\r\n,,,,\r\n", b"\xef\xbb\xbf,,,\n,,,\n"]
)
def test_a_file_of_only_commas_has_no_header(data):
    assert "no header row" in only_error(validate(data, "commas.csv")).message


def test_undecodable_bytes_and_late_nul_bytes_are_named():
    assert "UTF-8 or Windows-1252" in only_error(validate(b"kpi_id,\x81\x8d\x8f", "a.csv")).message
    data = csv(HEADER) + b"icpc_15_days,2016-10,85,,,,,\n" * 2000 + b"x\0y\n"
    error = only_error(validate(data, "nul.csv"))
    assert error.row == 2002 and "NUL" in error.message


@pytest.mark.parametrize(("mark", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_other_delimiters_get_a_clear_message(mark, word):
    data = f"kpi_id{mark}period{mark}value\nicpc_15_days{mark}2016-10{mark}85\n".encode()
    error = only_error(validate(data, "semi.csv"))
    assert error.row == 1 and word in error.message


def test_unclosed_quote_names_its_row_and_every_ragged_row_is_listed():
    error = only_error(
        validate(csv(HEADER + '\nicpc_15_days,2016-10,85,,,,,\n"oops,2016-11,1'), "q.csv")
    )
    assert error.row == 3 and "never closed" in error.message
    body = "\n".join(["icpc_15_days,2016-10,85", "a,b,c,d", "icpc_15_days,2016-11,85", "a,b,c,d,e"])
    result = validate(csv("kpi_id,period,value\n" + body), "ragged.csv")
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "has 4 cells but the header has 3"),
        (5, "has 5 cells but the header has 3"),
    ]


# Runaway content ---------------------------------------------------------------------------


def test_a_huge_cell_is_not_echoed_whole():
    data = csv("kpi_id,period,value\n" + "x" * 1_000_000 + ",2016-1" + "0" * 100_000 + ",1")
    result = validate(data, "huge.csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, "kpi_id"), (2, "period")]
    assert all(len(e.message) < 200 for e in result.errors)


def test_errors_are_listed_up_to_a_limit_then_counted(monkeypatch):
    monkeypatch.setattr(rules, "MAX_LISTED", 50)
    monkeypatch.setattr("kpis.upload.validate.MAX_LISTED", 50)
    data = csv("kpi_id,period,value\n" + "nope,2016-10,x\n" * 100)
    result = validate(data, "many.csv")
    assert len(result.errors) == 51
    assert result.errors[-1].message.startswith("and 150 more errors, not listed")


def test_a_file_of_one_row_repeated_is_checked_quickly():
    data = csv("kpi_id,period,value\n" + "icpc_15_days,2016-10,85\n" * 30_000)
    started = time.perf_counter()
    result = validate(data, "same.csv")
    assert time.perf_counter() - started < 10
    assert len(result.errors) == rules.MAX_LISTED + 1
    assert result.errors[0].message == "the same KPI, period and team as row 2"


@pytest.mark.parametrize("column", ["team", "commentary"])
@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x1a", "\x1f"])
def test_control_characters_in_stored_text_are_errors(column, char):
    # XLSX cannot hold them, so a figure stored with one could never be exported as XLSX.
    cells = {"team": "", "commentary": ""} | {column: f"North{char}East"}
    row = f"icpc_15_days,2016-10,85,,,,{cells['team']},{cells['commentary']}"
    error = only_error(validate(f"{HEADER}\n{row}\n".encode(), "ctl.csv"))
    assert (error.row, error.column) == (2, column) and "control character" in error.message


# Formula injection -------------------------------------------------------------------------


def long_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    # "\r\n" endings, so that the csv module quotes cells holding a bare CR.
    writer = csvlib.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER.split(","))
    for i, (team, commentary) in enumerate(rows):
        writer.writerow(
            ["icpc_15_days", f"{2000 + i // 12}-{i % 12 + 1:02d}", 85, "", "", "", team, commentary]
        )
    return buffer.getvalue().encode()


TEXTS = [f"'{lead}x" for lead in LEADS] + [f"''{lead}x" for lead in LEADS]
TEXTS += ["'plain", "''", "'", "'1", "x'=y", " '=padded", "=raw", "-raw"]


def read_back(texts: list[str]) -> list[str]:
    result = validate(long_csv([[t, t] for t in texts]), "quoted.csv")
    assert result.ok, [str(e) for e in result.errors]
    assert result.rows.team.tolist() == result.rows.commentary.tolist()
    return result.rows.team.tolist()


def expected_read(text: str) -> str:
    # Cells are trimmed, then exactly one apostrophe before a formula character goes.
    text = text.strip()
    if text[:1] == "'" and text[1:2] in LEADS:
        return text[1:]
    return text


def test_reader_removes_exactly_one_apostrophe_before_formula_characters_only():
    got = read_back(TEXTS)
    assert got == [expected_read(t) for t in TEXTS]
    assert got[: len(LEADS)] == [f"{lead}x" for lead in LEADS]
    assert got[len(LEADS) : 2 * len(LEADS)] == [f"''{lead}x" for lead in LEADS]


def test_reader_removes_the_apostrophe_in_xlsx_text_cells_too():
    # XML reads a raw CR as a line feed, and openpyxl writes '=raw' as a formula.
    texts = [t for t in TEXTS if "\r" not in t and t[0] != "="]
    rows = [HEADER.split(",")]
    rows += [
        ["icpc_15_days", f"{2000 + i // 12}-{i % 12 + 1:02d}", 85, None, None, None, t, t]
        for i, t in enumerate(texts)
    ]
    result = validate(xlsx(rows), "quoted.xlsx")
    assert result.rows.team.tolist() == [expected_read(t) for t in texts]


@pytest.mark.parametrize("column", ["kpi_id", "period", "value", "target"])
def test_apostrophes_are_kept_everywhere_else(column):
    cells = dict.fromkeys(HEADER.split(","), "") | {"kpi_id": "icpc_15_days", "period": "2016-10"}
    cells["value"] = "85"
    cells[column] = "'-5" if column in ("value", "target") else "'=" + cells[column]
    data = csv(HEADER + "\n" + ",".join(cells.values()))
    error = only_error(validate(data, "kept.csv"))
    assert error.column == column and "'" in error.message


PAYLOADS = [f"{lead}cmd|' /C calc'!A0" for lead in LEADS] + ["plain", "'=already", "a=b"]


def test_csv_export_neutralises_formula_text_with_one_apostrophe():
    leads = [lead for lead in LEADS if lead != "\r"]  # see the bare-CR test below
    frame = pd.DataFrame({"team": [p for p in PAYLOADS if p[0] != "\r"], "value": -5.0})
    cells = list(csvlib.reader(io.StringIO(to_csv_bytes(frame).decode(), newline="")))[1:]
    assert [c[0] for c in cells] == [neutralise(t) for t in frame.team]
    assert [c[0][:2] for c in cells[: len(leads)]] == [f"'{lead}" for lead in leads]
    assert [c[0] for c in cells[len(leads) :]] == ["plain", "'=already", "a=b"]
    assert {c[1] for c in cells} == {"-5"}  # numbers are numbers, never quoted


def test_xlsx_export_neutralises_formula_text_with_one_apostrophe():
    from openpyxl import load_workbook

    frame = pd.DataFrame({"team": PAYLOADS, "value": -5.0})
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes({"S": frame}))).active
    # Whether a bare CR survives the XML round trip depends on the parser openpyxl finds (lxml
    # keeps it, the standard library turns it into LF); the apostrophe is what matters.
    assert [(c.value.replace("\r", "\n"), c.data_type) for c in sheet["A"][1:]] == [
        (neutralise(t).replace("\r", "\n"), "s") for t in PAYLOADS
    ]
    assert {c.value for c in sheet["B"][1:]} == {-5}


def test_csv_export_quotes_a_cell_holding_a_bare_carriage_return():
    frame = pd.DataFrame({"team": ["\rcmd", "a\rb"], "value": [1, 2]})
    cells = list(csvlib.reader(io.StringIO(to_csv_bytes(frame).decode(), newline="")))
    assert cells == [["team", "value"], ["'\rcmd", "1"], ["a\rb", "2"]]


def test_export_then_ingest_changes_no_text():
    texts = [f"{lead}x" for lead in LEADS[:4]] + ["plain", "'not a formula", "café – 10%"]
    frame = pd.DataFrame(
        {
            "kpi_id": "icpc_15_days",
            "period": [f"2016-{i + 1:02d}" for i in range(len(texts))],
            "value": 85.0,
            "team": texts,
            "commentary": texts,
        }
    )
    for data, name in (
        (to_csv_bytes(frame), "out.csv"),
        (to_xlsx_bytes({"Scorecard": frame}), "out.xlsx"),
    ):
        result = validate(data, name)
        assert result.ok, [str(e) for e in result.errors]
        assert result.rows.team.tolist() == result.rows.commentary.tolist() == texts


@pytest.mark.xfail(strict=True, reason="kpis/tables.py: openpyxl refuses control characters")
def test_xlsx_export_of_text_with_control_characters():
    to_xlsx_bytes({"S": pd.DataFrame({"commentary": ["line\x0bbreak"]})})


# Property tests ----------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_report_not_an_exception(data):
    assert_well_formed(validate(data, "any.bin"))


PREFIXES = [b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"<", b"{", b"kpi_id,Oct-16,"]
PREFIXES.append(csv(HEADER))


@FUZZ
@given(st.sampled_from(PREFIXES), st.binary(max_size=2000))
def test_bytes_behind_a_plausible_start_give_a_report(prefix, data):
    assert_well_formed(validate(prefix + data, "any.csv"))


# Markup that openpyxl has to cope with when it lands in the middle of a part.
INSERTS = [b"", b"<", b">", b"&", b"&amp;", b"\xff", b"<c r='A0'/>", b'<row r="0">']
INSERTS += [b"</sheetData>", b"<v>1e999</v>", b'<c t="s"><v>99</v></c>', b'<c t="d"><v>x</v></c>']
INSERTS.append(b"<v>9" * 5000)


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-'
    'types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
    'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    f'relationships"><Relationship Id="r1" Type="{REL}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook {NS} xmlns:r="{REL}"><sheets><sheet name="Scorecard" '
    'sheetId="1" r:id="r1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
    f'package/2006/relationships"><Relationship Id="r1" Type="{REL}/worksheet" Target='
    f'"worksheets/sheet1.xml"/><Relationship Id="r2" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="r3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>",
    "xl/styles.xml": f'<styleSheet {NS}><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="9"/>'
    '<xf numFmtId="14"/></cellXfs></styleSheet>',
    "xl/sharedStrings.xml": f"<sst {NS}><si><t>kpi_id</t></si><si><t>period</t></si><si><t>value"
    "</t></si><si><t>team</t></si><si><t>icpc_15_days</t></si><si><t>'=North</t></si></sst>",
    SHEET: f'<worksheet {NS}><dimension ref="A1:D3"/><sheetData><row r="1"><c r="A1" t="s"><v>0'
    '</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v>'
    '</c></row><row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" s="2"><v>42674</v></c><c r="C2"'
    ' s="1"><v>0.855</v></c><c r="D2" t="s"><v>5</v></c></row></sheetData></worksheet>',
}


def excel_like() -> bytes:
    """A workbook laid out as Excel writes one: shared strings, styles, a date and a %."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, body in PARTS.items():
            zipped.writestr(name, body)
    return out.getvalue()


def test_excel_like_workbook_reads_dates_percentages_and_shared_strings():
    result = validate(excel_like(), "excel.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    row = result.rows.iloc[0]
    assert (row.kpi_id, row.period, row.value, row.team) == (
        "icpc_15_days",
        "2016-10",
        85.5,
        "=North",
    )


@pytest.fixture(scope="module", params=["openpyxl", "excel"])
def workbook(request) -> bytes:
    if request.param == "excel":
        return excel_like()
    return xlsx([HEADER.split(","), [*GOOD_ROW, 17, 20, 90, "North", "'=note"]])


@settings(FUZZ, max_examples=150)
@given(st.data())
def test_damaged_workbooks_give_a_report(workbook, data):
    names = zipfile.ZipFile(io.BytesIO(workbook)).namelist()
    name = data.draw(st.sampled_from(names))
    body = zipfile.ZipFile(io.BytesIO(workbook)).read(name)
    at = data.draw(st.integers(0, len(body)))
    cut = data.draw(st.integers(0, 40))
    insert = data.draw(st.sampled_from(INSERTS) | st.binary(max_size=20))
    damaged = rezip(workbook, {name: body[:at] + insert + body[at + cut :]})
    if data.draw(st.booleans()):
        flip = data.draw(st.integers(0, len(damaged) - 1))
        damaged = damaged[:flip] + bytes([damaged[flip] ^ 0xFF]) + damaged[flip + 1 :]
    assert_well_formed(validate(damaged, "damaged.xlsx"))


MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d", "%b-%y", "%b %Y", "%B %Y", "%d/%m/%Y", "%m/%d/%Y"]
MONTH_FORMATS += ["%Y-%m-%d 00:00:00", "%Y-%m-31", "%y-%m", "%Y%m", "%B", "%b-%y 12:00", "%^b-%y"]


def spellings(moment: datetime) -> st.SearchStrategy[str]:
    return st.sampled_from([moment.strftime(f) for f in MONTH_FORMATS])


KPI_IDS = [k.id for k in CATALOGUE.kpis]
CELLS_KPI = st.sampled_from(KPI_IDS) | st.sampled_from(KPI_IDS).map(lambda k: f"  {k.upper()} ")
PERIODS = st.datetimes(datetime(1999, 1, 1), datetime(2031, 12, 28)).flatmap(spellings)
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**7).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(0, 120).map(lambda v: f"{v:.1f}%"),
    st.integers(1000, 10**9).map(lambda v: f"{v:,}"),
    st.sampled_from(
        ["", " ", "85 %", " 85.0 ", "1e400", "-0", "0x10", "n/a", "£5", "1,2,3", "\u00a085%"]
    ),
)
FORMULAS = ["=1+1", "'=1+1", "@SUM(A1)", "+44 20", "-x", "'\t=x", "'", '"', "=cmd|' /C calc'!A0"]
SAFE_TEXT = st.sampled_from(FORMULAS) | st.text(st.characters(exclude_categories=["Cc", "Cs"]))
TEXT = st.sampled_from([*FORMULAS, "\t=x", "'\r=x", "a\x0bb"]) | st.text(max_size=12)
CELLS = st.one_of(CELLS_KPI, PERIODS, NUMBERS, TEXT)
ODD_HEADERS = [" KPI_ID ", "Period", "notes", "", "Octobr-16", "2016-13", "value", "kpi_id"]
HEADERS = st.sampled_from(HEADER.split(",") + ODD_HEADERS) | PERIODS | st.text(max_size=8)


@st.composite
def tables(draw) -> list[list[str]]:
    wide = draw(st.booleans())
    first = ["kpi_id"] if wide else []
    header = first + draw(st.lists(HEADERS, min_size=0 if wide else 1, max_size=8))
    if not wide and draw(st.booleans()):
        header = ["kpi_id", "period", *header]
    width = len(header)
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=width + 1), max_size=8))
    if wide:
        rows = [[draw(st.sampled_from(KPI_IDS)), *row] for row in rows]
    return [header, *rows]


PAIRS = [("", ""), ("17", "20"), ("3", "4"), ("5", "0"), ("9", ""), ("-1", "4")]


@st.composite
def long_tables(draw) -> list[list[str]]:
    """Long files, clean half the time, so the rules also run on real figures."""
    clean = draw(st.booleans())
    rows = [HEADER.split(",")]
    for _ in range(draw(st.integers(1, 8))):
        moment = draw(st.datetimes(datetime(2010, 1, 1), datetime(2026, 10, 28)))
        period = moment.strftime(draw(st.sampled_from(["%Y-%m", "%b-%y", "%B %Y", "%d/%m/%Y"])))
        if clean:
            value, pair, target = draw(st.integers(0, 100).map(str)), ("", ""), ""
            text = [draw(SAFE_TEXT), draw(SAFE_TEXT)]
        else:
            value, target = draw(NUMBERS), draw(st.sampled_from(["", "90", "-1", "=1"]))
            pair = draw(st.sampled_from(PAIRS))
            text, period = [draw(TEXT), draw(TEXT)], draw(spellings(moment))
        rows.append([draw(CELLS_KPI), period, value, *pair, target, *text])
    return rows


def encode(rows: list[list[str]], how: str) -> bytes:
    if how == "joined":
        # Unquoted, so commas, quotes and newlines in cells make the file ragged or broken.
        return "\n".join(",".join(row) for row in rows).encode()
    buffer = io.StringIO()
    csvlib.writer(buffer, lineterminator="\r\n").writerows(rows)
    text = buffer.getvalue()
    if how == "cp1252":
        return text.encode("cp1252", errors="replace")
    return (("\ufeff" if how == "bom" else "") + text).encode()


@FUZZ
@given(tables() | long_tables(), st.sampled_from(["utf-8", "bom", "cp1252", "joined"]))
def test_plausible_csv_gives_figures_or_placed_problems(rows, how):
    result = validate(encode(rows, how), "random.csv")
    assert_well_formed(result)
    if result.ok:
        assert set(result.rows.kpi_id) <= set(KPI_IDS)
        assert result.rows.value.notna().all()


def xlsx_cell(text: str):
    try:
        return float(text) if text.strip() and not text.strip().startswith("0x") else text
    except ValueError:
        return text


@settings(FUZZ, max_examples=60)
@given(tables() | long_tables(), st.booleans())
def test_plausible_xlsx_gives_figures_or_placed_problems(rows, numeric):
    # XML cannot hold control characters, so no workbook can contain them.
    printable = [["".join(ch for ch in c if ch >= " " or ch in "\t\n\r") for c in r] for r in rows]
    cells = [[xlsx_cell(c) if numeric else c for c in row] for row in printable]
    assert_well_formed(validate(xlsx(cells), "random.xlsx"))


@pytest.fixture
def loaded_store(store):
    clean = csv(HEADER + "\nicpc_15_days,2016-10,85,17,20,,North,first load")
    ingest.publish(store, ingest.check(store, clean, "first.csv", CATALOGUE), user="analyst")
    return store


@settings(FUZZ, max_examples=100)
@given(st.one_of(st.binary(max_size=2000), tables().map(lambda rows: encode(rows, "utf-8"))))
def test_checking_any_file_writes_nothing(loaded_store, data):
    before = (loaded_store.version(), dump(loaded_store))
    checked = ingest.check(loaded_store, data, "any.csv", CATALOGUE)
    assert_well_formed(checked.validation)
    assert (loaded_store.version(), dump(loaded_store)) == before
