"""The pack's quality assurance section: the month's audit grades, their trend, the flags."""

from __future__ import annotations

from html import escape

from kpis.audits.board import QualityMonth, moderation_sentence, triangulation_table
from kpis.audits.board_html import grade_bar
from kpis.audits.grades import GRADES
from kpis.audits.model import KPI_ID
from kpis.month.scorecard import SUPPRESSED
from kpis.month.scorecard_html import cell
from kpis.pack.content import PackContent
from kpis.pack.sections import chart_block, demo_note
from kpis.periods import label

ID = "quality"
TITLE = "Quality assurance"


def quality_section(content: PackContent) -> str:
    """Audits completed in the month by grade (after moderation), good or better over time with
    its SPC chart, and where audits and measures disagree. Counts only: no child, worker,
    auditor or learning text ever reaches the pack."""
    month = content.quality
    head = f'<section class="section" id="{ID}"><h2>{TITLE}</h2>{demo_note(content)}'
    if month is None:
        return head + '<p class="muted">No case audits have been loaded.</p></section>'
    return (
        head + f'<p class="muted">Case audits completed in {escape(content.month)}, graded on the '
        "Ofsted scale, after moderation where a second reader moderated the grade.</p>"
        + _counts(month)
        + grade_bar(month)
        + f'<p class="muted">{escape(moderation_sentence(month.counts))}</p>'
        + "<h3>Good or better over time</h3>"
        + chart_block(content, KPI_ID, "chart-quality")
        + "<h3>Triangulation: audits beside the measures</h3>"
        + _flags(month)
        + _triangulation(month)
        + "</section>"
    )


def _counts(month: QualityMonth) -> str:
    found = month.counts
    if month.hidden:
        boxes = [("Audits completed", SUPPRESSED, "#b1b4b6")]
    else:
        boxes = [("Audits completed", f"{found['completed']:,}", "#b1b4b6")]
        boxes += [(f"{g.symbol} {g.word}", f"{found[g.value]:,}", g.colour) for g in GRADES]
        boxes.append(("Good or better", f"{found['good_or_better']:,}", "#b1b4b6"))
    boxes.append(("Follow-ups overdue", f"{month.overdue:,}", "#b1b4b6"))
    return (
        '<div class="counts">'
        + "".join(
            f'<div style="border-left-color:{colour}"><b>{escape(n)}</b>{escape(words)}</div>'
            for words, n, colour in boxes
        )
        + "</div>"
    )


def _flags(month: QualityMonth) -> str:
    if not month.flags:
        return '<p class="muted">No team was flagged in the twelve months to this one.</p>'
    items = "".join(f"<li><b>{escape(label(m))}</b>: {escape(s)}</li>" for m, s in month.flags)
    return (
        f'<p class="muted">Flags in the twelve months to {label(month.period)}:</p><ul>{items}</ul>'
    )


def _triangulation(month: QualityMonth) -> str:
    frame = triangulation_table(month.triangulation)
    if frame.empty:
        return ""
    numeric = set(frame.columns) - {"Team", "Flag"}
    head = "".join(
        f'<th scope="col"{" class=num" if c in numeric else ""}>{escape(c)}</th>'
        for c in frame.columns
    )
    rows = "".join(
        f'<tr><th scope="row">{escape(str(r["Team"]))}</th>'
        + "".join(
            cell(c, escape(str(r[c])), "num" if c in numeric else "") for c in frame.columns[1:]
        )
        + "</tr>"
        for r in frame.to_dict("records")
    )
    caption = f"Each team's audits of the three months to {label(month.period)} beside its measures"
    return (
        f'<div class="scroll"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
