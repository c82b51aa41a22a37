"""Storing returns (DESIGN §10.1): per kind and year, replaced when loaded again, merged by key."""

from __future__ import annotations

import pandas as pd
import pytest

from kpis.access import Actor, PermissionDenied, Role
from kpis.returns.merge import merge
from kpis.returns.reader import read_returns
from kpis.store import Store
from kpis.store.returns import Computed
from tests.conftest import dump
from tests.returns_helpers import cin_xml, episode, minimal_903, table


@pytest.fixture
def store(backend_url):
    """Storage tests run on SQLite and on PostgreSQL."""
    return Store(backend_url)


def nothing(tables) -> Computed:
    return Computed(pd.DataFrame(), pd.DataFrame())


def load(store, files, year=None, *, dry_run=False):
    read = read_returns(files, year)
    return store.import_returns(
        read.returns, nothing, file_name="test", sha256="x" * 64, dry_run=dry_run
    )


def audit_events(store) -> list[str]:
    return store.as_actor(Actor("admin", Role.ADMIN)).audit_log()["event"].tolist()


def test_returns_are_held_per_kind_and_year_and_read_back_with_their_year(store):
    load(store, minimal_903(episode("C1", "01/04/2023")), 2024)
    load(store, minimal_903(episode("C1", "01/04/2023", dec="01/05/2024")), 2025)
    load(
        store,
        [
            (
                "cin.xml",
                cin_xml("2025-03-31", [{"id": "K", "details": [{"referral": "2024-06-01"}]}]),
            )
        ],
    )
    held = store.returns_held()
    assert held[["kind", "period_end"]].values.tolist() == [
        ["903", "2024-03-31"], ["903", "2025-03-31"], ["cin", "2025-03-31"],
    ]  # fmt: skip
    tables = store.return_tables()
    episodes = tables["Episodes"]
    assert episodes[["period_end", "child", "decom", "dec", "row"]].values.tolist() == [
        ["2024-03-31", "C1", "01/04/2023", "", 2],
        ["2025-03-31", "C1", "01/04/2023", "01/05/2024", 2],
    ]
    assert tables["referrals"][["child", "referral", "detail"]].values.tolist() == [
        ["K", "2024-06-01", 1]
    ]


def test_a_year_loaded_again_replaces_that_year_only_and_is_audited(store):
    load(store, minimal_903(episode("C1", "01/04/2023")), 2024)
    load(store, minimal_903(episode("C1", "01/04/2024")), 2025)
    done = load(store, minimal_903(episode("C2", "02/04/2024")), 2025)
    assert done.replaced == ("SSDA903 2024/25",)
    episodes = store.return_tables()["Episodes"]
    assert episodes[["period_end", "child"]].values.tolist() == [
        ["2024-03-31", "C1"], ["2025-03-31", "C2"],
    ]  # fmt: skip
    assert audit_events(store).count("returns replace") == 1
    again = load(store, minimal_903(episode("C2", "02/04/2024")), 2025)
    assert again.identical == ("SSDA903 2024/25",) and again.stored == ()
    assert audit_events(store).count("returns replace") == 1


def test_a_dry_run_stores_nothing(store):
    before = dump(store)
    done = load(store, minimal_903(episode("C1", "01/04/2024")), 2025, dry_run=True)
    assert done.stored == ("SSDA903 2024/25",) and done.result is None
    assert dump(store) == before


def test_child_level_records_are_for_analysts_and_admins_and_each_read_is_audited(store):
    load(store, minimal_903(episode("C1", "01/04/2024")), 2025)
    for role in (Role.VIEWER, Role.MANAGER):
        with pytest.raises(PermissionDenied):
            store.as_actor(Actor("someone", role, frozenset({"Children in Care"}))).return_tables()
    with pytest.raises(PermissionDenied):
        load(
            store.as_actor(Actor("v", Role.VIEWER)), minimal_903(episode("C1", "01/04/2024")), 2025
        )
    store.as_actor(Actor("admin", Role.ADMIN)).return_tables()
    assert audit_events(store).count("returns read") == 1
    assert len(store.as_actor(Actor("v", Role.VIEWER)).returns_held()) == 1


