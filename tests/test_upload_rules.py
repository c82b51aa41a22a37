"""One test per rule of the upload contract: each error and warning, with its row and column."""

from __future__ import annotations

import pytest
from conftest import csv, xlsx

from kpis.upload import validate_upload

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary"


def check(catalogue, body: str, header: str = HEADER):
    return validate_upload(csv(header + "\n" + body), "test.csv", catalogue)


def only_error(result):
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


def test_clean_file_has_no_problems_and_yields_figures(catalogue):
    result = check(catalogue, "icpc_15_days,2016-10,85,17,20,,,Good month")
    assert result.ok and not result.warnings
    row = result.rows.iloc[0]
    assert (row.kpi_id, row.period, row.team, row.value) == ("icpc_15_days", "2016-10", "", 85.0)
    assert row.commentary == "Good month"


def test_missing_required_column(catalogue):
    result = check(catalogue, "icpc_15_days,85", header="kpi_id,value")
    error = only_error(result)
    assert (error.row, error.column) == (1, "period")
    assert "required column" in error.message


def test_unknown_kpi_suggests_close_ids(catalogue):
    error = only_error(check(catalogue, "icpc_15day,2016-10,85,,,,,"))
    assert (error.row, error.column) == (2, "kpi_id")
    assert "icpc_15day" in error.message and "did you mean icpc_15_days" in error.message


def test_kpi_id_matched_ignoring_case_and_spaces(catalogue):
    result = check(catalogue, "  ICPC_15_Days ,2016-10,85,,,,,")
    assert result.ok and result.rows.kpi_id[0] == "icpc_15_days"


def test_unparseable_period(catalogue):
    error = only_error(check(catalogue, "icpc_15_days,Octobr-16,85,,,,,"))
    assert (error.row, error.column) == (2, "period")
    assert "Octobr-16" in error.message


def test_period_after_current_month(catalogue):
    # The test clock stands at 26 November 2026.
    error = only_error(check(catalogue, "icpc_15_days,2026-12,85,,,,,"))
    assert (error.row, error.column) == (2, "period")
    assert "after the current month" in error.message
    assert check(catalogue, "icpc_15_days,2026-11,85,,,,,").ok


def test_non_numeric_value(catalogue):
    error = only_error(check(catalogue, "icpc_15_days,2016-10,eighty,,,,,"))
    assert (error.row, error.column) == (2, "value")
    assert "'eighty' is not a number" in error.message


def test_percentage_outside_0_100(catalogue):
    error = only_error(check(catalogue, "icpc_15_days,2016-10,100.5,,,,,"))
    assert (error.row, error.column) == (2, "value")
    assert "outside 0–100" in error.message


@pytest.mark.parametrize("kpi", ["lado_referrals", "yj_first_time_entrants"])
def test_negative_count_or_rate(catalogue, kpi):
    error = only_error(check(catalogue, f"{kpi},2016-12,-1,,,,,"))
    assert (error.row, error.column) == (2, "value")
    assert "cannot be negative" in error.message


def test_numerator_above_denominator(catalogue):
    error = only_error(check(catalogue, "icpc_15_days,2016-10,,21,20,,,"))
    assert (error.row, error.column) == (2, "numerator")
    assert "above the denominator" in error.message


def test_value_disagreeing_with_numerator_and_denominator(catalogue):
    error = only_error(check(catalogue, "icpc_15_days,2016-10,80,17,20,,,"))
    assert (error.row, error.column) == (2, "value")
    assert "disagrees" in error.message
    # Within 0.1 percentage points is accepted (17/20 = 85).
    assert check(catalogue, "icpc_15_days,2016-10,85.1,17,20,,,").ok


def test_rate_disagreement_uses_a_tenth_of_a_percent_of_the_value(catalogue):
    # 30 / 10,000 per 100k = 300; 300.2 is within 0.1% (0.3), 301 is not.
    assert check(catalogue, "yj_first_time_entrants,2016-12,300.2,30,10000,,,").ok
    error = only_error(check(catalogue, "yj_first_time_entrants,2016-12,301,30,10000,,,"))
    assert (error.row, error.column) == (2, "value")


def test_value_computed_from_numerator_and_denominator(catalogue):
    result = check(catalogue, "icpc_15_days,2016-10,,17,20,,,\nyj_custody_rate,2016-12,,3,2000,,,")
    assert result.ok
    assert result.rows.value.tolist() == [85.0, 1.5]


def test_same_kpi_period_and_team_twice(catalogue):
    body = "icpc_15_days,2016-10,85,,,,North,\nicpc_15_days,Oct-16,86,,,,North ,\n"
    body += "icpc_15_days,2016-10,86,,,,South,"
    error = only_error(check(catalogue, body))
    assert (error.row, error.column) == (3, "kpi_id")
    assert "row 2" in error.message


def test_row_without_value_or_pair(catalogue):
    error = only_error(check(catalogue, "icpc_15_days,2016-10,,17,,,,"))
    assert (error.row, error.column) == (2, "denominator")
    error = only_error(check(catalogue, "icpc_15_days,2016-10,,,,,,"))
    assert (error.row, error.column) == (2, "value")


def test_numerator_and_denominator_on_a_count(catalogue):
    error = only_error(check(catalogue, "lado_referrals,2016-10,3,3,10,,,"))
    assert (error.row, error.column) == (2, "numerator")


@pytest.mark.parametrize("kpi", ["lado_referrals", "yj_custody_rate"])
def test_percent_sign_on_count_or_rate(catalogue, kpi):
    error = only_error(check(catalogue, f"{kpi},2016-12,5%,,,,,"))
    assert (error.row, error.column) == (2, "value")
    assert "%" in error.message


