"""Reading SSDA903 and CIN census files (DESIGN §10.1): what is refused, what is a warning."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from kpis.returns.problems import ReturnsRejected, listed
from kpis.returns.reader import read_returns
from tests.returns_helpers import (
    cin_xml,
    episode,
    header_row,
    minimal_903,
    table,
    xml903,
    zipped,
)


def refused(files, year=2025) -> list[str]:
    with pytest.raises(ReturnsRejected) as error:
        read_returns(files, year)
    return [str(p) for p in error.value.problems]


def test_csv_tables_are_known_by_their_columns_whatever_their_names_case_or_order():
    columns = [" decom", "Child ", *reversed(["RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER"]),
               "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]  # fmt: skip
    files = [
        ("a.csv", table("Header", header_row("C1"))),
        ("b.csv", table("Episodes", episode("C1", "01/04/2024"), header=columns)),
    ]
    (ret,) = read_returns(files, 2025).returns
    assert ret.label == "SSDA903 2024/25" and ret.period_end.isoformat() == "2025-03-31"
    assert ret.tables["Episodes"][["child", "decom", "rne"]].values.tolist() == [
        ["C1", "01/04/2024", "P"]
    ]


def test_a_csv_matching_no_table_names_the_closest_and_what_differs():
    bad = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST,URN,NOTES\n1,,,\n"
    (line,) = refused([*minimal_903(episode("C1", "01/04/2024"))[:1], ("odd.csv", bad)])[:1]
    assert line.startswith("odd.csv, row 1: its columns match no SSDA903 table")
    assert "closest is Episodes (missing REASON_PLACE_CHANGE; extra NOTES)" in line


def test_903_needs_header_episodes_and_a_year_and_every_problem_is_listed():
    only_header = [("h.csv", table("Header", header_row("C1")))]
    lines = refused(only_header, year=None)
    assert any("no Episodes table" in line for line in lines)
    assert any("--year 2025" in line for line in lines)
    assert len(lines) == 2


def test_a_child_twice_in_header_is_refused_with_both_rows():
    files = [
        ("h.csv", table("Header", header_row("C1"), header_row("C2"), header_row("C1"))),
        ("e.csv", table("Episodes", episode("C1", "01/04/2024"))),
    ]
    assert refused(files) == [
        "h.csv, row 4, column CHILD: child C1 is in Header twice (first at row 2)"
    ]


def test_the_same_table_twice_is_refused():
    files = [*minimal_903(episode("C1", "01/04/2024")), ("again.csv", table("Episodes"))]
    assert any("Episodes table is given twice" in line for line in refused(files))


def test_903_xml_gives_the_same_tables_as_csv():
    data = xml903(
        [
            {
                "header": {
                    "CHILDID": "X1",
                    "SEX": "2",
                    "DOB": "29/02/2008",
                    "ETHNIC": "MWBA",
                    "UASC": "1",
                    "DUC": "01/01/2026",
                    "IN_TOUCH": "YES",
                    "ACTIV": "F2",
                    "ACCOM": "U1",
                },
                "reviews": [{"REVIEW": "01/05/2024", "REVIEW_CODE": "PN1"}],
                "missing": [{"MISSING": "M", "MIS_START": "02/06/2024", "MIS_END": ""}],
                "oc2": {"IMMUNISATIONS": "1", "TEETH_CHECK": "0", "HEALTH_ASSESSMENT": "1"},
                "episodes": [
                    {"DECOM": "01/04/2024", "RNE": "S", "LS": "C2", "PL": "U1", "DEC": ""}
                ],
            }
        ]
    )
    (ret,) = read_returns([("return.xml", data)], 2025).returns
    t = ret.tables
    assert t["Header"][["child", "sex", "dob"]].values.tolist() == [["X1", "2", "29/02/2008"]]
    assert t["Episodes"][["child", "place", "element"]].values.tolist() == [
        ["X1", "U1", "EPISODE[1]"]
    ]
    assert t["Reviews"]["review"].tolist() == ["01/05/2024"]
    assert t["Missing"][["missing", "mis_start"]].values.tolist() == [["M", "02/06/2024"]]
    assert t["OC2"][["health_assessment", "teeth_check"]].values.tolist() == [["1", "0"]]
    assert t["OC3"][["dob", "activ"]].values.tolist() == [["29/02/2008", "F2"]]
    assert t["UASC"]["duc"].tolist() == ["01/01/2026"]


def test_903_xml_refuses_a_child_given_twice():
    child = {"header": {"CHILDID": "X1"}, "episodes": []}
    lines = refused([("r.xml", xml903([child, child]))])
    assert lines == [
        "r.xml, child X1, element CHILD[2]/HEADER/CHILDID: the child is given twice (first as "
        "CHILD[1]); each child's HEADER must be unique"
    ]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<EXPSSDA903><CHILD><HEADER><CHILDID>&lol3;</CHILDID></HEADER></CHILD></EXPSSDA903>"""


