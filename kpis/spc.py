"""NHS "Making Data Count" XmR charts: limits, special-cause rules, variation and assurance."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

Improvement = Literal["increase", "decrease", "neutral"]

LIMIT = 2.66
# Written as NHSRplotthedots writes it so the 2σ line is bit-for-bit the same float.
TWO_SIGMA = 2 * (LIMIT / 3)
MR_SCREEN = 3.267
TRIAL_BELOW = 13
MIN_BASELINE = 12
# "Began at least 12 points ago": the run's first point is 12 or more points before the latest
# (13 points with it), so a re-base there leaves a period with full limits, not trial ones.
CHANGE_AGE = 12

RULES = ("outside_limits", "trend", "two_of_three", "shift")
POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
ASSURANCE_TYPES = ("consistent_pass", "consistent_fail", "inconsistent")
COLUMNS = (
    "value",
    "mean",
    "lpl",
    "upl",
    "lower_2sigma",
    "upper_2sigma",
    "moving_range",
    "rule",
    "point_type",
    "period_no",
    "rebase",
    "trial",
)

_IMPROVEMENT_SIGN = {"increase": 1, "decrease": -1, "neutral": 0}
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$")


@dataclass(frozen=True)
class SpcSummary:
    """The two Making Data Count icons for a chart, read from its latest point."""

    variation: str | None
    assurance: str | None
    trial: bool
    # The first month of a long run the latest point ends (the process has moved on): the
    # assurance, judged by limits from before it, is then no verdict. None when it has not.
    changed_since: str | None = None


def xmr(
    values: pd.Series,
    *,
    improvement: Improvement = "neutral",
    target: float | None = None,
    baseline: int | None = None,
    rebase_at: Sequence[str] = (),
    run_length: int = 7,
) -> pd.DataFrame:
    """Compute an XmR (individuals) chart the NHS Making Data Count way, as DESIGN §4 states.

    ``values`` is a Series indexed by month ('YYYY-MM'; pandas Periods, Timestamps and dates
    are accepted too). It is sorted by month; missing values are dropped, so the moving range is
    taken between consecutive values present. ``improvement`` says which way is better
    ("neutral" labels special causes high/low instead of improvement/concern). ``target`` feeds
    the assurance result. ``baseline`` (at least 12) fixes each period's limits on its first
    ``baseline`` points and extends them. ``rebase_at`` lists months where a new period starts:
    the first point at or after each date opens it, and limits and rules never cross periods.
    ``run_length`` is the length of a trend (that many points, each strictly beyond the one
    before) and of a shift (that many points on one side of the mean). "Beyond" a limit or
    the 2σ line is strict, and a point on the mean is on neither side; nothing is rounded, but
    figures within a billionth of the data's scale count as equal, so decimals typed by people
    (12.66, 0.2) sit on a line computed in binary rather than a rounding error either side.

    Returns one row per point, indexed by ``period``, with columns ``value``, ``mean``, ``lpl``,
    ``upl``, ``lower_2sigma``, ``upper_2sigma``, ``moving_range`` (NaN at a period's first
    point), ``rule`` (one of ``RULES`` or '' for none; earlier rules take precedence),
    ``point_type`` (one of ``POINT_TYPES``), ``period_no`` (1 for the first period, counting
    only periods with points), ``rebase`` (True at the first point of every later period) and
    ``trial`` (True when the point's period has fewer than 13 points). Limits are NaN for a
    period of one point. ``df.attrs`` holds the inputs (``improvement``, ``target``,
    ``baseline``, ``rebase_at``, ``run_length``) and the results ``variation``, ``assurance``,
    ``trial`` and ``changed_since``, the same as ``summary(df)`` returns.
    """
    if not isinstance(values, pd.Series):
        raise TypeError("values must be a pandas Series indexed by period")
    if improvement not in _IMPROVEMENT_SIGN:
        raise ValueError(f"improvement must be one of {sorted(_IMPROVEMENT_SIGN)}")
    if isinstance(run_length, bool) or not isinstance(run_length, int) or run_length < 2:
        raise ValueError("run_length must be a whole number of at least 2")
    if baseline is not None and (
        isinstance(baseline, bool) or not isinstance(baseline, int) or baseline < MIN_BASELINE
    ):
        raise ValueError(f"baseline must be a whole number of points, at least {MIN_BASELINE}")
    target = _clean_target(target)

    series = _clean_values(values)
    starts = sorted({_period_label(p) for p in rebase_at})
    raw_period = np.searchsorted(np.array(starts, dtype=object), series.index.to_numpy(), "right")
    period_no = pd.factorize(raw_period, sort=True)[0] + 1 if len(series) else raw_period

    frames = [
        _one_period(series[period_no == number], number, improvement, baseline, run_length)
        for number in dict.fromkeys(period_no.tolist())
    ]
    out = pd.concat(frames) if len(frames) > 1 else frames[0] if frames else _empty_frame()
    out.index.name = "period"
    out.attrs = {
        "improvement": improvement,
        "target": target,
        "baseline": baseline,
        "rebase_at": tuple(starts),
        "run_length": run_length,
    }
    result = summary(out)
    out.attrs.update(
        variation=result.variation,
        assurance=result.assurance,
        trial=result.trial,
        changed_since=result.changed_since,
    )
    return out


def summary(df: pd.DataFrame) -> SpcSummary:
    """Variation from the latest point, assurance from the target against the latest limits."""
    if df.empty:
        return SpcSummary(variation=None, assurance=None, trial=False)
    latest = df.iloc[-1]
    target = df.attrs.get("target")
    improvement = df.attrs.get("improvement", "neutral")
    return SpcSummary(
        variation=str(latest["point_type"]),
        assurance=_assurance(target, improvement, float(latest["lpl"]), float(latest["upl"])),
        trial=bool(latest["trial"]),
        changed_since=changed_since(df),
    )


def changed_since(df: pd.DataFrame) -> str | None:
    """The month a long run began, when the process has moved on from its limits (DESIGN §4).

    That is when the latest point ends a shift (``run_length`` or more points on one side of
    the mean, a point on the mean breaking it) or a trend (``run_length`` or more points each
    strictly beyond the one before) whose first point is at least ``CHANGE_AGE`` points before
    the latest, counted within the latest period, and no re-base is recorded at or after that
    first point. When both a shift and a trend qualify, the later start is given: a re-base
    there settles both. None otherwise.
    """
    if df.empty:
        return None
    part = df[df["period_no"] == df["period_no"].iloc[-1]]
    y = part["value"].to_numpy(dtype=float)
    run_length = int(df.attrs.get("run_length", 7))
    eps = _noise(y)
    mean = float(part["mean"].iloc[-1])
    side = np.where(y > mean + eps, 1, np.where(y < mean - eps, -1, 0))
    steps = np.sign(np.diff(y)).astype(int)
    starts = []
    shift_start = _run_start(side)
    if side[-1] != 0 and len(y) - shift_start >= run_length:
        starts.append(shift_start)
    if len(steps) and steps[-1] != 0:
        trend_start = _run_start(steps)  # the step out of the trend's first point
        if len(steps) - trend_start + 1 >= run_length:
            starts.append(trend_start)
    old_enough = [s for s in starts if len(y) - 1 - s >= CHANGE_AGE]
    if not old_enough:
        return None
    start = max(old_enough)
    first = str(part.index[start])
    # A re-based period's first point is the re-base (a recorded month with no figure opens
    # the period at the next point); a later recorded re-base, even past the latest figure,
    # says an analyst has seen the change.
    if bool(part["rebase"].iloc[start]):
        return None
    if any(month >= first for month in df.attrs.get("rebase_at", ())):
        return None
    return first


def _run_start(codes: np.ndarray) -> int:
    """Where the run of codes equal to the last one, ending at the last, begins."""
    start = len(codes) - 1
    while start > 0 and codes[start - 1] == codes[-1]:
        start -= 1
    return start


def _assurance(target: float | None, improvement: str, lpl: float, upl: float) -> str | None:
    if target is None or improvement == "neutral" or math.isnan(lpl) or math.isnan(upl):
        return None
    # Strict, as NHSRplotthedots has it: a target on a limit is "hit and miss".
    eps = 1e-9 * max(abs(target), abs(lpl), abs(upl))
    if target > upl + eps:
        return "consistent_fail" if improvement == "increase" else "consistent_pass"
    if target < lpl - eps:
        return "consistent_pass" if improvement == "increase" else "consistent_fail"
    return "inconsistent"


def _one_period(
    series: pd.Series, number: int, improvement: str, baseline: int | None, run_length: int
) -> pd.DataFrame:
    y = series.to_numpy(dtype=float)
    n = len(y)
    eps = _noise(y)
    mean, amr = _centre_and_spread(y[:baseline] if baseline else y, eps)
    lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
    lower_2s, upper_2s = mean - TWO_SIGMA * amr, mean + TWO_SIGMA * amr

    side = np.where(y > mean + eps, 1, np.where(y < mean - eps, -1, 0))
    above, below = y > upl + eps, y < lpl - eps
    outside = above | below
    near = ~outside & ((y > upper_2s + eps) | (y < lower_2s - eps))
    trend = _trend_direction(y, run_length)
    two_of_three = _two_of_three(near, side)
    shift = _runs(side, run_length)

    rule = np.select([outside, trend != 0, two_of_three, shift != 0], list(RULES), default="")
    # Trend points point the trend's way; every other rule goes by the point's side.
    direction = np.where(above, 1, np.where(below, -1, np.where(trend != 0, trend, side)))
    return pd.DataFrame(
        {
            "value": y,
            "mean": mean,
            "lpl": lpl,
            "upl": upl,
            "lower_2sigma": lower_2s,
            "upper_2sigma": upper_2s,
            "moving_range": np.concatenate(([np.nan], np.abs(np.diff(y)))),
            "rule": rule,
            "point_type": _point_types(rule, direction, improvement),
            "period_no": number,
            "rebase": (np.arange(n) == 0) & (number > 1),
            "trial": n < TRIAL_BELOW,
        },
        index=series.index,
    )


def _noise(y: np.ndarray) -> float:
    """How far apart two figures can be and still count as equal.

    Figures typed as decimals (0.1, 12.66) rarely land exactly on a mean or limit computed in
    binary floating point; a billionth of the data's scale absorbs that and is far below any
    difference a chart shows. Nothing is rounded.
    """
    return 1e-9 * float(np.abs(y).max()) if len(y) else 0.0


def _centre_and_spread(y: np.ndarray, eps: float) -> tuple[float, float]:
    """The mean and the screened mean moving range of the points that set the limits."""
    mean = float(y.mean())
    if len(y) < 2:
        return mean, math.nan
    ranges = np.abs(np.diff(y))
    amr = float(ranges.mean())
    # With a zero mean range the screen would drop every range; the limits sit on the mean.
    if amr > eps:
        amr = float(ranges[ranges < MR_SCREEN * amr - eps].mean())
    return mean, amr


def _runs(codes: np.ndarray, length: int) -> np.ndarray:
    """Each code where it sits in a run of at least ``length`` equal non-zero codes, else 0."""
    out = np.zeros(len(codes), dtype=int)
    start = 0
    for i in range(1, len(codes) + 1):
        if i == len(codes) or codes[i] != codes[start]:
            if codes[start] != 0 and i - start >= length:
                out[start:i] = codes[start]
            start = i
    return out


def _trend_direction(y: np.ndarray, run_length: int) -> np.ndarray:
    """+1 / -1 for points in a rising / falling trend; a tie ends a trend."""
    steps = _runs(np.sign(np.diff(y)).astype(int), run_length - 1)
    into = np.concatenate(([0], steps))  # the step that reaches each point
    out_of = np.concatenate((steps, [0]))  # the step that leaves it
    # A peak or trough shared by two trends takes the direction of the one it ends.
    return np.where(into != 0, into, out_of)


def _two_of_three(near: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Points beyond 2σ in a window of three on one side of the mean with two such points."""
    n = len(near)
    if n < 3:
        return np.zeros(n, dtype=bool)
    one_side = np.abs(side[:-2] + side[1:-1] + side[2:]) == 3
    two_near = near[:-2].astype(int) + near[1:-1] + near[2:] >= 2
    window = one_side & two_near  # indexed by the window's first point
    covered = np.zeros(n, dtype=bool)
    for offset in range(3):
        covered[offset : n - 2 + offset] |= window
    return covered & near


def _point_types(rule: np.ndarray, direction: np.ndarray, improvement: str) -> np.ndarray:
    sign = _IMPROVEMENT_SIGN[improvement]
    if sign == 0:
        special = np.where(direction > 0, "special_cause_neutral_high", "special_cause_neutral_low")
    else:
        special = np.where(direction == sign, "special_cause_improvement", "special_cause_concern")
    return np.where(rule == "", "common_cause", special)


def _clean_values(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="raise").astype(float)
    if np.isinf(numbers.to_numpy()).any():
        raise ValueError("values must be finite numbers")
    labels = [_period_label(p) for p in values.index]
    if len(set(labels)) != len(labels):
        raise ValueError("each period may appear only once")
    series = pd.Series(numbers.to_numpy(), index=pd.Index(labels, dtype="str"), name="value")
    return series.dropna().sort_index()


def _period_label(period: object) -> str:
    if isinstance(period, pd.Period):
        return period.strftime("%Y-%m")
    if isinstance(period, date):  # datetime and pandas Timestamp too
        return period.strftime("%Y-%m")
    match = _PERIOD.match(str(period).strip())
    if not match:
        raise ValueError(f"'{period}' is not a month written as YYYY-MM")
    return f"{match[1]}-{match[2]}"


def _clean_target(target: float | None) -> float | None:
    if target is None:
        return None
    target = float(target)
    # A missing target read from a frame arrives as NaN; it means no target.
    if math.isnan(target):
        return None
    if math.isinf(target):
        raise ValueError("target must be a finite number")
    return target


def _empty_frame() -> pd.DataFrame:
    dtypes = {"rule": "str", "point_type": "str", "period_no": int, "rebase": bool, "trial": bool}
    return pd.DataFrame(
        {column: pd.Series(dtype=dtypes.get(column, float)) for column in COLUMNS},
        index=pd.Index([], dtype="str"),
    )
