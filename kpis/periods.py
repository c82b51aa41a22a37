"""Reading the many ways analysts write a month into one 'YYYY-MM' form."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import lru_cache

# Month names and abbreviations, as analysts write them, to month numbers.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_NAMED = re.compile(r"^([a-z]+)[\s\-/]*(\d{2}|\d{4})$")


def _valid(year: int, month: int, day: int = 1) -> str | None:
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}"


@lru_cache(maxsize=4096)
def parse_period(text: str) -> str | None:
    """'2016-10', '2016-10-31', 'Oct-16', 'Oct 2016', 'October 2016', '31/10/2016' -> '2016-10'."""
    value = text.strip().lower()
    if match := _ISO_MONTH.match(value):
        return _valid(int(match[1]), int(match[2]))
    if match := _ISO_DATE.match(value):
        return _valid(int(match[1]), int(match[2]), int(match[3]))
    if match := _UK_DATE.match(value):
        return _valid(int(match[3]), int(match[2]), int(match[1]))
    if (match := _NAMED.match(value)) and match[1] in MONTHS:
        year = int(match[2])
        # Two-digit years are this century: scorecards start well after 2000.
        return _valid(year + 2000 if year < 100 else year, MONTHS[match[1]])
    return None


def period_of(moment: date | datetime) -> str:
    """The month a date falls in."""
    return f"{moment.year:04d}-{moment.month:02d}"


def month_end(period: str) -> date:
    """The last day of a 'YYYY-MM' month."""
    year, month = int(period[:4]), int(period[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


def shift(period: str, months: int) -> str:
    """The month `months` after (or before, if negative) a 'YYYY-MM' period."""
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# Every month selector words each of its ~120 options on every run of every session.
@lru_cache(maxsize=4096)
def label(period: str) -> str:
    """'2016-10' -> 'Oct 2016', the way the board reads months."""
    return datetime(int(period[:4]), int(period[5:7]), 1).strftime("%b %Y")
