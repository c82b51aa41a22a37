"""Published figures that cannot be right: England outside its regions, a region its authorities."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from kpis.benchmarks.dataset import BenchmarkData
from kpis.benchmarks.geography import Level
from kpis.benchmarks.symbols import IMPLAUSIBLE
from kpis.catalogue import Unit
from kpis.rag import format_range, format_value

# What a figure kept out was published as, and the range it should have been within.
EXTRA_COLUMNS = ("published", "range_low", "range_high")


def screened(data: BenchmarkData) -> BenchmarkData:
    """`data` with its values screened (``screen``): what every comparison is made from."""
    return replace(data, values=screen(data.values, data.measures))


def screen(values: pd.DataFrame, measures: pd.DataFrame | None = None) -> pd.DataFrame:
    """`values` with the figures that cannot be right kept out of every comparison (DESIGN §4).

    An England figure for a measure and year outside the range of the regions' figures for
    that measure and year, and a region's figure outside the range of its authorities', gets
    no value and the reason ``implausible``; ``published`` keeps the figure as published and
    ``range_low`` / ``range_high`` the range (NaN on every other row). An average of areas lies
    within their range, so such a figure is a publishing error. A range needs two figures; a
    region kept out is left out of England's range. Figures are compared as published: half
    the measure's last published decimal place (``measures.dps``) is allowed either side.
    """
    out = values.copy()
    for column in EXTRA_COLUMNS:
        out[column] = np.nan
    if out.empty:
        return out
    # Whole-number keys: the shipped data is ~30,000 rows, read at every data version.
    kpi, kpis = pd.factorize(out["kpi_id"])
    year = pd.factorize(out["year"])[0].astype("int64")
    level = out["level"].to_numpy(dtype=object)
    is_region = level == Level.REGION.value
    # An authority belongs to its region's group; a region is looked up by its own name.
    group = np.where(is_region, out["area_name"].to_numpy(dtype=object),
                     out["region"].to_numpy(dtype=object))  # fmt: skip
    place = pd.factorize(pd.Series(group, dtype=object))[0].astype("int64") + 1
    by_year = kpi.astype("int64") * (int(year.max()) + 1) + year
    value = out["value"].to_numpy(dtype="float64").copy()
    slack = _slack(kpi, kpis, measures)
    is_la = (level == Level.LA.value) & out["area_code"].notna().to_numpy()
    by_region = by_year * (int(place.max()) + 1) + place
    low, high = _within(by_region, value, is_la, is_region)
    beyond = is_region & ((value < low - slack) | (value > high + slack))
    _keep_out(out, value, beyond, low, high)
    value[beyond] = np.nan
    is_england = level == Level.ENGLAND.value
    low, high = _within(by_year, value, is_region, is_england)
    beyond = is_england & ((value < low - slack) | (value > high + slack))
    _keep_out(out, value, beyond, low, high)
    return out


def not_used(area: str, level: str, published: float, low: float, high: float, unit: Unit) -> str:
    """Why a published figure is kept out, in the words the board reads: "England's published
    figure (1,258.0 per 100k) is outside the range of the regions' (98.0–181.0 per 100k) and
    is not used"."""
    within = "the regions'" if level == Level.ENGLAND.value else "its authorities'"
    return (
        f"{area}'s published figure ({format_value(published, unit)}) is outside the range of "
        f"{within} ({format_range(low, high, unit)}) and is not used"
    )


def _slack(kpi: np.ndarray, kpis, measures: pd.DataFrame | None) -> np.ndarray:
    """Half a unit of each row's measure's last published decimal place (one place if unknown)."""
    dps = {} if measures is None else dict(zip(measures["kpi_id"], measures["dps"], strict=True))
    places = np.array([float(dps.get(k, 1)) for k in kpis])
    return 0.5 * np.power(10.0, -places)[kpi]


def _within(
    keys: np.ndarray, value: np.ndarray, members: np.ndarray, judged: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each judged row, the lowest and highest figure of the members sharing its key (NaN
    elsewhere, and where fewer than two members have a figure)."""
    group, _ = pd.factorize(keys)
    present = members & ~np.isnan(value)
    size = int(group.max()) + 1
    low = np.full(size, np.inf)
    high = np.full(size, -np.inf)
    np.minimum.at(low, group[present], value[present])
    np.maximum.at(high, group[present], value[present])
    enough = np.bincount(group[present], minlength=size) >= 2
    ranged = judged & enough[group]
    return np.where(ranged, low[group], np.nan), np.where(ranged, high[group], np.nan)


def _keep_out(
    out: pd.DataFrame, value: np.ndarray, beyond: np.ndarray, low: np.ndarray, high: np.ndarray
) -> None:
    if not beyond.any():
        return
    out.loc[beyond, "published"] = value[beyond]
    out.loc[beyond, "range_low"] = low[beyond]
    out.loc[beyond, "range_high"] = high[beyond]
    out.loc[beyond, "value"] = np.nan
    out.loc[beyond, "reason"] = IMPLAUSIBLE


def kept_out_words(frame: pd.DataFrame, kpi_id: str) -> str:
    """What a measure's comparators (``comparators()`` output) leave out as figures that cannot
    be right, for the charts' caption: the latest year in full, earlier years named after it
    ('' when nothing is left out). Years are the years the published periods end, as the
    charts and table beside it give them."""
    rows = frame[(frame["kpi_id"] == kpi_id) & (frame["reason"] == IMPLAUSIBLE)]
    rows = rows[rows["note"].astype(bool)].sort_values("year", ascending=False, kind="stable")
    sentences = []
    for area, mine in rows.groupby("area", sort=False):
        latest = mine.iloc[0]
        sentences.append(f"In {int(latest['year'])}, {latest['note']}.")
        earlier = sorted(int(y) for y in mine["year"].iloc[1:])
        if earlier:
            sentences.append(
                f"{area}'s published figures for {_years(earlier)} are not used either, for the "
                "same reason."
            )
    return " ".join(sentences)


def _years(years: list[int]) -> str:
    """[2016, 2017, 2018, 2020] -> '2016 to 2018 and 2020'."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][-1] + 1:
            spans[-1].append(year)
        else:
            spans.append([year])
    words = [f"{s[0]} to {s[-1]}" if len(s) > 2 else " and ".join(map(str, s)) for s in spans]
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else words[0]
