"""A chart's Plotly figure drawn as inline SVG: no script to load, the same bytes every time."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import plotly.graph_objects as go

from kpis.charts.scales import (
    Axis,
    month_axis,
    month_number,
    number_axis,
    text_width,
    value_range,
)
from kpis.charts.theme import FONT_FAMILY, GRID, SECONDARY, TEXT
from kpis.periods import label

# Plotly's dash patterns, in multiples of the line width (at least 3 px), as plotly.js draws them.
_DASHES = {"dot": (1, 1), "dash": (3, 3), "longdash": (5, 5), "dashdot": (3, 1, 1, 1),
           "longdashdot": (5, 2, 1, 2)}  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
_FIELD = re.compile(r"%\{(\w+)(?::([^}]*))?\}")
RIGHT, GAP = 16, 8


@dataclass
class Frame:
    """The figure's size in pixels and where its plotting area sits."""

    width: float
    size: float
    left: float = 0.0
    top: float = 12.0
    plot_height: float = 300.0
    bottom: float = 0.0
    parts: list[str] = field(default_factory=list)

    @property
    def right(self) -> float:
        return self.width - RIGHT

    @property
    def base(self) -> float:
        return self.top + self.plot_height

    def text(self, x: float, y: float, words: str, **attrs) -> None:
        extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{html.escape(words)}</text>')


def number_text(value: float, suffix: str = "") -> str:
    """A tick's number as Plotly's ',~f' writes it: thousands separated, no trailing zeros."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text) + suffix


def _dash(dash: str | None, width: float) -> str:
    if not dash or dash == "solid":
        return ""
    unit = max(width, 3)
    pattern = _DASHES.get(dash) or tuple(float(p) / unit for p in re.findall(r"[\d.]+", dash))
    return f' stroke-dasharray="{",".join(f"{p * unit:g}" for p in pattern)}"'


def _symbol(kind: str, x: float, y: float, size: float, colour: str) -> str:
    r = size / 2
    if kind == "circle" or kind not in {"square", "diamond", "triangle-up", "triangle-down"}:
        return f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r:g}" fill="{colour}"/>'
    if kind == "square":
        d = f"M{x - r:.0f},{y - r:.0f}h{size:g}v{size:g}h{-size:g}z"
    elif kind == "diamond":
        d = f"M{x:.0f},{y - r * 1.3:.0f}l{r * 1.3:.1f},{r * 1.3:.1f}l{-r * 1.3:.1f},"
        d += f"{r * 1.3:.1f}l{-r * 1.3:.1f},{-r * 1.3:.1f}z"
    else:
        up = 1 if kind == "triangle-up" else -1
        half = r * 2 / math.sqrt(3)
        d = f"M{x - half:.0f},{y + up * r / 2:.0f}h{2 * half:.1f}L{x:.0f},{y - up * r:.0f}z"
    return f'<path d="{d}" fill="{colour}"/>'


def _shown(trace) -> bool:
    return trace.visible in (None, True)


def _number(value) -> float | None:
    if value is None or isinstance(value, str):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _at(values, i: int, default=None):
    if values is None or isinstance(values, str | int | float):
        return default if values is None else values
    return values[i] if i < len(values) else default


def hover_text(trace, i: int, x_text: str) -> str:
    """What Plotly's hover label would say for point `i`, as plain text (lines kept)."""
    if trace.hoverinfo == "skip":
        return ""
    y = _number(_at(trace.y, i))
    template = trace.hovertemplate
    if not template:
        text = _at(trace.text, i)
        template = str(text) if text else f"{trace.name or ''}: {x_text}, %{{y}}"

    def fill(match: re.Match) -> str:
        name, spec = match.group(1), match.group(2)
        if name == "x":
            return x_text
        if name == "y":
            return "" if y is None else (format(y, spec) if spec else number_text(y))
        return str(_at(getattr(trace, name, None), i, "") or "")

    text = _FIELD.sub(fill, re.sub(r"<extra>.*?</extra>", "", template))
    lines = re.split(r"<br\s*/?>", text, flags=re.IGNORECASE)
    return "\n".join(html.unescape(_TAG.sub("", line)).strip() for line in lines).strip()


