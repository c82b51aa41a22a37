"""Area levels and the canonical names of England's regions and London's two halves."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    LA = "la"
    REGION = "region"
    LONDON = "inner_outer_london"
    ENGLAND = "england"


ENGLAND = "England"
LONDON = "London"
INNER_LONDON = "Inner London"
OUTER_LONDON = "Outer London"

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    LONDON,
    "South East",
    "South West",
)

_REGION_KEYS = {name.lower(): name for name in REGIONS}
_LONDON_KEYS = {
    "inner london": INNER_LONDON,
    "london (inner)": INNER_LONDON,
    "outer london": OUTER_LONDON,
    "london (outer)": OUTER_LONDON,
}
# ONS codes EES uses for the two halves of London at regional level.
LONDON_CODES = {"E13000001": INNER_LONDON, "E13000002": OUTER_LONDON}


def _key(name: object) -> str:
    return " ".join(str(name).split()).lower() if name is not None else ""


def canonical_region(name: object) -> str | None:
    """A DfE region's canonical name ('Yorkshire and the Humber' -> '... The Humber'); Inner and
    Outer London are London."""
    key = _key(name)
    if key in _LONDON_KEYS:
        return LONDON
    return _REGION_KEYS.get(key)


def london_group(name: object) -> str | None:
    """'Inner London' or 'Outer London' for any spelling DfE uses, else None."""
    return _LONDON_KEYS.get(_key(name))


def is_england(name: object) -> bool:
    return _key(name) == "england"
