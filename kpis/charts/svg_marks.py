"""The marks of a chart drawn as SVG: lines, points, bars, pointers, legend keys, hover text."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import plotly.graph_objects as go

from kpis.charts.scales import Axis, text_width
from kpis.charts.theme import SECONDARY, TEXT
from kpis.markup import html_text
from kpis.periods import label

# Plotly's dash patterns, in multiples of the line width (at least 3 px), as plotly.js draws them.
_DASHES = {"dot": (1, 1), "dash": (3, 3), "longdash": (5, 5), "dashdot": (3, 1, 1, 1),
           "longdashdot": (5, 2, 1, 2)}  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
_FIELD = re.compile(r"%\{(\w+)(?::([^}]*))?\}")
RIGHT = 16


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
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{html_text(words)}</text>')


def number_text(value: float, suffix: str = "") -> str:
    """A tick's number as Plotly's ',~f' writes it: thousands separated, no trailing zeros."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text) + suffix


def dash_array(dash: str | None, width: float) -> str:
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


def shown(trace) -> bool:
    return trace.visible in (None, True)


def number(value) -> float | None:
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
    y = number(_at(trace.y, i))
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


def legend_items(figure: go.Figure, traces: list) -> list:
    items, groups = [], set()
    for trace in traces:
        if trace.showlegend is False or not trace.name or trace.visible not in (None, True):
            continue
        if trace.legendgroup and trace.legendgroup in groups:
            continue
        groups.add(trace.legendgroup)
        items.append(trace)
    return items if len(items) > 1 or figure.layout.showlegend else []


def legend_rows(frame: Frame, items: list) -> list[list[tuple[float, object]]]:
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


def swatch(frame: Frame, x: float, y: float, trace) -> None:
    colour = trace.line.color or trace.marker.color or TEXT
    if trace.type == "bar" or "lines" in (trace.mode or "lines"):
        width = trace.line.width or 2
        frame.parts.append(
            f'<line x1="{x:.1f}" x2="{x + 30:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="{width:g}"{dash_array(trace.line.dash, width)}/>'
        )
    if "markers" in (trace.mode or ""):
        kind = trace.marker.symbol if isinstance(trace.marker.symbol, str) else "circle"
        colour = trace.marker.color if isinstance(trace.marker.color, str) else colour
        frame.parts.append(_symbol(kind, x + 15, y, min(trace.marker.size or 8, 11), colour))


def draw_bars(frame: Frame, trace, x_of, y_axis: Axis, band: float, chart_id: str) -> None:
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
        value = number(raw)
        if value is None:
            continue
        x, y = x_of(x_value), y_axis(value)
        colour = _at(trace.marker.color, i, "#1d70b8")
        top, tall = min(y, zero), abs(zero - y)
        tip = html_text(hover_text(trace, i, str(x_value)))
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


def draw_line(frame: Frame, trace, x_of, y_axis: Axis) -> None:
    width = trace.line.width or 2
    colour = trace.line.color or TEXT
    segments: list[list[str]] = [[]]
    for x, raw in zip(trace.x or (), trace.y or (), strict=False):
        value = number(raw)
        if value is None or x is None:
            segments.append([])
            continue
        segments[-1].append(f"{x_of(x):.0f},{y_axis(value):.0f}")
    for points in segments:
        if len(points) > 1:
            frame.parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="{width:g}"{dash_array(trace.line.dash, width)}/>'
            )


def draw_markers(frame: Frame, trace, x_of, y_axis: Axis, dated: bool, link, tips: bool) -> None:
    kind_all, colour_all = trace.marker.symbol, trace.marker.color
    size = trace.marker.size or 8
    for i, (x, raw) in enumerate(zip(trace.x or (), trace.y or (), strict=False)):
        value = number(raw)
        if value is None or x is None:
            continue
        kind = _at(kind_all, i, "circle") or "circle"
        colour = _at(colour_all, i, None) or trace.line.color or TEXT
        mark = _symbol(kind, x_of(x), y_axis(value), _at(size, i, 8), colour)
        tip = html_text(hover_text(trace, i, label(str(x)) if dated else str(x))) if tips else ""
        href = link(str(x)) if link else None
        if href:
            # The title names the link (a screen reader lists the points as links to their
            # months); out of the tab order, where the month selector and table serve.
            shape = mark
            mark = f'<a href="{html_text(href)}" target="_self" tabindex="-1">'
            mark += f"<title>{tip}</title>{shape}</a>" if tip else f"{shape}</a>"
        elif tip:
            mark = mark.replace("/>", f"><title>{tip}</title></{mark[1 : mark.index(' ')]}>")
        frame.parts.append(mark)


def draw_pointer(frame: Frame, note, x: float, y: float) -> None:
    """An annotation pointing at a figure: its words in a box in the margin above the plot
    (where it covers no figure), an arrow down to it."""
    words = html.unescape(_TAG.sub("", note.text or ""))
    size = (note.font.size or 12) if note.font else 12
    box_w = text_width(words, size) + 10
    top = frame.top - size - 14
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
