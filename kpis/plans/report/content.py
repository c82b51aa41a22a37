"""What the progress report holds: the plan reviewed at a date, with the authority and labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.clock import UK
from kpis.demo import DEMO_LABEL, is_demo
from kpis.plans.review import PlanReview, summary
from kpis.plans.service import review_at
from kpis.published import authority, authority_name, published_data
from kpis.store import Store

ATTRIBUTION = (
    "Published comparators: Department for Education, Local Authority Interactive Tool and "
    "Explore Education Statistics, Open Government Licence v3.0."
)


def long_date(day: date) -> str:
    """15 November 2016."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class ReportContent:
    authority: str
    review: PlanReview
    summary: pd.DataFrame
    demo: bool
    figures_as_of: str

    @property
    def title(self) -> str:
        return f"{self.authority}: improvement plan progress at {long_date(self.review.review)}"

    @property
    def demo_label(self) -> str:
        return DEMO_LABEL if self.demo else ""


def gather_report(
    store: Store, catalogue: Catalogue, review: date, as_of: datetime | None = None
) -> ReportContent:
    """Read the store once for the report at `review` (figures in effect at `as_of`)."""
    reviewed = review_at(store, catalogue, review, as_of=as_of)
    name = authority_name(published_data(store), authority(store).la_code)
    when = "the latest figures"
    if as_of is not None:
        when = f"the figures as they stood at {as_of.astimezone(UK):%d/%m/%Y %H:%M} UK time"
    return ReportContent(name, reviewed, summary(reviewed), is_demo(store), when)
