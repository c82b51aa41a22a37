"""The measure the audits publish: audits good or better, per month, authority and teams."""

from __future__ import annotations

import pandas as pd

from kpis.audits.graded import audits_of, is_good_or_better
from kpis.audits.model import KPI_ID
from kpis.upload.validate import FIGURE_COLUMNS


def kpi_figures(rows: pd.DataFrame) -> pd.DataFrame:
    """`audits_good_or_better` for every month with audits, for the authority (team '') and
    each team: good or better (numerator) of audits completed (denominator), as a percentage."""
    audits = audits_of(rows).assign(good=lambda a: is_good_or_better(a["grade"]))
    whole = audits.assign(team="")
    both = pd.concat([whole, audits], ignore_index=True)
    per = both.groupby(["period", "team"], sort=True).agg(
        numerator=("good", "sum"), denominator=("good", "size")
    )
    per = per.reset_index()
    figures = per.assign(
        kpi_id=KPI_ID,
        value=100.0 * per["numerator"] / per["denominator"],
        target=None,
        commentary=None,
    )
    figures = figures.astype({"value": "float64", "numerator": "float64", "denominator": "float64"})
    return figures[FIGURE_COLUMNS].sort_values(["period", "team"]).reset_index(drop=True)
