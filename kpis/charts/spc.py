"""The SPC (XmR) chart and its data-table alternative, drawn from a ``kpis.spc.xmr`` frame."""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kpis.catalogue import Unit
from kpis.charts.theme import FAINT, SECONDARY, TEXT, base_layout, month_axis, value_axis
from kpis.icons import ASSURANCE_WORDS, POINT_TYPE_COLOURS, POINT_TYPE_WORDS
from kpis.periods import label, parse_period, shift
from kpis.rag import format_target, format_value
from kpis.spc import COLUMNS, POINT_TYPES, TRIAL_BELOW, summary

TARGET_COLOUR = "#de1b1b"
# A different shape for every point type, so no signal is told by colour alone.
POINT_SYMBOLS: dict[str, str] = {
    "common_cause": "circle",
    "special_cause_improvement": "diamond",
    "special_cause_concern": "square",
    "special_cause_neutral_high": "triangle-up",
    "special_cause_neutral_low": "triangle-down",
}
TABLE_COLUMNS = ("Month", "Value", "Mean", "Lower limit", "Upper limit", "Signal")
NO_FIGURE = "No figure this month"

_LIMITS = ("mean", "lpl", "upl", "lower_2sigma", "upper_2sigma")
_KINDS = {1: "monthly ", 3: "quarterly ", 12: "annual "}


def spc_chart(
    spc: pd.DataFrame,
    *,
    title: str,
    unit: Unit | str,
    target: float | None = None,
    rebase_reasons: dict[str, str] | None = None,
    source: str | None = None,
    show_two_sigma: bool = False,
    step_months: int = 1,
) -> go.Figure:
    """An SPC chart of one series, as NHS Making Data Count draws it.

    ``spc`` is ``kpis.spc.xmr`` output. Shows the values (with a gap for each month that has
    none), the mean, the process limits (dashed), the 2σ lines (faint; hidden until chosen in
    the legend unless ``show_two_sigma``), ``target`` when given, and every point coloured and
    shaped by its point type, its hover text saying in words why it is special. Each re-based
    period's first point is annotated with its reason from ``rebase_reasons`` (month 'YYYY-MM'
    the analyst recorded -> reason); limits from fewer than 13 points are labelled as trial
    limits. An accessible summary of the chart is in ``fig.layout.meta['summary']`` (the same
    text ``describe_spc`` returns). ``step_months`` is the months between expected figures (3
    for a quarterly KPI), so only a missing expected figure breaks the line. The same input
    always gives the same ``fig.to_json()``; ``spc`` is not changed.
    """
    _check(spc)
    unit = Unit(unit)
    target = _clean_target(target)
    signals = _signals(spc)
    fig = go.Figure(layout=base_layout(title, source))
    fig.update_layout(
        xaxis=month_axis(),
        yaxis=value_axis(unit),
        hovermode="closest",
        meta={"summary": _describe(spc, title, unit, target, step_months, signals)},
    )
    if spc.empty:
        fig.add_annotation(
            text="No figures to chart", xref="paper", yref="paper", x=0.5, y=0.5,
            showarrow=False, font={"color": SECONDARY},
        )  # fmt: skip
        return fig

    full = _expected(spc, step_months)
    trial = _trial_note(spc)
    limits_name = "Process limits (trial)" if spc["trial"].all() else "Process limits"
    fig.add_trace(
        go.Scatter(
            x=full.index.tolist(), y=_floats(full["value"]), mode="lines", name="Value",
            showlegend=False, connectgaps=False, hoverinfo="skip",
            line={"color": SECONDARY, "width": 2},
        )
    )  # fmt: skip
    two_sigma: bool | str = True if show_two_sigma else "legendonly"
    lines = [
        # column, legend name, colour, dash, width, legend group, in the legend, visible
        ("mean", "Mean", TEXT, "solid", 1.5, "mean", True, True),
        ("upl", limits_name, SECONDARY, "dash", 1.5, "limits", True, True),
        ("lpl", "Lower process limit", SECONDARY, "dash", 1.5, "limits", False, True),
        ("upper_2sigma", "Two-sigma warning lines", FAINT, "dot", 1, "2σ", True, two_sigma),
        ("lower_2sigma", "Lower 2σ line", FAINT, "dot", 1, "2σ", False, two_sigma),
    ]
    for column, name, colour, dash, width, group, show, visible in lines:
        x, y = _broken(full, column)
        fig.add_trace(
            go.Scatter(
                x=x, y=y, mode="lines", name=name, legendgroup=group, showlegend=show,
                visible=visible, line={"color": colour, "dash": dash, "width": width},
                connectgaps=False, hoverinfo="skip",
            )
        )  # fmt: skip
    if target is not None:
        fig.add_trace(
            go.Scatter(
                x=[full.index[0], full.index[-1]], y=[target, target], mode="lines",
                name=f"Target {format_target(target, unit)}", hoverinfo="skip",
                line={"color": TARGET_COLOUR, "dash": "longdash", "width": 2},
            )
        )  # fmt: skip

    reasons = _rebase_text(spc, rebase_reasons)
    hover = _hover(spc, signals, reasons, unit)
    for point_type in POINT_TYPES:
        points = spc[spc["point_type"] == point_type]
        if points.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=points.index.tolist(), y=_floats(points["value"]), mode="markers",
                name=POINT_TYPE_WORDS[point_type],
                marker={
                    "color": POINT_TYPE_COLOURS[point_type],
                    "symbol": POINT_SYMBOLS[point_type],
                    "size": 9 if point_type == "common_cause" else 11,
                },
                text=[hover[p] for p in points.index],
                hovertemplate="%{text}<extra></extra>",
            )
        )  # fmt: skip

    for period, reason in reasons.items():
        fig.add_annotation(
            x=period, y=float(spc.at[period, "value"]), text=html.escape(f"Re-based: {reason}"),
            showarrow=True, arrowhead=2, arrowcolor=SECONDARY, ax=0, ay=-48,
            font={"size": 12, "color": TEXT}, bgcolor="#ffffff", bordercolor=SECONDARY,
        )  # fmt: skip
    if trial:
        fig.add_annotation(
            text=trial, xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom",
            showarrow=False, font={"size": 12, "color": SECONDARY},
        )  # fmt: skip
    return fig


