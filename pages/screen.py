"""Office screen: the scorecard as large-type slides rotating on a TV, with no controls."""

import streamlit as st

from kpis.demo import DEMO_LABEL
from kpis.markup import markdown_text
from kpis.periods import label
from kpis.screen.html import screen_html
from kpis.screen.slides import as_at, choose, slide_at, slides
from ui import auth, published, state

# This page only: no sidebar, header or toolbar, and the whole width (a TV has no one to click).
st.set_page_config(page_title="Office screen · Children's services scorecard", layout="wide",
                   initial_sidebar_state="collapsed")  # fmt: skip
st.html(
    "<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], "
    "[data-testid='stExpandSidebarButton'], [data-testid='stHeader'], "
    "[data-testid='stToolbar'], [data-testid='stDecoration'], [data-testid='stStatusWidget'] "
    "{display:none !important} [data-testid='stMainBlockContainer'] {max-width:none; "
    "padding:1rem 1.5vw 0}</style>"
)


def teams() -> list[str]:
    figures = state.figures()
    return sorted(t for t in figures["team"].unique() if t)


params = st.query_params
choice = choose(state.catalogue(), teams(), area=params.get("area", ""),
                team=params.get("team", ""), every=params.get("every", ""))  # fmt: skip
if choice.problem:
    st.title("Performance screen")
    # The problem quotes the address, which anyone can write: shown as text, never as Markdown.
    st.error(f"{markdown_text(choice.problem)} Fix the screen's address and reload it.")
    st.stop()


@st.fragment(run_every=choice.every)
def rotate() -> None:
    # A fragment reruns without app.py: an ended sign-in stops the slides here.
    auth.still_signed_in()
    # Each run reads the store's version (through state), so a new load shows at the next slide.
    # The board's month (the latest ready one), as every board view opens on.
    month = state.board_month()
    months = [month] if month else []
    shown = (
        slides(state.figures(), state.catalogue(), month, area=choice.area, team=choice.team)
        if month
        else []
    )
    tick = st.session_state.get("screen_tick", 0)
    st.session_state["screen_tick"] = tick + 1
    slide = slide_at(shown, tick)
    st.html(
        screen_html(
            slide,
            authority=published.area_name(published.who().la_code),
            month=label(month) if month else "",
            as_at=as_at(months, state.loads()),
            position=f"screen {tick % len(shown) + 1} of {len(shown)}" if shown else "",
            demo_note=DEMO_LABEL if state.demo() else "",
        )
    )


rotate()
# Small, at the foot: a TV has no one to click, but whoever opened this from the app needs a way
# back (the sidebar is hidden on this page).
st.page_link("pages/scorecard.py", label="Back to the scorecard", icon=":material/arrow_back:")
