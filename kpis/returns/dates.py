"""Reading the returns' dates: dd/mm/yyyy (903) and yyyy-mm-dd (CIN, and accepted in 903)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

# One or two digits for the day and month: the odd file writes 1/4/2024. Two-digit years are
# not read: 01/04/24 could be 1924 or 2024 for a date of birth.
_UK = r"^\d{1,2}/\d{1,2}/\d{4}$"
_ISO = r"^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00)?)?$"
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each text as a date (NaT when blank or unreadable) and whether it was unreadable."""
    # The returns repeat a few thousand dates over their records, and the same columns are
    # read more than once (merging, then typing): read each distinct text once a process.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [*np.asarray(uniques, dtype=object).tolist(), None]
    new = [t for t in texts if t not in _READ]
    found: dict[object, tuple[np.datetime64, bool]] = {}
    if new:
        stamps, bad = _parse(pd.Series(new, dtype=object))
        found = dict(zip(new, zip(stamps.to_numpy(), bad.to_numpy(), strict=True), strict=True))
        # Bounded: a hostile file could hold any number of distinct texts.
        if len(_READ) + len(found) <= _MOST_KEPT:
            _READ.update(found)
    read = [found[t] if t in found else _READ[t] for t in texts]
    stamps = np.array([r[0] for r in read], dtype="datetime64[ns]")
    bad = np.array([r[1] for r in read], dtype=bool)
    codes = np.where(codes < 0, len(texts) - 1, codes)
    return (
        pd.Series(stamps[codes], values.index, "datetime64[ns]", values.name),
        pd.Series(bad[codes], values.index, bool, values.name),
    )


# What each text read as (its date, or NaT, and whether unreadable).
_READ: dict[object, tuple[np.datetime64, bool]] = {}
_MOST_KEPT = 200_000


def _parse(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = values.fillna("").astype(str).str.strip()
    blank = text == ""
    # pandas reads the exact formats fast; the patterns then refuse what it reads too loosely
    # (two-digit years, trailing text) so the rules stay the two written above.
    uk = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    iso = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    stamps = uk.fillna(iso)
    shaped = text.str.match(_UK) | text.str.match(_ISO)
    inside = stamps.dt.year.between(FIRST_YEAR, LAST_YEAR)
    stamps = stamps.where(shaped & inside).astype("datetime64[ns]")
    return stamps, ~blank & stamps.isna()


def parse_date(text: str) -> pd.Timestamp | None:
    """One date, or None when it cannot be read."""
    stamps, _bad = parse_dates(pd.Series([text], dtype=object))
    day = stamps.iat[0]
    return None if pd.isna(day) else day


@cache
def day_of(stamp: np.datetime64 | pd.Timestamp) -> str:
    """A date as the analyst writes it: dd/mm/yyyy."""
    # Cached: the measures write the same few thousand dates into tens of thousands of reasons.
    return pd.Timestamp(stamp).strftime("%d/%m/%Y")
