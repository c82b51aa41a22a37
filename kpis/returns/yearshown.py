"""What the app shows of the year-end figures from the returns (DESIGN §10.4): each year's
figure beside DfE's or placed provisionally, and who is behind the latest year's figure, with
small groups hidden on board views. Pure functions: the app caches what they make."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kpis.access import Actor, Permission
from kpis.audits.board import is_small
from kpis.benchmarks import BenchmarkData
from kpis.benchmarks.charts import AUTHORITY
from kpis.benchmarks.comparators import national_rank
from kpis.benchmarks.geography import Level
from kpis.catalogue import Catalogue, Kpi, Unit
from kpis.charts.theme import axis_title, base_layout
from kpis.month.scorecard import SUPPRESSED
from kpis.rag import format_value
from kpis.returns.breakdown import AGE_BANDS, NOT_RECORDED
from kpis.returns.yearview import COLUMNS, year_table

TABLE_COLUMNS = ["Group", "Numerator", "Denominator", "Value"]
# What year_rows adds to year_table's columns.
EXTRA = ["base", "authorities", "neighbour_rank", "neighbours"]


def season(year: int) -> str:
    """A collection year as DfE names it: 2025 is 2024/25."""
    return f"{year - 1}/{year % 100:02d}"


def year_rows(
    ends: pd.DataFrame, data: BenchmarkData, catalogue: Catalogue, la_code: int, model_year: int
) -> pd.DataFrame:
    """year_table's COLUMNS for every year held, oldest first, with `base`: the published year
    a provisional figure is placed among (the year itself once DfE has published it)."""
    frames = [
        year_table(ends, int(y), data, catalogue, la_code, model_year)
        for y in sorted(set(ends["year"]))
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*COLUMNS, *EXTRA])
    rows = pd.concat(frames, ignore_index=True)
    v = data.values
    las = v[(v["level"] == Level.LA.value) & v["area_code"].notna() & v["value"].notna()]
    latest = las.groupby("kpi_id")["year"].max()
    others = las[las["area_code"] != la_code].groupby(["kpi_id", "year"]).size()
    rows["base"] = [
        year if pd.notna(p) else latest.get(k)
        for k, year, p in zip(rows["kpi_id"], rows["year"], rows["published"], strict=True)
    ]
    # The authorities a figure is ranked among: that year's others with a value, and ours.
    rows["authorities"] = [
        None if pd.isna(b) else int(others.get((k, b), 0)) + 1
        for k, b in zip(rows["kpi_id"], rows["base"], strict=True)
    ]
    model = data.neighbours[
        (data.neighbours["model_year"] == model_year) & (data.neighbours["la_code"] == la_code)
    ]
    near = las[las["area_code"].isin(set(model["neighbour_code"]))]
    placed = [
        _among(near, catalogue.get(r.kpi_id), r.base, r.value if pd.isna(r.published)
               else float(r.published))
        for r in rows.itertuples()
    ]  # fmt: skip
    rows["neighbour_rank"] = pd.array([p[0] for p in placed], dtype="Int64")
    rows["neighbours"] = pd.array([p[1] for p in placed], dtype="Int64")
    return rows


def _among(near: pd.DataFrame, kpi: Kpi, base: object, value: float) -> tuple:
    """The figure's rank among the neighbours' figures of the base year and the number ranked
    (the neighbours with a figure, and ours); no rank for a neutral measure."""
    if pd.isna(base):
        return None, None
    theirs = near.loc[(near["kpi_id"] == kpi.id) & (near["year"] == base), "value"]
    population = np.append(theirs.to_numpy(dtype="float64"), value)
    return national_rank(value, population, kpi.polarity), len(population)


def _ordinal(n: int) -> str:
    ending = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{ending}"


def hidden(numerator: object, denominator: object) -> bool:
    """A numerator or denominator of 1 to 4: board views show "fewer than 5"."""
    return any(pd.notna(x) and is_small(int(x)) for x in (numerator, denominator))


def sees_returns_numbers(actor: Actor) -> bool:
    """Analysts and admins (who may read the returns themselves) see every number of the
    returns' figures; board members and managers (the returns record no team to limit them to)
    see a count of 1 to 4 as "fewer than 5", as board views do."""
    return actor.can(Permission.VIEW_CASES) and actor.sees_all_teams()


def without_small_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (year-end figures or breakdowns) as a viewer may read it: where the numerator or
    denominator is 1 to 4, no value, numerator or denominator (nor anything made from them)."""
    small = [hidden(n, d) for n, d in zip(frame["numerator"], frame["denominator"], strict=True)]
    if not any(small):
        return frame
    out = frame.astype({c: object for c in frame.columns if c != "kpi_id"}).copy()
    derived = [c for c in ("value", "numerator", "denominator", "difference") if c in out.columns]
    out.loc[small, derived] = None
    return out


def _placing(row, kpi: Kpi) -> str:
    parts = []
    if pd.notna(row.quartile) and row.quartile:
        parts.append(f"in quartile {row.quartile} (A is the best)")
    if pd.notna(row.rank) and pd.notna(row.authorities):
        parts.append(f"{_ordinal(int(row.rank))} of {int(row.authorities)} authorities")
    if pd.notna(row.neighbour_rank) and pd.notna(row.neighbours) and row.neighbours > 1:
        parts.append(f"{_ordinal(int(row.neighbour_rank))} of {int(row.neighbours)} with our "
                     "neighbours")  # fmt: skip
    comparators = [
        f"{name} {format_value(float(value), kpi.unit)}"
        for name, value in (("England", row.england), ("our neighbours' mean", row.neighbour_mean))
        if value is not None and pd.notna(value)
    ]
    placed = (
        ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else ""
    )
    return placed + (f" ({', '.join(comparators)})" if comparators else "")


