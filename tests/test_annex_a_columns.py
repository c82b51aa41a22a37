"""Matching Annex A headers despite case, spacing, punctuation and wording drift."""

import pytest

from kpis.annex_a.columns import match_columns, normalise
from kpis.annex_a.fields import FIELDS


def found(list_no: int, headers: list[str]) -> dict[str, str]:
    match = match_columns(headers, FIELDS[list_no])
    return {name: headers[i] for name, i in match.found.items()}


def test_normalise_ignores_case_spacing_and_punctuation() -> None:
    assert normalise("  Child Unique ID ") == normalise("child_unique_id") == "childuniqueid"
    assert normalise("Suitability of Accomodation") == normalise("Suitability of Accommodation")
    assert normalise("Was an ICPC deemed unnecessary?") == "wasanicpcdeemedunnecessary"


@pytest.mark.parametrize(
    ("list_no", "header", "field"),
    [
        (8, "DOB", "dob"),
        (8, "D.O.B.", "dob"),
        (9, "Date of Birth (DD/MM/YYYY)", "dob"),
        (9, "Suitability of Accomodation", "suitability"),
        (9, "LA in touch", "in_touch"),
        (9, "LA In Touch?", "in_touch"),
        (4, " Allocated team ", "team"),
        (4, "Team", "team"),
        (4, "Allocated Social Worker", "worker"),
        (9, "Allocated Personal Advisor", "worker"),
        (4, "CHILD UNIQUE ID", "child_id"),
        (4, "Continuous Assessment Date of Authorization", "authorised"),
        (5, "Did the ICPC result in a Child Protection Plan?", "cp_plan"),
        (5, "Strategy discussion initiating Section 47 Enquiry Start Date ", "strategy"),
        (8, "Date of Last Health Assesment", "health"),  # misspelt
        (8, "Date of Latest Statutory Reveiw", "review"),  # a typo, matched by closeness
        (8, "No. of Placements in the Last 12 Months", "placements"),
        (8, "Allocated Worker (Social Worker)", "worker"),
    ],
)
def test_known_variants(list_no: int, header: str, field: str) -> None:
    headers = [header] if field == "child_id" else ["Child Unique ID", header]
    assert found(list_no, headers).get(field) == header


def test_allocated_worker_wins_over_personal_advisor() -> None:
    headers = ["Allocated Personal Advisor", "Allocated Worker"]
    assert found(9, headers)["worker"] == "Allocated Worker"


def test_close_headers_do_not_steal_another_fields_column() -> None:
    # Without a 'ceased' column, the 'started' one must not be taken for it.
    headers = ["Child Unique ID", "Date Started to be Looked After", "Date of Birth"]
    match = match_columns(headers, FIELDS[8])
    assert match.found["started"] == 1
    assert "ceased" in {spec.name for spec in match.missing}


def test_age_and_other_columns_are_ignored() -> None:
    headers = ["Child Unique ID", "Age of Child (Years)", "Gender", "Date of Birth"]
    assert set(found(9, headers)) == {"child_id", "dob"}


def test_required_and_optional_missing() -> None:
    match = match_columns(["Child Unique ID", "Continuous Assessment Start Date"], FIELDS[4])
    assert {s.name for s in match.missing_required()} == {"authorised"}
    assert {s.name for s in match.missing} == {"authorised", "team", "worker"}
