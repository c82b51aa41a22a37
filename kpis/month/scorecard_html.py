"""The board scorecard as an accessible HTML table: words beside every colour, links to detail."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pandas as pd

from kpis.icons import Icon, assurance_icon, variation_icon
from kpis.markup import html_text
from kpis.rag import Rag

# Dark text on light tints keeps 4.5:1 contrast; the symbol and word carry the meaning.
RAG_STYLE = {
    Rag.RED.value: ("#d4351c", "#fbe3df"),
    Rag.AMBER.value: ("#b04a00", "#fdebd9"),
    Rag.GREEN.value: ("#00703c", "#dff0e6"),
    Rag.GREY.value: ("#505a5f", "#eeefef"),
}
# The direction column keeps room for "No comparison" (cells may break anywhere, so without a
# floor a month of missing figures squeezed it to "comparis-o-n").
_TABLE_RULES = """
.kpi-card {width:100%; border-collapse:collapse; font-size:0.88rem; margin-bottom:0.5rem}
.kpi-card caption {text-align:left; font-weight:600; padding:0.25rem 0}
.kpi-card th.measure {min-width:9rem}
.kpi-card tbody th {border-bottom:1px solid #d8d8d8; font-weight:normal; min-width:9rem;
  vertical-align:middle}
.kpi-card td.icons {min-width:7.5rem}
.kpi-card td.dir {font-size:0.85rem; min-width:6.5rem}
.kpi-wrap {container-type:inline-size; max-width:100%}
h2.kpi-area {font-size:1.5rem; font-weight:600; margin:1.5rem 0 0.5rem}
.kpi-card th {text-align:left; font-weight:600; color:#0b0c0c; border-bottom:2px solid #0b0c0c;
  padding:0.35rem 0.3rem; vertical-align:bottom}
.kpi-card td {border-bottom:1px solid #d8d8d8; padding:0.35rem 0.3rem; vertical-align:middle;
  overflow-wrap:anywhere}
