"""The audits behind a team's figures and the overdue follow-ups, for managers and analysts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kpis.audits.counts import overdue
from kpis.audits.graded import audits_of, overall_mask
from kpis.audits.grades import Grade

AUDIT_LIST = ["Child ID", "Date", "Auditor", "Grade", "Moderation", "Domain grades", "Learning",
              "Follow-up due", "Follow-up done"]  # fmt: skip
OVERDUE_LIST = ["Child ID", "Team", "Audit date", "Auditor", "Follow-up due", "Days overdue"]


def _word(code: str) -> str:
    return f"{Grade(code).symbol} {Grade(code).word}" if code else ""


def audit_list(rows: pd.DataFrame, team: str, period: str) -> pd.DataFrame:
    """One line per audit of `team` in month `period` (rows as Store.audits gives them,
    personal data included): its grade after moderation, its domains' grades and learning."""
    audits = audits_of(rows)
    mine = audits[(audits["team"] == team) & (audits["period"] == period)]
    overall = rows[overall_mask(rows)].set_index("audit_id")
    domains = rows[~overall_mask(rows)]
    lines = []
    for audit in mine.itertuples():
        first = overall.loc[audit.audit_id]
        graded = domains[domains["audit_id"] == audit.audit_id]
        lines.append({
            "Child ID": first["child_id"],
            "Date": audit.date,
            "Auditor": first["auditor"],
            "Grade": _word(audit.grade),
            "Moderation": _moderation(audit, first["moderator"]),
            "Domain grades": "; ".join(
                f"{d.domain}: {_word(d.moderated_grade or d.grade)}" for d in graded.itertuples()
            ),
            "Learning": first["learning"],
            "Follow-up due": audit.follow_up_due,
            "Follow-up done": audit.follow_up_done,
        })  # fmt: skip
    return pd.DataFrame(lines, columns=AUDIT_LIST)


def _moderation(audit, moderator: str) -> str:
    if not audit.moderated:
        return ""
    by = f" by {moderator}" if moderator else ""
    if audit.changed:
        return f"changed from {Grade(audit.first_grade).word}{by}"
    return f"agreed{by}"


def overdue_list(rows: pd.DataFrame, day: date) -> pd.DataFrame:
    """Every audit (in `rows`: the teams the reader may see) whose follow-up is overdue at
    `day`, longest overdue first."""
    late = overdue(audits_of(rows), day)
    overall = rows[overall_mask(rows)].set_index("audit_id")
    lines = [
        {
            "Child ID": overall.at[a.audit_id, "child_id"],
            "Team": a.team,
            "Audit date": a.date,
            "Auditor": overall.at[a.audit_id, "auditor"],
            "Follow-up due": a.follow_up_due,
            "Days overdue": (day - date.fromisoformat(a.follow_up_due)).days,
        }
        for a in late.itertuples()
    ]
    frame = pd.DataFrame(lines, columns=OVERDUE_LIST)
    return frame.sort_values(["Days overdue", "Team"], ascending=[False, True], ignore_index=True)
