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
    clean = text.str.replace("\u00a0", " ", regex=False).str.strip()
    blank = clean == ""
    percent = clean.str.endswith("%")
    clean = clean.str.removesuffix("%").str.strip()
    grouped = clean.str.fullmatch(_THOUSANDS)
    clean = clean.where(~grouped, clean.str.replace(",", "", regex=False))
    # Only plain decimal notation: pandas would otherwise accept 'nan', 'inf' or '1_000'.
    plain = clean.str.fullmatch(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
    values = pd.to_numeric(clean.where(plain, None), errors="coerce").astype("float64")
    bad = ~blank & (values.isna() | ~np.isfinite(values.fillna(0)))
    return Numbers(values.where(~bad), blank, bad, percent & ~blank)
