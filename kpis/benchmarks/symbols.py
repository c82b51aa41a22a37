"""Published cells: numbers, DfE suppression symbols (kept as reasons) and float-noise rounding."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# DfE's symbols: c suppressed, k/low rounds to zero, u low reliability, x not available,
# z not applicable; '-', ':', '..' come from older tables and LAIT.
KNOWN_SYMBOLS = frozenset({"c", "k", "u", "x", "z", "w", "low", "-", ":", "..", "~", "*", "n/a"})
# Not DfE's: the reason the app gives a published figure it keeps out as one that cannot be
# right (kpis.benchmarks.plausible).
IMPLAUSIBLE = "implausible"

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
NUMBER_RE = re.compile(rf"^{_NUMBER}$")
# Codes not in the list above still read as symbols when they look like one: punctuation, or a
# short lower-case code; capitalised words ('Total', 'All') are filter values, not symbols.
_SYMBOL_LIKE = re.compile(r"^(?:[^\w\s]{1,3}|[a-z]{1,4}|[a-z]/[a-z])$")


def is_symbol(text: str) -> bool:
    """Whether a non-numeric cell reads as a suppression or availability code."""
    cleaned = text.strip()
    return cleaned.lower() in KNOWN_SYMBOLS or bool(_SYMBOL_LIKE.match(cleaned))


def parse_cells(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split text cells into float values (NaN where not a number) and reasons.

    The reason is the stripped cell where it is not a number ('' where it is, or is blank).
    """
    text = raw.astype("string").fillna("").str.strip()
    numeric = text.str.fullmatch(_NUMBER).fillna(False).astype(bool)
    values = pd.Series(np.nan, index=raw.index, dtype="float64")
    if numeric.any():
        values[numeric] = text[numeric].astype("float64")
    reasons = text.where(~numeric, "").astype(object)
    return values, reasons


def round_half_up(values: pd.Series, dps: pd.Series | int) -> pd.Series:
    """Round to `dps` decimal places, halves away from zero, as the published tables show them.

    Binary noise (78.400000000000006, 1.00499999999) is removed before the half is judged.
    """
    scale = np.power(10.0, np.asarray(dps, dtype="float64"))
    scaled = np.round(np.abs(values.to_numpy(dtype="float64")) * scale, 6)
    rounded = np.sign(values.to_numpy(dtype="float64")) * np.floor(scaled + 0.5) / scale
    return pd.Series(rounded, index=values.index, dtype="float64")


def decimals_shown(raw: pd.Series) -> int:
    """The most decimal places among the plain numbers in `raw` (capped at 6)."""
    text = raw.astype("string").fillna("").str.strip()
    plain = text[text.str.fullmatch(r"[+-]?\d*\.\d+").fillna(False).astype(bool)]
    if plain.empty:
        return 0
    return int(min(6, plain.str.split(".").str[1].str.len().max()))