def spc_table(
    spc: pd.DataFrame,
    unit: Unit | str,
    *,
    rebase_reasons: dict[str, str] | None = None,
    step_months: int = 1,
) -> pd.DataFrame:
    """The chart as a table, one row per month from first to last (missing months included,
    every ``step_months`` months): Month ('Oct 2016'), Value, Mean, Lower limit, Upper limit
    (formatted for ``unit``) and Signal, the point's signal in words, noting trial limits and
    re-basing."""
    _check(spc)
    unit = Unit(unit)
    if spc.empty:
        return pd.DataFrame({column: pd.Series(dtype="str") for column in TABLE_COLUMNS})
    full = _expected(spc, step_months)
    signals = _signals(spc)
    reasons = _rebase_text(spc, rebase_reasons)
    trial = spc["trial"].astype(bool)
    notes = []
    for period in full.index:
        note = signals.get(period, NO_FIGURE)
        if period in signals and trial[period]:
            note += " (trial limits)"
        if period in reasons:
            note += f"; limits re-based here: {reasons[period]}"
        notes.append(note)
    figures = [[format_value(v, unit) for v in full[c]] for c in ("value", "mean", "lpl", "upl")]
    months = [label(p) for p in full.index]
    return pd.DataFrame(
        dict(zip(TABLE_COLUMNS, (months, *figures, notes), strict=True)), dtype="str"
    )


def describe_spc(
    spc: pd.DataFrame,
    *,
    title: str,
    unit: Unit | str,
    target: float | None = None,
    step_months: int = 1,
) -> str:
    """A text summary of the chart for people who cannot see it: range, latest point and its
    signal, limits, target and assurance, and how many points are special causes."""
    _check(spc)
    return _describe(spc, title, Unit(unit), _clean_target(target), step_months, _signals(spc))


