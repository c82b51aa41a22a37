"""Small pieces of page furniture used on several pages."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from kpis.demo import DEMO_LABEL
from kpis.periods import label
from kpis.problems import Problem
from ui import state
from ui.cache import shared
from ui.markup import Html

# As Streamlit's captions, in GOV.UK's secondary text colour (7:1 on white): the status line
# and the lines the pages' cached HTML carries (ui/views.py).
STATUS_CSS = (
    "<style>.kpis-status{font-size:0.875rem;color:#505a5f;margin:0 0 0.5rem}"
    # A heading inside a page's HTML, drawn as st.header draws its own (see section()).
    ".kpis-h2{font-size:2.25rem;font-weight:600;line-height:1.2;padding:1rem 0;margin:0;"
    "letter-spacing:-0.005em;scroll-margin-top:3.75rem}</style>"
)


@shared(max_entries=8)
def _status_line(url: str, version: str) -> Html:
    loads = state._loads(url, version)
    active = loads[loads["rolled_back_at"].isna()]
    if active.empty:
        line = "No figures have been loaded yet."
    else:
        last = active.iloc[-1]
        when = pd.Timestamp(last["loaded_at"]).tz_convert("Europe/London")
        months = state._months(url, version)
        upto = f"Data as at {label(months[0])}. " if months else ""
        line = (
            f"{upto}Last load: {when:%d %b %Y %H:%M} by {last['user']} "
            f"({last['file_name']}, load {last['id']})"
        )
    # The style and the line in one element (each element is a message).
    return Html(f'{STATUS_CSS}<p class="kpis-status">{html.escape(line)}</p>')


def status_bar() -> None:
    """Demo label and when the data was last loaded: on every page."""
    if state.demo():
        st.info(DEMO_LABEL, icon=":material/science:")
    st.html(_status_line(state.db_url(), state.version()))


def section(title: str, body: str) -> None:
    """A heading and the HTML under it in one element (st.header would be a message more to
    every viewer); its style comes with the status line every page shows."""
    st.html(Html(f'<h2 class="kpis-h2">{html.escape(title)}</h2>{body}'))


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Row": [p.row if p.row is not None else "" for p in problems],
            "Column": [p.column or "" for p in problems],
            "Problem": [p.message for p in problems],
        }
    ).astype(str)


def month_picker(key: str = "period") -> str | None:
    """The month selector shared by the board pages; remembers the month in the URL."""
    months = state.months()
    if not months:
        st.info("No figures loaded yet. An analyst can load a scorecard on **Upload figures**.")
        return None
    wanted = st.query_params.get("period")
    index = months.index(wanted) if wanted in months else 0
    period = st.selectbox("Month", months, index=index, format_func=label, key=key)
    remember("period", period)
    return period


def remember(param: str, value: str) -> None:
    """Keep a choice in the URL (a link in an email opens the same view); set only when it
    changed, since every setting sends the browser a message."""
    if st.query_params.get(param, "") != value:
        st.query_params[param] = value


def row():
    """A row of elements that wraps on a narrow screen. One container: st.columns sends the
    browser a block per column as well (each a message, for every viewer, on every run)."""
    return st.container(horizontal=True, gap="medium")


def download_buttons(table: pd.DataFrame, stem: str) -> None:
    """CSV and Excel downloads of a table, written formula-safe.

    The files are made when a button is pressed, not on every run: building a workbook each
    rerun was a large share of a page's server time (bench/concurrency.py). A download does
    not rerun the page, so the other button still holds a live file when pressed next."""
    from kpis.tables import to_csv_bytes, to_xlsx_bytes

    buttons = row()
    buttons.download_button(
        "Download CSV", lambda: to_csv_bytes(table), f"{stem}.csv", "text/csv",
        key=f"{stem}_csv", on_click="ignore",
    )  # fmt: skip
    buttons.download_button(
        "Download Excel",
        lambda: to_xlsx_bytes({"Data": table}),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{stem}_xlsx",
        on_click="ignore",
    )


def spc_icons(spc: pd.DataFrame) -> str:
    """The variation and assurance icons with their words beside them (never the icon alone),
    as Markdown for the section they head."""
    from kpis.icons import assurance_icon, variation_icon

    variation = variation_icon(spc.attrs.get("variation"))
    assurance = assurance_icon(spc.attrs.get("assurance"))
    icons = (
        f'<div style="display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap">'
        f"<span>{variation.svg} {html.escape(variation.label)}</span>"
        f"<span>{assurance.svg} {html.escape(assurance.label)}</span></div>"
    )
    if spc.attrs.get("trial"):
        icons += "\n\n:small[Trial limits: fewer than 13 points]"
    return icons


def team_breakdown(kpi, period: str) -> None:
    """Each team's figure for the month, with RAG in words; a table, so it is accessible too."""
    from ui import views

    teams, table = views.team_table(kpi.id, period)
    if teams:
        section("By team", table)
