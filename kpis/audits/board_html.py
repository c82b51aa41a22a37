"""The quality assurance month as HTML: grade tiles, a stacked bar in words and symbols, tables."""

from __future__ import annotations

from kpis.audits.board import (
    QualityMonth,
    group_table,
    moderation_sentence,
    triangulation_table,
)
from kpis.audits.grades import GRADES
from kpis.markup import html_text
from kpis.month.scorecard import SUPPRESSED
from kpis.month.table_html import table_html
from kpis.month.tiles_html import Tile, tile_row
from kpis.periods import label

RULES = """
.qa-bar{display:flex;width:100%;height:2.6rem;margin:.25rem 0 .4rem;border:1px solid #0b0c0c}
.qa-bar span{display:flex;align-items:center;justify-content:center;color:#fff;
font-weight:bold;overflow:hidden;min-width:0}
.qa-legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:0 0 1rem !important;
padding:0 !important;list-style:none}
.qa-legend li{margin:0 !important}
.qa-key{display:inline-block;width:1.4rem;text-align:center;color:#fff;margin-right:.3rem}
.qa-flags{margin:.25rem 0 1rem}
"""
CSS = f"<style>{RULES}</style>"


def grade_tiles(month: QualityMonth) -> str:
    """The month's audits and grades as tiles, each grade's word and symbol beside its colour."""
    found, when = month.counts, label(month.period)
    if month.hidden:
        tiles = [Tile("Audits completed", SUPPRESSED)]
    else:
        done = found["completed"]
        share = f"{100 * found['good_or_better'] / done:.0f}%" if done else "–"
        tiles = [
            Tile("Audits completed", f"{done:,}"),
            *(Tile(g.word, f"{found[g.value]:,}", g.colour, g.symbol) for g in GRADES),
            Tile("Good or better", f"{share} ({found['good_or_better']:,})"),
        ]
    tiles.append(Tile("Follow-ups overdue", f"{month.overdue:,}"))
    return tile_row(tiles, f"Audits completed in {when} by grade")


def grade_bar(month: QualityMonth) -> str:
    """A bar split by grade (after moderation), each part marked with its grade's symbol, and a
    legend in words; the picture's text alternative says every count."""
    found, done = month.counts, month.counts["completed"]
    if not done or month.hidden:
        return ""
    parts = [(g, found[g.value]) for g in GRADES]
    words = ", ".join(f"{n:,} {g.word.lower()}" for g, n in parts)
    described = f"Grades of the {done:,} audits completed in {label(month.period)}: {words}."
    bar = "".join(
        f'<span style="width:{100 * n / done:.2f}%;background:{g.colour}">'
        f"{html_text(g.symbol)}</span>"
        for g, n in parts
        if n
    )
    legend = "".join(
        f'<li><span class="qa-key" aria-hidden="true" style="background:{g.colour}">'
        f"{html_text(g.symbol)}</span>{html_text(g.word)}: {n:,} ({100 * n / done:.0f}%)</li>"
        for g, n in parts
    )
    return (
        f'<div class="qa-bar" role="img" aria-label="{html_text(described)}">{bar}</div>'
        f'<ul class="qa-legend" aria-label="Key to the grades">{legend}</ul>'
    )


def month_html(month: QualityMonth) -> str:
    """Tiles, bar and moderation sentence for the month (use with tiles_html.CSS and CSS)."""
    return (
        grade_tiles(month)
        + grade_bar(month)
        + f'<p class="kpis-status">{html_text(moderation_sentence(month.counts))}</p>'
    )


def groups_html(month: QualityMonth, by: str) -> str:
    """The month by team or by practice domain (use with scorecard_html.CSS)."""
    frame = month.by_team if by == "team" else month.by_domain
    heading = "Team" if by == "team" else "Practice domain"
    if frame.empty:
        return f'<p class="kpis-status">No audits in {html_text(label(month.period))}.</p>'
    table = group_table(frame, heading)
    if by == "domain":
        table = table.rename(columns={"Audits": "Graded"}).drop(columns="Follow-ups overdue")
    numeric = set(table.columns) - {heading}
    return table_html(
        table,
        caption=f"Audits in {label(month.period)} by {by}",
        row_header=heading,
        numeric=numeric,
    )


def triangulation_html(month: QualityMonth) -> str:
    """The month's triangulation table, then the flags of the twelve months to it."""
    when = label(month.period)
    if month.triangulation.empty:
        table = f'<p class="kpis-status">No team has audits or measures for {html_text(when)}.</p>'
    else:
        frame = triangulation_table(month.triangulation)
        table = table_html(
            frame,
            caption=f"Each team's audits of the three months to {when} beside its measures",
            row_header="Team",
            numeric=set(frame.columns) - {"Team", "Flag"},
        )
    if month.flags:
        items = "".join(
            f"<li><b>{html_text(label(m))}</b>: {html_text(sentence)}</li>"
            for m, sentence in month.flags
        )
        flags = f'<ul class="qa-flags">{items}</ul>'
    else:
        flags = '<p class="kpis-status">No team was flagged in these twelve months.</p>'
    return table + "<h3>Flags in the twelve months to " + html_text(when) + "</h3>" + flags
