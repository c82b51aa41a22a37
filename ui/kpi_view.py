"""Pieces of the measure-detail page: choosing the view, the headline, charts, commentary."""

from __future__ import annotations

import streamlit as st

from kpis.catalogue import Kpi
from kpis.periods import label
from ui import auth, published, state, views
from ui.widgets import download_buttons, on_request, remember, section, spc_icons


def choose(options: list, key: str, label_text: str, param: str, default=None, **kwargs):
    """A selectbox whose choice lives in the URL, so a link in an email opens the same view;
    without one it opens on `default` (else the first option)."""
    wanted = st.query_params.get(param)
    wanted = wanted if wanted in options else default
    index = options.index(wanted) if wanted in options else 0
    choice = st.selectbox(label_text, options, index=index, key=key, **kwargs)
    remember(param, choice)
    return choice


def default_month(months: list[str]) -> str | None:
    """The measure's month the page opens on: its latest at or before the board's month (a
    quarterly measure's latest quarter), so a later, incomplete month is offered, not shown."""
    board = state.board_month()
    return next((m for m in months if board is None or m <= board), None)


def spc_section(
    kpi: Kpi,
    team: str,
    period: str,
    target: float | None,
    title: str = "Trend and statistical process control",
) -> None:
    """The SPC chart (a click on a point opens that month), its icons and its data table.

    The charts are server-drawn SVG in one Markdown element (st.html takes SVG out): no
    charting script for the browser to load, and one message to each viewer."""
    spc, drawn, table, markup = views.spc_view(kpi.id, team, period, target)
    st.markdown(
        f"## {title}\n\n{spc_icons(spc)}\n\n{drawn}",
        unsafe_allow_html=True,
    )
    offer_rebase(kpi, team, spc)
    box = on_request("Chart data as a table", "spc_table")
    if box:
        with box:
            st.html(markup)
            download_buttons(table, f"{kpi.id}_{team or 'authority'}_spc")


def offer_rebase(kpi: Kpi, team: str, spc) -> None:
    """Analysts are offered to record a re-base where the run began, once the process has
    moved on from its limits (DESIGN §4); the usual rules apply after it."""
    from kpis.access import Permission
    from kpis.charts.spc_words import moved_on_words

    if saved := st.session_state.pop("rebase_saved", None):
        st.success(saved)
    since = spc.attrs.get("changed_since")
    if not since or not auth.store().actor.can(Permission.REBASE):
        return
    st.caption(
        f"{moved_on_words(spc)}: the process looks to have changed then. If it did, record a "
        f"re-base there, and the limits are worked out from {label(since)} on."
    )
    if st.button(f"Record a re-base at {label(since)}", key="rebase"):
        _rebase_dialog(kpi.id, kpi.name, team, since)


@st.dialog("Record a re-base")
def _rebase_dialog(kpi_id: str, name: str, team: str, since: str) -> None:
    from kpis.problems import InputRejected

    # A dialog reruns as a fragment, without app.py's sign-in check.
    auth.still_signed_in()
    who = team or "the whole authority"
    st.write(
        f"The SPC limits of {name} for {who} will restart at {label(since)}. The reason is "
        "shown on the chart and kept in the audit log."
    )
    with st.form("rebase_form"):
        reason = st.text_area("Why the process changed", key="rebase_reason")
        if not st.form_submit_button("Record the re-base"):
            return
    try:
        auth.store().add_rebase(kpi_id, since, reason=reason, user=auth.user(), team=team)
    except InputRejected as rejected:
        st.error("The re-base was not recorded: " + "; ".join(p.message for p in rejected.problems))
        return
    # The reason is the analyst's own text: the chart shows it as written, not here as Markdown.
    st.session_state["rebase_saved"] = (
        f"Re-based at {label(since)}: the limits now start there, with the reason on the chart."
    )
    st.rerun()


def published_section(kpi: Kpi) -> None:
    """DfE's annual comparators for this measure, where DfE publishes it."""
    shown = views.published_view(kpi.id)
    if shown is None:
        return
    drawn, table, markup = shown
    st.markdown(
        "## How we compare (DfE published figures)\n\n"
        f":small[{published.SOURCE}. More on the **How we compare** page.]\n\n{drawn}",
        unsafe_allow_html=True,
    )
    box = on_request("Published figures as a table", "published_table")
    if box:
        with box:
            published.show_table(table, f"{kpi.id}_published", markup)


def commentary(kpi_id: str, team: str) -> None:
    notes = views.commentary(kpi_id, team)
    none = '<p class="kpis-status">No commentary recorded for this measure.</p>'
    section("Commentary", none if notes is None else notes)


def team_breakdown(kpi, period: str) -> None:
    """Each team's figure for the month, with RAG in words; a table, so it is accessible too."""
    teams, table = views.team_table(kpi.id, period)
    if teams:
        section("By team", table)
