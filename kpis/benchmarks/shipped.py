"""The benchmarks the project ships under data/benchmarks, in its own CSV format."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from kpis.benchmarks.areas import AREA_COLUMNS
from kpis.benchmarks.dataset import MEASURE_COLUMNS, VALUE_COLUMNS, BenchmarkData
from kpis.benchmarks.geography import LONDON, Level
from kpis.benchmarks.neighbours import NEIGHBOUR_COLUMNS
from kpis.paths import DATA_DIR

SHIPPED_DIR = DATA_DIR / "benchmarks"
FILES = {"values": "values.csv", "neighbours": "neighbours.csv", "areas": "areas.csv"}
MEASURES_FILE = "measures.csv"
# `region` is not stored: it follows from the area (an LA's from areas.csv, a region's own name).
_STORED_VALUES = [c for c in VALUE_COLUMNS if c != "region"]


def write_shipped(data: BenchmarkData, directory: Path = SHIPPED_DIR) -> dict[str, int]:
    """Write the four CSVs (deterministic: sorted, no timestamps); returns their sizes in bytes."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    frames = {
        "values.csv": data.values[_STORED_VALUES],
        "neighbours.csv": data.neighbours[NEIGHBOUR_COLUMNS],
        "areas.csv": data.areas[AREA_COLUMNS],
        MEASURES_FILE: data.measures[MEASURE_COLUMNS],
    }
    sizes = {}
    for name, frame in frames.items():
        path = directory / name
        frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")
        sizes[name] = path.stat().st_size
    return sizes


def _region_of(values: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    by_code = areas.set_index("area_code")["region"]
    region = values["area_code"].map(by_code).astype(object)
    level = values["level"]
    region = region.where(level != Level.REGION.value, values["area_name"])
    region = region.where(level != Level.LONDON.value, LONDON)
    return region.where(level != Level.ENGLAND.value, None)


def read_shipped(directory: Path = SHIPPED_DIR) -> BenchmarkData:
    """Read benchmark CSVs written by write_shipped (uncached)."""
    directory = Path(directory)
    if not (directory / "values.csv").is_file():
        return BenchmarkData.empty()
    text = {"keep_default_na": False, "na_values": {"value": [""]}}
    values = pd.read_csv(
        directory / "values.csv",
        dtype={"kpi_id": str, "year": "int64", "area_code": "Int64", "area_name": str,
               "level": str, "value": "float64", "reason": str, "source": str},
        **text,
    )  # fmt: skip
    areas = pd.read_csv(
        directory / "areas.csv", dtype={"area_code": "int64"}, keep_default_na=False
    ).replace({"": None})
    areas = areas.astype({c: object for c in AREA_COLUMNS[1:]})
    values["region"] = _region_of(values, areas)
    neighbours = pd.read_csv(directory / "neighbours.csv", keep_default_na=False)
    neighbours["closeness"] = neighbours["closeness"].replace({"": None})
    measures = pd.read_csv(directory / MEASURES_FILE, keep_default_na=False).replace({"": None})
    measures = measures.astype({"no_quartile": bool, "complement": bool, "dps": "int64"})
    return BenchmarkData(values[VALUE_COLUMNS], neighbours[NEIGHBOUR_COLUMNS], areas, measures)


@lru_cache(maxsize=2)
def load_shipped(directory: Path = SHIPPED_DIR) -> BenchmarkData:
    """The shipped benchmarks, read once per process; callers must not modify the frames."""
    return read_shipped(Path(directory))
