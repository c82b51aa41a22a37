"""The command line gives a viewer no small number the board does not show (DESIGN §3.3)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import pytest

from kpis.annex_a.synthetic import AS_AT, make_annex_a, write_annex_a
from kpis.cli import main
from kpis.store import Store

TEAM = "Tiny Team"
# ICPCs held by the team each month, and how many within 15 working days: March's 1 of 3 is
# a small number computed from cases, off a 90% target.
HELD = {"2024-11": (6, 5), "2024-12": (6, 5), "2025-01": (6, 6), "2025-02": (6, 5),
        "2025-03": (3, 1)}  # fmt: skip
SMALL = "33.33"  # 1 of 3, as any CSV writes it


def _tiny_team(list5: pd.DataFrame) -> pd.DataFrame:
    held = list5[list5["Date of Initial Child Protection Conference"].notna()].iloc[0]
    rows = []
    for month, (count, within) in HELD.items():
        start = date(int(month[:4]), int(month[5:]), 3)
        for i in range(count):
            row = held.copy()
            row["Child Unique ID"] = f"T{len(rows):05d}"
            row["Strategy discussion initiating Section 47 Enquiry Start Date"] = start
            # A week (in time) or 24 days (late): the conference is held in the same month.
            row["Date of Initial Child Protection Conference"] = start + timedelta(
                days=7 if i < within else 24
            )
            row["Allocated Team"] = TEAM
            rows.append(row)
    return pd.concat([list5, pd.DataFrame(rows)], ignore_index=True)


def _three_care_leavers(list9: pd.DataFrame) -> pd.DataFrame:
    # Three young people aged 19 to 21: the authority's care-leaver figures are of 3.
    born = pd.to_datetime(list9["Date of Birth"], errors="coerce")
    age = (pd.Timestamp(AS_AT) - born).dt.days / 365.25
    return list9[(age >= 19.1) & (age < 21.9)].head(3)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    frames = make_annex_a(children=400, dirt=False)
    frames["List 5"] = _tiny_team(frames["List 5"])
    frames["List 9"] = _three_care_leavers(frames["List 9"])
    return write_annex_a(tmp_path_factory.mktemp("annex") / "annex_a.xlsx", frames)


@pytest.fixture
def people(db_url, workbook, monkeypatch, capsys):
    """An Annex A import in a store with an admin, a viewer and an analyst account."""
    monkeypatch.setenv("KPIS_NEW_PASSWORD", "admin passphrase 1")
    assert main(["users", "add", "ada", "--role", "admin", "--db", db_url]) == 0
    monkeypatch.setenv("KPIS_USER", "ada")
    monkeypatch.setenv("KPIS_PASSWORD", "admin passphrase 1")
    for name, role in (("vera", "viewer"), ("ana", "analyst")):
        monkeypatch.setenv("KPIS_NEW_PASSWORD", f"{name} passphrase 1")
        assert main(["users", "add", name, "--role", role, "--db", db_url]) == 0
    monkeypatch.setenv("KPIS_PASSWORD", "ana passphrase 1")
    assert main(["cases", "import", str(workbook), "--db", db_url, "--user", "ana"]) == 0
    figures = Store(db_url).figures()
    small = figures[(figures["team"] == TEAM) & (figures["period"] == "2025-03")]
    small = small.set_index("kpi_id").loc["icpc_15_days"]
    assert (small["numerator"], small["denominator"], small["kind"]) == (1, 3, "cases")
    capsys.readouterr()

    def run(user: str, *args: str) -> str:
        monkeypatch.setenv("KPIS_PASSWORD", f"{user} passphrase 1")
        code = main([*args, "--db", db_url, "--user", user])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    return run


def table(out: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(out), keep_default_na=False, dtype=str)


def test_a_viewers_spc_table_has_no_small_number(people):
    analyst = table(people("ana", "spc", "icpc_15_days", "--team", TEAM)).set_index("period")
    assert analyst.at["2025-03", "value"].startswith(SMALL)
    viewer = people("vera", "spc", "icpc_15_days", "--team", TEAM)
    assert SMALL not in viewer
    shown = table(viewer).set_index("period")
    # As the board's chart draws it: no point for the month, its limits from the other five.
    assert "2025-03" not in shown.index and list(shown.index) == list(analyst.index)[:-1]


def test_a_viewers_exception_list_has_no_small_number(people):
    def tiny(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame["team"] == TEAM) & (frame["kpi_id"] == "icpc_15_days")]

    analyst = table(people("ana", "exceptions", "--period", "2025-03"))
    assert tiny(analyst)["value"].str.startswith(SMALL).all() and len(tiny(analyst)) == 1
    viewer = people("vera", "exceptions", "--period", "2025-03")
    assert SMALL not in viewer
    # As the board's Exceptions page lists them: no hidden figure among them, the rest as the
    # analyst's list ranks them.
    assert tiny(table(viewer)).empty
    shown = analyst[~analyst["reasons"].str.contains("fewer than 5")]
    assert len(shown) < len(analyst)
    keys = ["kpi_id", "team", "value", "reasons"]
    assert table(viewer)[keys].values.tolist() == shown[keys].values.tolist()


def test_a_viewers_template_has_no_small_number(people, tmp_path):
    out = tmp_path / "template.csv"
    people("ana", "template", "--period", "2025-04", "--out", str(out))
    analyst = table(out.read_text()).set_index("kpi_id")
    ete = analyst.at["care_leavers_ete", "previous"]
    assert ete not in ("", "0.0", "100.0"), ete  # 1 or 2 of the 3 young people
    people("vera", "template", "--period", "2025-04", "--out", str(out))
    viewer = table(out.read_text()).set_index("kpi_id")
    assert viewer.at["care_leavers_ete", "previous"] == ""
    assert ete not in out.read_text()
    people("vera", "template", "--period", "2025-04", "--layout", "wide", "--out", str(out))
    assert table(out.read_text()).set_index("kpi_id").at["care_leavers_ete", "2025-03"] == ""


def test_a_viewers_export_hides_what_the_board_hides(people):
    exported = table(people("vera", "export"))
    mine = exported[(exported["team"] == TEAM) & (exported["period"] == "2025-03")]
    hidden = mine[mine["kpi_id"] == "icpc_15_days"].iloc[0]
    assert (hidden["value"], hidden["numerator"], hidden["denominator"]) == ("", "", "")
    assert hidden["commentary"] == "fewer than 5"
    assert table(people("ana", "export"))["value"].str.startswith(SMALL).any()
