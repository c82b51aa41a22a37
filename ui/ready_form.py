"""Settings' "a month is ready at": when a month becomes the one the board views open on."""

from __future__ import annotations

import streamlit as st

from kpis.access import Permission
from kpis.entry.ready import READY_AT_LIMITS, ready_at, set_ready_at
from kpis.periods import label
from ui import auth, state


def _board_line() -> str:
    month = state.board_month()
    if month is None:
        return "No figures have been loaded yet."
    later = [r for r in state.readiness().values() if r.period > month]
    line = f"The board views now open on **{label(month)}**."
    if later:
        # The latest incomplete month is the one analysts are filling; name it and its count.
        line += f" {label(later[0].period)} is offered too, marked {later[0].note}."
    return line


def ready_section() -> None:
    store = auth.store()
    if not store.actor.can(Permission.CHANGE_SETTINGS):
        return
    st.header("The board's month")
    st.write(
        "Every board view, the office screen, the board pack and the public site open on the "
        "latest month that is ready: one in which at least this share of the measures due "
        "have figures (counting only measures reported in the twelve months before it). "
        "Later months are still offered, marked incomplete."
    )
    low, high = READY_AT_LIMITS
    with st.form("ready_form"):
        percent = st.slider("A month is ready at", low, high, ready_at(store), step=1,
                            format="%d%%", key="ready_at")  # fmt: skip
        if st.form_submit_button("Save threshold"):
            set_ready_at(store, int(percent))
            st.success(f"A month is now ready at {int(percent)}% of its measures.")
    st.markdown(_board_line())
