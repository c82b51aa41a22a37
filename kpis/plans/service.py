"""The plan operations the app and the command line share: read, review, update, export."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.clock import UK, now
from kpis.month.scorecard import for_board
from kpis.plans.evidence import published_by
from kpis.plans.model import Action, ActionStatus, Rating, Update
from kpis.plans.records import Plan, plan_from_frames, to_row
from kpis.plans.review import PlanReview, review_plan
from kpis.plans.validate import COLUMNS
from kpis.problems import InputRejected, Problem
from kpis.published import comparators_for
from kpis.store import Store


def today() -> date:
    """Today in the UK: the default review date."""
    return now().astimezone(UK).date()


def default_review(plan: Plan, day: date | None = None) -> date:
    """The review date the plan opens on, in the app and on the command line: its latest
    review on or before `day` (today by default), which is what the board last discussed;
    `day` itself when there is none."""
    day = day or today()
    return min(max((u.date for u in plan.updates), default=day), day)


def current_plan(store: Store) -> Plan:
    return plan_from_frames(store.plan_frames())


def review_at(
    store: Store,
    catalogue: Catalogue,
    review: date,
    *,
    as_of: datetime | None = None,
    plan: Plan | None = None,
    figures: pd.DataFrame | None = None,
    comparators: pd.DataFrame | None = None,
) -> PlanReview:
    """The plan at `review`, its evidence from the figures in effect at `as_of` (default now)."""
    plan = plan if plan is not None else current_plan(store)
    board = for_board(store.figures(as_of)) if figures is None else figures
    comparators = comparators_for(store, catalogue) if comparators is None else comparators
    audits = store.audit_grades() if any(r.audit_themes for r in plan.recommendations) else None
    return review_plan(
        plan, catalogue, board, published_by(comparators, review), review, audits=audits
    )


def add_update(
    store: Store, ref: str, when: date, status: Rating | str, narrative: str, author: str = ""
) -> Update:
    """Record a progress update (managers and analysts); replaces one with the same date."""
    problems = []
    if ref not in store.plan_refs():
        problems.append(Problem(None, "ref", f"'{ref}' is not a recommendation in the plan"))
    if when > today():
        problems.append(Problem(None, "date", f"{when:%d/%m/%Y} is in the future"))
    rating = Rating(status) if status in {r.value for r in Rating} else None
    if rating is None or rating is Rating.NO_UPDATE:
        problems.append(Problem(None, "status", f"'{status}' is not a progress status"))
    if not narrative.strip():
        problems.append(Problem(None, "narrative", "a progress update needs a narrative"))
    if problems:
        raise InputRejected(problems)
    update = Update(
        ref=ref, date=when, status=rating, narrative=narrative.strip(), author=author.strip()
    )
    store.write_plan(
        {"updates": [to_row(update)]},
        event="plan update",
        detail=f"{ref} {when.isoformat()}: {rating.word}",
    )
    return update


def set_action_status(
    store: Store,
    ref: str,
    action_ref: str,
    status: ActionStatus | str,
    completed: date | None = None,
) -> Action:
    """Change an action's status (managers and analysts); complete needs its completion date."""
    action = next(
        (a for a in current_plan(store).actions_for(ref) if a.action_ref == action_ref), None
    )
    problems = []
    if action is None:
        problems.append(Problem(None, "action_ref", f"{ref} has no action '{action_ref}'"))
    new_status = ActionStatus(status) if status in {s.value for s in ActionStatus} else None
    if new_status is None:
        problems.append(Problem(None, "status", f"'{status}' is not an action status"))
    if new_status is ActionStatus.COMPLETE and completed is None:
        problems.append(Problem(None, "completed", "a complete action needs its completion date"))
    if completed is not None and completed > today():
        problems.append(Problem(None, "completed", f"{completed:%d/%m/%Y} is in the future"))
    if problems:
        raise InputRejected(problems)
    kept = completed if new_status is ActionStatus.COMPLETE else None
    changed = action.model_copy(update={"status": new_status, "completed": kept})
    store.write_plan(
        {"actions": [to_row(changed)]},
        event="action status",
        detail=f"{ref}/{action_ref}: {action.status.word} -> {new_status.word}",
    )
    return changed


def export_sheets(plan: Plan) -> dict[str, pd.DataFrame]:
    """The three sheets of `plan export`, in plan order; importing them changes nothing."""
    sheets = {}
    for sheet, records in (
        ("Recommendations", plan.recommendations),
        ("Actions", plan.actions),
        ("Updates", plan.updates),
    ):
        rows = [to_row(r) for r in records]
        for row in rows:
            if "public" in row:
                row["public"] = "yes" if row["public"] else "no"
        sheets[sheet] = pd.DataFrame(rows, columns=list(COLUMNS[sheet])).astype(object)
    return sheets
