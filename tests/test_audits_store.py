"""Importing audits (DESIGN §11.1–11.2) on SQLite and PostgreSQL: adds and replaces by audit_id,
never deletes, nothing on any error, audited, and the measure published as one load."""

from __future__ import annotations

import pytest
from audits_helpers import audit, csv_bytes, row
from conftest import dump

from kpis.access import Actor, PermissionDenied, Role
from kpis.audits import importing
from kpis.month.scorecard import for_board

ADMIN = Actor("ada", Role.ADMIN)


@pytest.fixture
def db_url(backend_url):
    return backend_url


def load(store, rows, name="audits.csv"):
    found = importing.check(store, csv_bytes(rows), name)
    assert found.ok, [str(p) for p in found.errors]
    return importing.publish(store, found, user="ana")


FIRST = [
    *audit("A1", "good", {"Planning": "RI"}, team="CP North", date="2025-02-03",
           child_id="C-101", learning="Clear plan"),
    *audit("A2", "inadequate", team="CP North", date="2025-02-10", follow_up_due="2025-03-10"),
    *audit("A3", "outstanding", team="CP South", date="2025-03-03"),
]  # fmt: skip


def test_an_import_stores_every_row_and_publishes_the_measure_as_one_load(store):
    done = load(store, FIRST)
    assert done.summary() == (
        "audits.csv: imported 3 audits (3 new, 0 replaced), 4 rows; audits_good_or_better "
        "published as load 1 (4 new, 0 revised, 0 unchanged)"
    )
    loads = store.loads()
    assert list(loads["kind"]) == ["audits"] and list(loads["user"]) == ["ana"]
    figures = store.figures()
    assert list(zip(figures["period"], figures["team"], figures["value"], strict=True)) == [
        ("2025-02", "", 50.0), ("2025-02", "CP North", 50.0), ("2025-03", "", 100.0),
        ("2025-03", "CP South", 100.0),
    ]  # fmt: skip
    assert len(store.audit_grades()) == 4
    events = list(store.as_actor(ADMIN).audit_log()["event"])
    assert events[-2:] == ["audit import", "publish"]


def test_importing_again_replaces_an_audits_rows_with_a_warning_and_keeps_the_others(store):
    load(store, FIRST)
    again = [*audit("A1", "inadequate", team="CP North", date="2025-02-03",
                    follow_up_due="2025-03-01"),
             *audit("A4", "good", team="CP South", date="2025-03-20")]  # fmt: skip
    found = importing.check(store, csv_bytes(again), "march.csv")
    assert [str(w) for w in found.warnings] == [
        "row 2, column audit_id: audit A1 is already stored: importing replaces all of its rows"
    ]
    assert found.summary() == (
        "march.csv: valid: 2 audits (1 new, 1 replaced), 2 rows; 4 figures of "
        "audits_good_or_better (0 new, 4 revised, 0 unchanged); dry run, nothing was imported"
    )
    importing.publish(store, found)
    grades = store.audit_grades()
    # A1's Planning row went with the rest of A1; A2 and A3 are untouched.
    assert sorted(zip(grades["audit_id"], grades["domain"], grades["grade"], strict=True)) == [
        ("A1", "Overall", "inadequate"), ("A2", "Overall", "inadequate"),
        ("A3", "Overall", "outstanding"), ("A4", "Overall", "good"),
    ]  # fmt: skip
    figures = store.figures().set_index(["period", "team"])["value"]
    assert figures[("2025-02", "")] == 0.0 and figures[("2025-03", "CP South")] == 100.0
    assert list(store.loads()["kind"]) == ["audits", "audits"]


def test_an_import_that_changes_no_figure_makes_no_load(store):
    load(store, FIRST)
    done = load(store, [row("A3", "good", team="CP South", date="2025-03-03",
                            learning="new text")])  # fmt: skip
    assert done.summary().endswith("audits_good_or_better unchanged, so no new load")
    assert len(store.loads()) == 1
    assert "new text" in set(store.audits()["learning"])


def test_a_file_with_any_error_changes_nothing(store):
    load(store, FIRST)
    before = dump(store)
    found = importing.check(store, csv_bytes([row("A9", "good"), row("A10", "great")]), "x.csv")
    assert not found.ok and found.summary() == (
        "x.csv: rejected with 1 problem(s); nothing was imported"
    )
    with pytest.raises(Exception, match="not a grade"):
        importing.publish(store, found)
    assert dump(store) == before


def test_small_numbers_of_audits_are_hidden_on_board_views(store):
    load(store, FIRST)
    board = for_board(store.figures()).set_index(["period", "team"])
    # 1 of 2 audits good or better: both numbers are 1 to 4.
    assert bool(board.at[("2025-02", ""), "suppressed"])


MANAGER = Actor("max", Role.MANAGER, frozenset({"CP South"}))


def test_managers_see_their_teams_audits_viewers_none_and_every_view_is_audited(store):
    load(store, FIRST)
    theirs = store.as_actor(MANAGER).audits()
    assert set(theirs["audit_id"]) == {"A3"}
    assert {"child_id", "learning", "auditor"} <= set(theirs.columns)
    everything = store.audits()
    assert set(everything["audit_id"]) == {"A1", "A2", "A3"}
    assert everything.loc[everything["audit_id"] == "A1", "child_id"].iloc[0] == "C-101"
    log = store.as_actor(ADMIN).audit_log()
    assert list(log.loc[log["event"] == "audit list view", "actor"]) == [
        "max", "local analyst"
    ]  # fmt: skip
    viewer = store.as_actor(Actor("vera", Role.VIEWER))
    with pytest.raises(PermissionDenied):
        viewer.audits()
    # The figures' inputs carry no personal data, so board views may read them.
    assert not {"child_id", "learning", "auditor", "worker"} & set(viewer.audit_grades().columns)


def test_only_analysts_import(store):
    found = importing.check(store, csv_bytes(FIRST), "a.csv")
    before = dump(store)
    for role in (Role.VIEWER, Role.MANAGER):
        with pytest.raises(PermissionDenied):
            importing.publish(store.as_actor(Actor("x", role)), found)
    assert dump(store) == before


def test_the_store_version_changes_with_the_audits(store):
    load(store, FIRST)
    before = store.version()
    load(store, [row("A3", "outstanding", team="CP South", date="2025-03-03", learning="x")])
    assert store.version() != before
