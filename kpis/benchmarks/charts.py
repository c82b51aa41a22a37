"""Benchmark charts as Plotly figures: an authority's trend, and its year beside its neighbours."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpis.benchmarks.geography import Level
from kpis.catalogue import Kpi, Unit

SOURCE = (
    "Source: Department for Education, Local Authority Interactive Tool / Explore Education "
    "Statistics, Open Government Licence v3.0"
)
# Colour-blind-safe (Okabe-Ito); every series also differs in dash or pattern, not colour alone.
AUTHORITY = "#0072B2"
NEIGHBOURS = "#009E73"
ENGLAND = "#000000"
LONDON = "#CC79A7"
OTHER = "#B0B0B0"


def _axis_title(kpi: Kpi) -> str:
    return {
        Unit.PERCENT: "Per cent",
        Unit.RATE_PER_10K: "Rate per 10,000 children",
        Unit.RATE_PER_100K: "Rate per 100,000",
        Unit.RATE_PER_1000: "Rate per 1,000",
        Unit.DAYS: "Days",
    }.get(kpi.unit, "Number")


def _footer(fig: go.Figure, model_year: int) -> go.Figure:
    note = f"Statistical neighbours: DfE {model_year} model.<br>{SOURCE}"
    fig.add_annotation(
        text=note, xref="paper", yref="paper", x=0, y=-0.22, showarrow=False,
        xanchor="left", yanchor="top", align="left", font={"size": 11},
    )  # fmt: skip
    fig.update_layout(margin={"b": 120}, template="plotly_white")
    return fig


def _fmt(value: float, dps: int) -> str:
    return "" if pd.isna(value) else f"{value:.{dps}f}"


def trend_chart(
    frame: pd.DataFrame, kpi: Kpi, la_name: str, model_year: int = 2025, *, dps: int = 1
) -> go.Figure:
    """Lines over the years: the authority, its neighbour mean, England and (in London) its
    London group, from comparators() output for one KPI; gaps where a figure is unpublished."""
    rows = frame[frame["kpi_id"] == kpi.id]
    neighbour_label = f"Statistical neighbours mean ({model_year} model)"
    series = [
        ("la", la_name, AUTHORITY, "solid", "circle"),
        ("sn_mean", neighbour_label, NEIGHBOURS, "dash", "square"),
        ("england", "England", ENGLAND, "dot", "diamond"),
        ("london", None, LONDON, "dashdot", "triangle-up"),
    ]  # fmt: skip
    fig = go.Figure()
    for comparator, label, colour, dash, marker in series:
        part = rows[rows["comparator"] == comparator].sort_values("year")
        if part.empty or part["value"].isna().all():
            continue
        name = label or str(part["area"].dropna().iloc[0] if part["area"].notna().any() else "")
        reasons = part["reason"].fillna("").map(lambda r: f"not published ({r})" if r else "")
        fig.add_trace(
            go.Scatter(
                x=part["year"].astype(int).tolist(), y=part["value"].tolist(), name=name,
                mode="lines+markers", line={"color": colour, "dash": dash},
                marker={"symbol": marker, "size": 8}, connectgaps=False,
                customdata=reasons.tolist(),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.{dps}f}} %{{customdata}}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_layout(
        title=f"{kpi.name}: {la_name} against comparators",
        xaxis={"title": "Year ending", "dtick": 1},
        yaxis={"title": _axis_title(kpi)},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    return _footer(fig, model_year)


def _reference_line(fig: go.Figure, y: float, colour: str, dash: str, label: str) -> None:
    """A horizontal line named in the legend (a label on the line would cover bar labels)."""
    fig.add_hline(y=y, line={"color": colour, "dash": dash})
    fig.add_trace(
        go.Scatter(x=[None], y=[None], mode="lines", name=label, showlegend=True,
                   line={"color": colour, "dash": dash}, hoverinfo="skip")
    )  # fmt: skip


def neighbour_bar_chart(
    values: pd.DataFrame,
    neighbours: pd.DataFrame,
    areas: pd.DataFrame,
    la_code: int,
    kpi: Kpi,
    model_year: int = 2025,
    *,
    year: int | None = None,
    dps: int = 1,
) -> go.Figure:
    """Bars for the authority and each neighbour in one year (the latest with authority figures
    by default), highest first, the authority highlighted; England and the neighbour mean as
    horizontal lines. Unpublished figures are named in the axis label with their symbol."""
    rows = values[values["kpi_id"] == kpi.id]
    las = rows[(rows["level"] == Level.LA.value) & rows["area_code"].notna()]
    if year is None:
        published = las.loc[las["value"].notna(), "year"]
        year = int(published.max()) if not published.empty else None
    model = neighbours[
        (neighbours["model_year"] == model_year) & (neighbours["la_code"] == la_code)
    ]
    codes = [int(la_code), *model.sort_values("neighbour_rank")["neighbour_code"].astype(int)]
    names = areas.set_index("area_code")["area_name"]
    this_year = las[las["year"] == year].drop_duplicates("area_code").set_index("area_code")
    bars = pd.DataFrame(
        {
            "code": codes,
            "name": [str(names.get(c, c)) for c in codes],
            "value": [this_year["value"].get(c, float("nan")) for c in codes],
            "reason": [str(this_year["reason"].get(c, "") or "") for c in codes],
        }
    )
    bars["label"] = [
        n if pd.notna(v) else f"{n} ({r or 'no figure'})"
        for n, v, r in zip(bars["name"], bars["value"], bars["reason"], strict=True)
    ]
    bars = bars.sort_values("value", ascending=False, na_position="last", kind="stable")
    own = bars["code"] == int(la_code)
    fig = go.Figure(
        go.Bar(
            x=bars["label"].tolist(), y=bars["value"].tolist(),
            marker={
                "color": [AUTHORITY if o else OTHER for o in own],
                "pattern": {"shape": ["/" if o else "" for o in own]},
            },
            text=[_fmt(v, dps) for v in bars["value"]], textposition="outside",
            hovertemplate=f"%{{x}}: %{{y:.{dps}f}}<extra></extra>", showlegend=False,
        )
    )  # fmt: skip
    england = rows[(rows["level"] == Level.ENGLAND.value) & (rows["year"] == year)]["value"]
    if not england.empty and pd.notna(england.iloc[0]):
        _reference_line(fig, float(england.iloc[0]), ENGLAND, "dot",
                        f"England {_fmt(england.iloc[0], dps)}")  # fmt: skip
    near = bars.loc[~own, "value"].dropna()
    if not near.empty:
        _reference_line(fig, float(near.mean()), NEIGHBOURS, "dash",
                        f"Neighbour mean {_fmt(near.mean(), dps)} ({len(near)} of "
                        f"{int((~own).sum())})")  # fmt: skip
    title_name = names.get(int(la_code), la_code)
    fig.update_layout(
        title=f"{kpi.name}, {year}: {title_name} and its statistical neighbours",
        yaxis={"title": _axis_title(kpi)},
        # Plotly turns the names upright when a narrow screen has no room for them aslant.
        xaxis={"title": None, "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    return _footer(fig, model_year)
