"""Load history's rollback: it asks first, naming what it undoes, and says what it did."""

from __future__ import annotations

import json
import re

import pandas as pd
from conftest import csv
from test_app import HEADER, app_env, no_failure, run_page  # noqa: F401  (app_env is a fixture)

from kpis.rollback import effect_of, load_effect, months_text
from kpis.store import Store


def read(markdown: str) -> str:
    """A message as the page shows it: its Markdown escapes (kpis.markup) taken out."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def publish(app, name: str, body: str) -> None:
    app.file_uploader(key="upload").upload(name, csv(HEADER + body), "text/csv").run()
    app.button(key="publish").click().run()
    no_failure(app)


def in_effect(db_url: str) -> list[bool]:
    return Store(db_url).loads()["rolled_back_at"].isna().tolist()


def test_months_read_as_a_list_or_a_range():
    assert months_text(("2025-04",)) == "Apr 2025"
    assert months_text(("2025-02", "2025-03")) == "Feb 2025 and Mar 2025"
    assert months_text(("2025-01", "2025-02", "2025-03")) == "Jan 2025, Feb 2025 and Mar 2025"
    many = tuple(f"2024-{m:02d}" for m in range(1, 13))
    assert months_text(many) == "Jan 2024 to Dec 2024 (12 months)"


def test_the_effect_counts_figures_measures_teams_and_months():
    load = {"id": 3, "file_name": "apr.csv", "user": "ana", "loaded_at": "2025-05-02T08:30:00Z",
            "new": 2, "revised": 1}  # fmt: skip
    rows = pd.DataFrame({"kpi_id": ["a", "a", "b"], "period": ["2025-04", "2025-03", "2025-04"],
                         "team": ["", "North", ""]})  # fmt: skip
    effect = effect_of(load, rows, [], other_loads=2)
    assert effect.question() == (
        "Roll back load 3, apr.csv, loaded 02 May 2025 09:30 by ana? It undoes 3 figures of "
        "2 measures for Mar 2025 and Apr 2025, whole authority and 1 team: 2 figures it added "
        "are removed and 1 figure it revised goes back to its earlier value. The load stays in "
        "the history."
    )
    assert effect.done().startswith("Rolled back load 3 (apr.csv), 3 figures of 2 measures")
    refused = effect_of(load, rows, [4, 6], other_loads=2)
    assert "cannot be rolled back while later load(s) 4, 6 revised" in refused.question()


def test_the_demo_load_asks_first_naming_the_whole_history(app_env):  # noqa: F811
    # The demo is three loads: its scorecard (load 1), its returns, the measure its audits publish.
    app = run_page("loads")
    app.selectbox(key="rollback_choice").set_value(1).run()
    app.button(key="rollback").click().run()
    no_failure(app)
    assert in_effect(app_env) == [True, True, True], "the first click only asks"
    question = read(app.warning[0].value)
    demo = load_effect(Store(app_env), 1)
    assert question.startswith("Roll back load 1, scorecard.csv, loaded ")
    assert f"It undoes {demo.figures:,} figures of " in question
    assert "for Apr 2015 to Mar 2025 (120 months)" in question
    assert "It is the only load in effect" not in question  # the audits' load stays
    assert app.button(key="rollback_confirm").label == "Yes, roll back load 1"
    app.button(key="rollback_cancel").click().run()
    no_failure(app)
    assert not app.warning and not [b for b in app.button if b.key == "rollback_confirm"]
    assert in_effect(app_env) == [True, True, True]


def test_confirming_rolls_back_and_the_result_stays_on_screen(app_env):  # noqa: F811
    app = run_page("upload")
    publish(app, "apr.csv", "lado_referrals,2025-04,7,,,,,\nicpc_15_days,2025-04,91,,,,,")
    app = run_page("loads")
    assert app.selectbox(key="rollback_choice").value == 4  # the latest load first
    app.button(key="rollback").click().run()
    assert "It undoes 2 figures of 2 measures for Apr 2025: 2 figures it added are removed." \
        in read(app.warning[0].value)  # fmt: skip
    app.button(key="rollback_confirm").click().run()
    no_failure(app)
    assert in_effect(app_env) == [True, True, True, False]
    # After the rerun that redraws the history: the result is still there, once.
    assert [read(s.value) for s in app.success] == [
        "Rolled back load 4 (apr.csv), 2 figures of 2 measures for Apr 2025: 2 figures it added "
        "are removed. It stays in the history."
    ]
    shown = app.dataframe[0].value
    assert shown.loc[shown["Load"] == 4, "Rolled back at"].item() != ""
    app.run()
    assert not app.success  # said once, not on every later run


def test_a_load_a_later_one_revised_is_refused_before_anything_is_pressed(app_env):  # noqa: F811
    app = run_page("upload")
    publish(app, "revise.csv", "lado_referrals,2025-03,12,,,,,")
    app = run_page("loads")
    app.selectbox(key="rollback_choice").set_value(1).run()
    app.button(key="rollback").click().run()
    no_failure(app)
    assert "cannot be rolled back while later load(s) 4 revised" in read(app.error[0].value)
    assert not [b for b in app.button if b.key == "rollback_confirm"]
    assert in_effect(app_env) == [True, True, True, True]


def test_the_times_are_not_clipped(app_env):  # noqa: F811
    app = run_page("loads")
    columns = json.loads(app.dataframe[0].proto.columns)
    # Wide enough for "17 Mar 2025 09:14" and the heading, at the grid's font.
    assert columns["Rolled back at"]["width"] >= 140
    assert columns["Loaded at (UK time)"]["width"] >= 140