def test_empty_file_and_header_only(catalogue):
    assert "empty" in str(only_error(validate_upload(b"", "e.csv", catalogue)))
    assert "empty" in str(only_error(validate_upload(b"\xef\xbb\xbf\r\n", "e.csv", catalogue)))
    error = only_error(validate_upload(csv(HEADER), "h.csv", catalogue))
    assert "no rows" in error.message


def test_not_csv_or_xlsx(catalogue):
    error = only_error(validate_upload(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "a.csv", catalogue))
    assert "not a CSV or XLSX" in error.message
    error = only_error(
        validate_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls", catalogue)
    )
    assert ".xls" in error.message
    error = only_error(validate_upload(b"PK\x03\x04not really a zip", "a.xlsx", catalogue))
    assert "Excel workbook" in error.message


def test_file_over_size_limit(catalogue):
    data = csv(HEADER + "\nicpc_15_days,2016-10,85,,,,,")
    error = only_error(validate_upload(data, "big.csv", catalogue, max_bytes=20))
    assert "over the" in error.message and "limit" in error.message


def test_all_errors_reported_at_once(catalogue):
    body = "nope,2016-10,1,,,,,\nicpc_15_days,bad,1,,,,,\nicpc_15_days,2016-10,x,,,,,"
    result = check(catalogue, body)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "kpi_id"),
        (3, "period"),
        (4, "value"),
    ]


def test_headers_matched_case_insensitively_after_trimming(catalogue):
    result = check(catalogue, "icpc_15_days,2016-10,85", header=" KPI_ID , Period,VALUE ")
    assert result.ok
    error = only_error(check(catalogue, "icpc_15_days,bad,85", header=" KPI_ID , Period,VALUE "))
    assert error.column == "Period"


def test_ragged_row_is_reported_with_its_row(catalogue):
    error = only_error(
        check(catalogue, "icpc_15_days,2016-10,85\nicpc_15_days,2016-11,85,1,2,3,4,5,6,7")
    )
    assert error.row == 3


# Warnings --------------------------------------------------------------------------------


def test_denominator_under_5_is_a_warning(catalogue):
    result = check(catalogue, "icpc_15_days,2016-10,,3,4,,,")
    assert result.ok
    (warning,) = result.warnings
    assert (warning.row, warning.column) == (2, "denominator")


def test_unknown_extra_column_is_ignored_with_a_warning(catalogue):
    result = check(catalogue, "icpc_15_days,2016-10,85,blue", header="kpi_id,period,value,colour")
    assert result.ok
    (warning,) = result.warnings
    assert (warning.row, warning.column) == (1, "colour")


def test_fractions_warning(catalogue):
    result = check(catalogue, "icpc_15_days,2016-10,0.85,,,,,\ndental_checks,2016-10,0.9,,,,,")
    assert result.ok
    assert any("fractions" in w.message for w in result.warnings)
    assert not check(catalogue, "icpc_15_days,2016-10,85,,,,,").warnings


def test_blank_rows_are_skipped_and_row_numbers_kept(catalogue):
    result = check(catalogue, ",,,,,,,\nicpc_15_days,2016-10,x,,,,,\n,,,,,,,\n")
    assert [e.row for e in result.errors] == [3]


def test_text_cells_lose_one_neutralising_apostrophe(catalogue):
    result = check(
        catalogue, "icpc_15_days,2016-10,85,,,,'=North,'@note\nicpc_15_days,2016-11,85,,,,'Plain,"
    )
    assert result.rows.team.tolist() == ["=North", "'Plain"]
    assert result.rows.commentary.tolist()[0] == "@note"


# XLSX-specific ---------------------------------------------------------------------------


def test_xlsx_percentage_cells_read_as_shown(catalogue):
    data = xlsx(
        [["kpi_id", "period", "value"], ["icpc_15_days", "2016-10", 0.855]], formats={(2, 3): "0%"}
    )
    result = validate_upload(data, "a.xlsx", catalogue)
    assert result.ok and result.rows.value.tolist() == [85.5]


def test_xlsx_scorecard_sheet_chosen_and_others_warned(catalogue):
    from datetime import datetime

    data = xlsx(
        [["kpi_id", "period", "value"], ["icpc_15_days", datetime(2016, 10, 31), 85]],
        sheet="Scorecard",
        extra=["Notes"],
    )
    result = validate_upload(data, "a.xlsx", catalogue)
    assert result.ok and result.rows.period.tolist() == ["2016-10"]
    assert any("Notes" in w.message for w in result.warnings)


def test_xlsx_errors_name_excel_rows(catalogue):
    data = xlsx(
        [
            ["kpi_id", "period", "value"],
            ["icpc_15_days", "2016-10", 85],
            [None, None, None],
            ["icpc_15_days", "2016-11", "lots"],
        ]
    )
    error = only_error(validate_upload(data, "a.xlsx", catalogue))
    assert (error.row, error.column) == (4, "value")


def test_each_problem_names_its_rows_measure_and_the_value_typed(catalogue):
    wide = "kpi_id,Oct-16,Nov-16\ndental_checks,84,1O5\nlado_referrals,-3,\n"
    result = validate_upload(csv(wide), "wide.csv", catalogue)
    found = {(e.row, e.column, e.measure, e.value) for e in result.errors}
    assert found == {
        (2, "Nov-16", "LAC (12+ months) with an up-to-date dental check", "1O5"),
        (3, "Oct-16", "Referrals to the LADO", "-3"),
    }
    header = check(catalogue, "icpc_15_days,2016-10,85,,,,,", header="kpi_id,period,value,value")
    assert all(e.measure == "" and e.value == "" for e in header.errors)
