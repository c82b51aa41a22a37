"""Load history: every load with who, when and what; roll a load back."""

import pandas as pd
import streamlit as st

from ui import rollback, state
from ui.widgets import page_header

page_header("Load history")
rollback.result()
loads = state.loads()
if loads.empty:
    st.info("No figures have been loaded yet. Use **Upload figures** to load a scorecard file.")
    st.stop()


def _uk_time(stamp) -> str:
    if not isinstance(stamp, str) or not stamp:
        return ""
    return pd.Timestamp(stamp).tz_convert("Europe/London").strftime("%d %b %Y %H:%M")


table = (
    loads.assign(
        loaded_at=loads["loaded_at"].map(_uk_time),
        rolled_back_at=loads["rolled_back_at"].map(_uk_time),
        rolled_back_by=loads["rolled_back_by"].fillna(""),
    )
    .rename(
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
    )
    .drop(columns=["kind", "sha256"])
)


# A time is 17 characters: sized for it and its heading, the grid does not clip either. Names
# get a fixed share, so a long file or user name cannot push the grid past the page (the grid
# shows the rest on hover or a wider column).
def _wide(px: int):
    return st.column_config.TextColumn(width=px)


columns = {"Loaded at (UK time)": _wide(140), "Rolled back at": _wide(140), "File": _wide(100),
           "Loaded by": _wide(160), "Rolled back by": _wide(90)}  # fmt: skip
st.dataframe(table.iloc[::-1], hide_index=True, width="stretch", column_config=columns)
rollback.rollback_section(loads)
