"""The public site's plan section: the public recommendations and their status at M's end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from kpis.plans.evidence import month_end
from kpis.plans.records import Plan
from kpis.plans.review import status_at
from kpis.plans.service import current_plan
from kpis.store import Store

# Status words and their colours (DESIGN §8.1); the word is always shown beside the colour.
STATUS_STYLE = {
    "Complete": ("#1d70b8", "#e8f1f8"),
    "On track": ("#00703c", "#dff0e6"),
    "At risk": ("#b04a00", "#fdebd9"),
    "Off track": ("#d4351c", "#fbe3df"),
    "No update": ("#505a5f", "#eeefef"),
}


@dataclass(frozen=True)
class PublicRecommendation:
    """One recommendation as the public may read it: no narrative, lead, actions or evidence."""

    ref: str
    area: str
    text: str
    status: str  # a STATUS_STYLE word, as at the end of the site's month


def public_refs(store: Store, plan: Plan) -> list[str]:
    """Refs shown to the public, in plan order: marked `public` in the plan file, unless an
    analyst has since set the recommendation's flag (which then decides)."""
    flags = store.public_flags()
    flags = flags[flags["kind"] == "recommendation"] if not flags.empty else flags
    decided = dict(zip(flags["key"], flags["public"].astype(bool), strict=True))
    return [r.ref for r in plan.recommendations if decided.get(r.ref, r.public)]


def public_recommendations(store: Store, period: str) -> list[PublicRecommendation]:
    """The recommendations marked public, in plan order, with their status at the end of
    `period` (the latest progress update on or before that day)."""
    plan = current_plan(store)
    end = month_end(period)
    chosen = set(public_refs(store, plan))
    return [
        PublicRecommendation(
            r.ref, r.area, r.recommendation, status_at(plan.updates_for(r.ref), end)[0].word
        )
        for r in plan.recommendations
        if r.ref in chosen
    ]


def recommendation_refs(store: Store) -> set[str]:
    """Every recommendation ref the stored plan holds."""
    return store.plan_refs()


def recommendations_html(items: Iterable[PublicRecommendation]) -> str:
    """The section's body: a table per judgement area (in order of first appearance)."""
    items = list(items)
    if not items:
        return (
            "<p>No recommendations from the improvement plan have been approved for "
            "publication yet.</p>"
        )
    areas: dict[str, list[PublicRecommendation]] = {}
    for item in items:
        areas.setdefault(item.area, []).append(item)
    parts = []
    for number, (area, recs) in enumerate(areas.items(), start=1):
        rows = "".join(
            f'<tr><th scope="row">{escape(r.ref)}</th><td>{escape(r.text)}</td>'
            f"<td>{status_badge(r.status)}</td></tr>"
            for r in recs
        )
        parts.append(
            f'<h2 id="plan-area-{number}">{escape(area)}</h2>'
            '<div class="wrap"><table class="data">'
            f"<caption>Recommendations: {escape(area)}</caption>"
            '<thead><tr><th scope="col">Ref</th><th scope="col">Recommendation</th>'
            '<th scope="col">Status</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    return "".join(parts)


def status_badge(word: str) -> str:
    colour, tint = STATUS_STYLE.get(word, STATUS_STYLE["No update"])
    return (
        f'<span class="badge" style="border-color:{colour};background:{tint}">{escape(word)}</span>'
    )
