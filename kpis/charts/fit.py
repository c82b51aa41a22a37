"""A figure made ready for a page of any width: its title and footnotes lifted out as text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import plotly.graph_objects as go

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PageChart:
    """A chart's title and notes as plain text (the page wraps them to its width; inside the
    figure Plotly would cut them off at the edge of a phone) and the figure without them."""

    title: str
    notes: tuple[str, ...]
    figure: go.Figure


def plain(text: str | None) -> str:
    """Plotly's HTML-ish label text as plain text, line breaks kept."""
    lines = _BREAK.split(text or "")
    return "\n".join(html.unescape(_TAG.sub("", line)).strip() for line in lines).strip()


def _footnote(note) -> bool:
    # Left-aligned text on the figure's own frame, not pointing at data: a source or caveat.
    return (
        note.xref == "paper"
        and note.yref == "paper"
        and not note.showarrow
        and note.xanchor == "left"
        and (note.x or 0) == 0
    )


def for_page(figure: go.Figure) -> PageChart:
    """Split `figure` (left unchanged) into title, footnotes and a figure that fits any width."""
    fig = go.Figure(figure)
    title = plain(fig.layout.title.text)
    notes = tuple(plain(a.text) for a in fig.layout.annotations if _footnote(a))
    below = any(_footnote(a) and (a.y or 0) < 0 for a in fig.layout.annotations)
    fig.layout.annotations = [a for a in fig.layout.annotations if not _footnote(a)]
    margin = fig.layout.margin
    fig.update_layout(title=None, margin={"t": min(margin.t if margin.t is not None else 80, 32)})
    if below:
        # The space kept under the axis for the note goes; the axis takes what its labels need.
        fig.update_layout(margin={"b": 40})
        fig.update_xaxes(automargin=True)
    return PageChart(title=title, notes=notes, figure=fig)
