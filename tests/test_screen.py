"""Office screens: what each slide shows, the rotation order, the address, and the page itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import csv
from streamlit.testing.v1 import AppTest
from test_app import app_env, sign_in, with_accounts  # noqa: F401  (fixtures)

from kpis import ingest
from kpis.month.scorecard import for_board
from kpis.screen.html import screen_html
from kpis.screen.slides import EVERY_DEFAULT, as_at, choose, slide_at, slides

ROOT = Path(__file__).resolve().parents[1]
HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"
BODY = (
    "icpc_15_days,2025-02,80,,,,,\n"
    "icpc_15_days,2025-03,85,17,20,,,Two ICPCs delayed by late police checks\n"
    "icpc_15_days,2025-03,75,15,20,,CP North,\n"
    "dental_checks,2025-03,84,,,,,\n"
    "lado_referrals,2025-03,3,,,,,\n"
)


CASES = "icpc_15_days,2025-03,75,3,4,,CP South,\n"


@pytest.fixture
def loaded(store, catalogue):
    ingest.publish(store, ingest.check(store, csv(HEADER + BODY), "march.csv", catalogue))
    # A team figure computed from cases, of 4 children: a small number the board never sees.
    cases = ingest.check(store, csv(HEADER + CASES), "cases.csv", catalogue)
    ingest.publish(store, cases, kind="cases")
    return for_board(store.figures())


def test_address_is_read_and_wrong_values_are_named(catalogue):
    teams = ["CP North", "CP South"]
    plain = choose(catalogue, teams)
    assert (plain.area, plain.team, plain.every, plain.problem) == (None, None, 20, None)
    assert EVERY_DEFAULT == 20
    picked = choose(catalogue, teams, area="help-and-protection", team="cp north", every="5")
    assert (picked.area, picked.team, picked.every) == ("Help and protection", "CP North", 5)
    assert choose(catalogue, teams, area="Care Leavers").area == "Care leavers"
    wrong = choose(catalogue, teams, area="Schools", team="East", every="soon")
    assert "no area “Schools”" in wrong.problem and "Youth justice" in wrong.problem
    assert "no team “East”" in wrong.problem and "CP South" in wrong.problem
    assert "whole number of seconds" in wrong.problem
    assert "between 2 and 3600" in choose(catalogue, teams, every="1").problem


def test_slides_follow_the_catalogue_areas_six_measures_at_a_time(loaded, catalogue):
    shown = slides(loaded, catalogue, "2025-03")
    titles = [(s.title, s.part) for s in shown]
    assert titles[:4] == [
        ("Help and protection", "1 of 3"),
        ("Help and protection", "2 of 3"),
        ("Help and protection", "3 of 3"),
        ("Looked after and permanence", "1 of 3"),
    ]
    assert [s.title for s in shown][-1] == "Leadership and workforce"
    assert all(len(s.tiles) <= 6 for s in shown)
    # Every catalogue measure once, in catalogue order.
    assert [t.kpi_id for s in shown for t in s.tiles] == [k.id for k in catalogue.kpis]
    icpc = next(t for s in shown for t in s.tiles if t.kpi_id == "icpc_15_days")
    assert (icpc.value, icpc.target, icpc.rag_text) == ("85.0%", "90%", "▲ Near target")
    assert icpc.direction.endswith("Improving")


def test_one_area_and_one_team(loaded, catalogue):
    care = slides(loaded, catalogue, "2025-03", area="Care leavers")
    assert {s.title for s in care} == {"Care leavers"}
    team = slides(loaded, catalogue, "2025-03", team="CP North")
    assert [s.title for s in team] == ["CP North"]
    (tile,) = team[0].tiles
    assert (tile.kpi_id, tile.value) == ("icpc_15_days", "75.0%")
    assert tile.basis.startswith("Help and protection")  # the tile names its area
    (small,) = slides(loaded, catalogue, "2025-03", team="CP South")[0].tiles
    assert small.value == "fewer than 5" and "75" not in small.rag_text


def test_rotation_wraps_round(loaded, catalogue):
    shown = slides(loaded, catalogue, "2025-03")
    assert slide_at(shown, 0) is shown[0]
    assert slide_at(shown, len(shown) + 1) is shown[1]
    assert slide_at([], 3) is None


def test_screen_html_has_the_as_at_line_and_no_commentary(loaded, catalogue, store):
    shown = slides(loaded, catalogue, "2025-03")
    line = as_at(["2025-03", "2025-02"], store.loads())
    when = r"\d\d \w{3} 2026 \d\d:\d\d"
    assert re.fullmatch(rf"Data as at Mar 2025 · last load {when} \(load 2\)", line), line
    page = screen_html(
        shown[0], authority="Haringey", month="Mar 2025", as_at=line, position="screen 1 of 7"
    )
    assert "<h1>Help and protection</h1>" in page and line in page and "85.0%" in page
    assert "police checks" not in page
    assert "Near target" in page  # RAG in words, not colour alone


# ------------------------------------------------------------------------------------------
# The page, as Streamlit runs it


def screen(app: AppTest) -> str:
    return " ".join(h.proto.body for h in app.get("html"))


def open_screen(**params: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("pages/screen.py").run()
    assert not app.exception, app.exception
    return app


def test_screen_page_shows_the_first_area_then_the_next(app_env):  # noqa: F811
    app = open_screen()
    first = screen(app)
    assert "<h1>Help and protection</h1>" in first and "(1 of 3)" in first
    assert "Data as at Mar 2025" in first and "screen 1 of 9" in first
    assert "Illustrative demo data" in first
    assert not app.selectbox and not app.button  # no controls
    app.run()  # the timer's next run
    assert "(2 of 3)" in screen(app) and "screen 2 of 9" in screen(app)


def test_screen_page_for_one_area_or_team(app_env):  # noqa: F811
    assert "<h1>Care leavers</h1>" in screen(open_screen(area="care-leavers"))
    team = screen(open_screen(team="Child Protection North"))
    assert "<h1>Child Protection North</h1>" in team


def test_screen_page_names_a_wrong_address(app_env):  # noqa: F811
    app = open_screen(area="Schools", every="0")
    assert "no area “Schools”" in app.error[0].value
    assert "between 2 and 3600" in app.error[0].value
    assert not [h for h in app.get("html") if "scr-tiles" in h.proto.body]


def test_a_viewer_may_open_the_screen(with_accounts):  # noqa: F811
    app = sign_in("vera", "viewer passphrase 1")
    app.switch_page("pages/screen.py").run()
    assert not app.exception, app.exception
    assert "<h1>Help and protection</h1>" in screen(app)
