"""The Upload page's month to fill as Streamlit runs it (AppTest): completeness, template
download, and the "Enter figures" grid checked by the upload rules and published as a load."""

from __future__ import annotations

import pytest
from test_app import run_page
from test_loads_page import read

from kpis.catalogue import load_catalogue
from kpis.entry.due import due_kpis
from kpis.store import Store

MONTH = "2025-04"  # the month after the demo's last, so nothing is published for it yet


@pytest.fixture
def app_env(monkeypatch, db_url):
    monkeypatch.setenv("KPIS_DATABASE_URL", db_url)
    monkeypatch.setenv("KPIS_WARM_MONTHS", "0")
    return db_url


def grid_key(app) -> str:
    return f"entry_grid_{app.selectbox(key='fill_period').value}"


def edit(app, rows: dict[int, dict]) -> None:
    """Type into the grid as a user would: the editor's own edit state, then a rerun."""
    app.session_state[grid_key(app)] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    app.run()


@pytest.fixture
def upload_page(app_env):
    app = run_page("upload")
    assert app.selectbox(key="fill_period").value == MONTH
    return app


def test_the_month_to_fill_says_what_is_missing(upload_page):
    due = len(due_kpis(load_catalogue(), MONTH))
    assert upload_page.warning[0].value.startswith(
        f"0 of {due} measures due for Apr 2025 have figures; {due} missing, listed below."
    )
    upload_page.selectbox(key="fill_period").set_value("2025-03").run()
    assert upload_page.success[0].value == "39 of 39 measures due for Mar 2025 have figures."


def test_template_downloads_are_offered_for_the_month(upload_page):
    # The files themselves are downloaded, filled and uploaded in tests/browser/test_entry.py.
    labels = [b.proto.label for b in upload_page.get("download_button")]
    assert labels == ["Download template (Excel)", "Download template (CSV)"]


def test_grid_check_shows_each_problem_on_its_row_and_publishes_nothing(upload_page, app_env):
    app, before = upload_page, Store(app_env).version()
    grid = app.data_editor[0].value
    assert grid["name"].tolist() == [k.name for k in due_kpis(load_catalogue(), MONTH)]
    edit(app, {1: {"value": 150}, 3: {"value": 80}, 4: {"commentary": "awaited"}})
    app.button(key="entry_check").click().run()
    assert not app.exception
    assert "2 problem(s) found" in app.error[0].value
    problems = app.data_editor[0].value["problems"].tolist()
    assert problems[1] == "value: the percentage 150 is outside 0–100"
    assert problems[4].startswith("value: no value")
    assert [p for i, p in enumerate(problems) if i not in (1, 4)] == [""] * (len(problems) - 2)
    assert Store(app_env).version() == before


def test_grid_publish_is_one_load_in_history_undone_by_rollback(upload_page, app_env):
    app = upload_page
    before = Store(app_env).figures()
    edit(app, {0: {"value": 900}, 3: {"numerator": 17, "denominator": 20}})
    app.button(key="entry_check").click().run()
    assert "pass every check: 2 figures, 2 new" in app.success[-1].value
    app.button(key="entry_publish").click().run()
    assert not app.exception
    assert app.success[-1].value == (
        "entered in the app (Apr 2025): published as load 4: 2 figures (2 new, 0 revised, "
        "0 unchanged)"
    )
    store = Store(app_env)
    load = store.loads().iloc[-1]
    # The demo is three loads: its scorecard, its returns, and the measure its audits publish.
    assert (load["id"], load["file_name"], load["rows_in_file"]) == (4, "entered in the app", 2)
    icpc = store.figures().query("kpi_id == 'icpc_15_days' and period == @MONTH and team == ''")
    assert icpc["value"].tolist() == [85]
    assert app.warning[0].value.startswith("2 of 33 measures due for Apr 2025 have figures")

    history = run_page("loads")
    assert history.dataframe[0].value["File"].tolist()[0] == "entered in the app"
    history.selectbox(key="rollback_choice").set_value(4).run()
    history.button(key="rollback").click().run()
    assert "Roll back load 4, entered in the app," in read(history.warning[0].value)
    history.button(key="rollback_confirm").click().run()
    assert not history.exception
    assert Store(app_env).figures().equals(before)


def test_scorecard_names_the_months_completeness(app_env):
    app = run_page("scorecard")
    page = " ".join(h.proto.body for h in app.get("html"))
    assert '<p class="kpis-status">39 of 39 measures due for Mar 2025 have figures.</p>' in page
