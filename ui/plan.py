"""The Improvement plan page's pieces: the cached review, filters, forms and downloads."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from kpis.access import Permission, PermissionDenied
from kpis.markup import html_text, markdown_text
from kpis.plans.model import ActionStatus, Rating, Update
from kpis.plans.records import Plan
from kpis.plans.review import PlanReview, RecommendationAt
from kpis.problems import InputRejected
from ui import auth, state
from ui.cache import shared
from ui.markup import Html
from ui.widgets import remember, row


# Shared read-only across sessions (frozen records), keyed by the data version.
@shared(max_entries=8)
def _plan(url: str, version: str) -> Plan:
    from kpis.plans.service import current_plan

    return current_plan(state._store(url))


def plan() -> Plan:
    return _plan(state.db_url(), state.version())


@shared(max_entries=16)
def _review(url: str, version: str, review: date) -> PlanReview:
    from kpis.plans.service import review_at

    return review_at(
        state._store(url), state.catalogue(), review, plan=_plan(url, version),
        figures=state.figures(),
    )  # fmt: skip


def review(day: date) -> PlanReview:
    """The plan at a review date, worked out once per data version."""
    return _review(state.db_url(), state.version(), day)


def review_date(found: Plan) -> date:
    """The review date: one of the plan's reviews (its updates' dates) or today, newest first;
    another date in the URL is offered too. A list of meetings rather than a calendar: easier
    on a phone, and the selector loads with the page's other selectors (a calendar is a
    component of its own for the browser to fetch: bench/page_load.py)."""
    from kpis.plans.report.content import long_date
    from kpis.plans.service import default_review, today

    now = today()
    wanted = st.query_params.get("date")
    try:
        asked = date.fromisoformat(wanted) if wanted else None
    except ValueError:
        asked = None
    dates = {u.date for u in found.updates if u.date <= now} | {now}
    if asked is not None and asked <= now:
        dates.add(asked)
    options = sorted(dates, reverse=True)
    initial = asked if asked in dates else default_review(found, now)
    chosen = st.selectbox(
        "Review date",
        options,
        index=options.index(initial),
        format_func=lambda d: f"Today, {long_date(d)}" if d == now else long_date(d),
        width=280,
        key="plan_date",
    )
    remember("date", chosen.isoformat())
    return chosen


def filters(reviewed: PlanReview) -> tuple[tuple, tuple, tuple]:
    """The chosen sources, areas and status words (none chosen: all)."""
    recs = reviewed.recommendations
    chosen = row()
    sources = chosen.multiselect("Source", sorted({r.recommendation.source for r in recs}))
    areas = chosen.multiselect("Judgement area", reviewed.areas)
    words = chosen.multiselect("Status", [r.word for r in Rating])
    return tuple(sources), tuple(areas), tuple(words)


@shared(max_entries=8)
def _tiles(url: str, version: str, day: date) -> Html:
    from kpis.plans.page_html import CSS, tiles_html
    from kpis.plans.review import summary

    note = (
        "Status is each recommendation's latest progress update on or before the review date; "
        "evidence is each linked measure's latest month ended by then, as the scorecard shows it."
    )
    totals = tiles_html(summary(_review(url, version, day)).iloc[-1])
    # The note in the tiles' element: each element is a message to every viewer.
    return Html(f'{CSS}{totals}<p class="kpis-status">{note}</p>'.strip())


def tiles(day: date) -> Html:
    """The plan's totals by status at the review date, and what a status means."""
    return _tiles(state.db_url(), state.version(), day)


@shared(max_entries=64)
def _cards(url: str, version: str, day: date, chosen: tuple) -> Html:
    from kpis.plans.page_html import CSS, card_html

    sources, areas, words = chosen
    shown = [
        r for r in _review(url, version, day).recommendations
        if (not sources or r.recommendation.source in sources)
        and (not areas or r.recommendation.area in areas)
        and (not words or r.status.word in words)
    ]  # fmt: skip

    def link(ref: str) -> str:
        return plan_link(ref, day.isoformat())

    listed = "".join(card_html(r, link, kpi_link) for r in shown) or (
        '<p class="kpis-status">No recommendation matches these filters.</p>'
    )
    # The next section's heading in the same element: each element is a message to every viewer.
    heading = '<h2 class="kpis-h2">Progress report</h2>'
    return Html(f"{CSS}{listed}{heading}".strip())


def cards(day: date, chosen: tuple) -> Html:
    """The cards of the recommendations the filters keep (or a line saying none does), then
    the heading of the progress report's downloads, which follow."""
    return _cards(state.db_url(), state.version(), day, chosen)


def plan_link(ref: str, day: str | None = None) -> str:
    """A recommendation's detail at `day` (by default the review date in the URL)."""
    return "plan?" + urlencode(
        {"ref": ref, "date": st.query_params.get("date", "") if day is None else day}
    )


def kpi_link(kpi_id: str) -> str:
    return "kpi?" + urlencode({"kpi": kpi_id})