def _describe(
    spc: pd.DataFrame,
    title: str,
    unit: Unit,
    target: float | None,
    step_months: int,
    signals: dict[str, str],
) -> str:
    if spc.empty:
        return f"{title}: no figures to chart."
    first, last = str(spc.index[0]), str(spc.index[-1])
    missing = len(_expected_months(spc, step_months)) - len(spc)
    kind = _KINDS.get(step_months, "")
    text = f"{title}: SPC chart of {len(spc)} {kind}figures, {label(first)} to {label(last)}"
    plural = "s" if missing != 1 else ""
    text += f", with {missing} expected figure{plural} missing. " if missing else ". "
    latest = spc.iloc[-1]
    signal = signals[last]
    text += f"Latest, {label(last)}: {format_value(latest['value'], unit)}, "
    text += f"{signal[0].lower()}{signal[1:]}. "
    if not math.isnan(float(latest["upl"])):
        text += f"Mean {format_value(latest['mean'], unit)}; process limits "
        text += f"{format_value(latest['lpl'], unit)} to {format_value(latest['upl'], unit)}"
        text += " (trial limits, fewer than 13 points). " if bool(latest["trial"]) else ". "
    if target is not None:
        assurance = summary(spc).assurance
        text += f"Target {format_target(target, unit)}"
        text += f": {_after_dash(ASSURANCE_WORDS[assurance])}. " if assurance else ". "
    special = spc.loc[spc["point_type"] != "common_cause", "point_type"]
    if special.empty:
        text += "No point shows special cause variation."
    else:
        counts = special.value_counts()
        parts = [
            f"{counts[t]} {_after_dash(POINT_TYPE_WORDS[t])}"
            for t in POINT_TYPES
            if t in counts.index
        ]
        noun = "point shows" if len(special) == 1 else "points show"
        text += f"{len(special)} {noun} special cause variation: {', '.join(parts)}."
    return text


def signal_words(spc: pd.DataFrame) -> dict[str, str]:
    """Each point's signal in words, by month: 'Common cause variation', or e.g.
    'Special cause – concern: 7 points in a falling trend'."""
    _check(spc)
    return _signals(spc)


def _signals(spc: pd.DataFrame) -> dict[str, str]:
    run_length = int(spc.attrs.get("run_length", 7))
    words: dict[str, str] = {}
    for _, part in spc.groupby("period_no", sort=False):
        y = part["value"].to_numpy(dtype=float)
        trend_way, trend_len = _trend_runs(y, run_length)
        eps = 1e-9 * float(np.abs(y).max()) if len(y) else 0.0
        mean = part["mean"].to_numpy(dtype=float)
        side = np.where(y > mean + eps, 1, np.where(y < mean - eps, -1, 0))
        side_len = _run_lengths(side)
        rows = zip(part.index, part["rule"], part["point_type"], y, part["upl"], strict=True)
        for i, (period, rule, point_type, value, upl) in enumerate(rows):
            if not rule or point_type == "common_cause":
                words[str(period)] = POINT_TYPE_WORDS["common_cause"]
                continue
            if rule == "outside_limits":
                detail = f"{'above the upper' if value > upl else 'below the lower'} process limit"
            else:
                detail = _rule_detail(str(rule), side[i], side_len[i], trend_way[i], trend_len[i])
            words[str(period)] = f"{POINT_TYPE_WORDS[str(point_type)]}: {detail}"
    return words


def _rule_detail(rule: str, side: int, side_len: int, trend_way: int, trend_len: int) -> str:
    above = "above" if side > 0 else "below"
    if rule == "trend":
        return f"{trend_len} points in a {'rising' if trend_way > 0 else 'falling'} trend"
    if rule == "two_of_three":
        which = "upper" if side > 0 else "lower"
        return f"2 of 3 points close to the {which} process limit (beyond the 2σ line)"
    if rule == "shift":
        return f"{side_len} points in a row {above} the mean"
    return f"rule '{rule}'"


def _trend_runs(y: np.ndarray, run_length: int) -> tuple[np.ndarray, np.ndarray]:
    """Per point, the direction (+1/-1) and the number of points of the trend it is in."""
    way = np.zeros(len(y), dtype=int)
    length = np.zeros(len(y), dtype=int)
    steps = np.sign(np.diff(y)).astype(int)
    start = 0
    for i in range(1, len(steps) + 1):
        if i == len(steps) or steps[i] != steps[start]:
            if steps[start] != 0 and i - start >= run_length - 1:
                # A peak shared by two trends belongs to the one it ends, as kpis.spc has it.
                shared = way[start] != 0
                way[start + shared : i + 1] = steps[start]
                length[start + shared : i + 1] = i - start + 1
            start = i
    return way, length


def _run_lengths(codes: np.ndarray) -> np.ndarray:
    """Per point, the length of the run of equal codes it sits in."""
    out = np.zeros(len(codes), dtype=int)
    start = 0
    for i in range(1, len(codes) + 1):
        if i == len(codes) or codes[i] != codes[start]:
            out[start:i] = i - start
            start = i
    return out


