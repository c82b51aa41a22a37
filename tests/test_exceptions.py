"""The exception list: who is in it, the reasons in words, and the ranking."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kpis.month.ranking import rank_exceptions
from kpis.rag import Rag


def row(kpi_id: str, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "kpi_id": kpi_id,
        "name": kpi_id.replace("_", " ").title(),
        "value": 95.0,
        "target": 90.0,
        "rag": "green",
        "point_type": "common_cause",
        "assurance": "inconsistent",
        "quartile": "B",
        "unit": "percent",
    }
    return base | fields


def ranked(*rows: dict[str, object]) -> pd.DataFrame:
    return rank_exceptions(pd.DataFrame(list(rows)))


def test_only_exceptions_are_kept() -> None:
    out = ranked(
        row("fine"),
        row("amber_only", value=88.0, rag="amber"),
        row("red", value=78.0, rag="red"),
        row("concern", point_type="special_cause_concern"),
        row("improving", point_type="special_cause_improvement"),
        row("failing", assurance="consistent_fail"),
        row("worst", quartile="D"),
    )
    assert sorted(out["kpi_id"]) == ["concern", "failing", "red", "worst"]


def test_reasons_are_plain_english() -> None:
    out = ranked(
        row(
            "a",
            value=78.0,
            rag="red",
            point_type="special_cause_concern",
            assurance="consistent_fail",
            quartile="D",
            rule="trend",
            months_off_target=3,
        )
    )
    assert out.loc[0, "reasons"] == [
        "Off target: 78.0% against a target of 90%, for 3 months",
        "Special cause of concern: the latest points are a trend in the wrong direction",
        "Will consistently fail the target unless the process changes",
        "In the worst quarter of English authorities (quartile D)",
    ]
    assert out.loc[0, "n_reasons"] == 4


def test_reasons_without_a_unit_column_use_plain_numbers() -> None:
    frame = pd.DataFrame([row("caseload", value=21.0, target=18.0, rag=Rag.RED)]).drop(
        columns="unit"
    )
    out = rank_exceptions(frame)
    assert out.loc[0, "reasons"] == ["Off target: 21 against a target of 18"]


def test_units_format_the_figures() -> None:
    out = ranked(
        row("caseload", value=21.06, target=18, rag="red", unit="count"),
        row("missing", value=20.96, target=18, rag="red", unit="count"),
        row("first_time", value=312.0, target=250, rag="red", unit="rate_per_100k"),
    )
    assert out.set_index("kpi_id")["reasons"].to_dict() == {
        "caseload": ["Off target: 21.1 against a target of 18"],
        "missing": ["Off target: 21 against a target of 18"],
        "first_time": ["Off target: 312.0 per 100k against a target of 250 per 100k"],
    }


def test_rank_by_reasons_then_red_then_miss_then_id() -> None:
    out = ranked(
        # one reason each: red beats amber beats green; among reds the bigger miss first
        row("b_red_small", value=85.0, rag="red"),
        row("a_red_big", value=50.0, rag="red"),
        row("c_amber", value=88.0, rag="amber", quartile="D"),
        row("d_green", point_type="special_cause_concern"),
        row("c_green", quartile="D"),
        # two reasons
        row("z_two", value=89.0, rag="amber", quartile="D", assurance="consistent_fail"),
    )
    assert out["kpi_id"].tolist() == [
        "z_two",
        "a_red_big",
        "b_red_small",
        "c_amber",
        "c_green",
        "d_green",
    ]
    assert out["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert out["relative_miss"].tolist()[:4] == pytest.approx([1 / 90, 40 / 90, 5 / 90, 2 / 90])


def test_lower_is_better_miss_is_the_distance_above_target() -> None:
    out = ranked(
        row("small", value=24.0, target=20.0, rag="red"),
        row("large", value=40.0, target=20.0, rag="red"),
    )
    assert out["kpi_id"].tolist() == ["large", "small"]
    assert out["relative_miss"].tolist() == pytest.approx([1.0, 0.2])


def test_teams_break_ties_after_kpi_id() -> None:
    out = ranked(
        row("a", team="South", quartile="D"),
        row("a", team=None, quartile="D"),
        row("a", team="North", quartile="D"),
    )
    assert out["team"].fillna("").tolist() == ["", "North", "South"]


def test_missing_cells_may_be_none_or_nan() -> None:
    out = ranked(
        row("a", rag=None, point_type=None, assurance=None, quartile=math.nan),
        row("b", rag=math.nan, point_type=math.nan, assurance=math.nan, quartile="d"),
    )
    assert out["kpi_id"].tolist() == ["b"]


def test_no_exceptions_gives_an_empty_frame_with_the_columns() -> None:
    out = ranked(row("fine"))
    assert out.empty
    assert {"reasons", "n_reasons", "relative_miss", "rank"} <= set(out.columns)


def test_input_is_left_alone() -> None:
    frame = pd.DataFrame([row("a", rag="red", value=70.0), row("b")])
    before = frame.copy()
    rank_exceptions(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match="quartile"):
        rank_exceptions(pd.DataFrame([row("a")]).drop(columns="quartile"))


CHANGED = "The process changed in Jun 2021: limits from before the change cannot judge the target"


def test_will_fail_is_no_reason_once_the_process_has_moved_on() -> None:
    # LAC reviews in the demo: 97.5% against 95%, "will fail" by limits from before a change.
    out = ranked(
        row("moved", value=97.5, target=95.0, assurance="consistent_fail",
            changed_since="2021-06"),
        row("failing", value=97.5, target=95.0, assurance="consistent_fail", changed_since=None),
    )  # fmt: skip
    assert out["kpi_id"].tolist() == ["failing"]
    assert out.loc[0, "note"] == ""


def test_an_exception_for_other_reasons_says_the_process_changed_beside_them() -> None:
    out = ranked(
        row("moved", value=80.0, rag="red", assurance="consistent_fail", changed_since="2021-06")
    )
    assert out.loc[0, "reasons"] == ["Off target: 80.0% against a target of 90%"]
    assert out.loc[0, "n_reasons"] == 1
    assert out.loc[0, "note"] == CHANGED


def test_a_change_without_an_assurance_needs_no_words() -> None:
    out = ranked(row("neutral", quartile="D", assurance=None, changed_since="2021-06"))
    assert out.loc[0, "note"] == ""