def _legend(figure: go.Figure, traces: list) -> list:
    items, groups = [], set()
    for trace in traces:
        if trace.showlegend is False or not trace.name or trace.visible not in (None, True):
            continue
        if trace.legendgroup and trace.legendgroup in groups:
            continue
        groups.add(trace.legendgroup)
        items.append(trace)
    return items if len(items) > 1 or figure.layout.showlegend else []


def _legend_rows(frame: Frame, items: list) -> list[list[tuple[float, object]]]:
    rows: list[list[tuple[float, object]]] = [[]]
    x = frame.left
    for trace in items:
        wide = 36 + text_width(trace.name, frame.size) + 18
        if rows[-1] and x + wide > frame.right:
            rows.append([])
            x = frame.left
        rows[-1].append((x, trace))
        x += wide
    return rows if rows[0] else []


def _swatch(frame: Frame, x: float, y: float, trace) -> None:
    colour = trace.line.color or trace.marker.color or TEXT
    if trace.type == "bar" or "lines" in (trace.mode or "lines"):
        width = trace.line.width or 2
        frame.parts.append(
            f'<line x1="{x:.1f}" x2="{x + 30:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="{width:g}"{_dash(trace.line.dash, width)}/>'
        )
    if "markers" in (trace.mode or ""):
        kind = trace.marker.symbol if isinstance(trace.marker.symbol, str) else "circle"
        colour = trace.marker.color if isinstance(trace.marker.color, str) else colour
        frame.parts.append(_symbol(kind, x + 15, y, min(trace.marker.size or 8, 11), colour))


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
    traces = [t for t in figure.data if _shown(t)]
    bars = [t for t in traces if t.type == "bar"]
    suffix = layout.yaxis.ticksuffix or ""
    y_values = [v for t in traces for v in map(_number, t.y or ()) if v is not None]
    y_values += [float(s.y0) for s in layout.shapes if s.yref == "y" and s.y0 is not None]
    y_values += [float(a.y) for a in layout.annotations if a.yref == "y" and a.y is not None]
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
    items = _legend(figure, traces)
    rows = _legend_rows(frame, items)
    frame.bottom = below + (len(rows) * (size + 10) + 6 if rows else 0) + 6
    if any(a.showarrow and a.yref == "y" for a in layout.annotations):
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
    parts.append(
        f'<svg viewBox="0 0 {width:g} {height:.0f}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="{FONT_FAMILY}" font-size="{size:g}" fill="{TEXT}">'
        f'<desc id="{chart_id}-desc">{html.escape(description)}</desc>'
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
        _bars(frame, trace, x_of, y_axis, band, chart_id)
    for shape in layout.shapes:
        if shape.type == "line" and shape.yref == "y" and shape.y0 is not None:
            y = y_axis(float(shape.y0))
            width_ = shape.line.width or 2
            parts.append(
                f'<line x1="{frame.left:.1f}" x2="{frame.right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{shape.line.color or TEXT}" stroke-width="{width_:g}"'
                f"{_dash(shape.line.dash, width_)}/>"
            )
    for trace in traces:
        if trace.type == "scatter" and "lines" in (trace.mode or "lines"):
            _line(frame, trace, x_of, y_axis)
    parts.append("</g>")
    parts.append('<g class="points">')
    for trace in traces:
        if trace.type == "scatter" and "markers" in (trace.mode or ""):
            _markers(frame, trace, x_of, y_axis, dated, link, tips)
    parts.append("</g>")
    for note in layout.annotations:
        if note.showarrow and note.yref == "y" and note.x is not None:
            _pointer(frame, note, x_of(note.x), y_axis(float(note.y)))
    y = frame.base + below + size + 6
    for row in rows:
        for x, trace in row:
            _swatch(frame, x, y - size * 0.35, trace)
            frame.text(x + 36, y, trace.name)
        y += size + 10
    parts.append("</svg>")
    return "".join(parts)


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
            f'text-anchor="middle" fill="{SECONDARY}">{html.escape(y_title)}</text>'
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
                    f"{html.escape(name)}</text>"
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


def _bars(frame: Frame, trace, x_of, y_axis: Axis, band: float, chart_id: str) -> None:
    zero = y_axis(max(y_axis.low, 0.0))
    half = band * 0.36
    pattern = trace.marker.pattern.shape if trace.marker.pattern else None
    if pattern and any(pattern):
        frame.parts.append(
            f'<pattern id="{chart_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" '
            'stroke-width="2"/></pattern>'
        )
    for i, (x_value, raw) in enumerate(zip(trace.x, trace.y, strict=True)):
        value = _number(raw)
        if value is None:
            continue
        x, y = x_of(x_value), y_axis(value)
        colour = _at(trace.marker.color, i, "#1d70b8")
        top, tall = min(y, zero), abs(zero - y)
        tip = html.escape(hover_text(trace, i, str(x_value)))
        frame.parts.append(
            f'<rect x="{x - half:.1f}" y="{top:.1f}" width="{2 * half:.1f}" height="{tall:.1f}" '
            f'fill="{colour}"><title>{tip}</title></rect>'
        )
        if pattern and _at(pattern, i):
            frame.parts.append(
                f'<rect x="{x - half:.1f}" y="{top:.1f}" width="{2 * half:.1f}" '
                f'height="{tall:.1f}" fill="url(#{chart_id}-hatch)"/>'
            )
        words = str(_at(trace.text, i, "") or "")
        if words:
            small = min(frame.size * 0.85, band * 0.36)
            frame.text(x, top - 5, words, text_anchor="middle", font_size=f"{small:.1f}")


def _line(frame: Frame, trace, x_of, y_axis: Axis) -> None:
    width = trace.line.width or 2
    colour = trace.line.color or TEXT
    segments: list[list[str]] = [[]]
    for x, raw in zip(trace.x or (), trace.y or (), strict=False):
        value = _number(raw)
        if value is None or x is None:
            segments.append([])
            continue
        segments[-1].append(f"{x_of(x):.0f},{y_axis(value):.0f}")
    for points in segments:
        if len(points) > 1:
            frame.parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="{width:g}"{_dash(trace.line.dash, width)}/>'
            )


