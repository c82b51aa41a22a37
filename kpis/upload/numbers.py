"""Reading figures as analysts type them: '85%', ' 85.0 ', '1,234'."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$"


@dataclass(frozen=True)
class Numbers:
    """Parsed numbers beside masks saying which cells were blank, bad, or written with '%'."""

    values: pd.Series
    blank: pd.Series
    bad: pd.Series
    percent: pd.Series


def parse_numbers(text: pd.Series) -> Numbers:
    """Vectorised number parsing; a bad cell is one that is neither blank nor a finite number."""
    clean = text.str.strip()
    blank = clean == ""
    nothing = pd.Series(False, index=text.index)
    if blank.all():
        return Numbers(pd.Series(np.nan, index=text.index), blank, nothing, nothing)
    values = pd.to_numeric(clean.where(~blank, None), errors="coerce").astype("float64")
    # Plain numbers take the fast path; only cells it refuses get the slower spellings.
    odd = ~blank & values.isna()
    percent = nothing.copy()
    if odd.any():
        rest = clean[odd].str.replace("\u00a0", " ", regex=False).str.strip()
        percent[odd] = rest.str.endswith("%")
        rest = rest.str.removesuffix("%").str.strip()
        grouped = rest.str.fullmatch(_THOUSANDS)
        rest = rest.where(~grouped, rest.str.replace(",", "", regex=False))
        values[odd] = pd.to_numeric(rest, errors="coerce").astype("float64")
    bad = ~blank & (values.isna() | ~np.isfinite(values.fillna(0)))
    return Numbers(values.where(~bad), blank, bad, percent & ~bad)