@pytest.mark.parametrize(
    "data",
    [
        BOMB,
        b'<?xml version="1.0"?><!DOCTYPE Message SYSTEM "http://example.org/x.dtd"><Message/>',
        b'<?xml version="1.0" encoding="windows-1252"?><!DOCTYPE M [<!ENTITY a "b">]><M/>',
    ],
)
def test_any_dtd_or_entity_declaration_is_refused(data):
    (line,) = refused([("x.xml", data)])
    assert line.startswith("x.xml: declares a DTD")


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("episodes.csv", b"0" * (50 * 2**20))
    started = time.perf_counter()
    (line,) = refused([("returns.zip", out.getvalue())])
    assert "zip bomb" in line and line.startswith("returns.zip")
    assert time.perf_counter() - started < 10


def test_unreadable_files_are_refused_all_at_once():
    lines = refused(
        [
            ("a.pdf", b"%PDF-1.4 whatever"),
            ("b.csv", b""),
            ("c.xml", b"<EXPSSDA903><CHILD>"),
            ("d.xml", b"<Other/>"),
        ]
    )
    assert lines[0].startswith("a.pdf: not a readable CSV, XML or zip file")
    assert lines[1] == "b.csv: the file is empty"
    assert lines[2].startswith("c.xml: not a readable XML file")
    assert lines[3].startswith("d.xml: an XML file whose root is <Other>")


def test_a_zip_of_csvs_and_a_cin_census_is_read_and_other_members_ignored():
    cin = cin_xml("2025-03-31", [{"id": "K1", "details": [{"referral": "2024-06-01"}]}])
    data = zipped(*minimal_903(episode("C1", "01/04/2024")), ("cin/cin.xml", cin),
                  ("notes.txt", b"hello"), ("__MACOSX/._header.csv", b"junk"))  # fmt: skip
    result = read_returns([("returns.zip", data)], 2025)
    assert [r.label for r in result.returns] == ["SSDA903 2024/25", "CIN census to 31/03/2025"]
    assert [str(w) for w in result.warnings] == [
        "returns.zip/notes.txt: ignored: only CSV and XML files are read"
    ]


def test_cin_census_needs_a_readable_reference_date():
    for value in ("", "31st March"):
        (line,) = refused([("cin.xml", cin_xml(value, []))])
        assert "needs Header/CollectionDetails/ReferenceDate" in line


def test_two_cin_files_with_one_reference_date_are_refused():
    cin = cin_xml("2025-03-31", [])
    (line,) = refused([("a.xml", cin), ("b.xml", cin_xml("2025-03-31", [{"id": "Z"}]))])
    assert line.startswith(
        "a.xml and b.xml: two CIN census files with the ReferenceDate 31/03/2025"
    )


