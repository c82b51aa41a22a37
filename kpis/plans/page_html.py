"""The Improvement plan page's HTML: summary tiles and one card per recommendation."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kpis.markup import html_text
from kpis.month.tiles_html import CSS as TILES_CSS
from kpis.month.tiles_html import Tile, tile_row
from kpis.plans.model import RATINGS, Rating
from kpis.plans.report.content import long_date
from kpis.plans.report.html import (
    ACTION_HEADERS,
    EVIDENCE_HEADERS,
    action_rows,
    status_badge,
    table_html,
    update_line,
)
from kpis.plans.review import RecommendationAt

CSS = """<style>
.plan-card{border:1px solid #b1b4b6;padding:.6rem .9rem;margin:.8rem 0}
.plan-card h2{margin:.1rem 0 .4rem;font-size:1.1rem}
.plan-card table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.4rem 0}
.plan-card th,.plan-card td{border:1px solid #b1b4b6;padding:.25rem .4rem;text-align:left;
vertical-align:top;overflow-wrap:break-word}
.plan-card th{background:#f3f2f1}.plan-card caption{text-align:left;font-weight:bold}
.plan-card .status{display:inline-block;padding:.1rem .5rem;border:3px solid;
border-left-width:10px;font-weight:bold}
.plan-check{border-left:5px solid #d4351c;padding:.3rem .6rem;background:#fdf0ee;
font-weight:bold}
.plan-meta{color:#505a5f;font-size:.9rem}
@media (max-width:40rem){.plan-card table,.plan-card thead,.plan-card tbody,.plan-card tr,
.plan-card th,.plan-card td{display:block}.plan-card thead{position:absolute;left:-9999px}
.plan-card tr{border:1px solid #b1b4b6;margin-bottom:.4rem}.plan-card td{border:0}
.plan-card td::before{content:attr(data-label) ": ";font-weight:bold}}
</style>"""


def tiles_html(total: pd.Series) -> str:
    """The summary row for the whole plan as five tiles, each with its symbol and word."""
    tiles = [Tile(r.word, str(int(total[r.word])), r.colour, r.symbol) for r in RATINGS]
    return TILES_CSS + tile_row(tiles, "Recommendations by status")


def card_html(
    rec: RecommendationAt, link: Callable[[str], str], kpi_link: Callable[[str], str]
) -> str:
    """One recommendation: status (and the one before), evidence, the check, and the actions
    that are overdue or slipped (all of them on its detail)."""
    r = rec.recommendation
    evidence = [
        (f'<a href="{html_text(kpi_link(e.kpi_id))}">{html_text(e.name)}</a>', e.month_text,
         e.value_text, e.target_text, e.rag_text, e.last_year_text, e.direction_text,
         e.england_text, e.neighbours_text)
        for e in rec.evidence
    ]  # fmt: skip
    flagged = [
        row for row, a in zip(action_rows(rec), rec.actions, strict=True)
        if a.overdue or a.action.slipped
    ]  # fmt: skip
    parts = [
        '<div class="plan-card">',
        f'<h2><a href="{html_text(link(r.ref))}">{html_text(r.ref)}</a>: '
        f"{html_text(r.recommendation)}</h2>",
        f'<p class="plan-meta">{html_text(r.area)} · Lead: {html_text(r.lead or "–")} · Due: '
        f"{html_text(long_date(r.due) if r.due else '–')} · {html_text(r.source)}</p>",
        f"<p>{status_badge(rec.status, 'Status: ' + rec.status_text())}</p>",
        f"<p>{html_text(update_line(rec))}</p>",
    ]
    if evidence:
        parts.append(table_html(f"Evidence for {r.ref}", EVIDENCE_HEADERS, evidence, raw=True))
    parts.extend(f'<p class="plan-audits">{html_text(line)}</p>' for line in rec.audits)
    if rec.check:
        parts.append(f'<p class="plan-check" role="note">{html_text(rec.check)}</p>')
    if flagged:
        caption = f"Overdue or slipped actions for {r.ref}"
        parts.append(table_html(caption, ACTION_HEADERS, flagged))
    parts.append("</div>")
    return "".join(parts)


def rating_order() -> list[str]:
    """Statuses from worst to best, for a chart's axis."""
    return [Rating.NO_UPDATE.word, Rating.OFF_TRACK.word, Rating.AT_RISK.word,
            Rating.ON_TRACK.word, Rating.COMPLETE.word]  # fmt: skip
