"""SPC results in words: what each point signals, and a summary of the whole chart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kpis.catalogue import Unit
from kpis.icons import ASSURANCE_WORDS, POINT_TYPE_WORDS, changed_words
from kpis.periods import label, shift
from kpis.rag import format_target, format_value
from kpis.spc import COLUMNS, POINT_TYPES, summary


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
    check_spc(spc)
    return describe_points(
        spc, title, Unit(unit), clean_target(target), step_months, point_signals(spc)
    )


def describe_points(
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
    missing = len(expected_months(spc, step_months)) - len(spc)
    kind = KINDS.get(step_months, "")
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
        result = summary(spc)
        text += f"Target {format_target(target, unit)}"
        if result.assurance and result.changed_since:
            text += f". {changed_words(result.changed_since)}. "
        elif result.assurance:
            text += f": {after_dash(ASSURANCE_WORDS[result.assurance])}. "
        else:
            text += ". "
    special = spc.loc[spc["point_type"] != "common_cause", "point_type"]
    if special.empty:
        text += "No point shows special cause variation."
    else:
        counts = special.value_counts()
        parts = [
            f"{counts[t]} {after_dash(POINT_TYPE_WORDS[t])}"
            for t in POINT_TYPES
            if t in counts.index
        ]
        noun = "point shows" if len(special) == 1 else "points show"
        text += f"{len(special)} {noun} special cause variation: {', '.join(parts)}."
    return text


def moved_on_words(spc: pd.DataFrame) -> str:
    """The run that says the process has moved on from its limits (``changed_since``), for
    the analyst offered a re-base: 'The 24 figures since Apr 2023 are all above the mean'
    ('' when it has not moved on)."""
    check_spc(spc)
    since = summary(spc).changed_since
    if since is None:
        return ""
    run = spc.loc[spc.index >= since]
    y = run["value"].to_numpy(dtype=float)
    mean = float(run["mean"].iloc[-1])
    if (y > mean).all():
        how = "are all above the mean"
    elif (y < mean).all():
        how = "are all below the mean"
    else:
        how = f"are each {'higher' if y[-1] > y[0] else 'lower'} than the one before"
    return f"The {len(y)} figures since {label(since)} {how}"


def signal_words(spc: pd.DataFrame) -> dict[str, str]:
    """Each point's signal in words, by month: 'Common cause variation', or e.g.
    'Special cause – concern: 7 points in a falling trend'."""
    check_spc(spc)
    return point_signals(spc)


def point_signals(spc: pd.DataFrame) -> dict[str, str]:
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


KINDS = {1: "monthly ", 3: "quarterly ", 12: "annual "}


def after_dash(words: str) -> str:
    """'Special cause – concern' -> 'concern'."""
    return words.split(" – ", 1)[-1]


def check_spc(spc: pd.DataFrame) -> None:
    if not isinstance(spc, pd.DataFrame):
        raise TypeError("spc must be the DataFrame kpis.spc.xmr returns")
    missing = [column for column in COLUMNS if column not in spc.columns]
    if missing:
        raise ValueError(f"spc is missing the columns {', '.join(missing)}; pass xmr() output")


def clean_target(target: float | None) -> float | None:
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return None
    return float(target)


def expected_months(spc: pd.DataFrame, step_months: int) -> list[str]:
    """Every ``step_months``-th month from the first to the last, and any month with a figure."""
    if isinstance(step_months, bool) or not isinstance(step_months, int) or step_months < 1:
        raise ValueError("step_months must be a whole number of months, at least 1")
    first, last = str(spc.index[0]), str(spc.index[-1])
    grid = {shift(first, i) for i in range(0, month_count(first, last), step_months)}
    return sorted(grid | {str(p) for p in spc.index})


def month_count(first: str, last: str) -> int:
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