def _hover(
    spc: pd.DataFrame, signals: dict[str, str], reasons: dict[str, str], unit: Unit
) -> dict[str, str]:
    """Each point's hover text, by month: figure, signal, limits, and any re-basing."""
    columns = ("value", "mean", "lpl", "upl", "trial")
    out = {}
    for period, value, mean, lpl, upl, trial in zip(
        spc.index, *(spc[c] for c in columns), strict=True
    ):
        lines = [f"{label(period)}: {format_value(value, unit)}", html.escape(signals[period])]
        if not math.isnan(upl):
            limits = f"Mean {format_value(mean, unit)}; process limits "
            limits += f"{format_value(lpl, unit)} to {format_value(upl, unit)}"
            lines.append(limits + (" (trial limits)" if trial else ""))
        if period in reasons:
            lines.append(html.escape(f"Limits re-based here: {reasons[period]}"))
        out[str(period)] = "<br>".join(lines)
    return out


def _broken(full: pd.DataFrame, column: str) -> tuple[list[str], list[float | None]]:
    """A line through every month that breaks where a new period starts, so a re-based mean
    or limit steps rather than slopes from the old level to the new."""
    x: list[str] = []
    y: list[float | None] = []
    previous = None
    for (period, number), value in zip(
        full["period_no"].items(), _floats(full[column]), strict=True
    ):
        if previous is not None and number != previous:
            x.append(str(period))
            y.append(None)
        x.append(str(period))
        y.append(value)
        previous = number
    return x, y


def _expected_months(spc: pd.DataFrame, step_months: int) -> list[str]:
    """Every ``step_months``-th month from the first to the last, and any month with a figure."""
    if isinstance(step_months, bool) or not isinstance(step_months, int) or step_months < 1:
        raise ValueError("step_months must be a whole number of months, at least 1")
    first, last = str(spc.index[0]), str(spc.index[-1])
    grid = {shift(first, i) for i in range(0, _month_count(first, last), step_months)}
    return sorted(grid | {str(p) for p in spc.index})


def _expected(spc: pd.DataFrame, step_months: int) -> pd.DataFrame:
    """``spc`` over every expected month: no value where a month has none, and the limits of
    the period the month falls in, so only the value line breaks."""
    months = _expected_months(spc, step_months)
    frame = spc.reindex(pd.Index(months, dtype="str", name=spc.index.name))
    frame["period_no"] = frame["period_no"].ffill().astype(int)
    # Within a period only: a single-point period has no limits to carry into its gap.
    frame[list(_LIMITS)] = frame.groupby("period_no")[list(_LIMITS)].ffill()
    return frame


def _trial_note(spc: pd.DataFrame) -> str:
    if not spc["trial"].any():
        return ""
    spans = []
    for _, part in spc[spc["trial"].astype(bool)].groupby("period_no"):
        first, last = label(str(part.index[0])), label(str(part.index[-1]))
        spans.append(first if first == last else f"{first} to {last}")
    return f"Trial limits (fewer than {TRIAL_BELOW} points): {'; '.join(spans)}"


def _rebase_text(spc: pd.DataFrame, reasons: dict[str, str] | None) -> dict[str, str]:
    """The reason for each re-based period's first point, from the months analysts recorded.

    A recorded month with no figure opens the period at the next point, so each reason goes
    to the first point at or after its month.
    """
    if not spc["rebase"].any():
        return {}
    recorded: dict[str, str] = {}
    for month, reason in (reasons or {}).items():
        parsed = parse_period(str(month))
        if parsed is None:
            raise ValueError(f"rebase reason month '{month}' is not a month written as YYYY-MM")
        recorded[parsed] = str(reason)
    periods = [str(p) for p in spc.index]
    out: dict[str, str] = {}
    for i, flagged in enumerate(spc["rebase"].astype(bool)):
        if not flagged:
            continue
        after = periods[i - 1] if i else ""
        found = [text for month, text in sorted(recorded.items()) if after < month <= periods[i]]
        out[periods[i]] = "; ".join(found) if found else "no reason recorded"
    return out


def _check(spc: pd.DataFrame) -> None:
    if not isinstance(spc, pd.DataFrame):
        raise TypeError("spc must be the DataFrame kpis.spc.xmr returns")
    missing = [column for column in COLUMNS if column not in spc.columns]
    if missing:
        raise ValueError(f"spc is missing the columns {', '.join(missing)}; pass xmr() output")


def _clean_target(target: float | None) -> float | None:
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return None
    return float(target)


def _after_dash(words: str) -> str:
    """'Special cause – concern' -> 'concern'."""
    return words.split(" – ", 1)[-1]


def _month_count(first: str, last: str) -> int:
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1


def _floats(values: pd.Series) -> list[float | None]:
    # None rather than NaN: plotly breaks a line at a null, and the JSON stays standard.
    return [None if pd.isna(v) else float(v) for v in values]