def year_line(row, kpi: Kpi, *, exact: bool) -> str:
    """One year's figure in words: beside DfE's published one (a difference beyond DfE's
    rounding flagged as a question for the return), or provisional and where it would place
    among the latest published year. Not `exact`: a small figure reads "fewer than 5"."""
    year = season(int(row.year))
    if not exact and hidden(row.numerator, row.denominator):
        return f"{year} from our returns: {SUPPRESSED} (a small number: not shown)."
    ours = format_value(float(row.value), kpi.unit)
    if pd.notna(row.published):
        line = f"{year}: DfE published {format_value(float(row.published), kpi.unit)}; our " \
            f"returns give {ours}."  # fmt: skip
        if pd.notna(row.difference) and abs(float(row.difference)) > 1e-9:
            gap = float(row.difference)
            amount = format_value(abs(gap), kpi.unit)
            if kpi.unit is Unit.PERCENT:  # 7.7% against 7.0% is 0.7 points, not 0.7% more
                amount = amount.removesuffix("%") + " percentage points"
            line += (
                f" Ours is {amount} {'above' if gap > 0 else 'below'}"
                " DfE's after DfE's rounding: more than rounding, a question for the return."
            )
        else:
            line += " The same, to DfE's rounding."
        placed = _placing(row, kpi)
        return line + (f" DfE's figure is {placed}." if placed else "")
    line = f"{year} from our returns: {ours} (provisional)"
    if pd.isna(row.base):
        return line + ": DfE has published no year of this measure to place it among."
    placed = _placing(row, kpi)
    if not placed:
        return line + "."
    return f"{line} — on {season(int(row.base))}'s published figures it would be {placed}."


def year_lines(rows: pd.DataFrame, kpi: Kpi, *, exact: bool) -> list[str]:
    """year_line for each year of the measure, newest first."""
    mine = rows[rows["kpi_id"] == kpi.id].sort_values("year", ascending=False)
    return [year_line(r, kpi, exact=exact) for r in mine.itertuples()]


def latest_breakdown(parts: pd.DataFrame, kpi_id: str) -> tuple[int | None, pd.DataFrame]:
    """The latest year with a breakdown of the measure, and its rows."""
    mine = parts[parts["kpi_id"] == kpi_id]
    if mine.empty:
        return None, mine
    year = int(mine["year"].max())
    return year, mine[mine["year"] == year]


def _ordered(groups: pd.DataFrame) -> pd.DataFrame:
    """Age bands youngest first, other groups as named, "Not recorded" last."""
    order = {label: i for i, (_, label) in enumerate(AGE_BANDS)}
    key = [(g == NOT_RECORDED, order.get(g, len(order)), g) for g in groups["group"]]
    return groups.iloc[sorted(range(len(groups)), key=key.__getitem__)]


def breakdown_table(parts: pd.DataFrame, kpi: Kpi, dimension: str, *, exact: bool) -> pd.DataFrame:
    """One dimension's groups as text: numerator, denominator and value, each count of 1 to 4
    and the value beside it "fewer than 5" unless `exact`."""
    mine = _ordered(parts[parts["dimension"] == dimension])
    rows = []
    for p in mine.itertuples():
        small = not exact and hidden(p.numerator, p.denominator)

        def count(n: float, small: bool = small) -> str:
            return SUPPRESSED if small and is_small(int(n)) else f"{int(n):,}"

        value = SUPPRESSED if small else format_value(float(p.value), kpi.unit)
        rows.append((p.group, count(p.numerator), count(p.denominator), value))
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def breakdown_chart(
    parts: pd.DataFrame, kpi: Kpi, dimension: str, year: int, *, exact: bool
) -> go.Figure | None:
    """A bar per group of one dimension (a hidden group has none, its label saying why), with
    its figures in words as the text alternative; None when every group is hidden."""
    mine = _ordered(parts[parts["dimension"] == dimension])
    table = breakdown_table(parts, kpi, dimension, exact=exact)
    shown = [exact or not hidden(n, d) for n, d in zip(mine["numerator"], mine["denominator"],
                                                       strict=True)]  # fmt: skip
    if not any(shown):
        return None
    labels = [g if s else f"{g} ({SUPPRESSED})" for g, s in zip(mine["group"], shown, strict=True)]
    values = [float(v) if s else None for v, s in zip(mine["value"], shown, strict=True)]
    title = f"{kpi.name}, {season(year)}: by {dimension}"
    fig = go.Figure(
        go.Bar(
            x=labels, y=values, marker={"color": AUTHORITY}, showlegend=False,
            text=[t if s else "" for t, s in zip(table["Value"], shown, strict=True)],
            textposition="outside",
        ),
        layout=base_layout(title, height=360),
    )  # fmt: skip
    summary = "; ".join(f"{g}: {v}" for g, v in zip(table["Group"], table["Value"], strict=True))
    fig.update_layout(
        yaxis={"title": axis_title(kpi.unit), "rangemode": "tozero"},
        xaxis={"title": None},
        meta={"summary": f"{title}. {summary}."},
    )
    return fig
