"""XmR charts: limits, the four special-cause rules and their edge cases, rebasing, assurance."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from kpis.spc import COLUMNS, POINT_TYPES, SpcSummary, summary, xmr

# Twelve points alternating 10.5 / 9.5, ending below the mean: mean exactly 10, every moving
# range 1, so with baseline=12 the limits are 10 ± 2.66 and the 2σ lines 10 ± 1.7733...
BASE = [10.5, 9.5] * 6
UPL, LPL = 10 + 2.66, 10 - 2.66
UPPER_2S, LOWER_2S = 10 + 2 * 2.66 / 3, 10 - 2 * 2.66 / 3

# NHSRplotthedots' test series: set.seed(123); rnorm(20). Its snapshots give mean 0.142,
# limits -3.01 / 3.29, and when split into two groups of ten 0.0746 (-2.60, 2.75) and
# 0.209 (-3.28, 3.70), every point common cause.
RNORM_20 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def months(n: int, start: str = "2020-01") -> list[str]:
    return pd.period_range(start, periods=n, freq="M").strftime("%Y-%m").tolist()


def series(values: list[float], start: str = "2020-01") -> pd.Series:
    return pd.Series(values, index=months(len(values), start), dtype=float)


def fixed(tail: list[float], **kwargs: object) -> pd.DataFrame:
    """BASE then ``tail``, with limits fixed on BASE."""
    return xmr(series(BASE + tail), baseline=12, **kwargs)


def tail_rules(df: pd.DataFrame, n: int) -> list[str]:
    return df["rule"].tolist()[-n:]


def reference_limits(values: list[float]) -> tuple[float, float, float]:
    """Mean and process limits computed independently, in plain Python."""
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    average = sum(ranges) / len(ranges)
    kept = [r for r in ranges if r < 3.267 * average]
    average = sum(kept) / len(kept)
    return mean, mean - 2.66 * average, mean + 2.66 * average


# --- shape, empty and tiny series ---------------------------------------------------------


def test_empty_series_gives_empty_frame_with_every_column() -> None:
    df = xmr(pd.Series([], dtype=float), improvement="increase", target=90)
    assert list(df.columns) == list(COLUMNS)
    assert df.empty
    assert summary(df) == SpcSummary(variation=None, assurance=None, trial=False)
    assert df.attrs["variation"] is None


def test_all_missing_values_is_empty() -> None:
    df = xmr(series([math.nan, math.nan]))
    assert df.empty


def test_single_point_has_mean_but_no_limits_and_is_trial() -> None:
    df = xmr(series([42.0]), improvement="increase", target=50)
    row = df.iloc[0]
    assert row["mean"] == 42.0
    assert math.isnan(row["lpl"]) and math.isnan(row["upl"])
    assert math.isnan(row["moving_range"])
    assert row["rule"] == "" and row["point_type"] == "common_cause"
    assert summary(df) == SpcSummary("common_cause", None, True)


def test_two_points_by_hand() -> None:
    df = xmr(series([1.0, 3.0]))
    assert df["mean"].tolist() == [2.0, 2.0]
    assert df["lpl"].iloc[0] == pytest.approx(2 - 2.66 * 2)
    assert df["upl"].iloc[0] == pytest.approx(2 + 2.66 * 2)
    assert df["upper_2sigma"].iloc[0] == pytest.approx(2 + 2 / 3 * 2.66 * 2)
    assert df["lower_2sigma"].iloc[0] == pytest.approx(2 - 2 / 3 * 2.66 * 2)
    assert df["moving_range"].iloc[1] == 2.0


def test_fewer_points_than_run_length_flags_nothing() -> None:
    df = xmr(series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]))
    assert df["rule"].tolist() == [""] * 6
    assert set(df["point_type"]) == {"common_cause"}


def test_index_is_sorted_and_input_left_alone() -> None:
    s = pd.Series([3.0, 1.0, 2.0], index=["2020-03", "2020-01", "2020-02"])
    before = s.copy()
    df = xmr(s)
    assert df.index.tolist() == ["2020-01", "2020-02", "2020-03"]
    assert df.index.name == "period"
    assert df["value"].tolist() == [1.0, 2.0, 3.0]
    pd.testing.assert_series_equal(s, before)


def test_period_and_timestamp_indexes_are_read_as_months() -> None:
    by_period = xmr(pd.Series([1.0, 2.0], index=pd.period_range("2021-03", periods=2, freq="M")))
    by_date = xmr(pd.Series([1.0, 2.0], index=pd.to_datetime(["2021-03-31", "2021-04-30"])))
    assert by_period.index.tolist() == by_date.index.tolist() == ["2021-03", "2021-04"]


def test_missing_months_are_dropped_and_ranges_span_the_gap() -> None:
    s = pd.Series([10.0, math.nan, 12.0, 11.0], index=months(4))
    df = xmr(s)
    assert df.index.tolist() == ["2020-01", "2020-03", "2020-04"]
    assert df["moving_range"].tolist()[1:] == [2.0, 1.0]
    assert df["mean"].iloc[0] == 11.0
    assert df["upl"].iloc[0] == pytest.approx(11 + 2.66 * 1.5)


def test_every_point_type_and_rule_is_a_known_label() -> None:
    df = xmr(series([*RNORM_20, 9.0, *list(range(7))]), improvement="decrease")
    assert set(df["point_type"]) <= set(POINT_TYPES)
    assert set(df["rule"]) <= {"", "outside_limits", "trend", "two_of_three", "shift"}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"improvement": "up"}, ValueError),
        ({"run_length": 1}, ValueError),
        ({"run_length": 7.0}, ValueError),
        ({"baseline": 11}, ValueError),
        ({"rebase_at": ["March"]}, ValueError),
    ],
)
def test_bad_options_are_refused(kwargs: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        xmr(series([1.0, 2.0]), **kwargs)


def test_bad_series_is_refused() -> None:
    with pytest.raises(ValueError, match="once"):
        xmr(pd.Series([1.0, 2.0], index=["2020-01", "2020-01"]))
    with pytest.raises(ValueError, match="YYYY-MM"):
        xmr(pd.Series([1.0], index=["Jan"]))
    with pytest.raises(TypeError):
        xmr([1.0, 2.0])  # type: ignore[arg-type]


# --- limits and moving-range screening -----------------------------------------------------


def test_zero_spread_puts_the_limits_on_the_mean_and_flags_nothing() -> None:
    df = xmr(series([5.0] * 15))
    assert (df[["lpl", "upl", "lower_2sigma", "upper_2sigma"]] == 5.0).all().all()
    assert set(df["point_type"]) == {"common_cause"}


def test_outlying_moving_range_is_screened_out_by_hand() -> None:
    # Ranges: eight of 1 and one of 20, mean 28/9 = 3.11; 20 >= 3.267 * 3.11 = 10.2 is
    # dropped, leaving a mean range of 1. The outlying point itself stays in the mean (12.4).
    df = xmr(series([10, 11, 10, 11, 10, 11, 10, 11, 10, 30]))
    assert df["mean"].iloc[0] == pytest.approx(12.4)
    assert df["upl"].iloc[0] == pytest.approx(12.4 + 2.66)
    assert df["lpl"].iloc[0] == pytest.approx(12.4 - 2.66)
    assert df.loc["2020-10", "rule"] == "outside_limits"


def test_moving_range_just_under_the_screen_is_kept() -> None:
    # Ranges 1, 1, 1, 3: mean 1.5, screen 4.9; nothing dropped.
    df = xmr(series([0.0, 1.0, 0.0, 1.0, 4.0]))
    assert df["upl"].iloc[0] == pytest.approx(1.2 + 2.66 * 1.5)


def test_moving_range_exactly_on_the_screen_is_dropped() -> None:
    # Ranges 0.4333, 0.4333, 0.4332, 0.4332, 3.267: mean exactly 1, so the screen is 3.267 and
    # the last range sits on it; "≥" drops it, leaving a mean range of 1.733 / 4 = 0.43325.
    values = [0.0, 0.4333, 0.0, 0.4332, 0.0, 3.267]
    df = xmr(series(values))
    mean = sum(values) / 6
    assert df["upl"].iloc[0] == pytest.approx(mean + 2.66 * 0.43325)
    # A hair below the screen it is kept.
    values[-1] = 3.266
    kept = xmr(series(values))
    mean = sum(values) / 6
    assert kept["upl"].iloc[0] == pytest.approx(mean + 2.66 * (1.733 + 3.266) / 5)


def test_reference_series_matches_nhsrplotthedots() -> None:
    df = xmr(series(RNORM_20), improvement="increase", target=0.5)
    mean, lpl, upl = reference_limits(RNORM_20)
    assert df["mean"].iloc[0] == pytest.approx(mean)
    assert df["lpl"].iloc[0] == pytest.approx(lpl)
    assert df["upl"].iloc[0] == pytest.approx(upl)
    assert round(mean, 3) == 0.142 and round(lpl, 2) == -3.01 and round(upl, 2) == 3.29
    assert set(df["point_type"]) == {"common_cause"}
    assert summary(df) == SpcSummary("common_cause", "inconsistent", False)


def test_reference_series_with_an_outlier_screens_its_ranges() -> None:
    values = RNORM_20.copy()
    values[14] = 10.0  # as NHSRplotthedots' screening test does (y[15] in R)
    screened = xmr(series(values))
    _mean, lpl, upl = reference_limits(values)
    assert screened["lpl"].iloc[0] == pytest.approx(lpl)
    assert screened["upl"].iloc[0] == pytest.approx(upl)
    # Unscreened the band would be wider, and the unscreened limits differ from the clean ones.
    ranges = np.abs(np.diff(values))
    assert upl - lpl < 2 * 2.66 * ranges.mean()
    assert screened.loc[months(20)[14], "rule"] == "outside_limits"


def test_reference_series_split_in_two_matches_nhsrplotthedots() -> None:
    df = xmr(series(RNORM_20), rebase_at=["2020-11"])
    first = df[df["period_no"] == 1].iloc[0]
    second = df[df["period_no"] == 2].iloc[0]
    for row, values, figures in (
        (first, RNORM_20[:10], (0.0746, -2.60, 2.75)),
        (second, RNORM_20[10:], (0.209, -3.28, 3.70)),
    ):
        mean, lpl, upl = reference_limits(values)
        assert (row["mean"], row["lpl"], row["upl"]) == pytest.approx((mean, lpl, upl))
        assert row["mean"] == pytest.approx(figures[0], abs=5e-4)
        assert (row["lpl"], row["upl"]) == pytest.approx(figures[1:], abs=5e-3)
    assert set(df["point_type"]) == {"common_cause"}
    assert df["trial"].all()


# --- rule 1: outside the limits --------------------------------------------------------------


def test_point_exactly_on_a_limit_is_not_beyond_it() -> None:
    df = fixed([UPL, 10.5, LPL])
    assert tail_rules(df, 3) == ["", "", ""]
    # Typed as a decimal, the limit may be a rounding error away from 10 + 2.66: still on it.
    assert tail_rules(fixed([12.66, 10.5, 7.34]), 3) == ["", "", ""]


def test_point_just_beyond_a_limit_is_special() -> None:
    df = fixed([12.661, 10.5, 7.339], improvement="increase")
    assert tail_rules(df, 3) == ["outside_limits", "", "outside_limits"]
    assert df["point_type"].tolist()[-3:] == [
        "special_cause_improvement",
        "common_cause",
        "special_cause_concern",
    ]


@pytest.mark.parametrize(
    ("improvement", "high", "low"),
    [
        ("increase", "special_cause_improvement", "special_cause_concern"),
        ("decrease", "special_cause_concern", "special_cause_improvement"),
        ("neutral", "special_cause_neutral_high", "special_cause_neutral_low"),
    ],
)
def test_point_type_follows_the_improvement_direction(
    improvement: str, high: str, low: str
) -> None:
    df = fixed([13.0, 10.5, 7.0], improvement=improvement)
    assert df["point_type"].tolist()[-3:] == [high, "common_cause", low]


# --- rule 2: trend ----------------------------------------------------------------------------

NOISE = [0.0, 20.0] * 5  # wide limits, alternating sides: no rule fires on it


def test_seven_rising_points_are_a_trend() -> None:
    df = xmr(series([*NOISE, 8, 8.5, 9, 9.5, 10, 10.5, 11]), improvement="increase")
    assert df["rule"].tolist() == [""] * 10 + ["trend"] * 7
    assert df["point_type"].tolist()[-7:] == ["special_cause_improvement"] * 7


def test_six_rising_points_are_not_a_trend() -> None:
    df = xmr(series([*NOISE, 8, 8.5, 9, 9.5, 10, 10.5]))
    assert set(df["rule"]) == {""}


def test_a_tie_breaks_a_trend() -> None:
    df = xmr(series([*NOISE, 8, 8.5, 9, 9, 9.5, 10, 10.5, 11]))
    assert set(df["rule"]) == {""}


def test_every_point_of_a_longer_trend_is_flagged() -> None:
    df = xmr(series([*NOISE, 8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12]))
    assert df["rule"].tolist()[-9:] == ["trend"] * 9
    assert df["rule"].iloc[9] == ""


def test_falling_trend_is_low() -> None:
    noise = [20.0, 0.0] * 5  # ends low, so the step up to 11 is not part of the fall
    df = xmr(series([*noise, 11, 10.5, 10, 9.5, 9, 8.5, 8]), improvement="increase")
    assert df["rule"].tolist() == [""] * 10 + ["trend"] * 7
    assert df["point_type"].tolist()[-7:] == ["special_cause_concern"] * 7


def test_trend_points_take_the_trend_direction_even_across_the_mean() -> None:
    values = [10.0, 14.0] * 4 + [11.1, 11.3, 11.5, 11.7, 11.9, 12.1, 12.3]
    mean = sum(values) / len(values)  # 11.86: the trend starts below it and ends above
    assert values[8] < mean < values[-1]
    for improvement, expected in (
        ("increase", "special_cause_improvement"),
        ("decrease", "special_cause_concern"),
        ("neutral", "special_cause_neutral_high"),
    ):
        df = xmr(series(values), improvement=improvement)
        assert df["rule"].tolist() == [""] * 8 + ["trend"] * 7
        assert df["point_type"].tolist()[-7:] == [expected] * 7


def test_peak_shared_by_a_rise_and_a_fall_belongs_to_the_rise() -> None:
    rise = [8, 8.5, 9, 9.5, 10, 10.5, 11]
    fall = [10.5, 10, 9.5, 9, 8.5, 8]
    df = xmr(series([0.0, 20.0] * 10 + rise + fall), improvement="increase")
    assert df["rule"].tolist()[-13:] == ["trend"] * 13
    assert (
        df["point_type"].tolist()[-13:]
        == ["special_cause_improvement"] * 7 + ["special_cause_concern"] * 6
    )


def test_run_length_sets_the_trend_length() -> None:
    values = [*NOISE, 8, 8.5, 9, 9.5, 10]
    assert set(xmr(series(values))["rule"]) == {""}
    assert xmr(series(values), run_length=5)["rule"].tolist()[-5:] == ["trend"] * 5


# --- rule 3: two of three beyond 2σ ----------------------------------------------------------


def test_points_exactly_on_the_two_sigma_line_are_not_beyond_it() -> None:
    df = fixed([UPPER_2S, 10.5, UPPER_2S, 10.5])
    assert tail_rules(df, 4) == ["", "", "", ""]


def test_two_of_three_flags_only_the_points_beyond_two_sigma() -> None:
    df = fixed([11.78, 10.5, 11.78, 10.5], improvement="decrease")
    assert tail_rules(df, 4) == ["two_of_three", "", "two_of_three", ""]
    assert df["point_type"].tolist()[-4:-1] == [
        "special_cause_concern",
        "common_cause",
        "special_cause_concern",
    ]


def test_two_of_three_low_side() -> None:
    df = fixed([8.2, 8.2, 9.0], improvement="increase")
    assert tail_rules(df, 3) == ["two_of_three", "two_of_three", ""]
    assert df["point_type"].tolist()[-3:-1] == ["special_cause_concern"] * 2


def test_two_of_three_needs_all_three_on_one_side() -> None:
    assert tail_rules(fixed([11.78, 8.2, 11.78, 10.5]), 4) == ["", "", "", ""]
    assert tail_rules(fixed([11.78, 8.2, 8.2, 10.5]), 4) == ["", "", "", ""]


def test_a_point_on_the_mean_spoils_two_of_three() -> None:
    assert tail_rules(fixed([11.78, 10.0, 11.78, 9.0]), 4) == ["", "", "", ""]


def test_two_near_points_need_a_third_point_on_their_side() -> None:
    # The two latest points are beyond 2σ, but the point before is below the mean and there
    # is no later point yet: no window of three lies on one side.
    assert tail_rules(fixed([11.78, 11.78]), 2) == ["", ""]
    assert tail_rules(fixed([11.78, 11.78, 10.5]), 3) == ["two_of_three", "two_of_three", ""]


def test_a_point_beyond_the_limit_does_not_count_towards_two_of_three() -> None:
    assert tail_rules(fixed([13.0, 11.78, 10.5]), 3) == ["outside_limits", "", ""]
    assert tail_rules(fixed([13.0, 11.78, 11.78, 10.5]), 4) == [
        "outside_limits",
        "two_of_three",
        "two_of_three",
        "",
    ]


# --- rule 4: shift ----------------------------------------------------------------------------


def test_seven_points_above_the_mean_are_a_shift() -> None:
    df = fixed([10.2] * 7, improvement="increase")
    assert tail_rules(df, 8) == [""] + ["shift"] * 7
    assert df["point_type"].tolist()[-7:] == ["special_cause_improvement"] * 7


def test_six_points_above_the_mean_are_not_a_shift() -> None:
    assert set(fixed([10.2] * 6)["rule"]) == {""}


def test_a_point_on_the_mean_breaks_a_shift() -> None:
    df = fixed([10.2] * 3 + [10.0] + [10.2] * 3)
    assert set(df["rule"]) == {""}
    df = fixed([10.2] * 3 + [10.0] + [10.2] * 7)
    assert tail_rules(df, 11) == [""] * 4 + ["shift"] * 7


def test_point_on_a_mean_typed_as_a_decimal_still_breaks_a_shift() -> None:
    # The mean of 0.1, 0.3 (alternating) is 0.2 in decimal, 0.2000...04 in binary.
    df = xmr(series([0.1, 0.3] * 6 + [0.25] * 3 + [0.2] + [0.25] * 3), baseline=12)
    assert set(df["rule"]) == {""}


def test_shift_below_the_mean_counts_the_point_before_the_tail() -> None:
    # BASE ends at 9.5, below the mean, so six more low points make seven.
    df = fixed([9.8] * 6, improvement="increase")
    assert tail_rules(df, 8) == [""] + ["shift"] * 7
    assert df["point_type"].tolist()[-7:] == ["special_cause_concern"] * 7


def test_run_length_sets_the_shift_length() -> None:
    assert set(fixed([10.2] * 5)["rule"]) == {""}
    assert tail_rules(fixed([10.2] * 5, run_length=5), 5) == ["shift"] * 5


# --- precedence -------------------------------------------------------------------------------


def test_outside_limits_beats_shift() -> None:
    assert tail_rules(fixed([10.2] * 6 + [13.0]), 7) == ["shift"] * 6 + ["outside_limits"]


def test_two_of_three_beats_shift() -> None:
    df = fixed([10.2] * 5 + [12.0, 12.0])
    assert tail_rules(df, 7) == ["shift"] * 5 + ["two_of_three"] * 2


def test_trend_beats_two_of_three_and_shift_and_keeps_its_direction_below_the_mean() -> None:
    df = fixed([10.1, 10.2, 10.3, 10.4, 10.5, 11.8, 12.0], improvement="increase")
    # 9.5 (BASE's last point, below the mean) starts the rise.
    assert tail_rules(df, 8) == ["trend"] * 8
    assert df["point_type"].tolist()[-8:] == ["special_cause_improvement"] * 8


def test_outside_limits_beats_trend() -> None:
    df = fixed([10.1, 10.2, 10.3, 10.4, 10.5, 13.0])
    assert tail_rules(df, 7) == ["trend"] * 6 + ["outside_limits"]


# --- rebasing, baseline and trial limits ---------------------------------------------------


def test_rebase_starts_a_new_period_at_its_date() -> None:
    df = xmr(series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), rebase_at=["2020-06"])
    assert df["period_no"].tolist() == [1] * 5 + [2] * 5
    assert df["rebase"].tolist() == [False] * 5 + [True] + [False] * 4
    assert df["mean"].tolist() == [3.0] * 5 + [8.0] * 5
    assert df.loc["2020-06", "upl"] == pytest.approx(8 + 2.66)
    assert math.isnan(df.loc["2020-06", "moving_range"])
    # Ten rising points would be a trend (and two beyond each limit) in one period; the
    # rules never look across the rebase.
    assert set(df["rule"]) == {""}
    whole = xmr(series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
    assert whole["rule"].tolist() == ["outside_limits"] * 2 + ["trend"] * 6 + ["outside_limits"] * 2


def test_rebase_on_a_missing_month_starts_at_the_next_value() -> None:
    s = pd.Series([1.0, 2.0, math.nan, 3.0, 4.0], index=months(5))
    df = xmr(s, rebase_at=["2020-03"])
    assert df["period_no"].to_dict() == {"2020-01": 1, "2020-02": 1, "2020-04": 2, "2020-05": 2}
    assert df.loc["2020-04", "rebase"]


def test_rebase_outside_the_data_changes_nothing() -> None:
    s = series([1.0, 3.0, 2.0, 4.0])
    plain = xmr(s)
    moved = xmr(s, rebase_at=["2019-06", "2020-01", "2031-01"])
    assert moved["period_no"].tolist() == [1] * 4
    assert not moved["rebase"].any()
    pd.testing.assert_frame_equal(plain, moved)


def test_rebase_accepts_a_full_date() -> None:
    df = xmr(series([1.0, 2.0, 3.0, 4.0]), rebase_at=["2020-03-01"])
    assert df["period_no"].tolist() == [1, 1, 2, 2]


def test_baseline_fixes_the_limits_on_the_first_points() -> None:
    df = fixed([20.0, 21.0, 22.0])
    assert (df["mean"] == 10.0).all()
    assert df["upl"].tolist() == pytest.approx([UPL] * 15)
    assert tail_rules(df, 3) == ["outside_limits"] * 3
    # Unfixed, the later points drag the mean up.
    assert xmr(series([*BASE, 20.0, 21.0, 22.0]))["mean"].iloc[0] > 10.0


def test_baseline_longer_than_the_data_uses_every_point() -> None:
    s = series(RNORM_20)
    pd.testing.assert_frame_equal(xmr(s, baseline=30), xmr(s))


def test_baseline_applies_within_each_period() -> None:
    values = BASE + [30.0, 30.0] + [v + 100 for v in BASE] + [0.0]
    df = xmr(series(values), baseline=12, rebase_at=[months(len(values))[14]])
    assert df["period_no"].tolist() == [1] * 14 + [2] * 13
    assert set(df[df["period_no"] == 1]["mean"]) == {10.0}
    assert set(df[df["period_no"] == 2]["mean"]) == {110.0}
    assert df["upl"].iloc[-1] == pytest.approx(110 + 2.66)


def test_trial_limits_below_thirteen_points_per_period() -> None:
    assert xmr(series(RNORM_20[:12]))["trial"].all()
    assert not xmr(series(RNORM_20[:13]))["trial"].any()
    df = xmr(series(RNORM_20), rebase_at=["2021-02"])  # 13 points, then 7
    assert df["trial"].tolist() == [False] * 13 + [True] * 7
    assert summary(df).trial is True


# --- variation and assurance --------------------------------------------------------------


@pytest.mark.parametrize(
    ("improvement", "target", "expected"),
    [
        ("increase", 0.5, "inconsistent"),
        ("increase", 4.0, "consistent_fail"),
        ("decrease", 4.0, "consistent_pass"),
        ("increase", -4.0, "consistent_pass"),
        ("decrease", -4.0, "consistent_fail"),
        ("neutral", 4.0, None),
        ("increase", None, None),
        ("increase", math.nan, None),
    ],
)
def test_assurance_from_target_against_latest_limits(
    improvement: str, target: float | None, expected: str | None
) -> None:
    df = xmr(series(RNORM_20), improvement=improvement, target=target)
    assert summary(df).assurance == expected
    assert df.attrs["assurance"] == expected


def test_target_exactly_on_a_limit_is_inconsistent() -> None:
    assert summary(fixed([10.5], improvement="increase", target=UPL)).assurance == "inconsistent"
    assert summary(fixed([10.5], improvement="increase", target=LPL)).assurance == "inconsistent"
    assert summary(fixed([10.5], improvement="increase", target=12.7)).assurance == (
        "consistent_fail"
    )
    assert summary(fixed([10.5], improvement="decrease", target=12.7)).assurance == (
        "consistent_pass"
    )


def test_assurance_uses_the_latest_period_limits() -> None:
    values = [*BASE, *(v + 100 for v in BASE)]
    df = xmr(series(values), improvement="increase", target=50, rebase_at=[months(24)[12]])
    assert summary(df).assurance == "consistent_pass"
    assert summary(df.iloc[:12]).assurance == "consistent_fail"


def test_variation_is_the_latest_point_type_and_attrs_match_summary() -> None:
    df = fixed([13.0], improvement="decrease", target=8)
    result = summary(df)
    assert result == SpcSummary("special_cause_concern", "inconsistent", False)
    assert {k: df.attrs[k] for k in ("variation", "assurance", "trial")} == {
        "variation": result.variation,
        "assurance": result.assurance,
        "trial": result.trial,
    }
    assert df.attrs["improvement"] == "decrease" and df.attrs["target"] == 8.0
    with pytest.raises(AttributeError):
        result.variation = "x"  # type: ignore[misc]


# --- when the process has moved on (DESIGN §4) -----------------------------------------------
# BASE fixes the mean at exactly 10 and ends below it, so a tail above 10 is a run of its own
# length. "Began at least 12 points ago" is read as: the run's first point is 12 or more
# points before the latest, so the run holds at least 13 points, the latest included.


def first_of_tail(offset: int = 0) -> str:
    return months(40)[len(BASE) + offset]


def test_a_shift_that_began_12_points_before_the_latest_13_points_with_it_is_a_change() -> None:
    df = fixed([10.2] * 13, improvement="increase", target=15)
    assert summary(df).changed_since == first_of_tail() == "2021-01"
    assert df.attrs["changed_since"] == "2021-01"
    # The verdict is still worked out; only the board stops treating it as one.
    assert summary(df).assurance == "consistent_fail"


def test_a_shift_that_began_11_points_before_the_latest_12_with_it_is_no_change() -> None:
    df = fixed([10.2] * 12, improvement="increase", target=15)
    assert tail_rules(df, 12) == ["shift"] * 12
    assert summary(df).changed_since is None
    assert df.attrs["changed_since"] is None


def test_a_trend_that_began_12_points_before_the_latest_is_a_change_11_is_not() -> None:
    # A fall into 9.0, then 12 rises: 13 points, crossing the mean, so no shift at all.
    rising = [9.0 + 0.1 * i for i in range(13)]
    assert summary(fixed(rising)).changed_since == first_of_tail()
    assert summary(fixed(rising[:-1])).changed_since is None


def test_a_trend_counts_its_points_not_its_side_of_the_mean() -> None:
    # A rise into 13 falling points, the last four of them below the mean: a trend only.
    falling = [10.6 - 0.07 * i for i in range(13)]
    df = fixed(falling)
    assert summary(df).changed_since == first_of_tail()


def test_when_a_shift_and_a_trend_both_qualify_the_later_start_is_the_change() -> None:
    # 20 points above the mean, the last 13 rising: a re-base where the trend began settles
    # both (one where the shift began would leave the trend to be found again).
    tail = [10.4] * 7 + [10.3 + 0.1 * i for i in range(13)]
    assert summary(fixed(tail)).changed_since == first_of_tail(7)


def test_a_latest_point_outside_the_run_is_no_change() -> None:
    assert summary(fixed([10.2] * 20 + [9.8])).changed_since is None
    # A point on the mean is on neither side: it ends the shift.
    assert summary(fixed([10.2] * 20 + [10.0])).changed_since is None
    # A tie ends a trend.
    rising = [9.0 + 0.1 * i for i in range(13)]
    assert summary(fixed([*rising, rising[-1]])).changed_since is None


def test_a_latest_point_beyond_the_limits_still_ends_the_run() -> None:
    df = fixed([10.2] * 12 + [13.0])
    assert df["rule"].iloc[-1] == "outside_limits"
    assert summary(df).changed_since == first_of_tail()


def test_months_without_a_figure_are_not_points() -> None:
    # 13 figures above the mean over 14 months: still 12 points before the latest.
    values = [*BASE, *([10.2] * 6), math.nan, *([10.2] * 7)]
    assert summary(xmr(series(values), baseline=12)).changed_since == first_of_tail()
    # 12 figures over 13 months: 11 points before the latest.
    values = [*BASE, *([10.2] * 6), math.nan, *([10.2] * 6)]
    assert summary(xmr(series(values), baseline=12)).changed_since is None


def test_a_rebase_at_the_runs_first_point_means_the_change_is_recorded() -> None:
    # 13 rising points after a re-base where they start: the trend lies wholly in the new
    # period, whose first point is the re-base.
    rising = [9.0 + 0.1 * i for i in range(13)]
    assert summary(fixed(rising, rebase_at=[first_of_tail()])).changed_since is None
    # The same when the recorded month has no figure and the period opens at the next one.
    values = [*BASE, math.nan, *rising]
    gap = months(40)[len(BASE)]
    df = xmr(series(values), baseline=12, rebase_at=[gap])
    assert df.loc[months(40)[len(BASE) + 1], "rebase"]
    assert summary(df).changed_since is None


def test_a_rebase_inside_the_run_restarts_the_limits_and_the_usual_rules_apply() -> None:
    tail = [10.3, 10.1] * 10  # 20 points above the old mean of 10
    before = fixed(tail, improvement="increase", target=10.9)
    assert summary(before).changed_since == first_of_tail()
    after = fixed(tail, improvement="increase", target=10.9, rebase_at=[first_of_tail(5)])
    assert summary(after).changed_since is None
    # The new period's own limits (10.2 ± 0.532) judge the target: it will fail it.
    assert summary(after).assurance == "consistent_fail"


def test_a_rebase_recorded_after_the_latest_figure_still_counts() -> None:
    # "No re-base recorded at or after its start": one dated beyond the figures counts too.
    assert summary(fixed([10.2] * 13, rebase_at=["2031-01"])).changed_since is None


def test_a_rebase_before_the_run_leaves_the_change_standing() -> None:
    values = [*BASE, *BASE, *([10.2] * 13)]
    df = xmr(series(values), baseline=12, rebase_at=[months(40)[12]])
    assert summary(df).changed_since == months(40)[24]


def test_run_length_setting_sets_how_long_a_shift_must_be() -> None:
    assert summary(fixed([10.2] * 14, run_length=15)).changed_since is None
    assert summary(fixed([10.2] * 15, run_length=15)).changed_since == first_of_tail()


def test_a_level_that_moved_years_ago_fails_the_target_by_old_limits() -> None:
    # Two years near 90, then thirteen months near 96 against a target of 95: the limits of
    # the whole history say "will fail" while every recent figure passes.
    values = [89.5, 90.5] * 12 + [95.5, 96.5] * 6 + [96.0]
    df = xmr(series(values), improvement="increase", target=95)
    assert df.attrs["assurance"] == "consistent_fail"
    assert df.attrs["changed_since"] == "2022-01"
