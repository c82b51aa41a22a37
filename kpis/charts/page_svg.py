"""A page's chart as HTML: its title, the figure as SVG drawn for a wide and a narrow screen,
and its notes, so the browser loads no charting script."""

from __future__ import annotations

from collections.abc import Callable

from kpis.charts.fit import PageChart
from kpis.charts.svg import figure_svg
from kpis.markup import html_text

# Drawn for each width, so its text stays readable: scaling one drawing to a phone would
# shrink every label by half. The column's width chooses (a container query), since a tablet's
# sidebar leaves the page a phone's width.
WIDE, NARROW = 900, 440
CSS = (
    ".kpis-chart{margin:0 0 .5rem;container-type:inline-size}"
    ".kpis-chart svg{display:block;max-width:100%;height:auto}"
    ".kpis-chart-narrow{display:none}"
    "@container (max-width:620px){.kpis-chart-wide{display:none}.kpis-chart-narrow{display:block}}"
    ".kpis-chart a circle,.kpis-chart a path{cursor:pointer}"
)
CAPTION = "font-size:0.875rem;color:#505a5f;margin:0 0 0.5rem"


def notes_html(chart: PageChart) -> str:
    """A chart's notes as a caption, a line each."""
    lines = "<br>".join(html_text(line) for note in chart.notes for line in note.split("\n"))
    return f'<p style="{CAPTION}">{lines}</p>' if lines else ""


def title_html(chart: PageChart) -> str:
    """A chart's title as page text (it wraps at any width, where Plotly's would be cut off)."""
    if not chart.title:
        return ""
    style = "font-weight:600;font-size:1.05rem;margin:.6rem 0 .25rem"
    return f'<p style="{style}">{html_text(chart.title)}</p>'


def chart_html(
    chart: PageChart,
    *,
    chart_id: str,
    link: Callable[[str], str | None] | None = None,
    notes: bool = True,
) -> str:
    """`chart` as one line of HTML (no blank lines, so Markdown keeps it whole). The SVG's
    text alternative is the figure's own summary (layout.meta['summary']) where it has one;
    `link(x)` makes each marker a link."""
    meta = chart.figure.layout.meta
    summary = meta.get("summary") if isinstance(meta, dict) else None
    description = summary or f"{chart.title or 'Chart'}. The figures are in the table below it."
    drawings = "".join(
        f'<div class="kpis-chart-{name}">'
        + figure_svg(
            chart.figure,
            width=width,
            plot_height=height,
            chart_id=f"{chart_id}-{name}",
            description=description,
            font_size=size,
            **extra,
        )
        + "</div>"
        # A phone has no pointer to hover with, and its points are too close to tap apart.
        for name, width, height, size, extra in (
            ("wide", WIDE, 300, None, {"link": link}),
            ("narrow", NARROW, 260, 16, {"tips": False}),
        )
    )
    title = (
        f'<p style="font-weight:600;font-size:1.05rem;margin:.6rem 0 .25rem">'
        f"{html_text(chart.title)}</p>"
        if chart.title
        else ""
    )
    return f'{title}<figure class="kpis-chart" style="margin:0">{drawings}</figure>' + (
        notes_html(chart) if notes else ""
    )
