"""The demo authority's synthetic case audits (data/demo/audits.csv), made by a script."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from kpis.audits.counts import overdue, summary
from kpis.audits.graded import audits_of
from kpis.audits.triangulation import triangulate
from kpis.audits.validate import check_audit_file
from kpis.demo import DEMO_AUDITS, load_demo_if_empty
from kpis.periods import shift

ROOT = Path(__file__).resolve().parents[1]


@cache
def generator():
    spec = importlib.util.spec_from_file_location("make_demo_audits", ROOT / "scripts" /
                                                  "make_demo_audits.py")  # fmt: skip
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo_audits"] = module
    spec.loader.exec_module(module)
    return module


@cache
def rows() -> pd.DataFrame:
    found = check_audit_file(DEMO_AUDITS.read_bytes(), DEMO_AUDITS.name, date(2026, 1, 1))
    assert found.ok, [str(p) for p in found.errors[:5]]
    return found.rows


def test_the_committed_file_is_what_the_script_writes():
    assert generator().audit_file() == DEMO_AUDITS.read_bytes(), (
        "run `python scripts/make_demo_audits.py` and commit data/demo/audits.csv"
    )


def test_a_year_of_monthly_audits_for_the_demo_teams():
    audits = audits_of(rows())
    assert sorted(audits["period"].unique()) == [shift("2024-04", i) for i in range(12)]
    scorecard = pd.read_csv(ROOT / "data" / "demo" / "scorecard.csv", keep_default_na=False)
    assert set(audits["team"]) == set(scorecard["team"]) - {""}
    assert audits.groupby(["period", "team"]).size().min() >= 5  # teams shown to the board
    assert set(rows()["child_id"].str[:5]) == {"DEMO-"}


def test_some_moderated_a_few_inadequate_with_follow_ups_and_one_overdue():
    audits = audits_of(rows())
    assert 0.1 < audits["moderated"].mean() < 0.3
    assert audits["changed"].sum() >= 12
    inadequate = audits[audits["grade"] == "inadequate"]
    assert 10 <= len(inadequate) <= 0.1 * len(audits)
    assert (inadequate["follow_up_due"] != "").all()
    assert len(overdue(audits, date(2025, 3, 31))) == 1
    assert summary(rows())["overdue_follow_ups"].tolist()[-1] == 1


def test_triangulation_flags_fire_where_they_were_placed_and_nowhere_else(catalogue):
    figures = pd.read_csv(ROOT / "data" / "demo" / "scorecard.csv", keep_default_na=False,
                          na_values=[""]).fillna({"team": ""})  # fmt: skip
    found = {}
    for month in [shift("2024-04", i) for i in range(12)]:
        table = triangulate(rows(), figures, catalogue, month)
        found |= {(t, month): f for t, f in zip(table["team"], table["flag"], strict=True) if f}
    assert set(found) == generator().FLAGGED
    assert found["Child Protection North", "2025-02"].startswith(
        "Child Protection North: all 18 audits good or better, while 2 of 4 measures are red"
    )


def test_the_demo_loads_the_audits_on_first_start(store, catalogue):
    load_demo_if_empty(store, catalogue)
    assert len(store.audit_grades()) == len(rows())
    figures = store.figures()
    mine = figures[
        (figures["kpi_id"] == "audits_good_or_better") & (figures["period"] == "2025-03")
    ]
    assert len(mine) == 7  # the authority and six teams
    assert set(store.loads()["kind"]) == {"scorecard", "returns", "audits"}
