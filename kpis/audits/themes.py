"""Audits as plan evidence (DESIGN §11.2): a theme's audits of the three months to a date."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kpis.audits.board import is_small
from kpis.audits.graded import audits_of, is_good_or_better
from kpis.audits.triangulation import window
from kpis.periods import label, month_end, period_of, shift


def last_month_ended(review: date) -> str:
    """The latest month that had ended on or before `review` (its own month on its last day)."""
    month = period_of(review)
    return month if month_end(month) <= review else shift(month, -1)


def theme_sentence(rows: pd.DataFrame, theme: str, review: date) -> str:
    """'Audits on Neglect, 3 months to Mar 2025: 7 of 10 good or better, 1 inadequate', the
    theme matched ignoring case; fewer than 5 audits say so instead of their counts."""
    period = last_month_ended(review)
    audits = audits_of(rows)
    wanted = theme.strip().lower()
    mine = audits[
        (audits["theme"].str.strip().str.lower() == wanted) & audits["period"].isin(window(period))
    ]
    lead = f"Audits on {theme.strip()}, 3 months to {label(period)}"
    done = len(mine)
    if not done:
        return f"{lead}: no audits"
    if is_small(done):
        return f"{lead}: fewer than 5 audits"
    good = int(is_good_or_better(mine["grade"]).sum())
    inadequate = int((mine["grade"] == "inadequate").sum())
    return f"{lead}: {good} of {done} good or better, {inadequate} inadequate"
