"""The quality assurance page's month for the board: aggregates only, small groups hidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kpis.audits.counts import counts, overdue, summary
from kpis.audits.graded import audits_of
from kpis.audits.triangulation import triangulate
from kpis.catalogue import Catalogue
from kpis.month.scorecard import SUPPRESSED
from kpis.periods import month_end, shift

FLAG_MONTHS = 12  # the flags listed beside the month's triangulation


@dataclass(frozen=True)
class QualityMonth:
    """One month of audits as board views show them (no child, worker, auditor or learning)."""

    period: str
    counts: dict[str, int]  # the authority's month (kpis.audits.counts.counts)
    overdue: int  # follow-ups overdue at the month's end (or today, in the current month)
    by_team: pd.DataFrame  # kpis.audits.counts.SUMMARY_COLUMNS, a row per team
    by_domain: pd.DataFrame  # the same, a row per practice domain
    triangulation: pd.DataFrame  # kpis.audits.triangulation.TRIANGULATION_COLUMNS
    flags: tuple[tuple[str, str], ...]  # (month, sentence) in the twelve months to `period`

    @property
    def hidden(self) -> bool:
        """Fewer than 5 audits in the month: its counts are not shown on board views."""
        return is_small(self.counts["completed"])


def is_small(count: int) -> bool:
    """1 to 4: a number board views show as "fewer than 5" (DESIGN §3.3)."""
    return 1 <= count <= 4


def audit_months(rows: pd.DataFrame) -> list[str]:
    """Months with audits completed, newest first."""
    return sorted(audits_of(rows)["period"].unique(), reverse=True)


def quality_month(
    rows: pd.DataFrame, figures: pd.DataFrame, catalogue: Catalogue, period: str, today: date
) -> QualityMonth:
    """Everything the page and the pack show for `period`, from the audits' grade rows (no
    personal data) and the stored figures."""
    audits = audits_of(rows)
    late = overdue(audits, min(month_end(period), today))
    flags = []
    for back in range(FLAG_MONTHS - 1, -1, -1):
        month = shift(period, -back)
        found = triangulate(rows, figures, catalogue, month)
        flags += [(month, sentence) for sentence in found["flag"] if sentence]
    return QualityMonth(
        period=period,
        counts=counts(audits[audits["period"] == period]),
        overdue=len(late),
        by_team=summary(rows, period, "team"),
        by_domain=summary(rows, period, "domain"),
        triangulation=triangulate(rows, figures, catalogue, period),
        flags=tuple(flags),
    )


def group_table(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    """A summary's rows as the board reads them: a group with fewer than 5 audits says so
    instead of its counts."""
    rows = []
    for line in frame.itertuples():
        small = is_small(int(line.completed))
        done = int(line.completed)

        def shown(count: int, small: bool = small) -> str:
            return SUPPRESSED if small else f"{count:,}"

        share = "–" if small or not done else f"{100 * line.good_or_better / done:.0f}%"
        rows.append({
            group: line.group,
            "Audits": shown(done),
            "Good or better": shown(int(line.good_or_better)),
            "% good or better": share,
            "Requires improvement": shown(int(line.requires_improvement)),
            "Inadequate": shown(int(line.inadequate)),
            "Follow-ups overdue": f"{int(line.overdue_follow_ups):,}",
        })  # fmt: skip
    columns = [group, "Audits", "Good or better", "% good or better", "Requires improvement",
               "Inadequate", "Follow-ups overdue"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def triangulation_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The triangulation with the board's column names; its flag sentences as §11.2 words them."""
    return pd.DataFrame(
        {
            "Team": frame["team"],
            "Audits (3 months)": frame["audits"],
            "Good or better": frame["good_or_better"],
            "Inadequate": frame["inadequate"],
            "Measures": frame["measures"],
            "On target": frame["on_target"],
            "Red": frame["red"],
            "Flag": frame["flag"],
        }
    )


def moderation_sentence(found: dict[str, int]) -> str:
    """'6 of 36 audits were moderated; 4 grades changed: 3 up, 1 down.'"""
    done, moderated, changed = (
        found["completed"],
        found["moderated"],
        found["changed_by_moderation"],
    )
    if not done:
        return "No audits were completed in the month."
    if is_small(done):
        return "Fewer than 5 audits were completed in the month: moderation is not shown."
    if not moderated:
        return f"None of the {done} audits was moderated."
    if not changed:
        return f"{moderated} of {done} audits were moderated; no grade changed."
    return (
        f"{moderated} of {done} audits were moderated; {changed} grades changed: "
        f"{found['moderated_up']} up, {found['moderated_down']} down."
    )
