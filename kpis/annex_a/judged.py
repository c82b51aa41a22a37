"""The cases in a KPI's denominator, judged: their rows in the list, months and whether counted."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Judged:
    """One KPI's denominator cases, each as three aligned arrays.

    rows: the case's position in its list frame (for iloc); months: the month it is counted
    under, as a month number (see timing.month_numbers); counted: whether it is in the
    numerator.
    """

    rows: np.ndarray
    months: np.ndarray
    counted: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def where(self, keep: np.ndarray) -> Judged:
        """The cases where keep (a boolean array aligned with the cases) is true."""
        return Judged(self.rows[keep], self.months[keep], self.counted[keep])
