"""A chart's Plotly figure drawn as inline SVG: no script to load, the same bytes every time."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from kpis.charts.scales import (
    Axis,
    month_axis,
    month_number,
    number_axis,
    text_width,
    value_range,
)
from kpis.charts.svg_marks import (
    Frame,
    dash_array,
    draw_bars,
    draw_line,
    draw_markers,
    draw_pointer,
    legend_items,
    legend_rows,
    number,
    number_text,
    shown,
    swatch,
)
from kpis.charts.theme import FONT_FAMILY, GRID, SECONDARY, TEXT
from kpis.markup import html_text


def figure_svg(
    figure: go.Figure,
    *,
    width: float,
    plot_height: float,
    chart_id: str,
    description: str,
    link: Callable[[str], str | None] | None = None,
    font_size: float | None = None,
    tips: bool = True,
) -> str:
    """`figure` (lines, markers and bars, as the app's charts draw them) as one SVG `width`
    pixels wide, its plotting area `plot_height` high; `description` is its text alternative.
    With `link`, each marker is a link to `link(x)` (a click on a point opens its month).
    `font_size` overrides the figure's (a drawing a phone shrinks needs larger type);
    `tips=False` leaves out the markers' hover text."""
    layout = figure.layout
    size = float(font_size or layout.font.size or 14)
    frame = Frame(width=width, size=size, plot_height=plot_height)
    traces = [t for t in figure.data if shown(t)]
    bars = [t for t in traces if t.type == "bar"]
    suffix = layout.yaxis.ticksuffix or ""
    y_values = [v for t in traces for v in map(number, t.y or ()) if v is not None]
    y_values += [float(s.y0) for s in layout.shapes if _on_y(s) and s.y0 is not None]
    y_values += [float(a.y) for a in layout.annotations if _on_y(a) and a.y is not None]
    if bars and y_values:
        y_values += [0.0, max(y_values) + (max(y_values) - min(0.0, *y_values)) * 0.08]
    if not y_values:
        y_values = [0.0, 1.0]
    low, high = value_range(y_values, floor_zero=True)
    if suffix == "%" and max(y_values) <= 100:
        high = min(high, 100.0)
    probe = number_axis([low, high], 0, 1, lambda v: number_text(v, suffix))
    y_title = layout.yaxis.title.text or ""
    frame.left = max(text_width(t, size) for _, t in probe.ticks) + 10 + (24 if y_title else 0)

    # The x axis: months, whole years, or named bars.
    xs = [x for t in traces for x in (t.x or ()) if x is not None]
    categories = list(dict.fromkeys(str(x) for t in bars for x in t.x or ()))
    if categories:
        band = (frame.right - frame.left) / len(categories)
        longest = max(text_width(c, size * 0.85) for c in categories)
        turn = longest > band - 6
        ticks_below = (longest * 0.71 if turn else 0) + size + 10
    else:
        band, turn, ticks_below = 0.0, False, size + 12
    x_title = layout.xaxis.title.text or ""
    below = ticks_below + ((size + 10) if x_title else 0)
    items = legend_items(figure, traces)
    rows = legend_rows(frame, items)
    frame.bottom = below + (len(rows) * (size + 10) + 6 if rows else 0) + 6
    if any(a.showarrow and _on_y(a) for a in layout.annotations):
        frame.top = 48
    y_axis = number_axis([low, high], frame.base, frame.top, lambda v: number_text(v, suffix))

    def x_of(value) -> float:
        if categories:
            return frame.left + band * (categories.index(str(value)) + 0.5)
        return x_axis(month_number(str(value)) if dated else float(value))

    dated = layout.xaxis.type == "date"
    if categories:
        x_axis = None
    elif dated:
        x_axis = month_axis([str(x) for x in xs] or ["2000-01"], frame.left, frame.right, size)
    else:
        numbers = [float(x) for x in xs] or [0.0]
        whole = all(n.is_integer() for n in numbers)
        x_axis = number_axis(numbers, frame.left, frame.right, lambda v: f"{v:g}", whole=whole)

    height = frame.base + frame.bottom
    parts = frame.parts
    # A picture, unless its points are links: an image may hold nothing interactive.
    role = "group" if link else "img"
    parts.append(
        f'<svg viewBox="0 0 {width:g} {height:.0f}" width="100%" role="{role}" '
        f'aria-labelledby="{chart_id}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="{FONT_FAMILY}" font-size="{size:g}" fill="{TEXT}">'
        f'<desc id="{chart_id}-desc">{html_text(description)}</desc>'
        f'<clipPath id="{chart_id}-plot"><rect x="{frame.left:.1f}" y="{frame.top - 6:.1f}" '
        f'width="{frame.right - frame.left + 6:.1f}" height="{plot_height + 12:.1f}"/></clipPath>'
    )
    _axes(frame, y_axis, x_axis, categories, turn, band, y_title)
    if x_title:
        middle = (frame.left + frame.right) / 2
        frame.text(middle, frame.base + ticks_below + size, x_title, text_anchor="middle",
                   fill=SECONDARY)  # fmt: skip
    parts.append(f'<g clip-path="url(#{chart_id}-plot)">')
    for trace in bars:
        draw_bars(frame, trace, x_of, y_axis, band, chart_id)
    for shape in layout.shapes:
        if shape.type == "line" and _on_y(shape) and shape.y0 is not None:
            y = y_axis(float(shape.y0))
            width_ = shape.line.width or 2
            parts.append(
                f'<line x1="{frame.left:.1f}" x2="{frame.right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{shape.line.color or TEXT}" stroke-width="{width_:g}"'
                f"{dash_array(shape.line.dash, width_)}/>"
            )
    for trace in traces:
        if trace.type == "scatter" and "lines" in (trace.mode or "lines"):
            draw_line(frame, trace, x_of, y_axis)
    parts.append("</g>")
    parts.append('<g class="points">')
    for trace in traces:
        if trace.type == "scatter" and "markers" in (trace.mode or ""):
            draw_markers(frame, trace, x_of, y_axis, dated, link, tips)
    parts.append("</g>")
    for note in layout.annotations:
        if note.showarrow and _on_y(note) and note.x is not None:
            draw_pointer(frame, note, x_of(note.x), y_axis(float(note.y)))
    y = frame.base + below + size + 6
    for row in rows:
        for x, trace in row:
            swatch(frame, x, y - size * 0.35, trace)
            frame.text(x + 36, y, trace.name)
        y += size + 10
    parts.append("</svg>")
    return "".join(parts)


def _on_y(item) -> bool:
    """Placed by the value axis: Plotly's default when `yref` is not given (an SPC chart's
    re-base notes give none, and were left off the drawing)."""
    return (item.yref or "y") == "y"


def _axes(frame: Frame, y_axis: Axis, x_axis, categories, turn, band, y_title) -> None:
    parts, size = frame.parts, frame.size
    for value, text in y_axis.ticks:
        y = y_axis(value)
        parts.append(
            f'<line x1="{frame.left:.1f}" x2="{frame.right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}"/>'
        )
        frame.text(frame.left - 6, y + size * 0.35, text, text_anchor="end", fill=SECONDARY)
    if y_title:
        middle = (frame.top + frame.base) / 2
        parts.append(
            f'<text transform="translate({size:.1f} {middle:.1f}) rotate(-90)" '
            f'text-anchor="middle" fill="{SECONDARY}">{html_text(y_title)}</text>'
        )
    base = frame.base
    parts.append(
        f'<line x1="{frame.left:.1f}" x2="{frame.right:.1f}" y1="{base:.1f}" y2="{base:.1f}" '
        f'stroke="{SECONDARY}"/>'
    )
    if categories:
        small = size * 0.85
        for i, name in enumerate(categories):
            x = frame.left + band * (i + 0.5)
            if turn:
                parts.append(
                    f'<text transform="translate({x + small * 0.3:.1f} {base + 10:.1f}) '
                    f'rotate(-45)" text-anchor="end" font-size="{small:g}" fill="{SECONDARY}">'
                    f"{html_text(name)}</text>"
                )
            else:
                frame.text(x, base + small + 6, name, text_anchor="middle", font_size=f"{small:g}",
                           fill=SECONDARY)  # fmt: skip
    else:
        for value, text in x_axis.ticks:
            x = x_axis(value)
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base:.1f}" y2="{base + 5:.1f}" '
                f'stroke="{SECONDARY}"/>'
            )
            half = text_width(text, size) / 2
            frame.text(min(max(x, half), frame.width - half), base + size + 6, text,
                       text_anchor="middle", fill=SECONDARY)  # fmt: skip
