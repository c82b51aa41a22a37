"""Definitions: every KPI with its definition, numerator, denominator, polarity and sources."""

import pandas as pd
import streamlit as st

from kpis.month.scorecard_html import CSS
from kpis.month.table_html import table_html
from ui import state
from ui.widgets import page_header

POLARITY = {
    "higher_better": "Higher is better",
    "lower_better": "Lower is better",
    "neutral": "Neither (context measure)",
}

page_header("Definitions")
st.write(
    "What each measure counts and where it comes from. Figures are shown as the analysts "
    "report them, on the basis given (in month, rolling 12 months, at month end)."
)
st.html(CSS)
for area in state.catalogue().areas:
    st.header(area)
    kpis = [k for k in state.catalogue().kpis if k.area == area]
    table = pd.DataFrame(
        {
            "Measure": [k.name for k in kpis],
            "Definition": [k.definition for k in kpis],
            "Numerator": [k.numerator or "–" for k in kpis],
            "Denominator": [k.denominator or "–" for k in kpis],
            "Better when": [POLARITY[k.polarity.value] for k in kpis],
            "Basis": [k.basis for k in kpis],
            "Source": [k.source for k in kpis],
            "Published benchmark": [
                f"DfE {k.benchmark}" if k.benchmark else "None published" for k in kpis
            ],
            "KPI id": [k.id for k in kpis],
        }
    )
    # A card per measure: long definitions read as text, never squeezed into narrow columns.
    st.html(table_html(table, caption=f"Definitions: {area}", row_header="Measure", cards=True))
