"""Small pieces of page furniture used on several pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.charts.page_svg import CSS as CHART_CSS
from kpis.demo import DEMO_LABEL
from kpis.markup import html_text
from kpis.periods import label
from kpis.problems import Problem
from ui import state
from ui.cache import shared
from ui.markup import Html

# Material Icons' "science" flask, the icon st.info draws for the demo label: percent-encoded
# for a style sheet (st.html takes inline SVG out, and a "<" out of a style sheet).
FLASK = (
    "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E"
    "%3Cpath d='M19.8 18.4 14 10.67V6.5l1.35-1.69c.26-.33.03-.81-.39-.81H9.04c-.42 0-.65.48-.39"
    ".81L10 6.5v4.17L4.2 18.4c-.49.66-.02 1.6.8 1.6h14c.82 0 1.29-.94.8-1.6z'/%3E%3C/svg%3E\")"
)

# As Streamlit's captions, in GOV.UK's secondary text colour (7:1 on white): the status line
# and the lines the pages' cached HTML carries (ui/views.py). The title, the demo label and the
# headings in a page's HTML are drawn as st.title, st.info and st.header draw theirs.
PAGE_CSS = (
    "<style>.kpis-status{font-size:0.875rem;color:#505a5f;margin:0 0 0.5rem}"
    ".kpis-h1{font-size:2.75rem;font-weight:700;line-height:1.2;padding:1.25rem 0 1rem;margin:0}"
    ".kpis-h2{font-size:2.25rem;font-weight:600;line-height:1.2;padding:1rem 0;margin:0;"
    "letter-spacing:-0.005em;scroll-margin-top:3.75rem}"
    ".kpis-demo{display:flex;gap:.75rem;align-items:flex-start;background:#edf5ff;"
    "color:#244fb4;border-radius:.5rem;padding:1rem;margin:0 0 1rem}"
    ".kpis-demo::before{content:'';flex:none;width:1.25rem;height:1.25rem;margin-top:.15rem;"
    f"background:currentColor;-webkit-mask:{FLASK} center/contain no-repeat;"
    f"mask:{FLASK} center/contain no-repeat}}{CHART_CSS}</style>"
)


@shared(max_entries=64)
def _header(title: str, url: str, version: str) -> Html:
    loads = state._loads(url, version)
    active = loads[loads["rolled_back_at"].isna()]
    if active.empty:
        line = "No figures have been loaded yet."
    else:
        last = active.iloc[-1]
        when = pd.Timestamp(last["loaded_at"]).tz_convert("Europe/London")
        months = state._months(url, version)
        upto = f"Data as at {label(months[0])}. " if months else ""
        note = state._readiness(url, version)[months[0]].note if months else ""
        if note:
            # Say why the board views open on an earlier month than this.
            upto = f"Data as at {label(months[0])} ({note}). "
        line = (
            f"{upto}Last load: {when:%d %b %Y %H:%M} by {last['user']} "
            f"({last['file_name']}, load {last['id']})"
        )
    demo = ""
    if state._is_demo(url, version):
        label_text = html_text(DEMO_LABEL)
        demo = f'<div class="kpis-demo" role="note"><span>{label_text}</span></div>'
    # One element: each element is a message to every viewer.
    return Html(
        f'{PAGE_CSS}<h1 class="kpis-h1">{html_text(title)}</h1>{demo}'
        f'<p class="kpis-status">{html_text(line)}</p>'
    )


def page_header(title: str) -> None:
    """The page's title, the demo label and when the data was last loaded: on every page."""
    st.html(_header(title, state.db_url(), state.version()))


def section(title: str, body: str) -> None:
    """A heading and the HTML under it in one element (st.header would be a message more to
    every viewer); its style comes with the page's header (page_header)."""
    st.html(Html(f'<h2 class="kpis-h2">{html_text(title)}</h2>{body}'))


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """Row, column, the row's measure and the cell as typed (when a file gave them), problem."""
    table = pd.DataFrame(
        {
            "Row": [p.row if p.row is not None else "" for p in problems],
            "Column": [p.column or "" for p in problems],
            "Measure": [p.measure for p in problems],
            "Value": [p.value for p in problems],
            "Problem": [p.message for p in problems],
        }
    ).astype(str)
    unused = [c for c in ("Measure", "Value") if not (table[c] != "").any()]
    return table.drop(columns=unused)


@shared(max_entries=8)
def _month_labels(url: str, version: str) -> dict[str, str]:
    # Worked out once per data version: a selector words each of its ~120 months every run.
    return {
        period: f"{label(period)} ({found.note})" if found.note else label(period)
        for period, found in state._readiness(url, version).items()
    }


def month_label(period: str) -> str:
    """'Apr 2025', or 'Apr 2025 (incomplete: 6 of 28 measures)' for a month not ready."""
    return _month_labels(state.db_url(), state.version()).get(period) or label(period)


def month_picker(key: str = "period") -> str | None:
    """The month selector shared by the board pages: every month with figures, opening on the
    board's month (the latest ready one), the others marked when incomplete; remembers the
    month in the URL."""
    months = state.months()
    if not months:
        st.info("No figures loaded yet. An analyst can load a scorecard on **Upload figures**.")
        return None
    wanted = st.query_params.get("period")
    index = months.index(wanted if wanted in months else state.board_month())
    period = st.selectbox("Month", months, index=index, format_func=month_label, key=key)
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


def on_request(title: str, key: str):
    """An expander whose contents are sent only once someone opens it (then the page reruns
    with it open); None while it is closed. A data table and its downloads are most of a
    page's bytes and, per download button, a file registered for every viewer at every run."""
    box = st.expander(title, key=key, on_change="rerun")
    return box if box.open else None


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
    # A process that moved on from its limits gets no verdict: the words say why instead.
    assurance = assurance_icon(spc.attrs.get("assurance"), spc.attrs.get("changed_since"))
    icons = (
        f'<div style="display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap">'
        f"<span>{variation.svg} {html_text(variation.label)}</span>"
        f"<span>{assurance.svg} {html_text(assurance.label)}</span></div>"
    )
    if spc.attrs.get("trial"):
        icons += "\n\n:small[Trial limits: fewer than 13 points]"
    return icons


def flash(key: str, message: str) -> None:
    """Rerun the page, so what depends on the store (header, completeness, lists) is redrawn,
    with `message` shown where `flashed(key)` is called: a success is not wiped by the rerun."""
    st.session_state[f"flash_{key}"] = message
    st.rerun()


def flashed(key: str) -> None:
    if message := st.session_state.pop(f"flash_{key}", None):
        st.success(message)
