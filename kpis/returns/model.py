"""What reading gives: returns (a kind, the date their year ends, their tables) and warnings."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from kpis.returns.problems import ReturnProblem

Kind = Literal["903", "cin"]
SSDA903: Kind = "903"
CIN: Kind = "cin"


@dataclass(frozen=True)
class Return:
    """One return: the SSDA903 of a collection year (its tables from one XML or several CSVs)
    or one CIN census file, keyed by the date its year ends (31 March, or the ReferenceDate).

    Each table is text as the file holds it: the used fields, `child`, and where each record
    is (`file`, `row` for CSV, `element` for XML).
    """

    kind: Kind
    period_end: date
    tables: Mapping[str, pd.DataFrame]
    files: tuple[str, ...]
    sha256: str

    @property
    def label(self) -> str:
        if self.kind == SSDA903:
            year = self.period_end.year
            return f"SSDA903 {year - 1}/{year % 100:02d}"
        return f"CIN census to {self.period_end.strftime('%d/%m/%Y')}"


@dataclass(frozen=True)
class ReadResult:
    """The returns in the files given, and the warnings about their records."""

    returns: tuple[Return, ...]
    warnings: tuple[ReturnProblem, ...] = field(default_factory=tuple)


def content_hash(parts: Sequence[bytes]) -> str:
    """A return's identity: its files' contents, whatever their names or order."""
    digests = sorted(hashlib.sha256(p).hexdigest() for p in parts)
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()
