"""The audit file's columns, and its rows as the store and the computations hold them."""

from __future__ import annotations

# Column -> required (DESIGN §11.1). The order is the order the store and exports use.
COLUMNS: dict[str, bool] = {
    "audit_id": True,
    "child_id": True,
    "team": True,
    "worker": False,
    "auditor": True,
    "date": True,
    "type": False,
    "theme": False,
    "domain": True,
    "grade": True,
    "moderated_grade": False,
    "moderator": False,
    "learning": False,
    "follow_up_due": False,
    "follow_up_done": False,
}
AUDIT_COLUMNS = list(COLUMNS)
DATE_COLUMNS = ("date", "follow_up_due", "follow_up_done")
GRADE_COLUMNS = ("grade", "moderated_grade")
# Personal data (DESIGN §3.3): never on board views, in the pack or on the public site.
CASE_LEVEL = ("child_id", "worker", "auditor", "moderator", "learning")
# What the figures are worked out from: no child, worker, auditor or learning text.
GRADE_ROW_COLUMNS = [c for c in AUDIT_COLUMNS if c not in CASE_LEVEL]
# The catalogue measure the audits publish (DESIGN §11.2).
KPI_ID = "audits_good_or_better"
# The domain of the row holding an audit's overall grade (matched ignoring case).
OVERALL = "Overall"


def is_overall(domain: str) -> bool:
    return domain.strip().lower() == OVERALL.lower()
