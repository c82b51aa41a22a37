"""The one source of "now" for the whole package, settable by tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return _now().astimezone(UTC)


def set_clock(fn: Callable[[], datetime] | None) -> None:
    """Replace the clock (None restores the real one); for tests and replays."""
    global _now
    _now = fn if fn is not None else (lambda: datetime.now(UTC))


def current_month() -> str:
    """This month in the UK, as 'YYYY-MM'."""
    return now().astimezone(UK).strftime("%Y-%m")


def parse_as_of(text: str) -> datetime:
    """A date means the end of that day, UK time; otherwise an ISO timestamp (UK time if naive)."""
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None and len(text) == 10:
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=UK)
        return (end - timedelta(microseconds=1)).astimezone(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date (YYYY-MM-DD) or an ISO timestamp") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK)
    return moment.astimezone(UTC)


def stamp(moment: datetime) -> str:
    """A sortable UTC text stamp, the form the store keeps times in."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