def frames(*years_and_files) -> dict[str, pd.DataFrame]:
    """Tables as the store gives them, for returns read from files (year, files) in turn."""
    from kpis.store.return_tables import combine, empty_tables

    empty = empty_tables()
    returns = [r for year, files in years_and_files for r in read_returns(files, year).returns]
    return combine(empty, returns)


def test_later_years_replace_episodes_by_child_and_decom_and_keep_zero_length_ones():
    merged = merge(
        frames(
            (
                2024,
                minimal_903(episode("C1", "01/04/2023"), episode("C2", "05/05/2023", "06/06/2023")),
            ),
            (
                2025,
                minimal_903(
                    episode("C1", "2023-04-01", dec="01/05/2024"),
                    episode("C3", "01/04/2024", dec="01/04/2024"),
                    episode("C3", "01/04/2024"),
                ),
            ),
        )
    )
    episodes = merged["Episodes"]
    assert episodes[["period_end", "child", "dec"]].values.tolist() == [
        ["2024-03-31", "C2", "06/06/2023"],
        ["2025-03-31", "C1", "01/05/2024"],
        ["2025-03-31", "C3", "01/04/2024"],
        ["2025-03-31", "C3", ""],
    ]
    assert merged["Header"]["period_end"].tolist() == ["2024-03-31", "2025-03-31", "2025-03-31"]


def test_reviews_are_the_union_of_every_year_and_missing_rows_merge_by_start():
    def files(*reviews, missing=()):
        return [
            *minimal_903(episode("C1", "01/04/2023")),
            ("r.csv", table("Reviews", *({"CHILD": "C1", "REVIEW": r} for r in reviews))),
            ("m.csv", table("Missing", *({"CHILD": "C1", "MISSING": "M", "MIS_START": s,
                                          "MIS_END": e} for s, e in missing))),
        ]  # fmt: skip

    merged = merge(
        frames(
            (2024, files("01/05/2023", "01/11/2023", missing=[("01/03/2024", "")])),
            (2025, files("01/11/2023", "01/05/2024", missing=[("01/03/2024", "03/03/2024")])),
        )
    )
    assert sorted(merged["Reviews"]["review"]) == ["01/05/2023", "01/05/2024", "01/11/2023"]
    assert merged["Missing"][["mis_start", "mis_end"]].values.tolist() == [
        ["01/03/2024", "03/03/2024"]
    ]


def test_cin_referrals_replace_as_a_whole_and_plan_reviews_are_the_union():
    earlier = cin_xml(
        "2024-03-31",
        [{"id": "K", "details": [
            {"referral": "2023-06-01",
             "assessments": [{"AssessmentActualStartDate": "2023-06-02"}],
             "plans": [{"CPPstartDate": "2023-07-01", "reviews": ["2023-09-01"]}]},
            {"referral": "2023-01-01"},
        ]}],
    )  # fmt: skip
    later = cin_xml(
        "2025-03-31",
        [{"id": "K", "details": [
            {"referral": "2023-06-01",
             "plans": [{"CPPstartDate": "2023-07-01", "CPPendDate": "2024-05-01",
                        "reviews": ["2024-01-15"]}]},
        ]}],
    )  # fmt: skip
    merged = merge(frames((None, [("a.xml", earlier)]), (None, [("b.xml", later)])))
    assert merged["referrals"][["period_end", "referral"]].values.tolist() == [
        ["2024-03-31", "2023-01-01"],
        ["2025-03-31", "2023-06-01"],
    ]
    assert merged["assessments"].empty  # replaced with its referral
    assert merged["plans"][["period_end", "end", "plan_key"]].values.tolist() == [
        ["2025-03-31", "2024-05-01", "K|2023-07-01"]
    ]
    assert sorted(merged["plan_reviews"]["review"]) == ["2023-09-01", "2024-01-15"]
    assert set(merged["plan_reviews"]["plan_key"]) == {"K|2023-07-01"}
