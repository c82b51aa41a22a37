"""Headline tiles: a row of big figures, each with its words, that wraps on a narrow screen."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpis.catalogue import Kpi
from kpis.markup import html_text
from kpis.rag import Rag


@dataclass(frozen=True)
class Tile:
    """One figure and what it is. `colour` marks the tile's top edge; `symbol` goes before the
    words (hidden from screen readers: the words say the same)."""

    label: str
    value: str
    colour: str = "#b1b4b6"
    symbol: str = ""


CSS = """<style>
/* !important: the page's own list rules indent every ul and li. */
.kpi-tiles{display:flex;flex-wrap:wrap;gap:.6rem;margin:.5rem 0 1rem !important;
padding:0 !important;list-style:none}
.kpi-tiles li{margin:0 !important}
.kpi-tile{flex:1 1 9rem;border:1px solid #b1b4b6;border-top:8px solid;padding:.5rem .7rem}
.kpi-tile .n{font-size:2rem;font-weight:bold;display:block;line-height:1.25;
overflow-wrap:anywhere}
.kpi-tile .w{display:block}
</style>"""


def tile_row(tiles: list[Tile], label: str) -> str:
    """The tiles as one list named `label` for screen readers (CSS not included)."""
    items = "".join(
        f'<li class="kpi-tile" style="border-top-color:{t.colour}">'
        f'<span class="w">{_symbol(t)}{html_text(t.label)}</span>'
        f'<span class="n">{html_text(t.value)}</span></li>'
        for t in tiles
    )
    return f'<ul class="kpi-tiles" aria-label="{html_text(label)}">{items}</ul>'


def _symbol(tile: Tile) -> str:
    if not tile.symbol:
        return ""
    return f'<span aria-hidden="true" style="color:{tile.colour}">{html_text(tile.symbol)}</span> '


def measure_tiles(line: dict, kpi: Kpi) -> str:
    """A measure's month as tiles (value, target, RAG, change), then its numerator and
    denominator in words where they are known and may be shown."""
    rag = Rag(line["rag"]) if not line["suppressed"] else Rag.GREY
    html = tile_row(
        [
            Tile(f"Value ({kpi.basis})", line["value_text"]),
            Tile("Target", line["target_text"]),
            Tile("RAG", line["rag_text"], rag.colour),
            Tile("Since last period", line["vs_previous_text"]),
        ],
        f"{kpi.name}: the month's figure",
    )
    if not line["suppressed"] and pd.notna(line["numerator"]) and pd.notna(line["denominator"]):
        of = f": {kpi.denominator[0].lower()}{kpi.denominator[1:]}" if kpi.denominator else ""
        counts = f"{line['numerator']:,.0f} of {line['denominator']:,.0f}{of}"
        html += f'<p class="kpis-status">{html_text(counts)}</p>'
    return html