def _markers(frame: Frame, trace, x_of, y_axis: Axis, dated: bool, link, tips: bool) -> None:
    kind_all, colour_all = trace.marker.symbol, trace.marker.color
    size = trace.marker.size or 8
    for i, (x, raw) in enumerate(zip(trace.x or (), trace.y or (), strict=False)):
        value = _number(raw)
        if value is None or x is None:
            continue
        kind = _at(kind_all, i, "circle") or "circle"
        colour = _at(colour_all, i, None) or trace.line.color or TEXT
        mark = _symbol(kind, x_of(x), y_axis(value), _at(size, i, 8), colour)
        if tips:
            tip = html.escape(hover_text(trace, i, label(str(x)) if dated else str(x)))
            mark = mark.replace("/>", f"><title>{tip}</title></{mark[1 : mark.index(' ')]}>")
        href = link(str(x)) if link else None
        if href:
            # Pointer only: the data table below the chart is the keyboard's way to each month.
            mark = f'<a href="{html.escape(href)}" target="_self" tabindex="-1">{mark}</a>'
        frame.parts.append(mark)


def _pointer(frame: Frame, note, x: float, y: float) -> None:
    """An annotation pointing at a figure: its words in a box above, an arrow down to it."""
    words = html.unescape(_TAG.sub("", note.text or ""))
    size = (note.font.size or 12) if note.font else 12
    box_w = text_width(words, size) + 10
    top = y + (note.ay if note.ay is not None else -48) - size - 6
    left = min(max(x - box_w / 2, frame.left), frame.right - box_w)
    colour = note.arrowcolor or SECONDARY
    frame.parts.append(
        f'<line x1="{x:.1f}" y1="{top + size + 8:.1f}" x2="{x:.1f}" y2="{y - 6:.1f}" '
        f'stroke="{colour}" stroke-width="1.5"/>'
        f'<path d="M{x - 4:.1f},{y - 11:.1f}L{x:.1f},{y - 5:.1f}L{x + 4:.1f},{y - 11:.1f}z" '
        f'fill="{colour}"/>'
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{box_w:.1f}" height="{size + 8:.1f}" '
        f'fill="#ffffff" stroke="{colour}"/>'
    )
    frame.text(left + 5, top + size + 1, words, font_size=f"{size:g}")
