"""A measure's line chart as inline SVG: no script, same bytes for the same figures, gaps shown."""

from __future__ import annotations

import math
from html import escape

from kpis.catalogue import Unit
from kpis.charts.scales import nice_ticks
from kpis.periods import label
from kpis.rag import format_target, format_value

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
LINE, TARGET, INK, MUTED = "#1d70b8", "#0b0c0c", "#0b0c0c", "#505a5f"


def line_chart(
    points: list[tuple[str, float | None]],
    *,
    unit: Unit,
    target: float | None,
    chart_id: str,
    title: str,
    summary: str,
) -> str:
    """`points` are (period, value) oldest first, None where no figure may be shown."""
    values = [v for _, v in points if v is not None]
    if not values:
        return f'<p class="muted">{escape(summary)}</p>'
    known = values + ([target] if target is not None else [])
    low, high = min(known), max(known)
    if unit is Unit.PERCENT:
        low, high = max(0.0, low - 5), min(100.0, high + 5)
    else:
        low, high = max(0.0, low - (high - low) * 0.1), high + (high - low) * 0.1 or 1.0
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / ((high - low) or 1.0))

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for tick in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#d8d8d8" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="14" '
            f'fill="{MUTED}">{escape(format_target(tick, unit))}</text>'
        )
    every = max(1, math.ceil(len(points) / 6))
    for i, (period, _) in enumerate(points):
        last_label = i == len(points) - 1
        if (i % every == 0 and len(points) - 1 - i >= every) or last_label:
            anchor = "end" if last_label and i else "middle"
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}" '
                f'font-size="14" fill="{MUTED}">{escape(label(period))}</text>'
            )
    if target is not None:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y(target) - 5:.1f}" text-anchor="end" '
            f'font-size="14" fill="{INK}">Target {escape(format_target(target, unit))}</text>'
        )
    segment: list[str] = []
    segments = []
    for i, (_, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(value):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(
            f'<polyline points="{" ".join(seg)}" fill="none" stroke="{LINE}" stroke-width="2.5"/>'
        )
    for i, (_, value) in enumerate(points):
        if value is not None:
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="{LINE}"/>')
    last = next(i for i in range(len(points) - 1, -1, -1) if points[i][1] is not None)
    parts.append(
        f'<text x="{x(last):.1f}" y="{y(points[last][1]) - 9:.1f}" '
        f'text-anchor="{"end" if x(last) > WIDTH - RIGHT - 40 else "middle"}" '
        f'font-size="15" font-weight="bold" fill="{INK}">'
        f"{escape(format_value(points[last][1], unit))}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
