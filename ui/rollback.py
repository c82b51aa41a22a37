"""Load history's rollback: choose a load, read what it undoes, confirm; the result stays."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpis.markup import markdown_text
from kpis.problems import InputRejected
from ui import auth
from ui.widgets import flash, flashed, row

# The load whose confirmation is showing.
ASKED = "rollback_asked"


def result() -> None:
    """The last rollback's result, once, at the top of the page (kept across its rerun)."""
    flashed("rollback")


def rollback_section(loads: pd.DataFrame) -> None:
    """Choose a load in effect; its button asks first, naming everything it undoes."""
    from kpis.rollback import load_effect

    st.header("Roll back a load")
    st.write(
        "Rolling back a load returns its figures to what they were before it. The load stays "
        "in the history. A load whose figures a later load revised can only be rolled back "
        "after that one."
    )
    active = loads.loc[loads["rolled_back_at"].isna(), "id"].tolist()
    if not active:
        st.write("Every load has been rolled back.")
        return
    names = dict(zip(loads["id"], loads["file_name"], strict=True))
    choice = st.selectbox("Load to roll back", options=active[::-1], key="rollback_choice",
                          format_func=lambda i: f"Load {i}: {names[i]}")  # fmt: skip
    if st.button(f"Roll back load {choice}…", key="rollback"):
        st.session_state[ASKED] = choice
    if st.session_state.get(ASKED) != choice:
        return
    store = auth.store()
    effect = load_effect(store, int(choice))
    if effect is None:  # gone meanwhile (another analyst's session)
        st.session_state.pop(ASKED, None)
        return
    # The question quotes the file's name as uploaded: shown as text.
    (st.error if effect.blocked_by else st.warning)(markdown_text(effect.question()))
    buttons = row()
    confirm = not effect.blocked_by and buttons.button(
        f"Yes, roll back load {choice}", type="primary", key="rollback_confirm"
    )
    if buttons.button("Cancel", key="rollback_cancel"):
        st.session_state.pop(ASKED, None)
        st.rerun()
    if not confirm:
        return
    try:
        store.rollback(int(choice), user=auth.user())
    except InputRejected as refused:  # a later load arrived since the question was asked
        st.error(markdown_text(str(refused)))
        return
    st.session_state.pop(ASKED, None)
    st.cache_data.clear()
    flash("rollback", markdown_text(effect.done()))