def test_cin_events_are_read_with_their_referral_and_plan():
    cin = cin_xml(
        "2025-03-31",
        [
            {
                "id": "K1",
                "identifiers": {"PersonBirthDate": "2015-03-27", "Sex": "F"},
                "characteristics": {"Ethnicity": "BAFR"},
                "details": [
                    {
                        "referral": "2024-10-06",
                        "items": {"DateOfInitialCPC": "2024-10-20"},
                        "assessments": [{"AssessmentActualStartDate": "2024-10-08",
                                         "AssessmentAuthorisationDate": "2024-11-01"}],
                        "section47": [{"S47ActualStartDate": "2024-11-02",
                                       "DateOfInitialCPC": "2024-11-20",
                                       "ICPCnotRequired": "false"}],
                        "plans": [{"CPPstartDate": "2024-11-20", "NumberOfPreviousCPP": "1",
                                   "reviews": ["2025-02-15", "2025-03-20"]}],
                    }
                ],
            }
        ],
    )  # fmt: skip
    (ret,) = read_returns([("cin.xml", cin)]).returns
    t = ret.tables
    assert t["children"][["child", "sex", "ethnicity"]].values.tolist() == [["K1", "F", "BAFR"]]
    assert t["section47"][["icpc", "not_required", "detail"]].values.tolist() == [
        ["2024-11-20", "false", 1]
    ]
    assert t["plan_reviews"]["review"].tolist() == ["2025-02-15", "2025-03-20"]
    assert t["plans"][["start", "previous", "plan"]].values.tolist() == [["2024-11-20", "1", 1]]


def test_mixed_content_and_namespaces_in_cin_files_are_read():
    data = (
        b'<Message xmlns="http://www.dcsf.gov.uk/Schemas/CIN"><Header><CollectionDetails>'
        b"<ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header><Children><Child>"
        b"<ChildIdentifiers><LAchildID>A</LAchildID>stray text<PersonBirthDate>2015-03-27"
        b"</PersonBirthDate></ChildIdentifiers><CINdetails><CINreferralDate>2023-10-06"
        b"</CINreferralDate></CINdetails></Child></Children></Message>"
    )
    (ret,) = read_returns([("cin.xml", data)]).returns
    assert ret.tables["referrals"][["child", "referral"]].values.tolist() == [["A", "2023-10-06"]]


def test_dirt_is_a_warning_naming_file_row_and_column_or_child_and_element():
    files = [
        ("h.csv", table("Header", header_row("C1"), header_row("C2"))),
        (
            "e.csv",
            table(
                "Episodes",
                episode("C1", "01/04/2024", dec="05/05/2024"),
                {},  # a blank row keeps its number for the rows after it
                episode("C2", "31/02/2024", rne="Q"),
            ),
        ),
    ]
    warnings = [str(w) for w in read_returns(files, 2025).warnings]
    assert warnings == [
        "e.csv, row 4, column DECOM: cannot read '31/02/2024' as a date; left out of "
        "placement_stability_3plus, placement_stability_long_term, health_assessments, "
        "immunisations, dental_checks, lac_reviews_timely, cla_missing and cla_count",
        "e.csv, row 4, column RNE: 'Q' is not a known code; the child is left out of "
        "placement_stability_3plus, placement_stability_long_term, health_assessments, "
        "immunisations, dental_checks and lac_reviews_timely",
    ]
    cin = cin_xml(
        "2025-03-31",
        [{"id": "K1", "details": [{"referral": "2024-10-06", "section47": [
            {"S47ActualStartDate": "2024-11-02", "DateOfInitialCPC": "2024-11-01"}]}]}],
    )  # fmt: skip
    (line,) = [str(w) for w in read_returns([("cin.xml", cin)]).warnings]
    assert line == (
        "cin.xml, child K1, element CINdetails[1]/Section47[1]/DateOfInitialCPC: the ICPC is "
        "dated 01/11/2024, before its section 47 enquiry started 02/11/2024; left out of "
        "icpc_15_days (still counted in icpc_to_cp_plan)"
    )


