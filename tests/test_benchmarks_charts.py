"""Benchmark charts: what the figures hold (traces, highlighted bar, lines, source line)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpis.benchmarks import comparators
from kpis.benchmarks.charts import AUTHORITY, SOURCE, neighbour_bar_chart, trend_chart
from kpis.catalogue import load_catalogue

ICPC = load_catalogue().get("icpc_15_days")

AREAS = pd.DataFrame(
    {
        "area_code": [309, 320, 307, 209, 350],
        "area_name": ["Haringey", "Waltham Forest", "Ealing", "Lewisham", "Bolton"],
        "region": ["London", "London", "London", "London", "North West"],
        "london": ["Inner London", "Outer London", "Outer London", "Inner London", None],
        "new_la_code": [None] * 5,
        "la_type": [None] * 5,
    }
)
NEIGHBOURS = pd.DataFrame(
    {
        "model_year": [2025, 2025, 2025],
        "la_code": [309, 309, 309],
        "neighbour_rank": [1, 2, 3],
        "neighbour_code": [320, 307, 209],
        "closeness": ["Close"] * 3,
    }
)


def _values() -> pd.DataFrame:
    rows = []
    for year, offset in [(2024, 0.0), (2025, 1.0)]:
        for code, name, value, reason in [
            (309, "Haringey", 76.4, ""),
            (320, "Waltham Forest", 74.8, ""),
            (307, "Ealing", 84.3, ""),
            (209, "Lewisham", np.nan, "c"),
            (350, "Bolton", 90.0, ""),
        ]:
            rows.append(("icpc_15_days", year, code, name, "la", "London", value + offset, reason))
        rows.append(("icpc_15_days", year, None, "England", "england", None, 81.4 + offset, ""))
        rows.append(("icpc_15_days", year, None, "London", "region", "London", 79.4, ""))
        rows.append(
            ("icpc_15_days", year, None, "Inner London", "inner_outer_london", "London", 77.9, "")
        )
    columns = ["kpi_id", "year", "area_code", "area_name", "level", "region", "value", "reason"]
    return pd.DataFrame(rows, columns=columns).assign(source="test").astype({"area_code": "Int64"})


def test_trend_chart_lines_for_authority_neighbours_england_and_london() -> None:
    frame = comparators(_values(), NEIGHBOURS, AREAS, 309, ICPC, 2025)
    fig = trend_chart(frame, ICPC, "Haringey", 2025)
    names = [trace.name for trace in fig.data]
    assert names == [
        "Haringey", "Statistical neighbours mean (2025 model)", "England", "Inner London",
    ]  # fmt: skip
    haringey = fig.data[0]
    assert list(haringey.x) == [2024, 2025]
    assert list(haringey.y) == [76.4, 77.4]
    # Lines differ in dash as well as colour.
    assert len({trace.line.dash for trace in fig.data}) == 4
    neighbours = fig.data[1]
    assert neighbours.y[0] == (74.8 + 84.3) / 2
    footer = fig.layout.annotations[-1].text
    assert SOURCE in footer and "2025 model" in footer


def test_trend_chart_outside_london_has_no_london_line() -> None:
    areas = AREAS.assign(london=None, region="North West")
    frame = comparators(_values(), NEIGHBOURS, areas, 350, ICPC, 2025)
    fig = trend_chart(frame, ICPC, "Bolton", 2025)
    assert [t.name for t in fig.data][-1] == "England"


def test_neighbour_bar_chart_highlights_the_authority_and_draws_england() -> None:
    fig = neighbour_bar_chart(_values(), NEIGHBOURS, AREAS, 309, ICPC, 2025)
    bars = fig.data[0]
    assert list(bars.x) == ["Ealing", "Haringey", "Waltham Forest", "Lewisham (c)"]
    assert list(bars.y)[:3] == [85.3, 77.4, 75.8] and np.isnan(bars.y[3])
    colours = list(bars.marker.color)
    assert colours[1] == AUTHORITY and colours.count(AUTHORITY) == 1
    assert list(bars.marker.pattern.shape) == ["", "/", "", ""]  # not by colour alone
    lines = {round(shape.y0, 2) for shape in fig.layout.shapes}
    assert lines == {82.4, round((85.3 + 75.8) / 2, 2)}
    legend = [t.name for t in fig.data[1:]]
    assert "England 82.4" in legend
    assert any(t.startswith("Neighbour mean 80.5 (2 of 3)") for t in legend)
    texts = [a.text for a in fig.layout.annotations]
    assert "2025" in fig.layout.title.text
    assert SOURCE in texts[-1] and "DfE 2025 model" in texts[-1]


def test_neighbour_bar_chart_for_a_chosen_year() -> None:
    fig = neighbour_bar_chart(_values(), NEIGHBOURS, AREAS, 309, ICPC, 2025, year=2024)
    assert 76.4 in list(fig.data[0].y)


def test_charts_do_not_modify_their_inputs() -> None:
    values = _values()
    neighbour_bar_chart(values, NEIGHBOURS, AREAS, 309, ICPC, 2025)
    pd.testing.assert_frame_equal(values, _values())
