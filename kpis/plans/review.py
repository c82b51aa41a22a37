"""The plan at a review date (DESIGN §8.2): statuses, evidence checks, overdue actions, summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kpis.audits.themes import theme_sentence
from kpis.catalogue import Catalogue
from kpis.plans.evidence import Evidence, evidence_lines
from kpis.plans.model import RATINGS, Action, Rating, Recommendation, Update
from kpis.plans.records import Plan
from kpis.rag import Rag


def status_at(updates: list[Update], review: date) -> tuple[Rating, Rating | None, Update | None]:
    """The status of the latest update dated on or before `review` ("no update" without one),
    the status of the update before that, and the latest update itself."""
    dated = sorted((u for u in updates if u.date <= review), key=lambda u: u.date)
    if not dated:
        return Rating.NO_UPDATE, None, None
    previous = dated[-2].status if len(dated) > 1 else None
    return dated[-1].status, previous, dated[-1]


def check_sentence(status: Rating, lines: list[Evidence]) -> str:
    """Where the rating and the figures disagree, the sentence that says so; else ''."""
    rated = [e for e in lines if e.rated]
    m, n = len(rated), sum(e.rag is Rag.RED for e in rated)
    if status in (Rating.COMPLETE, Rating.ON_TRACK) and n >= 1:
        return f"Rated {status.word}, but {n} of {m} evidence measures are off target."
    if (
        status in (Rating.AT_RISK, Rating.OFF_TRACK)
        and m >= 1
        and all(e.rag is Rag.GREEN for e in rated)
    ):
        return f"Rated {status.word}, while all {m} evidence measures are on target."
    return ""


def completed_by(action: Action, review: date) -> bool:
    return action.completed is not None and action.completed <= review


def overdue_days(action: Action, review: date) -> int | None:
    """Days past its (revised) due date at `review`, or None when it is not overdue."""
    if action.effective_due < review and not completed_by(action, review):
        return (review - action.effective_due).days
    return None


@dataclass(frozen=True)
class ActionAt:
    action: Action
    overdue_days: int | None

    @property
    def status_word(self) -> str:
        return self.action.status.word

    @property
    def overdue(self) -> bool:
        return self.overdue_days is not None


@dataclass(frozen=True)
class RecommendationAt:
    """One recommendation as the review date finds it."""

    recommendation: Recommendation
    status: Rating
    previous: Rating | None
    update: Update | None
    history: tuple[Update, ...]
    evidence: tuple[Evidence, ...]
    check: str
    actions: tuple[ActionAt, ...]
    # One sentence per audit theme (kpis.audits.themes): "Audits on Neglect, 3 months to …".
    audits: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return self.recommendation.ref

    @property
    def evidence_measures(self) -> int:
        return sum(e.rated for e in self.evidence)

    @property
    def evidence_off_target(self) -> int:
        return sum(e.rag is Rag.RED for e in self.evidence if e.rated)

    @property
    def overdue_actions(self) -> int:
        return sum(a.overdue for a in self.actions)

    @property
    def slipped_actions(self) -> int:
        return sum(a.action.slipped for a in self.actions)

    def status_text(self) -> str:
        """'At risk (was Off track)'."""
        was = f" (was {self.previous.word})" if self.previous is not None else ""
        return f"{self.status.word}{was}"


@dataclass(frozen=True)
class PlanReview:
    review: date
    recommendations: tuple[RecommendationAt, ...]

    @property
    def areas(self) -> list[str]:
        return list(dict.fromkeys(r.recommendation.area for r in self.recommendations))

    def in_area(self, area: str) -> list[RecommendationAt]:
        return [r for r in self.recommendations if r.recommendation.area == area]


def review_plan(
    plan: Plan,
    catalogue: Catalogue,
    figures: pd.DataFrame,
    published: pd.DataFrame,
    review: date,
    audits: pd.DataFrame | None = None,
) -> PlanReview:
    """Everything §8.2 works out for `review`; `figures` as board views show them,
    `published` the latest DfE year no later than the review's (kpis.plans.evidence), and
    `audits` the case audits' grade rows (Store.audit_grades) for the recommendations' themes."""
    found = []
    for rec in plan.recommendations:
        history = plan.updates_for(rec.ref)
        status, previous, latest = status_at(history, review)
        lines = evidence_lines(rec.kpis, catalogue, figures, published, review)
        actions = tuple(ActionAt(a, overdue_days(a, review)) for a in plan.actions_for(rec.ref))
        themes = tuple(
            theme_sentence(audits, theme, review)
            for theme in rec.audit_themes
            if audits is not None
        )
        found.append(
            RecommendationAt(
                rec, status, previous, latest, tuple(u for u in history if u.date <= review),
                tuple(lines), check_sentence(status, lines), actions, themes,
            )
        )  # fmt: skip
    return PlanReview(review, tuple(found))


SUMMARY_COLUMNS = [
    "area",
    *(r.word for r in RATINGS),
    "Actions complete",
    "Actions overdue",
    "Actions slipped",
]


def summary(review: PlanReview) -> pd.DataFrame:
    """Per judgement area (in order of first appearance) and in total: recommendations by
    status at the date; actions complete, overdue and slipped."""
    rows = []
    for area in [*review.areas, None]:
        recs = review.recommendations if area is None else review.in_area(area)
        actions = [a for r in recs for a in r.actions]
        row = {"area": "Total" if area is None else area}
        row |= {rating.word: sum(r.status is rating for r in recs) for rating in RATINGS}
        row |= {
            "Actions complete": sum(completed_by(a.action, review.review) for a in actions),
            "Actions overdue": sum(a.overdue for a in actions),
            "Actions slipped": sum(a.action.slipped for a in actions),
        }
        rows.append(row)
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


STATUS_COLUMNS = [
    "ref", "area", "status", "previous_status", "update_date", "evidence_measures",
    "evidence_off_target", "overdue_actions", "check",
]  # fmt: skip


def status_table(review: PlanReview) -> pd.DataFrame:
    """`plan status`: one row per recommendation in plan order, statuses as codes."""
    rows = [
        {
            "ref": r.ref,
            "area": r.recommendation.area,
            "status": r.status.value,
            "previous_status": r.previous.value if r.previous else "",
            "update_date": r.update.date.isoformat() if r.update else "",
            "evidence_measures": r.evidence_measures,
            "evidence_off_target": r.evidence_off_target,
            "overdue_actions": r.overdue_actions,
            "check": r.check,
        }
        for r in review.recommendations
    ]
    return pd.DataFrame(rows, columns=STATUS_COLUMNS)
