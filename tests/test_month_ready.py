"""The board's month (DESIGN §4): the latest month whose expected measures are 90% reported."""

from __future__ import annotations

import pandas as pd
import pytest

from kpis.access import Actor, PermissionDenied, Role
from kpis.entry.ready import board_month, month_readiness, ready_at, set_ready_at
from kpis.store import Store

# Ten monthly measures, then a quarterly one.
MONTHLY = [
    "assessments_45_days", "strategy_partner_attendance", "icpc_15_days", "icpc_to_cp_plan",
    "re_referrals_12m", "cp_second_plan", "cp_reviews_timely", "lado_referrals",
    "lac_reviews_timely", "care_plans_up_to_date",
]  # fmt: skip
QUARTERLY = "yj_reoffending"


def figures(*rows: tuple[str, str], team: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        [{"kpi_id": k, "period": p, "team": team, "value": 50.0} for k, p in rows],
        columns=["kpi_id", "period", "team", "value"],
    )


def reported(kpis: list[str], period: str) -> list[tuple[str, str]]:
    return [(k, period) for k in kpis]


def by_month(catalogue, frame, ready_at_percent=90):
    return {r.period: r for r in month_readiness(catalogue, frame, ready_at_percent)}


def test_exactly_90_percent_is_ready_and_one_fewer_is_not(catalogue):
    march = reported(MONTHLY, "2025-03")
    nine = figures(*march, *reported(MONTHLY[:9], "2025-04"))
    april = by_month(catalogue, nine)["2025-04"]
    assert (april.reported, april.expected, april.ready, april.note) == (9, 10, True, "")
    assert board_month(month_readiness(catalogue, nine)) == "2025-04"

    eight = figures(*march, *reported(MONTHLY[:8], "2025-04"))
    april = by_month(catalogue, eight)["2025-04"]
    assert not april.ready and april.note == "incomplete: 8 of 10 measures"
    assert board_month(month_readiness(catalogue, eight)) == "2025-03"
    # The threshold is the setting's: at 80% the same month is ready.
    assert board_month(month_readiness(catalogue, eight, 80)) == "2025-04"


def test_a_measure_the_authority_never_reports_holds_no_month_back(catalogue):
    # 28 measures are due in April; only the ten the authority reports are expected.
    frame = figures(*reported(MONTHLY, "2025-03"), *reported(MONTHLY, "2025-04"))
    april = by_month(catalogue, frame)["2025-04"]
    assert (april.reported, april.expected, april.ready) == (10, 10, True)


def test_team_figures_alone_do_not_make_a_month(catalogue):
    frame = pd.concat(
        [
            figures(*reported(MONTHLY, "2025-03")),
            figures(*reported(MONTHLY, "2025-04"), team="CP North"),
        ]
    )
    assert list(by_month(catalogue, frame)) == ["2025-03"]


def test_a_quarterly_measure_counts_only_in_the_months_it_is_due(catalogue):
    four = MONTHLY[:4]
    history = [*reported(four, "2025-03"), (QUARTERLY, "2025-03")]
    # April: the quarterly measure is not due, so its missing April figure does not count.
    april = figures(*history, *reported(four, "2025-04"))
    months = by_month(catalogue, april)
    assert (months["2025-04"].expected, months["2025-04"].ready) == (4, True)
    # June: due, reported in March (within twelve months), missing in June: 4 of 5.
    june = figures(*history, *reported(four, "2025-06"))
    assert by_month(catalogue, june)["2025-06"].note == "incomplete: 4 of 5 measures"
    assert board_month(month_readiness(catalogue, june)) == "2025-03"
    june = figures(*history, *reported(four, "2025-06"), (QUARTERLY, "2025-06"))
    assert by_month(catalogue, june)["2025-06"].ready


def test_a_measure_last_reported_13_months_before_is_not_expected(catalogue):
    # Nine measures reported in March and April; the tenth last in April 2024 (12 months
    # before May) or March 2024 (13 months before April).
    nine = MONTHLY[:9]
    frame = figures(
        (MONTHLY[9], "2024-03"),
        *reported(nine, "2025-03"),
        *reported(nine, "2025-04"),
    )
    april = by_month(catalogue, frame)["2025-04"]
    assert (april.reported, april.expected, april.ready) == (9, 9, True)
    twelve = figures((MONTHLY[9], "2024-04"), *reported(nine, "2025-03"),
                     *reported(nine, "2025-04"))  # fmt: skip
    april = by_month(catalogue, twelve)["2025-04"]
    assert (april.reported, april.expected) == (9, 10)
    assert april.ready  # 90%


def test_the_latest_ready_month_wins_however_old_and_else_the_latest_with_figures(catalogue):
    # Each month has half of what the month before had. The first month is ready: nothing was
    # expected of it (no figures before it), so a first load is the board's month at once.
    frame = figures(
        *reported(MONTHLY, "2025-01"),
        *reported(MONTHLY[:5], "2025-02"),
        *reported(MONTHLY[:2], "2025-03"),
    )
    readiness = month_readiness(catalogue, frame)
    assert [(r.period, r.ready, r.note) for r in readiness] == [
        ("2025-03", False, "incomplete: 2 of 10 measures"),
        ("2025-02", False, "incomplete: 5 of 10 measures"),
        ("2025-01", True, ""),
    ]
    assert board_month(readiness) == "2025-01"
    # No month ready at all: the latest month with figures; no figures: no month.
    assert board_month(readiness[:2]) == "2025-03"
    assert board_month([]) is None
    assert month_readiness(catalogue, figures()) == []


def test_the_threshold_is_a_setting_in_the_store_that_moves_its_version(db_url):
    store = Store(db_url)
    assert ready_at(store) == 90
    before = store.version()
    assert set_ready_at(store, 75) == 75
    assert ready_at(Store(db_url)) == 75
    assert store.version() != before, "another server's caches must see the change"
    for wrong in (49, 101):
        with pytest.raises(ValueError, match="50% to 100%"):
            set_ready_at(store, wrong)
    with pytest.raises(PermissionDenied):
        set_ready_at(store.as_actor(Actor("vic", Role.VIEWER)), 80)
    assert ready_at(store) == 75
