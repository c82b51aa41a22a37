"""The SPC chart and its table: traces, colours, shapes, gaps, re-basing, words, determinism."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from kpis.charts.spc import POINT_SYMBOLS, TABLE_COLUMNS, TARGET_COLOUR, spc_chart, spc_table
from kpis.charts.spc_words import describe_spc, moved_on_words, signal_words
from kpis.charts.theme import PALETTE, base_layout, month_axis, value_axis
from kpis.spc import xmr

NHS = {
    "common_cause": "#a6a6a6",
    "special_cause_improvement": "#00b0f0",
    "special_cause_concern": "#e46c0a",
    "special_cause_neutral_high": "#490092",
    "special_cause_neutral_low": "#490092",
}
# Twelve points alternating 10.5 / 9.5: with baseline=12 the mean is 10, the limits
# 10 ± 2.66 and the 2σ lines 10 ± 1.7733, so each tail below fires one known rule.
BASE = [10.5, 9.5] * 6
FALLING_7 = [10.5, 10.3, 10.1, 9.9, 9.7, 9.5, 9.3]
TWO_OF_THREE = [12.0, 12.0, 10.2]
SHIFT_7 = [10.2] * 7


def months(n: int, start: str = "2016-10") -> list[str]:
    return pd.period_range(start, periods=n, freq="M").strftime("%Y-%m").tolist()


def fixed(tail: list[float], **kwargs: object) -> pd.DataFrame:
    values = BASE + tail
    return xmr(pd.Series(values, index=months(len(values))), baseline=12, **kwargs)


def markers(fig: go.Figure) -> dict[str, go.Scatter]:
    return {t.name: t for t in fig.data if t.mode == "markers"}


def trace(fig: go.Figure, name: str) -> go.Scatter:
    return next(t for t in fig.data if t.name == name)


def annotation_texts(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def hover_for(fig: go.Figure, period: str) -> str:
    for t in markers(fig).values():
        if period in t.x:
            return t.text[list(t.x).index(period)]
    raise AssertionError(f"no point at {period}")


@pytest.fixture
def mixed() -> pd.DataFrame:
    """Improvement (above the limit), then a falling trend of concern, target 11."""
    return fixed([13.0, 10.0, *FALLING_7], improvement="increase", target=11.0)


# --- traces, colours and shapes -----------------------------------------------------------


def test_point_traces_have_nhs_colours_and_a_shape_per_type(mixed):
    fig = spc_chart(mixed, title="Timeliness", unit="count")
    found = {t.name: (t.marker.color, t.marker.symbol) for t in markers(fig).values()}
    assert found == {
        "Common cause variation": (NHS["common_cause"], POINT_SYMBOLS["common_cause"]),
        "Special cause – improvement": (
            NHS["special_cause_improvement"],
            POINT_SYMBOLS["special_cause_improvement"],
        ),
        "Special cause – concern": (
            NHS["special_cause_concern"],
            POINT_SYMBOLS["special_cause_concern"],
        ),
    }
    assert len(set(POINT_SYMBOLS.values())) == len(POINT_SYMBOLS)


def test_every_point_is_in_exactly_one_marker_trace(mixed):
    fig = spc_chart(mixed, title="t", unit="count")
    xs = [x for t in markers(fig).values() for x in t.x]
    assert sorted(xs) == sorted(mixed.index)
    concern = markers(fig)["Special cause – concern"]
    assert list(concern.x) == mixed.index[-7:].tolist()
    assert list(concern.y) == FALLING_7


def test_neutral_points_are_purple_up_and_down_triangles():
    fig = spc_chart(fixed([13.0, 10.0, 7.0]), title="t", unit="count")
    high = markers(fig)["Special cause – neutral (high)"]
    low = markers(fig)["Special cause – neutral (low)"]
    assert (high.marker.color, high.marker.symbol) == ("#490092", "triangle-up")
    assert (low.marker.color, low.marker.symbol) == ("#490092", "triangle-down")


def test_mean_and_dashed_limits_and_faint_optional_two_sigma(mixed):
    fig = spc_chart(mixed, title="t", unit="count")
    assert set(trace(fig, "Mean").y) == {10.0}
    upper, lower = trace(fig, "Process limits"), trace(fig, "Lower process limit")
    assert upper.line.dash == lower.line.dash == "dash"
    assert upper.y[0] == pytest.approx(12.66) and lower.y[0] == pytest.approx(7.34)
    assert lower.showlegend is False and upper.legendgroup == lower.legendgroup
    sigma = trace(fig, "Two-sigma warning lines")
    assert sigma.visible == "legendonly" and sigma.line.dash == "dot"
    assert sigma.y[0] == pytest.approx(10 + 2 * 2.66 / 3)
    shown = spc_chart(mixed, title="t", unit="count", show_two_sigma=True)
    assert trace(shown, "Two-sigma warning lines").visible is True


@pytest.mark.parametrize("target", [11.0, 0.0])
def test_target_line_drawn_in_nhs_red_when_given(mixed, target):
    fig = spc_chart(mixed, title="t", unit="count", target=target)
    targets = [t for t in fig.data if t.line.color == TARGET_COLOUR]
    assert len(targets) == 1
    assert list(targets[0].y) == [target, target]
    assert list(targets[0].x) == [mixed.index[0], mixed.index[-1]]
    assert targets[0].name.startswith("Target ")


@pytest.mark.parametrize("target", [None, float("nan")])
def test_no_target_line_without_a_target(mixed, target):
    fig = spc_chart(mixed, title="t", unit="count", target=target)
    assert not [t for t in fig.data if t.line.color == TARGET_COLOUR]
    assert not [t for t in fig.data if (t.name or "").startswith("Target")]


def test_percent_target_named_as_people_write_it():
    values = pd.Series([80.0, 82.0, 81.0, 79.0], index=months(4))
    fig = spc_chart(xmr(values, improvement="increase"), title="t", unit="percent", target=90)
    assert trace(fig, "Target 90%").line.color == TARGET_COLOUR


# --- gaps ---------------------------------------------------------------------------------


def test_missing_months_leave_a_gap_in_the_value_line_only():
    values = pd.Series(BASE, index=months(12)).drop(["2017-01", "2017-02", "2017-06"])
    df = xmr(values)
    fig = spc_chart(df, title="t", unit="count")
    line = trace(fig, "Value")
    assert list(line.x) == months(12)
    gaps = [x for x, y in zip(line.x, line.y, strict=True) if y is None]
    assert gaps == ["2017-01", "2017-02", "2017-06"]
    assert line.connectgaps is False
    # The limits are the same for the whole period, so they run on through the gap.
    assert None not in trace(fig, "Mean").y
    assert None not in trace(fig, "Process limits (trial)").y


def test_gaps_appear_as_null_in_the_json():
    values = pd.Series([1.0, 2.0, 3.0], index=["2020-01", "2020-02", "2020-04"])
    fig = spc_chart(xmr(values), title="t", unit="count")
    data = json.loads(fig.to_json())["data"]
    value = next(t for t in data if t["name"] == "Value")
    assert value["y"] == [1.0, 2.0, None, 3.0]


def test_quarterly_step_breaks_only_at_a_missing_quarter():
    index = ["2020-03", "2020-06", "2020-12", "2021-03"]
    df = xmr(pd.Series([5.0, 6.0, 5.5, 6.5], index=index))
    line = trace(spc_chart(df, title="t", unit="count", step_months=3), "Value")
    assert list(line.x) == ["2020-03", "2020-06", "2020-09", "2020-12", "2021-03"]
    assert list(line.y) == [5.0, 6.0, None, 5.5, 6.5]
    with pytest.raises(ValueError, match="step_months"):
        spc_chart(df, title="t", unit="count", step_months=0)


# --- re-basing and trial limits -----------------------------------------------------------


def rebased() -> pd.DataFrame:
    values = [10.0, 12.0] * 8 + [99.0] + [20.0, 22.0] * 8
    series = pd.Series(values, index=months(33)).drop("2018-02")  # the recorded month
    return xmr(series, rebase_at=["2018-02"])


def test_rebase_point_annotated_with_its_reason():
    df = rebased()
    assert df.index[df["rebase"]].tolist() == ["2018-03"]
    reasons = {"2018-02": "new court timetable"}
    fig = spc_chart(df, title="t", unit="count", rebase_reasons=reasons)
    notes = [a for a in fig.layout.annotations if "Re-based" in a.text]
    assert len(notes) == 1
    assert notes[0].text == "Re-based: new court timetable"
    assert (notes[0].x, notes[0].y) == ("2018-03", df.at["2018-03", "value"])
    assert "Limits re-based here: new court timetable" in hover_for(fig, "2018-03")


def test_rebase_without_a_recorded_reason_still_says_so():
    fig = spc_chart(rebased(), title="t", unit="count")
    assert "Re-based: no reason recorded" in annotation_texts(fig)


def test_rebase_reason_text_is_escaped():
    fig = spc_chart(rebased(), title="t", unit="count", rebase_reasons={"2018-02": "<b>x</b>"})
    assert "Re-based: &lt;b&gt;x&lt;/b&gt;" in annotation_texts(fig)


def test_the_title_is_text_a_team_name_may_hold_markup():
    from kpis.charts.fit import for_page

    title = "Dental checks – North <b>x</b> &amp; <img src=https://evil.example/y.png>"
    fig = spc_chart(rebased(), title=title, unit="count")
    assert fig.layout.title.text == (
        "Dental checks – North &lt;b&gt;x&lt;/b&gt; &amp;amp; "
        "&lt;img src=https://evil.example/y.png&gt;"
    )
    # The page shows it as it was written, and the chart's summary says it so too.
    assert for_page(fig).title == title
    assert fig.layout.meta["summary"].startswith(title + ": ")


def test_mean_and_limits_step_at_a_rebase_rather_than_slope():
    fig = spc_chart(rebased(), title="t", unit="count")
    mean = trace(fig, "Mean")
    breaks = [i for i, y in enumerate(mean.y) if y is None]
    assert len(breaks) == 1
    i = breaks[0]
    # The missing month before the rebase keeps the old period's limits.
    assert (mean.x[i - 1], mean.y[i - 1]) == ("2018-02", 11.0)
    assert (mean.x[i + 1], mean.y[i + 1]) == ("2018-03", 21.0)
    assert mean.x[i] == "2018-03"
    assert trace(fig, "Process limits").y.count(None) == 1


def test_trial_limits_labelled():
    df = xmr(pd.Series([5.0, 6.0, 5.5, 6.2, 5.8], index=months(5)))
    fig = spc_chart(df, title="t", unit="count")
    assert "Trial limits (fewer than 13 points): Oct 2016 to Feb 2017" in annotation_texts(fig)
    assert trace(fig, "Process limits (trial)").line.dash == "dash"
    assert "(trial limits)" in hover_for(fig, "2017-02")


def test_trial_label_names_only_the_trial_period():
    values = [10.0, 12.0] * 8 + [20.0, 22.0, 21.0]
    df = xmr(pd.Series(values, index=months(19)), rebase_at=["2018-02"])
    fig = spc_chart(df, title="t", unit="count")
    assert "Trial limits (fewer than 13 points): Feb 2018 to Apr 2018" in annotation_texts(fig)
    assert trace(fig, "Process limits").showlegend is not False


def test_no_trial_label_with_13_points():
    fig = spc_chart(xmr(pd.Series([*BASE, 10.0], index=months(13))), title="t", unit="count")
    assert not [t for t in annotation_texts(fig) if "Trial" in t]
    assert "Process limits" in [t.name for t in fig.data]


# --- words --------------------------------------------------------------------------------


def test_hover_says_in_words_why_a_point_is_special(mixed):
    fig = spc_chart(mixed, title="t", unit="count")
    assert "Special cause – concern: 7 points in a falling trend" in hover_for(fig, "2018-06")
    assert "Special cause – improvement: above the upper process limit" in hover_for(fig, "2017-10")
    assert "Common cause variation" in hover_for(fig, "2016-10")
    assert hover_for(fig, "2016-10").startswith("Oct 2016: 10.5")
    assert markers(fig)["Common cause variation"].hovertemplate == "%{text}<extra></extra>"


def test_words_for_every_rule():
    below = signal_words(fixed([6.0], improvement="increase"))
    assert below["2017-10"] == "Special cause – concern: below the lower process limit"
    two = signal_words(fixed(TWO_OF_THREE, improvement="decrease"))
    assert (
        two["2017-10"]
        == two["2017-11"]
        == (
            "Special cause – concern: 2 of 3 points close to the upper process limit "
            "(beyond the 2σ line)"
        )
    )
    assert two["2017-12"] == "Common cause variation"
    shift = signal_words(fixed(SHIFT_7, improvement="increase"))
    assert shift["2018-04"] == "Special cause – improvement: 7 points in a row above the mean"
    neutral = signal_words(fixed([13.0]))
    assert neutral["2017-10"] == "Special cause – neutral (high): above the upper process limit"


def test_trend_words_give_the_run_and_its_direction_and_honour_run_length():
    rising = [8.0, 8.2, 8.4, 8.6, 8.8]
    words = signal_words(fixed(rising, improvement="decrease", run_length=5))
    assert words["2017-10"] == "Special cause – concern: 5 points in a rising trend"
    longer = signal_words(fixed([*FALLING_7, 9.1, 8.9], improvement="increase"))
    assert longer["2018-06"] == "Special cause – concern: 9 points in a falling trend"


def test_a_peak_shared_by_two_trends_takes_the_trend_it_ends():
    up_down = [9.0, 9.2, 9.4, 9.6, 9.8, 10.0, 10.2, 10.0, 9.8, 9.6, 9.4, 9.2, 9.0]
    df = fixed(up_down, improvement="increase")
    words = signal_words(df)
    peak, after = "2018-04", "2018-05"
    assert df.at[peak, "point_type"] == "special_cause_improvement"
    assert words[peak] == "Special cause – improvement: 7 points in a rising trend"
    assert words[after] == "Special cause – concern: 7 points in a falling trend"


def test_accessible_summary_in_layout_meta(mixed):
    fig = spc_chart(mixed, title="Timeliness", unit="count", target=11.0)
    text = fig.layout.meta["summary"]
    assert text == describe_spc(mixed, title="Timeliness", unit="count", target=11.0)
    assert text.startswith("Timeliness: SPC chart of 21 monthly figures, Oct 2016 to Jun 2018.")
    assert "Latest, Jun 2018: 9.3, special cause – concern: 7 points in a falling trend." in text
    assert "Target 11: hit and miss" in text
    assert "8 points show special cause variation: 1 improvement, 7 concern." in text


def test_summary_counts_missing_months():
    values = pd.Series([1.0, 2.0, 3.0], index=["2020-01", "2020-02", "2020-05"])
    text = describe_spc(xmr(values), title="t", unit="count")
    assert "3 monthly figures, Jan 2020 to May 2020, with 2 expected figures missing" in text
    assert "(trial limits, fewer than 13 points)" in text
    assert text.endswith("No point shows special cause variation.")


# --- layout -------------------------------------------------------------------------------


def test_title_axes_and_number_formats():
    values = pd.Series([80.0, 82.0, 81.0, 79.0], index=months(4))
    fig = spc_chart(xmr(values), title="Visits on time", unit="percent")
    assert fig.layout.title.text == "Visits on time"
    assert fig.layout.xaxis.title.text == "Month"
    assert fig.layout.xaxis.type == "date" and fig.layout.xaxis.tickformat == "%b %Y"
    assert fig.layout.yaxis.title.text == "Percentage"
    assert fig.layout.yaxis.ticksuffix == "%"
    assert hover_for(fig, "2016-10").startswith("Oct 2016: 80.0%")
    counts = spc_chart(xmr(values), title="t", unit="count")
    assert counts.layout.yaxis.ticksuffix is None
    assert counts.layout.yaxis.title.text == "Number"
    assert spc_chart(xmr(values), title="t", unit="days").layout.yaxis.title.text == "Days"


def test_source_line_under_the_chart():
    values = pd.Series([1.0, 2.0], index=months(2))
    fig = spc_chart(xmr(values), title="t", unit="count", source="Source: case records")
    note = next(a for a in fig.layout.annotations if a.text == "Source: case records")
    assert (note.xref, note.yref, note.y, note.xanchor) == ("paper", "paper", 0, "left")
    assert note.yshift < 0
    plain = spc_chart(xmr(values), title="t", unit="count")
    assert "Source: case records" not in annotation_texts(plain)


def test_empty_series_gives_an_empty_chart_that_says_so():
    df = xmr(pd.Series([], dtype=float))
    fig = spc_chart(df, title="t", unit="count")
    assert len(fig.data) == 0
    assert "No figures to chart" in annotation_texts(fig)
    assert fig.layout.meta["summary"] == "t: no figures to chart."


def test_single_point_has_no_limits_but_still_charts():
    fig = spc_chart(xmr(pd.Series([4.0], index=["2020-01"])), title="t", unit="count")
    assert list(trace(fig, "Value").y) == [4.0]
    assert list(trace(fig, "Process limits (trial)").y) == [None]
    assert hover_for(fig, "2020-01") == "Jan 2020: 4<br>Common cause variation"


def test_rejects_frames_that_are_not_xmr_output():
    with pytest.raises(ValueError, match="missing the columns"):
        spc_chart(pd.DataFrame({"value": [1.0]}), title="t", unit="count")
    with pytest.raises(TypeError):
        spc_chart([1, 2], title="t", unit="count")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        spc_chart(fixed([]), title="t", unit="furlongs")


# --- determinism and purity ---------------------------------------------------------------


def test_same_input_gives_the_same_json(mixed):
    kwargs = {"title": "t", "unit": "count", "target": 11.0, "source": "s"}
    first = spc_chart(mixed, **kwargs).to_json()
    assert spc_chart(mixed.copy(deep=True), **kwargs).to_json() == first
    assert '"uid"' not in first


def test_json_does_not_depend_on_the_global_plotly_template(mixed):
    import plotly.io as pio

    before = spc_chart(mixed, title="t", unit="count").to_json()
    default = pio.templates.default
    try:
        pio.templates.default = "ggplot2"
        assert spc_chart(mixed, title="t", unit="count").to_json() == before
    finally:
        pio.templates.default = default


def test_inputs_are_not_changed():
    df = rebased()
    copy, attrs = df.copy(deep=True), dict(df.attrs)
    reasons = {"2018-02": "why"}
    spc_chart(df, title="t", unit="count", target=15.0, rebase_reasons=reasons)
    spc_table(df, "count", rebase_reasons=reasons)
    pd.testing.assert_frame_equal(df, copy)
    assert df.attrs == attrs and reasons == {"2018-02": "why"}


# --- the table alternative ----------------------------------------------------------------


def test_table_has_a_row_per_month_in_words():
    # Dropping a pair keeps the first twelve figures alternating: mean 10, limits 10 ± 2.66.
    values = pd.Series([*BASE, 10.5, 9.5, 13.0], index=months(15)).drop(["2016-12", "2017-01"])
    df = xmr(values, improvement="increase", baseline=12)
    table = spc_table(df, "percent")
    assert tuple(table.columns) == TABLE_COLUMNS
    assert table["Month"].tolist()[:4] == ["Oct 2016", "Nov 2016", "Dec 2016", "Jan 2017"]
    assert len(table) == 15
    for gap in (2, 3):
        row = table.iloc[gap]
        assert (row["Value"], row["Signal"]) == ("–", "No figure this month")
        assert row["Mean"] == "10.0%"  # the limits in force carry through the gap
    first = table.iloc[0]
    assert first["Value"] == "10.5%"
    assert first["Mean"] == "10.0%"
    assert (first["Lower limit"], first["Upper limit"]) == ("7.3%", "12.7%")
    assert first["Signal"] == "Common cause variation"
    assert table.iloc[-1]["Signal"] == "Special cause – improvement: above the upper process limit"


def test_table_notes_trial_limits():
    df = xmr(pd.Series([5.0, 6.0, 5.5], index=months(3)))
    table = spc_table(df, "days")
    assert table["Signal"].tolist() == ["Common cause variation (trial limits)"] * 3
    assert table.iloc[0]["Value"] == "5.0 days"


def test_table_notes_rebase_and_matches_the_chart_words():
    df = rebased()
    table = spc_table(df, "count", rebase_reasons={"2018-02": "new timetable"})
    row = table[table["Month"] == "Mar 2018"].iloc[0]
    assert row["Signal"].endswith("; limits re-based here: new timetable")
    words = signal_words(df)
    present = table[table["Value"] != "–"]
    assert [s.split(";")[0].removesuffix(" (trial limits)") for s in present["Signal"]] == list(
        words.values()
    )


def test_table_of_an_empty_series_has_the_columns():
    table = spc_table(xmr(pd.Series([], dtype=float)), "count")
    assert table.empty and tuple(table.columns) == TABLE_COLUMNS


# --- theme --------------------------------------------------------------------------------


def test_base_layout_defaults():
    layout = base_layout("A title", source="Source: DfE")
    assert layout.title.text == "A title"
    assert layout.paper_bgcolor == layout.plot_bgcolor == "#ffffff"
    assert layout.legend.orientation == "h" and layout.legend.yanchor == "top"
    assert layout.legend.y < 0.5  # below the plot
    assert [a.text for a in layout.annotations] == ["Source: DfE"]
    assert layout.font.family.startswith("Arial")
    assert not base_layout("t").annotations
    assert base_layout("t").margin.b < layout.margin.b
    assert PALETTE["blue"] == "#0072B2" and PALETTE["vermillion"] == "#D55E00"


def test_axis_helpers():
    assert value_axis("percent")["ticksuffix"] == "%"
    assert "ticksuffix" not in value_axis("rate_per_10k")
    assert value_axis("rate_per_10k")["title"]["text"] == "Rate per 10,000"
    assert month_axis()["tickformat"] == "%b %Y"


def test_percentage_limits_are_drawn_within_0_and_100_and_the_table_keeps_them():
    # A small team: 100% one month, 50% the next. Its limits are -58% and 208%, which no
    # percentage can reach; drawn there they would squash the figures into a third of the chart.
    values = pd.Series([100.0, 50.0] * 7, index=months(14))
    spc = xmr(values, improvement="increase")
    assert spc["upl"].iloc[-1] == pytest.approx(208.0) and spc["lpl"].iloc[-1] < 0
    fig = spc_chart(spc, title="Visits", unit="percent", target=90.0)
    upper = [y for y in trace(fig, "Process limits").y if y is not None]
    lower = [y for y in trace(fig, "Lower process limit").y if y is not None]
    assert set(upper) == {100.0} and set(lower) == {0.0}
    assert max(y for t in fig.data for y in (t.y or ()) if y is not None) == 100.0
    table = spc_table(spc, "percent")
    assert set(table["Upper limit"]) == {"208.0%"} and set(table["Lower limit"]) == {"-58.0%"}
    assert "process limits -58.0% to 208.0%" in hover_for(fig, months(14)[-1])


def test_limits_of_other_units_are_drawn_as_computed():
    values = pd.Series([10.0, 1.0] * 7, index=months(14))
    spc = xmr(values, improvement="decrease")
    fig = spc_chart(spc, title="Visits", unit="count")
    assert min(y for y in trace(fig, "Lower process limit").y if y is not None) < 0


def test_the_summary_says_the_process_changed_instead_of_a_verdict():
    # Near 90% for two years, then thirteen months near 96% against a target of 95%.
    values = [89.5, 90.5] * 12 + [95.5, 96.5] * 6 + [96.0]
    spc = xmr(pd.Series(values, index=months(37)), improvement="increase", target=95.0)
    text = describe_spc(spc, title="LAC reviews", unit="percent", target=95.0)
    assert (
        "Target 95%. The process changed in Oct 2018: limits from before the change cannot "
        "judge the target." in text
    )
    assert "consistently" not in text


def test_the_run_that_moved_the_process_on_in_words():
    values = [89.5, 90.5] * 12 + [95.5, 96.5] * 6 + [96.0]
    shifted = xmr(pd.Series(values, index=months(37)))
    assert moved_on_words(shifted) == "The 13 figures since Oct 2018 are all above the mean"
    rising = fixed([9.0 + 0.1 * i for i in range(13)])
    assert moved_on_words(rising) == (
        "The 13 figures since Oct 2017 are each higher than the one before"
    )
    assert moved_on_words(fixed(SHIFT_7)) == ""
