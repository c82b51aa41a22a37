"""Both layouts, both file types and every accepted encoding read to the same figures."""

from __future__ import annotations

from datetime import datetime

from conftest import csv, xlsx

from kpis.upload import validate_upload

LONG = """kpi_id,period,value,numerator,denominator,target,team,commentary
icpc_15_days,Oct-16,85,17,20,,,Café staffing – sickness
dental_checks,31/10/2016,84,,,90,,"""


def figures(result):
    frame = result.rows[["kpi_id", "period", "team", "value", "target"]].astype(object)
    return frame.where(frame.notna(), None).to_dict("records")


def test_utf8_with_and_without_bom_and_windows_1252_agree(catalogue):
    plain = validate_upload(csv(LONG), "a.csv", catalogue)
    bom = validate_upload(b"\xef\xbb\xbf" + csv(LONG), "a.csv", catalogue)
    excel = validate_upload(csv(LONG, encoding="cp1252"), "a.csv", catalogue)
    assert plain.ok and bom.ok and excel.ok
    assert figures(plain) == figures(bom) == figures(excel)
    assert excel.rows.commentary[0] == "Café staffing – sickness"


def test_wide_csv_reads_months_and_skips_empty_cells(catalogue):
    text = """kpi_id,target,Oct-16,Nov-16,Dec-16
    icpc_15_days,92,85,,90%
    lado_referrals,,3,4,5"""
    result = validate_upload(csv(text), "wide.csv", catalogue)
    assert result.ok, result.errors
    assert result.shape == "wide"
    got = figures(result)
    assert {
        "kpi_id": "icpc_15_days",
        "period": "2016-10",
        "team": "",
        "value": 85.0,
        "target": 92.0,
    } in got
    assert not any(f["kpi_id"] == "icpc_15_days" and f["period"] == "2016-11" for f in got)
    assert len(got) == 5


def test_wide_errors_name_the_month_column(catalogue):
    text = """kpi_id,Oct-16,Nov-16
    icpc_15_days,85,abc"""
    (error,) = validate_upload(csv(text), "w.csv", catalogue).errors
    assert (error.row, error.column) == (2, "Nov-16")


def test_wide_mistyped_month_header_is_an_error_other_headers_warn(catalogue):
    text = """kpi_id,Octobr-16,Nov-16,Notes
    icpc_15_days,85,86,fine"""
    result = validate_upload(csv(text), "w.csv", catalogue)
    assert [(e.row, e.column) for e in result.errors] == [(1, "Octobr-16")]
    text = """kpi_id,Nov-16,Notes
    icpc_15_days,86,fine"""
    result = validate_upload(csv(text), "w.csv", catalogue)
    assert result.ok and [(w.row, w.column) for w in result.warnings] == [(1, "Notes")]


def test_wide_row_with_no_values_is_warned_and_skipped(catalogue):
    text = """kpi_id,team,Oct-16,Nov-16
    icpc_15_days,North,85,86
    dental_checks,,,"""
    result = validate_upload(csv(text), "w.csv", catalogue)
    assert result.ok
    assert [(w.row, "no figures" in w.message) for w in result.warnings] == [(3, True)]
    assert set(result.rows.team) == {"North"}


def test_wide_xlsx_with_date_cell_headers(catalogue):
    rows = [
        ["kpi_id", "team", datetime(2016, 10, 31), datetime(2016, 11, 30)],
        ["icpc_15_days", " North ", 0.85, 0.9],
    ]
    data = xlsx(rows, formats={(2, 3): "0%", (2, 4): "0.0%"})
    result = validate_upload(data, "w.xlsx", catalogue)
    assert result.ok, result.errors
    assert figures(result) == [
        {
            "kpi_id": "icpc_15_days",
            "period": "2016-10",
            "team": "North",
            "value": 85.0,
            "target": None,
        },
        {
            "kpi_id": "icpc_15_days",
            "period": "2016-11",
            "team": "North",
            "value": 90.0,
            "target": None,
        },
    ]


def test_long_xlsx_equals_long_csv(catalogue):
    rows = [
        ["kpi_id", "period", "value", "numerator", "denominator"],
        ["icpc_15_days", datetime(2016, 10, 1), 85, 17, 20],
        ["lado_referrals", "Oct 2016", 3, None, None],
    ]
    from_xlsx = validate_upload(xlsx(rows), "a.xlsx", catalogue)
    text = "kpi_id,period,value,numerator,denominator\nicpc_15_days,2016-10,85,17,20\n"
    text += "lado_referrals,October 2016,3,,"
    from_csv = validate_upload(csv(text), "a.csv", catalogue)
    assert from_xlsx.ok and from_csv.ok
    assert figures(from_xlsx) == figures(from_csv)
