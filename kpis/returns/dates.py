"""Reading the returns' dates: dd/mm/yyyy (903) and yyyy-mm-dd (CIN, and accepted in 903)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# One or two digits for the day and month: the odd file writes 1/4/2024. Two-digit years are
# not read: 01/04/24 could be 1924 or 2024 for a date of birth.
_UK = r"^\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\s*$"
_ISO = r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ]00:00(?::00)?)?\s*$"
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _parts(text: pd.Series, pattern: str) -> pd.DataFrame:
    return text.str.extract(pattern).astype("float64")


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each text as a date (NaT when blank or unreadable) and whether it was unreadable."""
    text = values.fillna("").astype(str)
    blank = text.str.strip() == ""
    uk, iso = _parts(text, _UK), _parts(text, _ISO)
    parts = uk.fillna(iso)
    year, month, day = parts["y"], parts["m"], parts["d"]
    inside = year.between(FIRST_YEAR, LAST_YEAR)
    stamps = pd.to_datetime(
        pd.DataFrame({"year": year.where(inside), "month": month, "day": day}),
        errors="coerce",
    )
    stamps = stamps.astype("datetime64[ns]")
    bad = ~blank & stamps.isna()
    return stamps, bad


def parse_date(text: str) -> pd.Timestamp | None:
    """One date, or None when it cannot be read."""
    stamps, _bad = parse_dates(pd.Series([text], dtype=object))
    day = stamps.iat[0]
    return None if pd.isna(day) else day


def day_of(stamp: np.datetime64 | pd.Timestamp) -> str:
    """A date as the analyst writes it: dd/mm/yyyy."""
    return pd.Timestamp(stamp).strftime("%d/%m/%Y")
