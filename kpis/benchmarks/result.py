"""What reading one benchmark file gives back: its tidy data, the areas it names and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd


class Kind(StrEnum):
    LAIT = "lait"
    LAIT_DICTIONARY = "lait_dictionary"
    EES = "ees"
    NEIGHBOURS = "neighbours"
    AREAS = "areas"


@dataclass(frozen=True)
class ImportResult:
    """One file read: `data` is tidy (its shape depends on `kind`); `areas` are the LAs it names."""

    kind: Kind
    source: str
    data: pd.DataFrame
    areas: pd.DataFrame | None = None
    # LAIT: the data dictionary rows for its measures; EES: indicator, dps.
    measures: pd.DataFrame | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    model_year: int | None = None
    # EES: the file's filter columns, in file order.
    filters: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line for a command-line report."""
        extra = f", model {self.model_year}" if self.model_year else ""
        return f"{self.source}: {self.kind.value}, {len(self.data):,} rows{extra}"
