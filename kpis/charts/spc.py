"""The SPC (XmR) chart and its data-table alternative, drawn from a ``kpis.spc.xmr`` frame."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from kpis.catalogue import Unit
from kpis.charts.spc_words import (
    check_spc,
    clean_target,
    describe_points,
    expected_months,
    point_signals,
)
from kpis.charts.theme import FAINT, SECONDARY, TEXT, base_layout, month_axis, value_axis
from kpis.icons import POINT_TYPE_COLOURS, POINT_TYPE_WORDS
from kpis.periods import label, parse_period
from kpis.rag import format_target, format_value
from kpis.spc import POINT_TYPES, TRIAL_BELOW

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
    limits. A percentage's limits are drawn within 0–100% (no figure can pass them there);
    the hover text and ``spc_table`` keep the computed limits. An accessible summary of the
    chart is in ``fig.layout.meta['summary']`` (the same text ``describe_spc`` returns).
    ``step_months`` is the months between expected figures (3 for a quarterly KPI), so only a
    missing expected figure breaks the line. The same input always gives the same
    ``fig.to_json()``; ``spc`` is not changed.
    """
    check_spc(spc)
    unit = Unit(unit)
    target = clean_target(target)
    signals = point_signals(spc)
    # Plotly reads a title as HTML-ish markup; `title` is text (it names a team, say).
    fig = go.Figure(layout=base_layout(html.escape(title), source))
    fig.update_layout(
        xaxis=month_axis(),
        yaxis=value_axis(unit),
        hovermode="closest",
        meta={"summary": describe_points(spc, title, unit, target, step_months, signals)},
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
    # A limit past 0% or 100% would stretch the value axis to where no figure can be.
    drawn = (
        full.assign(**{c: full[c].clip(0, 100) for c in _LIMITS}) if unit is Unit.PERCENT else full
    )
    lines = [
        # column, legend name, colour, dash, width, legend group, in the legend, visible
        ("mean", "Mean", TEXT, "solid", 1.5, "mean", True, True),
        ("upl", limits_name, SECONDARY, "dash", 1.5, "limits", True, True),
        ("lpl", "Lower process limit", SECONDARY, "dash", 1.5, "limits", False, True),
        ("upper_2sigma", "Two-sigma warning lines", FAINT, "dot", 1, "2σ", True, two_sigma),
        ("lower_2sigma", "Lower 2σ line", FAINT, "dot", 1, "2σ", False, two_sigma),
    ]
    for column, name, colour, dash, width, group, show, visible in lines:
        x, y = _broken(drawn, column)
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
    check_spc(spc)
    unit = Unit(unit)
    if spc.empty:
        return pd.DataFrame({column: pd.Series(dtype="str") for column in TABLE_COLUMNS})
    full = _expected(spc, step_months)
    signals = point_signals(spc)
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


def _expected(spc: pd.DataFrame, step_months: int) -> pd.DataFrame:
    """``spc`` over every expected month: no value where a month has none, and the limits of
    the period the month falls in, so only the value line breaks."""
    months = expected_months(spc, step_months)
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


def _floats(values: pd.Series) -> list[float | None]:
    # None rather than NaN: plotly breaks a line at a null, and the JSON stays standard.
    return [None if pd.isna(v) else float(v) for v in values]
