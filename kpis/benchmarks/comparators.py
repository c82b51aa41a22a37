"""How an authority compares per KPI and year, computed as LAIT does (DESIGN §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpis.benchmarks.dataset import BenchmarkData
from kpis.benchmarks.geography import Level
from kpis.benchmarks.plausible import not_used
from kpis.benchmarks.symbols import IMPLAUSIBLE
from kpis.catalogue import Catalogue, Kpi, Polarity, Unit

COMPARATORS = ("la", "england", "region", "london", "sn_mean", "sn_median", "quartile", "rank")
COLUMNS = [
    "kpi_id", "year", "comparator", "value", "band", "n", "reason", "area", "model", "note",
]  # fmt: skip
EXPORT_COLUMNS = ["kpi_id", "year", "comparator", "value", "n", "model", "reason"]
# Quartile boundaries are interpolated; this only absorbs binary noise, so a value on a boundary
# goes to the band of lower values as LAIT's convention says.
_EPS = 1e-9


def quartile_band(
    value: float, population: pd.Series | np.ndarray, polarity: Polarity
) -> str | None:
    """Band A (best) to D over `population` (every LA's value that year), linear quartiles.

    A value on a quartile belongs to the band below it in value: higher-is-better, at or below
    Q1 is D, Q2 C, Q3 B, else A; lower-is-better, at or below Q1 is A, Q2 B, Q3 C, else D.
    """
    values = np.asarray(population, dtype="float64")
    values = values[~np.isnan(values)]
    if np.isnan(value) or polarity is Polarity.NEUTRAL or values.size == 0:
        return None
    q1, q2, q3 = np.quantile(values, [0.25, 0.5, 0.75], method="linear")
    position = sum(value > q + _EPS * max(1.0, abs(q)) for q in (q1, q2, q3))
    bands = "DCBA" if polarity is Polarity.HIGHER_BETTER else "ABCD"
    return bands[position]


def national_rank(
    value: float, population: pd.Series | np.ndarray, polarity: Polarity
) -> int | None:
    """1 plus the number of authorities strictly better, so ties share the best rank."""
    values = np.asarray(population, dtype="float64")
    values = values[~np.isnan(values)]
    if np.isnan(value) or polarity is Polarity.NEUTRAL:
        return None
    better = values > value if polarity is Polarity.HIGHER_BETTER else values < value
    return 1 + int(better.sum())


def _row(kpi_id: str, year: int, comparator: str, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "kpi_id": kpi_id, "year": year, "comparator": comparator, "value": np.nan,
        "band": None, "n": pd.NA, "reason": "", "area": None, "model": pd.NA, "note": "",
    }  # fmt: skip
    return {**base, **fields}


class _Columns:
    """One KPI's values as numpy arrays: the per-year lookups run on small arrays, not frames."""

    def __init__(self, rows: pd.DataFrame, unit: Unit) -> None:
        self.unit = unit
        self.year = rows["year"].to_numpy(dtype="int64")
        self.level = rows["level"].to_numpy(dtype=object)
        self.code = rows["area_code"].to_numpy(dtype="float64", na_value=np.nan)
        self.name = rows["area_name"].to_numpy(dtype=object)
        self.value = rows["value"].to_numpy(dtype="float64")
        self.reason = rows["reason"].fillna("").to_numpy(dtype=object)
        self.is_la = (self.level == Level.LA.value) & ~np.isnan(self.code)
        # A figure kept out as one that cannot be right (kpis.benchmarks.plausible).
        nothing = np.full(len(rows), np.nan)
        self.kept_out = {
            c: rows[c].to_numpy(dtype="float64") if c in rows.columns else nothing
            for c in ("published", "range_low", "range_high")
        }

    def published(self, mask: np.ndarray) -> dict[str, object]:
        """The first matching row's value, symbol and area name, and why it is not used."""
        found = np.flatnonzero(mask)
        if found.size == 0:
            return {"value": np.nan, "reason": ""}
        i = found[0]
        note = ""
        if self.reason[i] == IMPLAUSIBLE:
            figure, low, high = (self.kept_out[c][i] for c in self.kept_out)
            note = not_used(str(self.name[i]), str(self.level[i]), figure, low, high, self.unit)
        return {"value": self.value[i], "reason": self.reason[i], "area": self.name[i],
                "note": note}  # fmt: skip


def comparators(
    values: pd.DataFrame,
    neighbours: pd.DataFrame,
    areas: pd.DataFrame,
    la_code: int,
    kpi: Kpi,
    model_year: int = 2025,
    *,
    no_quartile: bool = False,
) -> pd.DataFrame:
    """COLUMNS rows for one authority and KPI, every year the KPI has figures.

    `value` is numeric (NaN when unpublished, `reason` saying why, and `note` in words when
    the figure was kept out as one that cannot be right); the quartile letter is in `band`;
    neighbour mean and median are unrounded with `n` the values used and `model` the
    neighbour model year. No quartile or rank for neutral KPIs, nor quartile where DfE marks the
    measure no-quartile; no London rows outside London.
    """
    la_code = int(la_code)
    known = areas[areas["area_code"] == la_code]
    if known.empty:
        raise ValueError(f"LA code {la_code} is not an authority in the benchmark data")
    region, london = known.iloc[0]["region"], known.iloc[0]["london"]
    in_london = isinstance(london, str) and bool(london)
    model = neighbours[
        (neighbours["model_year"] == model_year) & (neighbours["la_code"] == la_code)
    ]
    neighbour_codes = model["neighbour_code"].to_numpy(dtype="float64")

    cols = _Columns(values[values["kpi_id"] == kpi.id], kpi.unit)
    out: list[dict[str, object]] = []
    for year in np.unique(cols.year).tolist():
        this_year = cols.year == year
        las = this_year & cols.is_la
        own = las & (cols.code == la_code)
        own_fields = cols.published(own)
        own_value = float(cols.value[own][0]) if own.any() else np.nan
        out.append(_row(kpi.id, year, "la", **own_fields))
        england = this_year & (cols.level == Level.ENGLAND.value)
        out.append(_row(kpi.id, year, "england", **cols.published(england)))
        at_region = this_year & (cols.level == Level.REGION.value) & (cols.name == region)
        out.append(_row(kpi.id, year, "region", **{"area": region, **cols.published(at_region)}))
        if in_london:
            half = this_year & (cols.level == Level.LONDON.value) & (cols.name == london)
            out.append(_row(kpi.id, year, "london", **{"area": london, **cols.published(half)}))
        near = cols.value[las & np.isin(cols.code, neighbour_codes)]
        near = near[~np.isnan(near)]
        stats = {"n": int(near.size), "model": model_year}
        mean = float(near.mean()) if near.size else np.nan
        median = float(np.median(near)) if near.size else np.nan
        out.append(_row(kpi.id, year, "sn_mean", value=mean, **stats))
        out.append(_row(kpi.id, year, "sn_median", value=median, **stats))
        if kpi.polarity is Polarity.NEUTRAL:
            continue
        population = cols.value[las]
        population = population[~np.isnan(population)]
        why = own_fields["reason"]
        if not no_quartile:
            band = quartile_band(own_value, population, kpi.polarity)
            out.append(_row(kpi.id, year, "quartile", band=band, n=population.size, reason=why))
        rank = national_rank(own_value, population, kpi.polarity)
        out.append(_row(kpi.id, year, "rank", value=rank or np.nan, n=population.size, reason=why))
    frame = pd.DataFrame(out, columns=COLUMNS)
    return frame.astype({"n": "Int64", "model": "Int64", "value": "float64"})


def authority_comparators(
    data: BenchmarkData, la_code: int, catalogue: Catalogue, model_year: int = 2025
) -> pd.DataFrame:
    """comparators() for every catalogue KPI that has published figures, in catalogue order."""
    no_quartile = dict(zip(data.measures["kpi_id"], data.measures["no_quartile"], strict=True))
    frames = [
        comparators(
            data.values, data.neighbours, data.areas, la_code, kpi, model_year,
            no_quartile=bool(no_quartile.get(kpi.id, False)),
        )
        for kpi in catalogue.kpis
        if kpi.id in no_quartile
    ]  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)


