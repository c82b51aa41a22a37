"""The Upload page's DfE returns tab, as Streamlit runs it (AppTest): a dry run reporting each
measure and every problem by file, row or child and column; refused files change nothing; the
import is one load of kind 'returns'."""

from __future__ import annotations

from test_app import app_env, no_failure, run_page  # noqa: F401  (app_env is a fixture)

from kpis.catalogue import load_catalogue
from kpis.store import Store
from tests.returns_helpers import cin_xml, episode, header_row, table
from ui.upload_returns import collection_years, year_label

EPISODES = (
    episode("C1", "01/01/2024", rne="S"),
    episode("C2", "01/01/2024", "01/06/2024", rne="S"),
    episode("C2", "01/06/2024", rne="P", place="U2"),
    episode("C3", "31/02/2024", rne="S"),  # an unreadable date: a warning, not a refusal
)
CIN = [{"id": "K1", "details": [{"referral": "2024-10-06", "section47": [
    {"S47ActualStartDate": "2024-10-07", "DateOfInitialCPC": "2024-11-20"}]}]}]  # fmt: skip


def files() -> list[tuple[str, bytes, str]]:
    children = ("C1", "C2", "C3")
    return [
        ("header.csv", table("Header", *(header_row(c) for c in children)), "text/csv"),
        ("episodes.csv", table("Episodes", *EPISODES), "text/csv"),
        ("cin2025.xml", cin_xml("2025-03-31", CIN), "application/xml"),
    ]


def measure_rows(app) -> dict[str, str]:
    """The report's table (HTML, so long reasons wrap): measure name -> what it gets."""
    import re
    from html import unescape

    page = next(h.proto.body for h in app.get("html") if "What each measure gets" in h.proto.body)
    rows = re.findall(r'<th scope="row"[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>', page, flags=re.S)
    return {unescape(re.sub("<[^>]+>", "", a)).strip(): unescape(re.sub("<[^>]+>", "", b)).strip()
            for a, b in rows}  # fmt: skip


def frame_with(app, column: str):
    return next(d.value for d in app.dataframe if column in d.value.columns)


def test_years_are_offered_newest_first_and_named_as_dfe_names_them():
    years = collection_years()
    assert years == sorted(years, reverse=True) and len(years) == 11
    assert year_label(2025) == "2024/25 (year ending 31 March 2025)"


def test_refused_files_are_listed_by_file_row_and_column_and_change_nothing(app_env):  # noqa: F811
    app = run_page("upload")
    before = Store(app_env).version()
    bad = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><Message/>'
    app.file_uploader(key="returns").set_value(
        [("bad.xml", bad, "application/xml"), ("odd.csv", b"CHILD,WHATEVER\n1,2\n", "text/csv")]
    ).run()
    no_failure(app)
    assert "cannot be imported" in app.error[0].value and "2 problem(s)" in app.error[0].value
    every = frame_with(app, "File")
    assert every["File"].tolist() == ["bad.xml", "odd.csv"]
    assert every["Row"].tolist() == ["", "1"]
    assert all(b.key != "returns_publish" for b in app.button)
    assert Store(app_env).version() == before


def test_a_dry_run_reports_each_measure_then_the_import_is_one_load(app_env):  # noqa: F811
    app = run_page("upload")
    loads_before = len(Store(app_env).loads())
    app.selectbox(key="returns_year").set_value(2025)
    app.file_uploader(key="returns").set_value(files()).run()
    no_failure(app)
    checked = app.success[-1].value
    # The demo holds its own 2024/25 returns: these would replace them.
    assert (
        "stored SSDA903 2024/25 (replacing the one held), CIN census to 31/03/2025 (replacing the "
        "one held)"
    ) in checked.replace("\\", "")
    assert "pass every check" in checked
    report = measure_rows(app)
    catalogue = load_catalogue()
    # With the demo's two earlier years held beside them.
    assert report[catalogue.get("cla_count").name].startswith("36 months (2022-04 to 2025-03)")
    assert report[catalogue.get("re_referrals_12m").name].startswith("13 months (2024-03 to ")
    assert "cla_count" not in report, "measures by their names, not their ids"
    warning = frame_with(app, "Child")
    assert ("episodes.csv", "5", "DECOM") in set(
        zip(warning["File"], warning["Row"], warning["Column"], strict=True)
    )
    assert len(Store(app_env).loads()) == loads_before, "a check stores nothing"

    app.button(key="returns_publish").click().run()
    no_failure(app)
    done = app.success[-1].value.replace("\\", "")
    assert f"published as load {loads_before + 1}:" in done
    store = Store(app_env)
    assert store.loads()["kind"].tolist()[-1] == "returns"
    assert sorted(store.returns_held()["kind"]) == ["903"] * 3 + ["cin"] * 3
