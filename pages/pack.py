"""Board pack: the selected month's pack to download as PDF, HTML or Excel, made on click."""

from collections.abc import Callable

import streamlit as st

from kpis.pack import PackContent, gather, pack_bytes
from kpis.pack.pdf import find_chromium
from kpis.periods import label
from kpis.store import Store
from ui import auth, state
from ui.widgets import month_picker, page_header

FORMATS = {
    ".pdf": ("Download PDF", "application/pdf", "A4 landscape, page numbers, ready to circulate."),
    ".html": (
        "Download HTML",
        "text/html",
        "One file that opens in any browser, phone included, with no connection needed.",
    ),
    ".xlsx": (
        "Download Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Every figure in the pack, one sheet per area.",
    ),
}


@st.cache_resource(show_spinner=False, max_entries=4)
def _content(_store: Store, url: str, version: str, period: str) -> PackContent:
    # Keyed on the data version: a new load or action makes a new pack. Read once per month
    # and version, shared by the three formats.
    return gather(_store, state.catalogue(), period)


@st.cache_data(show_spinner=False, max_entries=12)
def _pack(_store: Store, url: str, version: str, period: str, suffix: str) -> bytes:
    return pack_bytes(_content(_store, url, version, period), suffix)


def _maker(store: Store, url: str, version: str, period: str, suffix: str) -> Callable[[], bytes]:
    # Made when the button is pressed, on Streamlit's download thread, not on every rerun.
    return lambda: _pack(store, url, version, period, suffix)


page_header("Board pack")
period = month_picker()
if period is None:
    st.stop()
st.write(
    f"The board pack for **{label(period)}**: a cover, the one-page summary scorecard, each "
    "exception with its SPC chart, reasons, commentary and agreed actions, a section per "
    "judgement area, and an appendix of definitions, sources and every figure charted."
)
st.caption(
    "Case-level records never appear in the pack; figures computed from fewer than 5 cases "
    "show as 'fewer than 5'."
)
store = auth.store()
url, version = state.db_url(), store.version()
no_pdf = find_chromium() is None
for column, (suffix, (text, mime, about)) in zip(st.columns(3), FORMATS.items(), strict=True):
    with column:
        st.download_button(
            text,
            data=_maker(store, url, version, period, suffix),
            file_name=f"board-pack-{period}{suffix}",
            mime=mime,
            key=f"pack{suffix}",
            on_click="ignore",
            disabled=suffix == ".pdf" and no_pdf,
            icon=":material/download:",
        )
        st.caption(about)
if no_pdf:
    st.info(
        "The PDF needs Chromium on this server (Debian: `apt-get install chromium`). The HTML "
        "pack prints to PDF from any browser meanwhile."
    )
