"""An office-screen slide as HTML: large type sized to the screen, RAG in words beside colour."""

from __future__ import annotations

from kpis.markup import html_text
from kpis.month.scorecard_html import RAG_STYLE
from kpis.rag import Rag
from kpis.screen.slides import Slide, Tile

# Sizes follow the screen (vw/vh), so a 1080p TV and a 4K one show the same slide; the floor
# keeps a laptop preview readable. The footer with the data-as-at line is always on screen.
CSS = """
<style>
.scr {font-family:Arial,"Liberation Sans",Helvetica,sans-serif; color:#0b0c0c;
  min-height:calc(100vh - 2rem); display:flex; flex-direction:column; gap:1.2vh}
.scr-head {display:flex; flex-wrap:wrap; align-items:baseline; gap:0.3rem 1.5rem;
  border-bottom:0.5vh solid #1d70b8; padding-bottom:0.6vh}
.scr-head h1 {font-size:clamp(1.8rem, 3.6vw, 5rem); line-height:1.1; margin:0; padding:0;
  font-weight:700}
.scr-head .part, .scr-head .month {font-size:clamp(1.1rem, 1.8vw, 2.6rem); color:#505a5f}
.scr-demo {font-size:clamp(1rem, 1.4vw, 2rem); font-weight:700; border-left:0.6vw solid #b04a00;
  background:#fdebd9; padding:0.3rem 0.8rem}
.scr-tiles {list-style:none; margin:0 !important; padding:0 !important; flex:1; display:grid;
  gap:1.2vw;  grid-template-columns:minmax(0, 1fr); align-content:start}
@media (min-width:700px) {.scr-tiles {grid-template-columns:repeat(2, minmax(0, 1fr))}}
@media (min-width:1200px) {.scr-tiles {grid-template-columns:repeat(3, minmax(0, 1fr))}}
.scr-tile {border:1px solid #b1b4b6; border-left:1vw solid; padding:0.8vh 1vw;
  display:flex; flex-direction:column; gap:0.5vh; min-width:0; margin:0 !important}
.scr-tile h2 {font-size:clamp(1.2rem, min(1.6vw, 2.8vh), 3rem); line-height:1.2; margin:0;
  padding:0; font-weight:700; overflow-wrap:anywhere}
.scr-tile .basis {font-size:clamp(0.95rem, min(1.2vw, 2.1vh), 2rem); color:#505a5f}
.scr-tile .value {font-size:clamp(2.4rem, min(3.8vw, 7vh), 8rem); font-weight:700;
  line-height:1.05; font-variant-numeric:tabular-nums}
.scr-tile .rag {font-size:clamp(1.2rem, min(1.7vw, 3vh), 3.2rem); font-weight:700;
  padding:0.1rem 0.6rem; align-self:flex-start}
.scr-tile .facts {font-size:clamp(1rem, min(1.5vw, 2.7vh), 2.6rem); line-height:1.25}
.scr-foot {position:sticky; bottom:0; background:#fff; border-top:0.4vh solid #0b0c0c;
  padding:0.6vh 0; font-size:clamp(1rem, 1.6vw, 2.4rem); display:flex; flex-wrap:wrap;
  justify-content:space-between; gap:0.2rem 1.5rem}
.scr-empty {font-size:clamp(1.4rem, 2.5vw, 3.5rem)}
</style>
"""


def tile_html(tile: Tile) -> str:
    colour, tint = RAG_STYLE.get(tile.rag, RAG_STYLE[Rag.GREY.value])
    return (
        f'<li class="scr-tile" style="border-left-color:{colour}">'
        f"<h2>{html_text(tile.name)}</h2>"
        f'<span class="basis">{html_text(tile.basis)}</span>'
        f'<span class="value">{html_text(tile.value)}</span>'
        f'<span class="rag" style="background:{tint}">{html_text(tile.rag_text)}</span>'
        f'<span class="facts">Target {html_text(tile.target)}<br>'
        f"Since last period: {html_text(tile.direction)}</span></li>"
    )


def screen_html(
    slide: Slide | None,
    *,
    authority: str,
    month: str,
    as_at: str,
    position: str,
    demo_note: str = "",
) -> str:
    """The whole screen for one slide; `position` says where the rotation is ("Screen 2 of 7")."""
    demo = f'<p class="scr-demo">{html_text(demo_note)}</p>' if demo_note else ""
    foot = (
        f'<footer class="scr-foot"><span>{html_text(as_at)}</span>'
        f"<span>{html_text(authority)} children's services · {html_text(position)}</span></footer>"
    )
    if slide is None:
        body = '<h1>Performance screen</h1><p class="scr-empty">No figures to show yet.</p>'
        return f'{CSS}<div class="scr">{body}{demo}{foot}</div>'
    part = f'<span class="part">({html_text(slide.part)})</span>' if slide.part else ""
    head = (
        f'<header class="scr-head"><h1>{html_text(slide.title)}</h1>{part}'
        f'<span class="month">{html_text(month)}</span></header>'
    )
    tiles = "".join(tile_html(t) for t in slide.tiles)
    return f'{CSS}<div class="scr">{head}{demo}<ul class="scr-tiles">{tiles}</ul>{foot}</div>'
