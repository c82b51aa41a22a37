"""The public site's improvement-plan section: public recommendations and their status at M's end.

kpis/plans (DESIGN §8) is built separately; `public_recommendations` and `recommendation_refs`
are the two places it is wired in. Until that package exists they give nothing, so the site and
`public set` work on KPIs alone.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

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


def _plans_present() -> bool:
    return importlib.util.find_spec("kpis.plans") is not None


def public_recommendations(store: Store, period: str) -> list[PublicRecommendation]:
    """The recommendations marked public, in plan order, with their status at the end of
    `period`; an empty list while kpis/plans is absent."""
    if not _plans_present():
        return []
    # Wired by the integrator: read the plan from kpis.plans, keep the refs in
    # store.public_keys("recommendation") (or marked public in the plan file), status at M's end.
    raise NotImplementedError("kpis.plans exists: wire kpis.site.recommendations to it")


def recommendation_refs(store: Store) -> set[str]:
    """Every recommendation ref the stored plan holds; none while kpis/plans is absent."""
    if not _plans_present():
        return set()
    raise NotImplementedError("kpis.plans exists: wire kpis.site.recommendations to it")


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
