"""Matching a sheet's headers to the fields we need, despite case, punctuation and drift."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher, get_close_matches
from functools import lru_cache

from kpis.annex_a.fields import Field

# Real workbooks misspell a few words; fix them before comparing.
_SPELLING = (
    ("accomodation", "accommodation"),
    ("acommodation", "accommodation"),
    ("accommadation", "accommodation"),
    ("authoriz", "authoris"),
    ("assesment", "assessment"),
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_FUZZY = 0.88


def normalise(header: object) -> str:
    """Lower case, '&' as 'and', spelling fixed, everything but letters and digits removed."""
    text = str(header).lower().replace("&", "and")
    text = _NON_ALNUM.sub("", text)
    for wrong, right in _SPELLING:
        text = text.replace(wrong, right)
    return text


@lru_cache(maxsize=256)
def names(spec: Field) -> tuple[str, ...]:
    """A field's header and its variants, normalised for comparing."""
    return tuple(normalise(text) for text in (spec.header, *spec.aliases))


@dataclass(frozen=True)
class ColumnMatch:
    """Which header position each field was found at, and the fields not found."""

    found: dict[str, int] = field(default_factory=dict)
    missing: tuple[Field, ...] = ()

    def missing_required(self) -> tuple[Field, ...]:
        return tuple(spec for spec in self.missing if spec.required)


def _score(header: str, spec: Field) -> float:
    best = 0.0
    for name in names(spec):
        matcher = SequenceMatcher(None, header, name)
        # quick_ratio is an upper bound of ratio, and much cheaper.
        if matcher.quick_ratio() >= _FUZZY:
            best = max(best, matcher.ratio())
    return best


def match_columns(
    headers: Sequence[object], fields: Sequence[Field], *, fuzzy: bool = True
) -> ColumnMatch:
    """Exact matches (after normalising) first, in alias order; then close spellings."""
    norm = [normalise(h) for h in headers]
    taken: set[int] = set()
    found: dict[str, int] = {}
    for spec in fields:
        for name in names(spec):
            hit = next((i for i, h in enumerate(norm) if h == name and i not in taken), None)
            if hit is not None:
                found[spec.name] = hit
                taken.add(hit)
                break
    for spec in fields:
        if spec.name in found:
            continue
        # Headers often carry a note: 'Date of Birth (DD/MM/YYYY)', 'Allocated Worker (SW)'.
        hit = next(
            (
                i
                for i, h in enumerate(norm)
                if i not in taken and any(h.startswith(n) for n in names(spec) if len(n) >= 10)
            ),
            None,
        )
        if hit is not None:
            found[spec.name] = hit
            taken.add(hit)
    for spec in fields:
        if spec.name in found or not fuzzy:
            continue
        best, best_score = None, _FUZZY
        for i, h in enumerate(norm):
            if i in taken or not h:
                continue
            score = _score(h, spec)
            # A header that reads more like another field is that field's, even if taken.
            if score >= best_score and all(_score(h, o) < score for o in fields if o is not spec):
                best, best_score = i, score
        if best is not None:
            found[spec.name] = best
            taken.add(best)
    missing = tuple(spec for spec in fields if spec.name not in found)
    return ColumnMatch(found, missing)


def closest_header(headers: Sequence[object], spec: Field) -> str | None:
    """The sheet header most like a missing field, to suggest in the error."""
    by_norm = {normalise(h): str(h) for h in headers if str(h).strip()}
    close = get_close_matches(normalise(spec.header), list(by_norm), n=1, cutoff=0.6)
    return by_norm[close[0]] if close else None
