"""A recommendation's status over its review dates, as a chart with the same data as a table."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kpis.plans.model import Rating, Update
from kpis.plans.page_html import rating_order


def history_table(updates: list[Update]) -> pd.DataFrame:
    """Review date, status word and narrative, oldest first."""
    return pd.DataFrame(
        {
            "Review date": [u.date.isoformat() for u in updates],
            "Status": [u.status.word for u in updates],
            "Narrative": [u.narrative for u in updates],
            "Author": [u.author for u in updates],
        }
    )


def history_chart(updates: list[Update]) -> go.Figure:
    """Each update a marker (its status's colour, symbol and word) on an ordered status axis."""
    fig = go.Figure()
    ratings = [Rating(u.status) for u in updates]
    fig.add_trace(
        go.Scatter(
            x=[u.date.isoformat() for u in updates],
            y=[r.word for r in ratings],
            mode="lines+markers+text",
            line={"color": "#b1b4b6", "shape": "hv"},
            marker={"size": 14, "color": [r.colour for r in ratings], "symbol": "circle"},
            text=[r.symbol for r in ratings],
            textposition="top center",
            hovertemplate="%{x}: %{y}<extra></extra>",
            name="Status",
            showlegend=False,
        )
    )
    fig.update_layout(
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"categoryorder": "array", "categoryarray": rating_order(), "type": "category",
               "range": [-0.5, len(rating_order()) - 0.5], "title": None},
        xaxis={"title": None, "type": "date"},
        plot_bgcolor="white",
    )  # fmt: skip
    return fig