def test_episodes_ending_before_they_start_and_overlapping_are_warnings():
    files = minimal_903(
        episode("C1", "01/04/2024", dec="01/06/2024"),
        episode("C1", "01/05/2024", dec="01/07/2024"),
        episode("C2", "10/04/2024", dec="01/04/2024"),
        # A zero-length episode shares its start with the next: no overlap.
        episode("C3", "01/04/2024", dec="01/04/2024"),
        episode("C3", "01/04/2024"),
    )
    warnings = [str(w) for w in read_returns(files, 2025).warnings]
    assert warnings[0] == (
        "episodes.csv, row 3, column DECOM: the episode starting 01/05/2024 overlaps the one "
        "starting 01/04/2024; both are kept"
    )
    assert warnings[1].startswith(
        "episodes.csv, row 4, column DEC: the episode ends 01/04/2024, before it starts 10/04/2024"
    )
    assert len(warnings) == 2


def test_problems_are_listed_once_per_kind_past_the_first_twenty():
    rows = [episode(f"C{i}", "99/99/2024") for i in range(25)]
    result = read_returns(minimal_903(*rows), 2025)
    lines = listed(result.warnings)
    assert len(lines) == 21
    assert lines[-1] == "5 more: no date (DECOM)" or lines[-1] == "5 more: unreadable date (DECOM)"


def test_unknown_oc_codes_name_the_one_measure_they_leave():
    files = [
        *minimal_903(episode("C1", "01/04/2024")),
        ("oc2.csv", table("OC2", {"CHILD": "C1", "HEALTH_ASSESSMENT": "Y", "IMMUNISATIONS": "1",
                                   "TEETH_CHECK": "0"})),
        ("oc3.csv", table("OC3", {"CHILD": "C1", "DOB": "01/01/2005", "IN_TOUCH": "YES",
                                   "ACTIV": "F9", "ACCOM": "0"})),
    ]  # fmt: skip
    warnings = [str(w) for w in read_returns(files, 2025).warnings]
    assert warnings == [
        "oc2.csv, row 2, column HEALTH_ASSESSMENT: 'Y' is not a known code; the child is left "
        "out of health_assessments",
        "oc3.csv, row 2, column ACTIV: 'F9' is not a known code; the young person is left out "
        "of care_leavers_ete",
    ]


def test_files_over_the_size_limit_are_refused_inside_zips_too(monkeypatch):
    from kpis.returns import files

    monkeypatch.setattr(files, "MAX_FILE", 1000)
    big = table("Episodes", *(episode(f"C{i}", "01/04/2024") for i in range(100)))
    lines = refused([("e.csv", big), ("r.zip", zipped(("in/e.csv", big)))])
    assert lines[0].startswith("e.csv: the file is 0.0 MB, over the 0 MB limit")
    assert lines[1].startswith("r.zip/in/e.csv: the file is")


def test_an_xml_903_without_any_oc2_has_not_given_oc2():
    child = {"header": {"CHILDID": "X1", "DOB": "01/01/2015"},
             "episodes": [{"DECOM": "01/04/2020", "RNE": "S", "LS": "C2", "PL": "U1"}]}  # fmt: skip
    (ret,) = read_returns([("r.xml", xml903([child]))], 2025).returns
    assert set(ret.tables) == {"Header", "Episodes"}


def test_an_unreadable_duc_keeps_the_child_uasc_in_the_breakdowns():
    files = [*minimal_903(episode("C1", "01/04/2024")),
             ("u.csv", table("UASC", {"CHILD": "C1", "DUC": "soon"}))]  # fmt: skip
    assert [str(w) for w in read_returns(files, 2025).warnings] == [
        "u.csv, row 2, column DUC: cannot read 'soon' as a date; the breakdowns take the child "
        "as still UASC"
    ]
