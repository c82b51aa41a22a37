"""Charts drawn as SVG: every point, line, bar and label of the figure, links, text alternative."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from kpis.benchmarks import comparators
from kpis.benchmarks.charts import AUTHORITY, neighbour_bar_chart, trend_chart
from kpis.charts.fit import for_page
from kpis.charts.page_svg import chart_html
from kpis.charts.scales import month_axis, nice_ticks, text_width
from kpis.charts.spc import spc_chart
from kpis.charts.svg import figure_svg
from kpis.charts.svg_marks import hover_text, number_text
from kpis.spc import xmr
from tests.test_benchmarks_charts import AREAS, ICPC, NEIGHBOURS, _values

SVG = "{http://www.w3.org/2000/svg}"


def months(n: int, start: str = "2020-01") -> list[str]:
    return pd.period_range(start, periods=n, freq="M").strftime("%Y-%m").tolist()


def spc_figure(values: list[float | None], *, target: float | None = 90.0):
    series = pd.Series(values, index=months(len(values)), dtype="float64").dropna()
    return spc_chart(
        xmr(series, improvement="increase"), title="Visits on time", unit="percent", target=target
    )


def draw(figure, **kwargs) -> ET.Element:
    options = {"width": 900, "plot_height": 300, "chart_id": "c", "description": "d"} | kwargs
    return ET.fromstring(figure_svg(figure, **options))  # well-formed XML, or this raises


def texts(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text")]


def points(svg: ET.Element) -> list[ET.Element]:
    group = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "points")
    return [e for e in group.iter() if e.tag in (f"{SVG}circle", f"{SVG}path")]


VALUES = [80.0, 85.0, 70.0, 95.0, 60.0, 88.0, 79.0, 91.0, 84.0, 77.0, 86.0, 90.0, 82.0, 30.0]


def test_every_figure_is_a_point_with_its_hover_text_and_a_link_to_its_month() -> None:
    figure = spc_figure(VALUES)
    svg = draw(figure, link=lambda month: f"kpi?period={month}")
    links = list(svg.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == [f"kpi?period={m}" for m in months(len(VALUES))]
    # Pointer only: the chart's data table is the keyboard's way to each month.
    assert all(a.get("tabindex") == "-1" for a in links)
    tips = [a.find(f"{SVG}title").text for a in links]  # each link named by its title
    assert tips[-1].startswith("Feb 2021: 30.0%\nSpecial cause") and "concern" in tips[-1]
    assert tips[0].startswith("Jan 2020: 80.0%\nCommon cause variation\nMean ")
    assert len(points(svg)) == len(VALUES)
    # An image may hold nothing interactive: with links the drawing is a group.
    assert svg.get("role") == "group" and draw(figure).get("role") == "img"


def test_point_types_keep_their_shape_and_colour() -> None:
    svg = draw(spc_figure(VALUES))
    concern = [p for p in points(svg) if p.get("fill") == "#e46c0a"]
    assert len(concern) == 1 and concern[0].tag == f"{SVG}path"  # a square, not only a colour
    assert {p.tag for p in points(svg) if p.get("fill") == "#a6a6a6"} == {f"{SVG}circle"}


def test_legend_names_what_is_drawn_and_leaves_out_hidden_lines() -> None:
    words = texts(draw(spc_figure(VALUES)))
    for name in ("Mean", "Process limits", "Target 90%", "Common cause variation"):
        assert name in words
    assert "Two-sigma warning lines" not in words  # shown in Plotly only when chosen
    assert "Percentage" in words and "Month" in words


def test_a_month_without_a_figure_breaks_the_line() -> None:
    values = [*VALUES[:6], None, *VALUES[7:]]
    svg = draw(spc_figure(values))
    value_line = [p for p in svg.iter(f"{SVG}polyline") if p.get("stroke") == "#505a5f"]
    widths = {p.get("stroke-width") for p in value_line}
    assert "2" in widths
    pieces = [p for p in value_line if p.get("stroke-width") == "2"]
    assert len(pieces) == 2  # before and after the gap
    assert len(points(svg)) == len(VALUES) - 1


def test_axis_ticks_are_round_numbers_and_months_read_as_the_board_reads_them() -> None:
    words = texts(draw(spc_figure(VALUES)))
    ticks = [int(w[:-1]) for w in words if re.fullmatch(r"\d+%", w)]
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(ticks) >= 4 and len(steps) == 1 and steps <= {10, 20, 25, 50}
    assert "Jan 2020" in words


def test_a_percentage_axis_stops_at_100_when_the_figures_do() -> None:
    figure = go.Figure(go.Scatter(x=months(3), y=[90.0, 99.0, 100.0], mode="lines"))
    figure.update_layout(xaxis={"type": "date"}, yaxis={"ticksuffix": "%"})
    words = texts(draw(figure))
    assert "100%" in words and "110%" not in words


def test_the_same_figure_gives_the_same_bytes() -> None:
    figure = spc_figure(VALUES)
    assert figure_svg(figure, width=900, plot_height=300, chart_id="c", description="d") == (
        figure_svg(spc_figure(VALUES), width=900, plot_height=300, chart_id="c", description="d")
    )


def test_neighbour_bars_highlight_the_authority_and_name_the_unpublished() -> None:
    fig = neighbour_bar_chart(_values(), NEIGHBOURS, AREAS, 309, ICPC, 2025)
    svg = draw(for_page(fig).figure)
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [b.find(f"{SVG}title").text for b in bars] == [
        "Ealing: 85.3", "Haringey: 77.4", "Waltham Forest: 75.8",
    ]  # fmt: skip
    assert [b.get("fill") for b in bars].count(AUTHORITY) == 1
    assert any(r.get("fill", "").startswith("url(#") for r in svg.iter(f"{SVG}rect"))  # hatched
    words = texts(svg)
    assert "Lewisham (c)" in words  # no bar, but named with its reason
    assert {"85.3", "77.4", "England 82.4"} <= set(words)
    heights = {b.find(f"{SVG}title").text.split(":")[0]: float(b.get("height")) for b in bars}
    assert heights["Ealing"] > heights["Haringey"] > heights["Waltham Forest"] > 0


def test_trend_lines_over_whole_years() -> None:
    frame = comparators(_values(), NEIGHBOURS, AREAS, 309, ICPC, 2025)
    svg = draw(for_page(trend_chart(frame, ICPC, "Haringey", 2025)).figure)
    words = texts(svg)
    assert "2024" in words and "2025" in words and "2024.5" not in words
    assert {"Haringey", "England", "Inner London"} <= set(words)
    tips = [t.text for t in svg.iter(f"{SVG}title")]
    assert "Haringey\n2025: 77.4" in tips


def test_page_chart_has_a_drawing_per_width_the_narrow_one_without_links() -> None:
    chart = for_page(spc_figure(VALUES))
    markup = chart_html(chart, chart_id="spc", link=lambda m: f"kpi?period={m}")
    wide, narrow = markup.split('class="kpis-chart-narrow"')
    assert wide.count("<a ") == len(VALUES) and "<a " not in narrow and "<title>" not in narrow
    assert chart.figure.layout.meta["summary"] in markup  # the text alternative, in both
    assert "\n\n" not in markup  # Markdown keeps an HTML block whole only without blank lines
    assert markup.startswith('<p style="font-weight:600') and "Visits on time" in markup


def test_names_are_escaped() -> None:
    fig = spc_chart(
        xmr(pd.Series(VALUES, index=months(len(VALUES)))),
        title="<script>alert(1)</script>",
        unit="count",
    )
    markup = chart_html(for_page(fig), chart_id="x")
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_hover_templates_are_filled_as_plotly_fills_them() -> None:
    frame = comparators(_values(), NEIGHBOURS, AREAS, 309, ICPC, 2025)
    england = trend_chart(frame, ICPC, "Haringey", 2025).data[2]
    assert hover_text(england, 1, "2025") == "England\n2025: 82.4"


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 100, [0, 20, 40, 60, 80, 100]),
        (0.5, 3.7, [0, 1, 2, 3, 4]),
        (12, 13, [12, 12.2, 12.4, 12.6, 12.8, 13]),
    ],
)
def test_nice_ticks(low, high, expected) -> None:
    assert nice_ticks(low, high, 6) == expected


def test_month_axis_labels_fit_the_width() -> None:
    wide = month_axis(months(120, "2015-04"), 0, 900, 14)
    narrow = month_axis(months(120, "2015-04"), 0, 300, 14)
    assert len(narrow.ticks) < len(wide.ticks) <= 900 / text_width("Mmm 0000", 14)
    assert all(label.startswith("Jan ") for _, label in wide.ticks)


def test_numbers_are_written_as_plotly_writes_ticks() -> None:
    assert number_text(1234.0) == "1,234" and number_text(2.5, "%") == "2.5%"
    assert number_text(-0.0) == "0" and number_text(np.float64(40)) == "40"


def plot_area(svg: ET.Element) -> tuple[float, float]:
    """The top and bottom of the plotting area, in pixels (its clip path is 6 px larger)."""
    rect = next(svg.iter(f"{SVG}clipPath")).find(f"{SVG}rect")
    top = float(rect.get("y")) + 6
    return top, top + float(rect.get("height")) - 12


def centre_y(mark: ET.Element) -> float:
    """Where a point is drawn: a circle's centre, or the middle of a shape's height."""
    if mark.tag == f"{SVG}circle":
        return float(mark.get("cy"))
    d = mark.get("d")
    start = float(re.match(r"M[-\d.]+,([-\d.]+)", d).group(1))
    if diamond := re.search(r"l[-\d.]+,([-\d.]+)", d):  # starts at its top corner
        return start + float(diamond.group(1))
    if square := re.search(r"v([-\d.]+)", d):  # starts at its top left corner
        return start + float(square.group(1)) / 2
    tip = float(re.search(r"L[-\d.]+,([-\d.]+)", d).group(1))  # a triangle: base, then tip
    return (start + tip) / 2


@pytest.mark.parametrize(
    "values",
    [
        # LAC reviews in the demo: years near 90-94%, the latest points at 96-97.5%.
        [88.0 + 0.1 * i for i in range(60)] + [96.0, 96.5, 97.0, 97.5],
        [100.0, 50.0] * 7,
        [0.0, 40.0] * 7 + [0.0],
        [100.0] * 6 + [99.0, 100.0],
    ],
)
def test_the_value_axis_holds_every_point(values) -> None:
    svg = draw(spc_figure(values))
    top, base = plot_area(svg)
    for mark in points(svg):
        assert top - 0.5 <= centre_y(mark) <= base + 0.5


def test_percentage_limits_past_100_do_not_stretch_the_axis() -> None:
    # Limits of -58% and 208% are drawn at 0% and 100%: the axis ends where figures can.
    ticks = [w for w in texts(draw(spc_figure([100.0, 50.0] * 7))) if re.fullmatch(r"-?\d+%", w)]
    assert ticks[-1] == "100%" and ticks[0] == "0%"


def test_a_rebase_is_drawn_with_its_reason() -> None:
    values = [89.5, 90.5] * 12 + [95.5, 96.5] * 6 + [96.0]
    series = pd.Series(values, index=months(len(values)), dtype="float64")
    spc = xmr(series, improvement="increase", rebase_at=["2022-01"])
    figure = spc_chart(spc, title="t", unit="percent", target=95.0,
                       rebase_reasons={"2022-01": "New reviewing officers"})  # fmt: skip
    svg = draw(figure)
    assert "Re-based: New reviewing officers" in texts(svg)
    # Its box sits in the margin above the plot, covering no figure.
    top, _ = plot_area(svg)
    box = next(r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "#ffffff")
    assert float(box.get("y")) + float(box.get("height")) <= top
