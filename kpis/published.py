"""DfE published benchmarks as the app uses them: shipped figures overlaid by analysts' imports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from kpis.benchmarks import (
    BenchmarkData,
    authority_comparators,
    build_benchmarks,
    combine,
    latest,
    load_shipped,
    read_all,
)
from kpis.benchmarks.plausible import screened
from kpis.catalogue import Catalogue
from kpis.store import Store

DEFAULT_LA = 309
DEFAULT_MODEL_YEAR = 2025


@dataclass(frozen=True)
class Authority:
    """Which authority the dashboard is for, and which neighbour model it compares with."""

    la_code: int
    model_year: int


def authority(store: Store) -> Authority:
    """The configured authority (Haringey, 309, and the 2025 model unless set otherwise)."""
    return Authority(
        int(store.get_setting("la_code", str(DEFAULT_LA))),
        int(store.get_setting("model_year", str(DEFAULT_MODEL_YEAR))),
    )


def authority_name(data: BenchmarkData, la_code: int) -> str:
    """The authority's name as DfE writes it ("Haringey"), or "LA 309" when DfE has none."""
    place = data.areas.set_index("area_code")
    return str(place.at[la_code, "area_name"]) if la_code in place.index else f"LA {la_code}"


def set_authority(store: Store, data: BenchmarkData, la_code: int, model_year: int) -> Authority:
    """Change the authority; refused (ValueError) for a code or model DfE does not have."""
    if model_year not in data.model_years:
        raise ValueError(f"there is no {model_year} neighbour model (have {data.model_years})")
    known = set(data.authorities(model_year)["area_code"])
    if la_code not in known:
        raise ValueError(f"{la_code} is not an English local authority code in the model")
    store.set_setting("la_code", str(la_code))
    store.set_setting("model_year", str(model_year))
    return Authority(la_code, model_year)


def _imported(store: Store) -> BenchmarkData:
    frames = store.benchmark_frames()
    return BenchmarkData(
        frames["values"], frames["neighbours"], frames["areas"], frames["measures"]
    )


def published_data(store: Store) -> BenchmarkData:
    """Shipped benchmarks, with anything an analyst imported taking precedence; figures that
    cannot be right are kept out (kpis.benchmarks.plausible)."""
    imported = _imported(store)
    if imported.values.empty and imported.neighbours.empty and imported.areas.empty:
        return _shipped()
    return screened(combine(load_shipped(), imported))


@cache
def _shipped() -> BenchmarkData:
    """The shipped benchmarks screened, once per process (callers must not modify them)."""
    return screened(load_shipped())


def import_files(
    store: Store, paths: Sequence[Path], *, user: str | None = None
) -> tuple[int, list[str]]:
    """Import DfE files into the store; raises BenchmarkFileError listing every problem."""
    built, warnings = build_benchmarks(read_all(list(paths)))
    merged = combine(_imported(store), built)
    frames = {
        "values": merged.values,
        "neighbours": merged.neighbours,
        "areas": merged.areas,
        "measures": merged.measures,
    }
    store.replace_benchmarks(frames, files=", ".join(p.name for p in paths), user=user)
    return len(built.values), [str(w) for w in warnings]


def comparators_for(store: Store, catalogue: Catalogue, who: Authority | None = None):
    """Every KPI's comparators for the authority, by year (see kpis.benchmarks.comparators)."""
    who = who or authority(store)
    return authority_comparators(published_data(store), who.la_code, catalogue, who.model_year)


def latest_published(comparators: pd.DataFrame) -> pd.DataFrame:
    """One row per KPI with its latest published year's figures (for the scorecard)."""
    return latest(comparators) if not comparators.empty else comparators


def quartiles(comparators: pd.DataFrame) -> dict[str, str]:
    """The authority's latest published quartile band per KPI (for the exception engine)."""
    if comparators.empty:
        return {}
    wide = latest(comparators)
    pairs = zip(wide["kpi_id"], wide["quartile"], strict=True)
    return {k: b for k, b in pairs if isinstance(b, str) and b}


def neighbours_better(data: BenchmarkData, catalogue: Catalogue, who: Authority) -> dict[str, str]:
    """Per KPI, how the authority's latest published figure sits among its neighbours, in
    words ("worse than 9 of 10 statistical neighbours (2024/25)"); only where it is worse
    than most of them."""
    values = data.values[data.values["level"] == "la"]
    model = data.neighbours[
        (data.neighbours["model_year"] == who.model_year)
        & (data.neighbours["la_code"] == who.la_code)
    ]
    codes = set(model["neighbour_code"].astype(int))
    found: dict[str, str] = {}
    for kpi in catalogue.kpis:
        if kpi.polarity.value == "neutral":
            continue
        rows = values[(values["kpi_id"] == kpi.id) & values["value"].notna()]
        mine = rows[rows["area_code"] == who.la_code]
        if mine.empty:
            continue
        year = int(mine["year"].max())
        own = float(mine.loc[mine["year"] == year, "value"].iloc[0])
        theirs = rows[(rows["year"] == year) & rows["area_code"].isin(codes)]["value"]
        better = theirs > own if kpi.polarity.value == "higher_better" else theirs < own
        if len(theirs) and better.sum() > len(theirs) / 2:
            found[kpi.id] = (
                f"worse than {int(better.sum())} of {len(theirs)} statistical neighbours "
                f"({year - 1}/{year % 100:02d}, {who.model_year} model)"
            )
    return found
