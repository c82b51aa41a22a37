"""Reading and validating the analysts' monthly scorecard files (DESIGN §3.1)."""

from kpis.upload.validate import Validation, validate_upload

__all__ = ["Validation", "validate_upload"]
