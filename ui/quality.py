"""The Quality assurance page's pieces: the board's month, built once per data version, and the
audits behind a team's figures for the managers and analysts who may see them."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st

from kpis.access import Permission
from kpis.audits.model import KPI_ID
from kpis.clock import UK, now
from kpis.periods import label, month_end
from ui import auth, state
from ui.cache import shared
from ui.markup import Html
from ui.widgets import remember


@shared(max_entries=8)
def _grade_rows(url: str, version: str) -> pd.DataFrame:
    return state._store(url).audit_grades()


@shared(max_entries=8)
def _raw_figures(url: str, version: str) -> pd.DataFrame:
    # Triangulation rates every team figure, small ones too: it shows counts, never values.
    return state._store(url).figures()


@shared(max_entries=8)
def _months(url: str, version: str) -> list[str]:
    from kpis.audits.board import audit_months

    return audit_months(_grade_rows(url, version))


def months() -> list[str]:
    """Months with audits, newest first."""
    return _months(state.db_url(), state.version())


def choose_month(offered: list[str]) -> str:
    """The month shown: the URL's, else the newest with audits; kept in the URL."""
    wanted = st.query_params.get("period")
    index = offered.index(wanted) if wanted in offered else 0
    period = st.selectbox("Month", offered, index=index, format_func=label, key="qa_period")
    remember("period", period)
    return period


class MonthParts(NamedTuple):
    """The month's HTML, section by section."""

    grades: Html
    domains: Html
    teams: Html
    triangulation: Html


def _today() -> str:
    return now().astimezone(UK).date().isoformat()


@shared(max_entries=32, spinner="Working out the month's audits…")
def _month(url: str, version: str, period: str, today: str) -> MonthParts:
    from datetime import date

    from kpis.audits.board import quality_month
    from kpis.audits.board_html import CSS, groups_html, month_html, triangulation_html
    from kpis.month.scorecard_html import CSS as TABLE_CSS
    from kpis.month.tiles_html import CSS as TILES_CSS

    month = quality_month(
        _grade_rows(url, version),
        _raw_figures(url, version),
        state._catalogue(url, version),
        period,
        date.fromisoformat(today),
    )
    return MonthParts(
        Html(TILES_CSS + CSS + month_html(month)),
        Html(TABLE_CSS + groups_html(month, "domain")),
        Html(TABLE_CSS + groups_html(month, "team")),
        Html(TABLE_CSS + CSS + triangulation_html(month)),
    )


def month_parts(period: str) -> MonthParts:
    """The month's grades, domains, teams and triangulation as HTML (read-only, shared)."""
    return _month(state.db_url(), state.version(), period, _today())


def trend(period: str) -> None:
    """Good or better over time: the measure's own SPC chart, as its detail page draws it."""
    from ui import views
    from ui.kpi_view import spc_section

    kpi = state.catalogue().get(KPI_ID)
    if period not in views.kpi_choices(KPI_ID).months.get("", []):
        return
    line, _ = views.kpi_line(KPI_ID, period, "")
    spc_section(kpi, "", period, line["target"], title="Good or better over time")


def behind_the_figures(period: str) -> None:
    """For managers (their own teams) and analysts: the audits of a team in the month and the
    overdue follow-ups; nothing until asked for, and every view audited."""
    from kpis.audits.cases import audit_list, overdue_list
    from kpis.month.scorecard_html import CSS
    from kpis.month.table_html import table_html

    store = auth.store()
    actor = store.actor
    if not actor.can(Permission.VIEW_AUDITS):
        return
    st.header("The audits behind the figures")
    st.caption(
        "Personal data from the audit file: child IDs only, never names. Shown to managers for "
        "their own teams and to analysts; never on board views, in the pack or on the public "
        "site. Every view is recorded in the audit log."
    )
    teams = sorted(set(_grade_rows(state.db_url(), state.version())["team"]))
    if not actor.sees_all_teams():
        teams = [t for t in teams if t in actor.teams]
    if not teams:
        st.info("None of your teams has audits.")
        return
    team = st.selectbox("Team", teams, key="qa_team")
    if not st.toggle("Show the audits", key="show_audits"):
        return
    rows = store.audits()
    listed = audit_list(rows, team, period)
    st.subheader(f"{team}: audits in {label(period)}")
    if listed.empty:
        st.info(f"{team} has no audits in {label(period)}.")
    else:
        # A card per audit: its learning is long text that columns would squeeze.
        caption = f"{team}: audits in {label(period)}"
        st.html(CSS + table_html(listed, caption=caption, row_header="Child ID", cards=True))
    day = min(month_end(period), now().astimezone(UK).date())
    late = overdue_list(rows, day)
    st.subheader(f"Follow-ups overdue at {day:%d %b %Y}")
    if late.empty:
        st.success("No follow-up is overdue in the teams you can see.")
    else:
        caption = f"Follow-ups overdue at {day:%d %b %Y}"
        st.html(CSS + table_html(late, caption=caption, row_header="Child ID",
                                 numeric={"Days overdue"}))  # fmt: skip
