"""Our year-end figures beside DfE's published ones, ranked among the authorities (§10.4)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from kpis.benchmarks import BenchmarkData
from kpis.benchmarks.comparators import comparators, national_rank, quartile_band
from kpis.benchmarks.geography import Level
from kpis.catalogue import Catalogue

COLUMNS = ["kpi_id", "year", "value", "numerator", "denominator", "published", "difference",
           "england", "neighbour_mean", "quartile", "rank"]  # fmt: skip


def rounded(value: float, places: int) -> float:
    """Rounded half away from zero, as DfE rounds what it publishes."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def _places(data: BenchmarkData, kpi_id: str) -> int:
    """The measure's decimal places in LAIT's data dictionary (blank or NA: 1)."""
    measures = data.measures
    found = measures.loc[measures["kpi_id"] == kpi_id, "dps"]
    if found.empty or pd.isna(found.iloc[0]):
        return 1
    return int(found.iloc[0])


def _authorities(data: BenchmarkData, kpi_id: str) -> pd.DataFrame:
    v = data.values
    las = v[(v["kpi_id"] == kpi_id) & (v["level"] == Level.LA.value) & v["area_code"].notna()]
    return las[las["value"].notna()]


def _comparator(table: pd.DataFrame, year: int, name: str, column: str = "value") -> object:
    row = table[(table["year"] == year) & (table["comparator"] == name)]
    if row.empty:
        return None
    found = row.iloc[0][column]
    return None if found is None or (isinstance(found, float) and np.isnan(found)) else found


def year_table(
    ends: pd.DataFrame,
    year: int,
    data: BenchmarkData,
    catalogue: Catalogue,
    la_code: int,
    model_year: int,
) -> pd.DataFrame:
    """COLUMNS for each year-end figure of `year`: DfE's published figure and our difference
    from it where DfE has published one (with that year's England, neighbour mean, quartile
    and rank); otherwise provisional, placed among the latest year DfE has published (our
    own published value there replaced by ours)."""
    rows = []
    no_quartile = dict(zip(data.measures["kpi_id"], data.measures["no_quartile"], strict=True))
    for end in ends[ends["year"] == year].itertuples():
        kpi = catalogue.by_id().get(end.kpi_id)
        if kpi is None:
            continue
        table = comparators(
            data.values, data.neighbours, data.areas, la_code, kpi, model_year,
            no_quartile=bool(no_quartile.get(kpi.id, False)),
        ) if la_code in set(data.areas["area_code"]) else pd.DataFrame(
            columns=["year", "comparator", "value", "band"]
        )  # fmt: skip
        published = _comparator(table, year, "la")
        row = {
            "kpi_id": end.kpi_id, "year": year, "value": end.value,
            "numerator": end.numerator, "denominator": end.denominator,
            "published": published, "difference": None,
        }  # fmt: skip
        if published is not None:
            places = _places(data, kpi.id)
            row["difference"] = rounded(rounded(end.value, places) - float(published), places)
            base = year
            row["quartile"] = _comparator(table, year, "quartile", "band")
            row["rank"] = _comparator(table, year, "rank")
        else:
            las = _authorities(data, kpi.id)
            years = sorted(set(las["year"]))
            base = year if year in years else (years[-1] if years else None)
            if base is not None:
                others = las[(las["year"] == base) & (las["area_code"] != la_code)]["value"]
                population = np.append(others.to_numpy(dtype="float64"), end.value)
                if not no_quartile.get(kpi.id, False):
                    row["quartile"] = quartile_band(end.value, population, kpi.polarity)
                row["rank"] = national_rank(end.value, population, kpi.polarity)
        if base is not None:
            row["england"] = _comparator(table, base, "england")
            row["neighbour_mean"] = _comparator(table, base, "sn_mean")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["rank"] = frame["rank"].astype("Int64")
    return frame
