"""The KPI catalogue: a validated, analyst-editable data file describing every measure."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kpis.paths import DATA_DIR

CATALOGUE_PATH = DATA_DIR / "catalogue.yaml"


class Unit(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    RATE_PER_10K = "rate_per_10k"
    RATE_PER_100K = "rate_per_100k"
    RATE_PER_1000 = "rate_per_1000"
    DAYS = "days"

    @property
    def rate_base(self) -> float | None:
        """The multiplier turning numerator/denominator into this unit, or None."""
        return {
            Unit.PERCENT: 100.0,
            Unit.RATE_PER_10K: 10_000.0,
            Unit.RATE_PER_100K: 100_000.0,
            Unit.RATE_PER_1000: 1_000.0,
        }.get(self)


class Polarity(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    NEUTRAL = "neutral"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


_FY = re.compile(r"^(\d{4})/(\d{2})$")


class EesBenchmark(BaseModel):
    """Where a KPI's figure sits in an Explore Education Statistics tidy file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: str = Field(min_length=1)
    # Filter columns the spec leaves out must be single-valued or have a "Total" value.
    filters: dict[str, str] = Field(default_factory=dict)
    # Part of the file name, needed only when two imported files share the indicator.
    dataset: str | None = None


class Benchmark(BaseModel):
    """The DfE published measure a KPI benchmarks against: a LAIT code and/or an EES spec."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lait: str | None = None
    ees: EesBenchmark | None = None
    # DfE publishes the opposite share (e.g. "not in touch"); the KPI is 100 minus it.
    complement: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_code(cls, value: object) -> object:
        # A plain string is a LAIT measure code, the catalogue's original shape.
        return {"lait": value.strip()} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _has_a_source(self) -> Benchmark:
        if not self.lait and self.ees is None:
            raise ValueError("a benchmark needs a LAIT code ('lait') or an EES spec ('ees')")
        return self

    def __str__(self) -> str:
        """The LAIT code, else the EES indicator with its filter values."""
        if self.lait or self.ees is None:
            return self.lait or ""
        text = self.ees.indicator
        if self.ees.filters:
            text += f" ({', '.join(self.ees.filters.values())})"
        return f"100 minus {text}" if self.complement else text


class Kpi(BaseModel):
    """One measure of the scorecard."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    area: str = Field(min_length=1)
    unit: Unit
    polarity: Polarity
    frequency: Frequency
    target: float | None = None
    tolerance: float | None = Field(default=None, ge=0)
    year_targets: dict[str, float] = Field(default_factory=dict)
    basis: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    numerator: str | None = None
    denominator: str | None = None
    source: str = Field(min_length=1)
    benchmark: Benchmark | None = None

    @field_validator("benchmark", mode="before")
    @classmethod
    def _blank_benchmark(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("year_targets")
    @classmethod
    def _financial_years(cls, value: dict[str, float]) -> dict[str, float]:
        for year in value:
            match = _FY.match(str(year))
            if not match or (int(match[1]) + 1) % 100 != int(match[2]):
                raise ValueError(f"'{year}' is not a financial year like 2025/26")
        return value

    @model_validator(mode="after")
    def _percent_target_in_range(self) -> Kpi:
        targets = [self.target, *self.year_targets.values()]
        if self.unit is Unit.PERCENT and any(t is not None and not 0 <= t <= 100 for t in targets):
            raise ValueError("a percentage target must be between 0 and 100")
        return self

    @property
    def is_rate(self) -> bool:
        return self.unit.rate_base is not None

    def target_for(self, period: str) -> float | None:
        """The catalogue target for a month 'YYYY-MM' (financial-year target, else default)."""
        year, month = int(period[:4]), int(period[5:7])
        start = year if month >= 4 else year - 1
        return self.year_targets.get(f"{start}/{(start + 1) % 100:02d}", self.target)

    def tolerance_for(self, target: float | None) -> float | None:
        """Amber tolerance: explicit, else 5 points for percentages, else 10% of the target."""
        if self.tolerance is not None:
            return self.tolerance
        if target is None:
            return None
        return 5.0 if self.unit is Unit.PERCENT else abs(target) * 0.10


class Catalogue(BaseModel):
    """The whole catalogue, in file order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kpis: list[Kpi]

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalogue:
        seen: set[str] = set()
        for kpi in self.kpis:
            if kpi.id in seen:
                raise ValueError(f"KPI id '{kpi.id}' appears twice")
            seen.add(kpi.id)
        return self

    def get(self, kpi_id: str) -> Kpi:
        return self.by_id()[kpi_id]

    def by_id(self) -> dict[str, Kpi]:
        return {k.id: k for k in self.kpis}

    @property
    def areas(self) -> list[str]:
        return list(dict.fromkeys(k.area for k in self.kpis))


class CatalogueError(Exception):
    """The catalogue file cannot be used; the message names the entry and field."""


def _describe(error: dict, raw: dict) -> str:
    loc = list(error["loc"])
    where = "catalogue"
    if len(loc) >= 2 and loc[0] == "kpis" and isinstance(loc[1], int):
        entries = raw.get("kpis") or []
        index = loc[1]
        entry = entries[index] if index < len(entries) and isinstance(entries[index], dict) else {}
        where = f"entry {index + 1} ({entry.get('id', 'no id')})"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc)
    return f"{where}, field {field or '(entry)'}: {error['msg']}"


def parse_catalogue(text: str) -> Catalogue:
    """Validate catalogue YAML text, raising CatalogueError with every problem listed."""
    try:
        # The C loader when PyYAML has it: the catalogue is parsed on every command.
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise CatalogueError(f"the catalogue is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise CatalogueError("the catalogue must be a mapping with a 'kpis' list")
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as exc:
        lines = [_describe(e, raw) for e in exc.errors()]
        raise CatalogueError("the KPI catalogue has problems:\n" + "\n".join(lines)) from None


@lru_cache(maxsize=4)
def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    """Read and validate the catalogue file (cached per path)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(f"cannot read the catalogue {path}: {exc.strerror}") from None
    return parse_catalogue(text)
