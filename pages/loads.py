"""Load history: every load with who, when and what; roll a load back."""

import pandas as pd
import streamlit as st

from kpis.markup import markdown_text
from kpis.problems import InputRejected
from ui import auth, state
from ui.widgets import page_header

page_header("Load history")
loads = state.loads()
if loads.empty:
    st.info("No figures have been loaded yet. Use **Upload figures** to load a scorecard file.")
    st.stop()


def _uk_time(stamp) -> str:
    if not isinstance(stamp, str) or not stamp:
        return ""
    return pd.Timestamp(stamp).tz_convert("Europe/London").strftime("%d %b %Y %H:%M")


loads = loads.assign(
    loaded_at=loads["loaded_at"].map(_uk_time),
    rolled_back_at=loads["rolled_back_at"].map(_uk_time),
    rolled_back_by=loads["rolled_back_by"].fillna(""),
)
table = loads.rename(
    columns={
        "id": "Load",
        "file_name": "File",
        "user": "Loaded by",
        "loaded_at": "Loaded at (UK time)",
        "rows_in_file": "Rows",
        "new": "New",
        "revised": "Revised",
        "unchanged": "Unchanged",
        "rolled_back_at": "Rolled back at",
        "rolled_back_by": "Rolled back by",
    }
).drop(columns=["kind", "sha256"])
st.dataframe(table.iloc[::-1], hide_index=True, width="stretch")

st.header("Roll back a load")
st.write(
    "Rolling back a load returns its figures to what they were before it. The load stays in the "
    "history. A load whose figures a later load revised can only be rolled back after that one."
)
active = loads[loads["rolled_back_at"] == ""]["id"].tolist()
if not active:
    st.stop()
names = dict(zip(loads["id"], loads["file_name"], strict=True))
choice = st.selectbox("Load to roll back", options=active[::-1], key="rollback_choice",
                      format_func=lambda i: f"Load {i}: {names[i]}")  # fmt: skip
if st.button(f"Roll back load {choice}", key="rollback"):
    try:
        auth.store().rollback(int(choice), user=auth.user())
    except InputRejected as refused:
        st.error(markdown_text(str(refused)))
    else:
        st.cache_data.clear()
        st.success(f"Load {choice} rolled back.")
        st.rerun()