def export_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The `benchmarks export` shape (DESIGN §4): the quartile letter, and the rank as a whole
    number, in `value`; `n` only for the neighbour figures; `model` on every row, naming the
    neighbour model the export used; `reason` the DfE symbol where a figure is unpublished."""
    value = [
        band if comparator == "quartile" else
        None if pd.isna(number) else
        int(number) if comparator == "rank" else float(number)
        for comparator, number, band in zip(
            frame["comparator"], frame["value"], frame["band"], strict=True
        )
    ]  # fmt: skip
    neighbour = frame["comparator"].isin(["sn_mean", "sn_median"])
    models = frame["model"].dropna().unique()
    model = int(models[0]) if len(models) == 1 else pd.NA
    out = frame.assign(
        value=pd.Series(value, index=frame.index, dtype=object),
        n=frame["n"].where(neighbour, pd.NA).astype("Int64"),
        model=frame["model"].fillna(model).astype("Int64"),
        reason=frame["reason"].fillna(""),
    )
    return out[EXPORT_COLUMNS].reset_index(drop=True)


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Per KPI, its latest year with a published authority or England figure, as one row:
    kpi_id, year, la, england, region, london, sn_mean, sn_median, rank, quartile, n_sn, model
    and england_note (why England's figure is not used, '' when it is)."""
    published = frame[frame["comparator"].isin(["la", "england"]) & frame["value"].notna()]
    last = published.groupby("kpi_id")["year"].max()
    rows = frame[frame["year"] == frame["kpi_id"].map(last)]
    wide = rows.pivot_table(index="kpi_id", columns="comparator", values="value", aggfunc="first")
    wide = wide.reindex(index=last.index, columns=[c for c in COMPARATORS if c != "quartile"])
    by_kpi = rows.drop_duplicates(["kpi_id", "comparator"]).set_index(["comparator", "kpi_id"])
    wide.insert(0, "year", last)
    wide["quartile"] = by_kpi.loc["quartile", "band"] if "quartile" in by_kpi.index else None
    wide["n_sn"] = by_kpi.loc["sn_mean", "n"].astype("Int64")
    wide["model"] = by_kpi.loc["sn_mean", "model"].astype("Int64")
    found = "england" in by_kpi.index and "note" in by_kpi.columns
    notes = by_kpi.loc["england", "note"] if found else pd.Series(dtype=str)
    wide["england_note"] = notes.reindex(wide.index).fillna("").astype(object)
    wide.columns.name = None
    order = list(dict.fromkeys(frame["kpi_id"]))
    return wide.reindex(order).dropna(subset=["year"]).reset_index()