.kpi-card td.num {text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums}
.kpi-card a {color:#1d70b8; text-decoration:underline}
.kpi-card a:focus {outline:3px solid #ffdd00; background:#ffdd00; color:#0b0c0c}
.kpi-card .rag {display:inline-block; padding:0.1rem 0.45rem; border-left:5px solid;
  white-space:nowrap}
.kpi-card .rag.long {white-space:normal; min-width:7rem}
.kpi-card .muted {color:#505a5f; font-size:0.85rem}
.kpi-card svg {vertical-align:middle}
.kpi-card .icons svg {width:28px; height:28px}
.kpi-card .changed {display:block; white-space:normal; font-size:0.85rem; color:#505a5f;
  margin-top:0.2rem}
.kpi-card td.icons .changed {max-width:10rem; font-size:0.75rem; line-height:1.25;
  margin-top:0}
.kpi-card .spc {display:flex; align-items:center; gap:0.3rem; font-size:0.78rem;
  line-height:1.2; margin:0.1rem 0}
.kpi-card .spc img {flex:none}
.kpi-card ul.reasons {margin:0; padding-left:1.1rem}
.sr-only {position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0)}
"""
# Each row as a card listing every cell under its column's name: used when the table is too
# narrow for every column (a tablet, a phone, a window beside another), so nothing is cut off
# or scrolled sideways, and always for a table of long texts (class "cards").
CARD_RULES = """
  .kpi-card, .kpi-card tbody, .kpi-card tr, .kpi-card th, .kpi-card td {display:block}
  .kpi-card thead {position:absolute; width:1px; height:1px; overflow:hidden;
    clip:rect(0 0 0 0)}
  .kpi-card tbody {display:grid; grid-template-columns:repeat(auto-fill, minmax(16rem, 1fr));
    gap:0.75rem}
  .kpi-card tr {border:1px solid #b1b4b6; border-top:4px solid #1d70b8; padding:0.4rem 0.6rem;
    min-width:0}
  .kpi-card tbody th {min-width:0; font-weight:600; border-bottom:1px solid #b1b4b6;
    padding:0.1rem 0 0.35rem}
  .kpi-card td, .kpi-card td.num {display:grid; grid-template-columns:minmax(5.5rem, 40%)
    minmax(0, 1fr); gap:0.5rem; text-align:left; white-space:normal; padding:0.3rem 0;
    border-bottom:1px dotted #d8d8d8}
  .kpi-card td:last-child {border-bottom:none}
  .kpi-card td::before {content:attr(data-label); color:#505a5f; font-size:0.85rem;
    overflow-wrap:anywhere}
  .kpi-card td.icons img {margin-right:0.25rem}
"""
# The scorecard on a tablet (a column between 30 and 58rem): a compact table of the measure,
# value, target, RAG, direction and trend, one row a line as on a laptop; the rest (SPC,
# neighbours, England, band) folded under each measure's "More", a tap away. Cards only on a phone.
_COMPACT_RULES = """
  .kpi-card.scorecard {font-size:0.82rem}
  .kpi-card.scorecard .extra {display:none}
  .kpi-card.scorecard .more {display:block}
  .kpi-card.scorecard th, .kpi-card.scorecard td {padding:0.3rem 0.2rem}
  .kpi-card.scorecard tbody th, .kpi-card.scorecard th.measure {min-width:7rem}
  .kpi-card.scorecard td.dir {font-size:0.78rem}
  .kpi-card.scorecard .rag {white-space:normal; padding:0.1rem 0.3rem}
  .kpi-card.scorecard td .rag, .kpi-card.scorecard td.dir {overflow-wrap:normal}
  .kpi-card.scorecard td img[width="84"] {width:60px; height:auto}
"""
_SCORECARD_RULES = """
.kpi-card .more {display:none; font-size:0.85rem; margin-top:0.2rem}
.kpi-card .more summary {color:#1d70b8; text-decoration:underline; cursor:pointer}
.kpi-card .more summary:focus {outline:3px solid #ffdd00; background:#ffdd00; color:#0b0c0c}
.kpi-card .more dl {margin:0.2rem 0 0; display:grid; grid-template-columns:auto 1fr;
  gap:0.1rem 0.5rem}
.kpi-card .more dt {color:#505a5f} .kpi-card .more dd {margin:0}
"""
# A table of up to six columns (class "few") fits a narrower space before it needs cards.
CSS = (
    f"<style>{_TABLE_RULES}{_SCORECARD_RULES}"
    "@container (max-width: 58rem) {"
    f"{CARD_RULES.replace('.kpi-card', '.kpi-card:not(.few):not(.scorecard)')}"
    f"{_COMPACT_RULES}}}"
    f"@container (max-width: 36rem) {{{CARD_RULES.replace('.kpi-card', '.kpi-card.few')}}}"
    # A tablet's column beside the sidebar is about 35rem: the compact table holds to 30rem.
    f"@container (max-width: 30rem) {{{CARD_RULES.replace('.kpi-card', '.kpi-card.scorecard')}"
    " .kpi-card.scorecard {font-size:0.88rem} .kpi-card.scorecard td.extra {display:grid}"
    " .kpi-card.scorecard .more {display:none}}"
    f"{CARD_RULES.replace('.kpi-card', '.kpi-card.cards')}</style>"
)


def sparkline(values: list[float | None], label: str, width: int = 84, height: int = 26) -> str:
    """A small inline line chart with a text alternative; gaps where a month has no figure."""
    present = [v for v in values if v is not None and not pd.isna(v)]
    if len(present) < 2:
        return '<span class="muted">–</span>'
    low, high = min(present), max(present)
    span = (high - low) or 1.0
    step = (width - 6) / max(len(values) - 1, 1)
    segments, current = [], []
    for i, value in enumerate(values):
        if value is None or pd.isna(value):
            if current:
                segments.append(current)
            current = []
            continue
        y = 3 + (height - 6) * (1 - (value - low) / span)
        current.append(f"{3 + i * step:.1f},{y:.1f}")
    if current:
        segments.append(current)
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="#1d70b8" stroke-width="1.8"/>'
        for s in segments
    )
    last = segments[-1][-1].split(",")
    dot = f'<circle cx="{last[0]}" cy="{last[1]}" r="2.6" fill="#0b0c0c"/>'
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{lines}{dot}</svg>'
    )
    return _img(svg, label, width, height)


def _img(svg: str, label: str, width: int, height: int) -> str:
    # An <img> with alt text: HTML sanitisers keep it where they strip inline SVG.
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<img src="data:image/svg+xml;base64,{encoded}" alt="{html_text(label)}" '
        f'title="{html_text(label)}" width="{width}" height="{height}">'
    )


def _spc_line(icon: Icon, whole: bool = False) -> str:
    if whole:
        picture, words = (
            _img(icon.svg, "", 24, 24),
            f'<span class="changed">{html_text(icon.label)}</span>',
        )
    else:
        picture = _img(icon.svg, icon.label, 24, 24)
        words = f'<span aria-hidden="true">{html_text(icon.words)}</span>'
    return f'<span class="spc">{picture}{words}</span>'


def _published(text: str) -> str:
    """'79.8% (2024/25)' on two lines: the figure, then its year, smaller."""
    figure, _, year = text.partition(" (")
    if not year:
        return html_text(text)
    return f'{html_text(figure)}<br><span class="muted">{html_text(year.rstrip(")"))}</span>'


def _present(value: object) -> str | None:
    """None for a missing cell (pandas may hold it as NaN even in a text column)."""
    return value if isinstance(value, str) and value else None


def cell(label: str, content: str, kind: str = "") -> str:
    """A table cell that names its column, so a narrow screen can show the row as a card;
    `content` is HTML already escaped."""
    css = f' class="{kind}"' if kind else ""
    return f'<td{css} data-label="{html_text(label)}"><div class="v">{content}</div></td>'


# Longer than "▲ Near target": such a badge may wrap ("No figure for Apr 2025" on one line
# widened its column and squeezed the direction of travel into broken words).
_ONE_LINE = 14


def rag_class(text: str) -> str:
    """The badge's class: "rag", or "rag long" for a text that may wrap."""
    return "rag long" if len(text) > _ONE_LINE else "rag"


def rag_badge(rag: str, text: str) -> str:
    colour, tint = RAG_STYLE.get(rag, RAG_STYLE[Rag.GREY.value])
    return (
        f'<span class="{rag_class(text)}" style="border-color:{colour};background:{tint}">'
        f"{html_text(text)}</span>"
    )


def _more(facts: dict[str, str]) -> str:
    """The row's other columns as a disclosure under the measure's name: shown only where the
    compact table hides those columns, so each fact is on the page (and read) once."""
    items = "".join(
        f"<dt>{html_text(k)}</dt><dd>{html_text(v) if v else '–'}</dd>" for k, v in facts.items()
    )
    return f'<details class="more"><summary>More</summary><dl>{items}</dl></details>'


def scorecard_html(
    card: pd.DataFrame, *, model_year: int, link: Callable[[str], str], area: str
) -> str:
    """One judgement area's table. `card` is kpis.scorecard output with benchmarks, `spark`
    (13 monthly values), `spark_label`, `variation`, `assurance`, `improvement` and
    `changed_since` (kpis.spc.changed_since) columns."""
    head = (
        "<tr><th scope='col' class='measure'>Measure</th><th scope='col'>Value</th>"
        "<th scope='col'>Target</th>"
        "<th scope='col'>RAG</th><th scope='col'>Direction of travel</th>"
        "<th scope='col'>Trend</th>"
        "<th scope='col' class='extra'><abbr title='Statistical process control: is the latest "
        "figure unusual, and will the process meet its target?'>Variation, assurance</abbr></th>"
        f"<th scope='col' class='extra'>Neighbours ({model_year} model)</th>"
        "<th scope='col' class='extra'>England</th>"
        "<th scope='col' class='extra'><abbr title='National quartile band: A is the best "
        "quarter'>Band</abbr></th></tr>"
    )
    rows = []
    for r in card.itertuples():
        variation = variation_icon(_present(r.variation), r.improvement)
        changed = _present(getattr(r, "changed_since", None))
        assurance = assurance_icon(_present(r.assurance), changed)
        shown = (
            f'<br><span class="muted">{html_text(r.shown_label)}</span>' if r.shown_label else ""
        )
        value = html_text(r.value_text)
        if not r.suppressed and pd.notna(r.numerator) and pd.notna(r.denominator):
            value += f'<br><span class="muted">{r.numerator:,.0f} of {r.denominator:,.0f}</span>'
        direction = (
            f"Month: {html_text(r.vs_previous_text)}<br>Year: {html_text(r.vs_last_year_text)}"
        )
        moved = bool(changed and _present(r.assurance))
        # Each icon with its meaning in a few words beside it (the whole label is its text
        # alternative, so the words are not read twice). A process that moved on gets the
        # whole sentence instead: the board must not read a verdict into the icon.
        icons = _spc_line(variation) + _spc_line(assurance, whole=moved)
        neighbours = f"Neighbours ({model_year} model)"
        more = _more(
            {
                "Variation": variation.label,
                "Assurance": assurance.label,
                neighbours: r.neighbours_text,
                "England": r.england_text,
                "Band": r.quartile,
            }
        )
        rows.append(
            "<tr>"
            f'<th scope="row"><a href="{html_text(link(r.kpi_id))}">'
            f"{html_text(r.name)}</a><br><span class='muted'>{html_text(r.basis)}</span>"
            f"{more}</th>"
            + cell("Value", value + shown, "num")
            + cell("Target", html_text(r.target_text), "num")
            + cell("RAG", rag_badge(r.rag, r.rag_text))
            + cell("Direction of travel", direction, "dir")
            + cell("Trend", sparkline(r.spark, r.spark_label))
            + cell("Variation, assurance", icons, "icons extra")
            + cell(neighbours, _published(r.neighbours_text), "num extra")
            + cell("England", _published(r.england_text), "num extra")
            + cell("Band", html_text(r.quartile), "extra")
            + "</tr>"
        )
    return (
        f'<div class="kpi-wrap"><table class="kpi-card scorecard">'
        f'<caption class="sr-only">{html_text(area)}</caption>'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
