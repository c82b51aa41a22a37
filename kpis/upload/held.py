"""Wide sheets: cells that repeat a published figure unchanged are already held, so not re-read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpis.periods import label, parse_period
from kpis.problems import Problem
from kpis.upload.numbers import parse_numbers
from kpis.upload.reader import unneutralise
from kpis.upload.shapes import LongTable

# Values read back from a file we wrote are the stored floats; this only absorbs float noise.
_SAME = 1e-9


def drop_held(long: LongTable, held: pd.DataFrame | None) -> LongTable:
    """A wide sheet without the cells that repeat a published figure (value, and target and
    commentary where the sheet gives them); a template's rows with nothing left to publish and
    the month to fill blank become errors (DESIGN §3.4).

    Re-reading such a cell would replace the stored figure with one that has lost its
    numerator, denominator and commentary, which a wide sheet cannot carry.
    """
    if long.shape != "wide":
        return long
    frame = long.frame
    keep = ~_held(frame, held) if held is not None and len(held) and len(frame) else None
    if keep is not None:
        frame = frame[keep.to_numpy()].reset_index(drop=True)
    problems = list(long.problems)
    if long.template:
        filled = set(frame["row"].astype(int))
        period = _fill_period(long)
        for row in long.sheet_rows:
            if row not in filled:
                problems.append(
                    Problem(
                        row,
                        long.fill_column,
                        f"no value for {label(period) if period else 'the month'}: "
                        "fill it in, or delete the row",
                    )
                )
    return LongTable(
        frame,
        problems,
        long.shape,
        long.headers,
        long.template,
        long.fill_column,
        long.sheet_rows,
    )


def _held(frame: pd.DataFrame, held: pd.DataFrame) -> pd.Series:
    """True for each cell whose figure is published with the same value (and target and
    commentary, where the cell's row gives them)."""
    numbers = parse_numbers(frame["value"])
    targets = parse_numbers(frame["target"])
    cells = pd.DataFrame(
        {
            "kpi_id": frame["kpi"].str.strip().str.lower(),
            "period": frame["period"],
            "team": unneutralise(frame["team"].str.strip()),
            "value_new": numbers.values,
            "target_new": targets.values,
            "commentary_new": unneutralise(frame["commentary"].str.strip()),
        }
    )
    stored = held[["kpi_id", "period", "team", "value", "target", "commentary"]]
    merged = cells.merge(stored, on=["kpi_id", "period", "team"], how="left")
    same_value = _close(merged["value_new"], merged["value"]) & ~numbers.bad.to_numpy()
    same_target = merged["target_new"].isna() | _close(merged["target_new"], merged["target"])
    commentary = merged["commentary"].fillna("").astype(str)
    same_words = (merged["commentary_new"] == "") | (merged["commentary_new"] == commentary)
    return pd.Series((same_value & same_target & same_words).to_numpy(), index=frame.index)


def _close(a: pd.Series, b: pd.Series) -> pd.Series:
    x, y = a.astype("float64"), b.astype("float64")
    return (x - y).abs() <= _SAME * np.maximum(1.0, y.abs())


def _fill_period(long: LongTable) -> str | None:
    return parse_period(long.fill_column) if long.fill_column else None
