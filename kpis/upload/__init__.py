"""Reading and validating the analysts' monthly scorecard files (DESIGN §3.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpis.upload.validate import Validation, validate_upload

__all__ = ["Validation", "validate_upload"]


def __getattr__(name: str) -> object:
    # Loaded on first use: the returns import reads zips through kpis.upload.archive and
    # would otherwise load the validator and the KPI catalogue it never uses.
    if name in __all__:
        from kpis.upload import validate

        return getattr(validate, name)
    raise AttributeError(f"module 'kpis.upload' has no attribute {name!r}")
