"""The progress report as one self-contained, accessible HTML file (also printed to PDF)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kpis.markup import html_text
from kpis.plans.model import Rating
from kpis.plans.report.content import ATTRIBUTION, ReportContent, long_date
from kpis.plans.review import PlanReview, RecommendationAt

EVIDENCE_HEADERS = (
    "Measure", "Month", "Value", "Target", "Rating", "12 months earlier", "Over the year",
    "England", "Statistical neighbours",
)  # fmt: skip
ACTION_HEADERS = ("Ref", "Action", "Owner", "Due", "Revised due", "Status", "Overdue")
OVERVIEW_HEADERS = ("Ref", "Recommendation", "Lead", "Due", "Status", "Last update")

CSS = """
body{font-family:Arial,'Liberation Sans',sans-serif;color:#0b0c0c;margin:1.5rem auto;
max-width:60rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.7rem}h2{font-size:1.35rem;border-bottom:2px solid #0b0c0c;margin-top:2rem}
h3{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #b1b4b6;padding:.3rem .4rem;text-align:left;vertical-align:top;
overflow-wrap:break-word;hyphens:auto}
th{background:#f3f2f1}caption{text-align:left;font-weight:bold;padding:.3rem 0}
.status{display:inline-block;padding:.15rem .5rem;border:3px solid;border-left-width:10px;
font-weight:bold;color:#0b0c0c}
.check{border-left:5px solid #d4351c;padding:.3rem .6rem;background:#fdf0ee;font-weight:bold}
.demo{border:3px solid #f47738;padding:.5rem;font-weight:bold}
.meta,.source{color:#505a5f;font-size:.9rem}
@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}thead{position:absolute;
left:-9999px}tr{border:1px solid #b1b4b6;margin-bottom:.5rem}td{border:0}
td::before{content:attr(data-label) ": ";font-weight:bold}}
@page{size:A4 portrait;margin:12mm}
@media print{body{max-width:none;margin:0;font-size:10pt}tr{break-inside:avoid}
h3{break-after:avoid}}
"""


def table_html(
    caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]], *, raw: bool = False
) -> str:
    """An accessible table; `raw` cells are HTML already (links), the rest are escaped."""
    head = "".join(f'<th scope="col">{html_text(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{html_text(h)}">{c if raw else html_text(str(c))}</td>'
            for h, c in zip(headers, row, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{html_text(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def status_badge(rating: Rating, text: str) -> str:
    return (
        f'<span class="status" style="border-color:{rating.colour}">'
        f'<span aria-hidden="true" style="color:{rating.colour}">{rating.symbol}</span> '
        f"{html_text(text)}</span>"
    )


def evidence_rows(rec: RecommendationAt) -> list[tuple[str, ...]]:
    return [
        (e.name, e.month_text, e.value_text, e.target_text, e.rag_text, e.last_year_text,
         e.direction_text, e.england_text, e.neighbours_text)
        for e in rec.evidence
    ]  # fmt: skip


def overdue_text(days: int | None) -> str:
    if days is None:
        return ""
    return f"overdue by {days} day{'s' if days != 1 else ''}"


def action_rows(rec: RecommendationAt) -> list[tuple[str, ...]]:
    return [
        (a.action.action_ref, a.action.action, a.action.owner or "–", long_date(a.action.due),
         long_date(a.action.revised_due) if a.action.revised_due else "–", a.status_word,
         overdue_text(a.overdue_days) or "–")
        for a in rec.actions
    ]  # fmt: skip


def overview_rows(review: PlanReview) -> list[tuple[str, ...]]:
    """One row per recommendation in plan order: what it asks, who leads, its status."""
    return [
        (r.recommendation.ref, r.recommendation.recommendation, r.recommendation.lead or "–",
         long_date(r.recommendation.due) if r.recommendation.due else "–", r.status_text(),
         long_date(r.update.date) if r.update else "–")
        for r in review.recommendations
    ]  # fmt: skip


def update_line(rec: RecommendationAt) -> str:
    if rec.update is None:
        return "No progress update on or before the review date."
    by = f", {rec.update.author}" if rec.update.author else ""
    return f"Update of {long_date(rec.update.date)}{by}: {rec.update.narrative}"


def details_line(rec: RecommendationAt) -> str:
    r = rec.recommendation
    parts = [f"Lead: {r.lead or '–'}", f"Due: {long_date(r.due) if r.due else '–'}"]
    parts.append(f"Source: {r.source}")
    return " · ".join(parts)


def _recommendation(rec: RecommendationAt) -> str:
    r = rec.recommendation
    out = [
        f'<section class="rec" aria-labelledby="rec-{html_text(r.ref)}">',
        f'<h3 id="rec-{html_text(r.ref)}">{html_text(r.ref)}: {html_text(r.recommendation)}</h3>',
        f'<p class="meta">{html_text(details_line(rec))}</p>',
        f"<p>{status_badge(rec.status, 'Status: ' + rec.status_text())}</p>",
        f"<p>{html_text(update_line(rec))}</p>",
    ]
    if rec.evidence:
        out.append(table_html(f"Evidence for {r.ref}", EVIDENCE_HEADERS, evidence_rows(rec)))
    out.extend(f"<p>{html_text(line)}</p>" for line in rec.audits)
    if rec.check:
        out.append(f'<p class="check" role="note">{html_text(rec.check)}</p>')
    if rec.actions:
        out.append(table_html(f"Actions for {r.ref}", ACTION_HEADERS, action_rows(rec)))
    out.append("</section>")
    return "\n".join(out)


def summary_rows(content: ReportContent) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in content.summary.itertuples(index=False)]


def report_html(content: ReportContent) -> str:
    """The whole report (no scripts: the page is ready for Chromium to print as it loads)."""
    review = content.review
    parts = [
        f"<h1>{html_text(content.title)}</h1>",
        f'<p class="meta">Review date {html_text(long_date(review.review))}. Statuses are the '
        f"latest progress update on or before that date; evidence is each measure's latest "
        f"month ended by then, from {html_text(content.figures_as_of)}.</p>",
    ]
    if content.demo:
        parts.append(f'<p class="demo">{html_text(content.demo_label)}</p>')
    parts.append("<h2>Summary</h2>")
    headers = ["Judgement area", *content.summary.columns[1:]]
    parts.append(
        table_html("Recommendations by status, and actions", headers, summary_rows(content))
    )
    if review.recommendations:
        parts.append("<h2>Recommendations at a glance</h2>")
        parts.append(
            table_html("Every recommendation at the review date, in plan order",
                       OVERVIEW_HEADERS, overview_rows(review))
        )  # fmt: skip
    for area in review.areas:
        parts.append(f"<h2>{html_text(area)}</h2>")
        parts.extend(_recommendation(rec) for rec in review.in_area(area))
    if not review.recommendations:
        parts.append("<p>The plan has no recommendations yet.</p>")
    parts.append(f'<p class="source">{html_text(ATTRIBUTION)}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en-GB" data-charts-ready="yes"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html_text(content.title)}</title><style>{CSS}</style></head>"
        f"<body><main>\n{chr(10).join(parts)}\n</main></body></html>\n"
    )