def update_forms(rec: RecommendationAt) -> None:
    """Managers and analysts add a progress update or change an action's status."""
    from kpis.plans.service import add_update, set_action_status, today

    store = auth.store()
    if not store.actor.can(Permission.UPDATE_PLAN):
        return
    st.header("Record progress")
    if saved := st.session_state.pop("plan_saved", None):
        st.success(saved)
    with st.form("plan_update", clear_on_submit=True):
        cols = st.columns(2)
        when = cols[0].date_input("Review date", value=today(), max_value=today(),
                                  format="DD/MM/YYYY")  # fmt: skip
        status = cols[1].selectbox("Status", [r for r in Rating if r is not Rating.NO_UPDATE],
                                   format_func=lambda r: f"{r.symbol} {r.word}")  # fmt: skip
        narrative = st.text_area("Narrative")
        author = st.text_input("Author", value=auth.user())
        if st.form_submit_button("Add update"):
            _saved(lambda: add_update(store, rec.ref, when, status, narrative, author), when)
    if not rec.actions:
        return
    with st.form("action_status"):
        refs = [a.action.action_ref for a in rec.actions]
        cols = st.columns(3)
        chosen = cols[0].selectbox("Action", refs)
        status = cols[1].selectbox("New status", list(ActionStatus), format_func=lambda s: s.word)
        done = cols[2].date_input("Completed on (for complete)", value=today(),
                                  max_value=today(), format="DD/MM/YYYY")  # fmt: skip
        if st.form_submit_button("Change status"):
            _saved(lambda: set_action_status(store, rec.ref, chosen, status, done), done)


def _saved(write, when: date) -> None:
    """Write, then redraw the page at the date written, so the change shows at once."""
    try:
        done = write()
    except InputRejected as rejected:
        problems = "; ".join(f"{p.column}: {p.message}" for p in rejected.problems)
        st.error("Not saved: " + markdown_text(problems))
        return
    except PermissionDenied as refused:
        st.error(f"Not saved: {markdown_text(str(refused))}")
        return
    what = "progress update" if isinstance(done, Update) else "action status"
    st.session_state["plan_saved"] = f"Saved: the {what} of {when:%d/%m/%Y}."
    # The date picker starts again from the URL's date, now the date written.
    st.session_state.pop("plan_date", None)
    st.query_params["date"] = when.isoformat()
    st.rerun()


@st.cache_resource(show_spinner=False, max_entries=8)
def _report(url: str, version: str, day: date, kind: str) -> bytes:
    from kpis.plans.report import gather_report, report_bytes

    return report_bytes(gather_report(state._store(url), state.catalogue(), day), kind)


def report_downloads(day: date) -> None:
    """The progress report for the chosen date as Word, HTML or PDF, each made when its button
    is pressed (made on every run, the report was most of the page's server time)."""
    from kpis.pack.pdf import ChromiumMissing

    url, version = state.db_url(), state.version()
    stem = f"plan-progress-{day.isoformat()}"
    cols = row()
    cols.download_button("Progress report (Word)", lambda: _report(url, version, day, ".docx"),
                            f"{stem}.docx", key="report_docx", on_click="ignore",
                            mime="application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.document")  # fmt: skip
    cols.download_button("Progress report (HTML)", lambda: _report(url, version, day, ".html"),
                            f"{stem}.html", mime="text/html", key="report_html",
                            on_click="ignore")  # fmt: skip
    # Printing takes seconds, so only on request; the file is kept for this session under a
    # key of its own (a widget's key cannot also hold a value the app sets).
    if cols.button("Prepare the PDF", key="report_pdf_make"):
        try:
            with st.spinner("Printing the report…"):
                made = _report(url, version, day, ".pdf")
            st.session_state["report_pdf_file"] = ((day, version), made)
        except ChromiumMissing as missing:
            st.error(str(missing))
    ready = st.session_state.get("report_pdf_file")
    if ready and ready[0] == (day, version):
        cols.download_button("Progress report (PDF)", ready[1], f"{stem}.pdf",
                                mime="application/pdf", key="report_pdf",
                                on_click="ignore")  # fmt: skip


def evidenced_by(kpi_id: str) -> None:
    """On a measure's detail: the recommendations whose progress it evidences."""
    recs = [r for r in plan().recommendations if kpi_id in r.kpis]
    if not recs:
        return
    from ui.widgets import section

    intro = '<p class="kpis-status">Recommendations whose progress this measure evidences:</p>'
    links = link_list([(plan_link(r.ref), f"{r.ref}: {r.recommendation}") for r in recs])
    section("Improvement plan", intro + links)


def link_list(links: list[tuple[str, str]]) -> str:
    """Links as HTML that wraps on a narrow screen (a page link's label would be cut off)."""
    items = "".join(
        f'<li><a href="{html_text(url)}">{html_text(text)}</a></li>' for url, text in links
    )
    return f'<ul style="margin:0;padding-left:1.2rem">{items}</ul>'
