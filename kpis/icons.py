"""Making Data Count variation and assurance icons, drawn as inline SVG with text alternatives."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from kpis.periods import label as month_label
from kpis.spc import ASSURANCE_TYPES, POINT_TYPES

# The NHS Making Data Count colours, so the icons match the SPC charts.
COMMON = "#a6a6a6"
IMPROVEMENT = "#00b0f0"
CONCERN = "#e46c0a"
NEUTRAL = "#490092"
NO_DATA = "#b1b4b6"

POINT_TYPE_COLOURS: dict[str, str] = {
    "common_cause": COMMON,
    "special_cause_improvement": IMPROVEMENT,
    "special_cause_concern": CONCERN,
    "special_cause_neutral_high": NEUTRAL,
    "special_cause_neutral_low": NEUTRAL,
}
POINT_TYPE_WORDS: dict[str, str] = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause – improvement",
    "special_cause_concern": "Special cause – concern",
    "special_cause_neutral_high": "Special cause – neutral (high)",
    "special_cause_neutral_low": "Special cause – neutral (low)",
}
ASSURANCE_COLOURS: dict[str, str] = {
    "consistent_pass": IMPROVEMENT,
    "consistent_fail": CONCERN,
    "inconsistent": COMMON,
}
ASSURANCE_WORDS: dict[str, str] = {
    "consistent_pass": "Assurance – will consistently pass the target",
    "consistent_fail": "Assurance – will consistently fail the target",
    "inconsistent": "Assurance – hit and miss (the target is within the process limits)",
}
# A few words for beside the icon on a board's table, where the whole label will not fit; the
# icon's text alternative stays the whole label.
POINT_TYPE_SHORT: dict[str, str] = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Improvement",
    "special_cause_concern": "Concern",
    "special_cause_neutral_high": "Unusual (high)",
    "special_cause_neutral_low": "Unusual (low)",
}
ASSURANCE_SHORT: dict[str, str] = {
    "consistent_pass": "Will pass",
    "consistent_fail": "Will fail",
    "inconsistent": "Hit and miss",
}
CHANGED = "The process changed in {month}: limits from before the change cannot judge the target"
NO_VARIATION = "Variation – no data"
NO_ASSURANCE = "Assurance – not assessed (no target, or not enough data)"

_LETTERS = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}
# For a KPI where higher is better, an improvement is high and a concern low; and vice versa.
_HIGH = {
    ("special_cause_improvement", "increase"): True,
    ("special_cause_improvement", "decrease"): False,
    ("special_cause_concern", "increase"): False,
    ("special_cause_concern", "decrease"): True,
    ("special_cause_neutral_high", None): True,
    ("special_cause_neutral_low", None): False,
}
_ZIGZAG = "9,22 13,17 17,24 21,15 25,23 29,18 31,21"
_STEP = "8,26 19,26 19,14 32,14"


@dataclass(frozen=True)
class Icon:
    """An inline SVG and the plain-English words it stands for (its text alternative)."""

    svg: str
    label: str
    short: str = ""

    @property
    def words(self) -> str:
        """The few words shown beside the icon (its whole label where it has no short form)."""
        return self.short or self.label


def variation_icon(point_type: str | None, improvement: str | None = None) -> Icon:
    """The variation icon for the latest point's ``point_type`` (``kpis.spc.POINT_TYPES``).

    ``improvement`` ("increase" or "decrease", as given to ``kpis.spc.xmr``) says whether an
    improvement or concern is high (H, arrow up) or low (L, arrow down); without it those
    icons carry no letter. None gives the 'no data' icon.
    """
    if point_type is None:
        return _no_data(NO_VARIATION, "No data")
    if point_type not in POINT_TYPES:
        raise ValueError(f"unknown point type '{point_type}'; expected one of {POINT_TYPES}")
    colour = POINT_TYPE_COLOURS[point_type]
    words, short = POINT_TYPE_WORDS[point_type], POINT_TYPE_SHORT[point_type]
    if point_type == "common_cause":
        return _icon(words, colour, _zigzag(colour), short=short)
    neutral = point_type.startswith("special_cause_neutral")
    high = _HIGH.get((point_type, None if neutral else improvement))
    if high is None:
        return _icon(words, colour, _zigzag(colour), short=short)
    label = words if neutral else f"{words} ({'high' if high else 'low'})"
    short = short if neutral else f"{short} ({'high' if high else 'low'})"
    arrow = _letter_and_arrow("H" if high else "L", colour, up=high)
    return _icon(label, colour, arrow, short=short)


def changed_words(since: str) -> str:
    """What the board reads instead of an assurance verdict once the process has moved on
    from its limits (``kpis.spc.changed_since``): 'The process changed in Jun 2021: …'."""
    return CHANGED.format(month=month_label(since))


def assurance_icon(assurance: str | None, changed_since: str | None = None) -> Icon:
    """The assurance icon: P (will pass), F (will fail), ? (hit and miss); None gives 'no data'.

    With ``changed_since`` (the month a long run began) a verdict is not given: the icon is a
    step, dashed as 'no data' is, labelled with ``changed_words``.
    """
    if assurance is not None and assurance not in ASSURANCE_TYPES:
        raise ValueError(f"unknown assurance '{assurance}'; expected one of {ASSURANCE_TYPES}")
    if assurance is not None and changed_since:
        step = (
            f'<polyline points="{_STEP}" fill="none" stroke="{COMMON}" stroke-width="3" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        return _icon(changed_words(changed_since), COMMON, step, dashed=True)
    if assurance is None:
        return _no_data(NO_ASSURANCE, "Not assessed")
    colour = ASSURANCE_COLOURS[assurance]
    letter = _letter(_LETTERS[assurance], colour, 27, 18)
    return _icon(ASSURANCE_WORDS[assurance], colour, letter, short=ASSURANCE_SHORT[assurance])


def data_uri(icon: Icon) -> str:
    """The icon as a data URI, for st.column_config.ImageColumn or an HTML <img src>."""
    encoded = base64.b64encode(icon.svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def _icon(label: str, colour: str, inner: str, dashed: bool = False, short: str = "") -> Icon:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    # aria-label as well as <title>: some screen readers skip an inline SVG's <title>, and
    # aria-labelledby would need an id that repeats when a page shows many icons.
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40" '
        f'role="img" aria-label={quoteattr(label)}>'
        f"<title>{escape(label)}</title>"
        f'<circle cx="20" cy="20" r="17" fill="#ffffff" stroke="{colour}" stroke-width="3"{dash}/>'
        f"{inner}</svg>"
    )
    return Icon(svg=svg, label=label, short=short)


def _no_data(label: str, short: str) -> Icon:
    return _icon(label, NO_DATA, _letter("–", NO_DATA, 26, 18), dashed=True, short=short)


def _letter(letter: str, colour: str, baseline: int, size: int) -> str:
    return (
        f'<text x="20" y="{baseline}" text-anchor="middle" font-family="Arial, sans-serif" '
        f'font-size="{size}" font-weight="bold" fill="{colour}">{escape(letter)}</text>'
    )


def _letter_and_arrow(letter: str, colour: str, *, up: bool) -> str:
    if up:
        arrow, baseline = "14,15 26,15 20,8", 30
    else:
        arrow, baseline = "14,25 26,25 20,32", 22
    return f'<polygon points="{arrow}" fill="{colour}"/>' + _letter(letter, colour, baseline, 14)


def _zigzag(colour: str) -> str:
    return (
        f'<polyline points="{_ZIGZAG}" fill="none" stroke="{colour}" stroke-width="2.5" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )
