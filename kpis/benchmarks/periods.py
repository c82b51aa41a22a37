"""Published period labels to the integer year the period ends ('2024/25' is 2025)."""

from __future__ import annotations

import re

# LAIT labels: 2025, 2024/25, 2016-17, 2014-16 (a span), 2013/14-15/16, with notes like (Rev).
_LAIT_LABEL = re.compile(r"^(\d{4})((?:[/-]\d{2}(?:\d{2})?)*)\s*(?:\([^)]*\))?$")
_EES_PERIOD = re.compile(r"^(\d{4})(\d{2})?$")
_PLAUSIBLE = range(1990, 2101)


def _end_year(first: int, last_token: str) -> int:
    if len(last_token) == 4:
        return int(last_token)
    year = first // 100 * 100 + int(last_token)
    # '1999/00' ends in the next century.
    return year + 100 if year < first else year


def year_from_label(label: object) -> int | None:
    """The year a LAIT `Years` label ends, or None when it is not a period label."""
    match = _LAIT_LABEL.match(str(label).strip())
    if not match:
        return None
    first = int(match[1])
    tokens = re.findall(r"\d+", match[2])
    year = _end_year(first, tokens[-1]) if tokens else first
    return year if year in _PLAUSIBLE and year >= first else None


def year_from_time_period(value: object) -> int | None:
    """The year an EES `time_period` ends: 2025 is 2025, 202425 (2024/25) is 2025."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    match = _EES_PERIOD.match(text)
    if not match:
        return None
    first = int(match[1])
    if match[2] is None:
        return first if first in _PLAUSIBLE else None
    if (first + 1) % 100 != int(match[2]):
        return None
    return first + 1 if first + 1 in _PLAUSIBLE else None


def is_provisional(label: object) -> bool:
    """A label marked provisional, superseded by a revised or final one for the same year."""
    return "prov" in str(label).lower()
