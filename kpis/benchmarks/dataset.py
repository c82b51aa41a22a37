"""The benchmark data the app uses: KPI values, neighbour models, areas and measure facts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.benchmarks.areas import AREA_COLUMNS, merge_areas
from kpis.benchmarks.neighbours import NEIGHBOUR_COLUMNS

VALUE_COLUMNS = [
    "kpi_id", "year", "area_code", "area_name", "level", "region", "value", "reason", "source",
]  # fmt: skip
MEASURE_COLUMNS = [
    "kpi_id", "polarity", "dps", "no_quartile", "lait", "ees_indicator", "complement", "source",
]  # fmt: skip


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@dataclass(frozen=True)
class BenchmarkData:
    """Tidy frames; treat them as read-only (they may be shared from a cache).

    values: VALUE_COLUMNS, one row per KPI, year and area (LA rows have an area_code).
    neighbours: NEIGHBOUR_COLUMNS, one row per model year, LA and rank.
    areas: AREA_COLUMNS, one row per LA code.
    measures: MEASURE_COLUMNS, one row per KPI DfE publishes.
    """

    values: pd.DataFrame
    neighbours: pd.DataFrame
    areas: pd.DataFrame
    measures: pd.DataFrame

    @classmethod
    def empty(cls) -> BenchmarkData:
        return cls(
            _empty(VALUE_COLUMNS),
            _empty(NEIGHBOUR_COLUMNS),
            _empty(AREA_COLUMNS),
            _empty(MEASURE_COLUMNS),
        )

    @property
    def model_years(self) -> list[int]:
        return sorted(int(y) for y in self.neighbours["model_year"].unique())

    def authorities(self, model_year: int | None = None) -> pd.DataFrame:
        """The LAs a user can pick: those with neighbours in the model (the latest by default)."""
        years = self.model_years
        if not years:
            return self.areas.iloc[0:0]
        year = model_year or years[-1]
        listed = self.neighbours.loc[self.neighbours["model_year"] == year, "la_code"].unique()
        chosen = self.areas[self.areas["area_code"].isin(listed)]
        return chosen.sort_values("area_name").reset_index(drop=True)


def combine(base: BenchmarkData, override: BenchmarkData) -> BenchmarkData:
    """`override` (a later import) replaces `base` (e.g. the shipped data) KPI-year by KPI-year
    and model by model, so each year's quartiles come from one consistent set of figures."""
    replaced = pd.MultiIndex.from_frame(override.values[["kpi_id", "year"]].drop_duplicates())
    base_keys = pd.MultiIndex.from_frame(base.values[["kpi_id", "year"]])
    values = pd.concat([base.values[~base_keys.isin(replaced)], override.values], ignore_index=True)
    new_models = set(override.neighbours["model_year"])
    neighbours = pd.concat(
        [base.neighbours[~base.neighbours["model_year"].isin(new_models)], override.neighbours],
        ignore_index=True,
    )
    new_kpis = set(override.measures["kpi_id"])
    measures = pd.concat(
        [base.measures[~base.measures["kpi_id"].isin(new_kpis)], override.measures],
        ignore_index=True,
    )
    areas = merge_areas([override.areas, base.areas])
    return BenchmarkData(
        values.sort_values(["kpi_id", "year"], kind="stable").reset_index(drop=True),
        neighbours.sort_values(["model_year", "la_code", "neighbour_rank"]).reset_index(drop=True),
        areas,
        measures.sort_values("kpi_id").reset_index(drop=True),
    )
