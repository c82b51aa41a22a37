"""Board tables and charts made to fit any screen: every cell names its column, chart text wraps."""

from __future__ import annotations

import re

import pandas as pd

from kpis.charts.fit import for_page
from kpis.charts.spc import spc_chart
from kpis.month.table_html import one_place, table_html
from kpis.spc import xmr


def test_every_cell_names_its_column_so_a_row_can_be_a_card():
    frame = pd.DataFrame(
        {"Year": [2025, 2024], "Haringey": [79.8, None], "Note": ["<b>bold</b> & co", ""]}
    )
    page = table_html(
        frame, caption="Figures", row_header="Year", formats={"Haringey": one_place},
        numeric={"Haringey"}, links={"Year": lambda r: f"kpi?year={r['Year']}&x=1"},
    )  # fmt: skip
    assert page.count('<th scope="row">') == 2
    assert re.findall(r'data-label="([^"]+)"', page) == ["Haringey", "Note"] * 2
    assert '<td class="num" data-label="Haringey"><div class="v">79.8</div></td>' in page
    assert '<div class="v">–</div>' in page  # a missing figure says so
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page and "<b>" not in page
    assert '<a href="kpi?year=2025&amp;x=1">2025</a>' in page


def test_a_chart_for_a_page_keeps_its_title_and_notes_as_text():
    months = [f"20{20 + i // 12}-{i % 12 + 1:02d}" for i in range(20)]
    spc = xmr(pd.Series([50.0 + i % 5 for i in range(20)], index=months))
    figure = spc_chart(spc, title="t", unit="percent", source="Source: <i>local</i> data")
    # Plotly's own markup in the title (spc_chart's `title` is text, which it escapes).
    figure.update_layout(title_text="Dental checks &amp; more<br>whole authority")
    figure.add_annotation(x="2020-06", y=52, text="Re-based: new system", showarrow=True)
    lifted = for_page(figure)
    assert lifted.title == "Dental checks & more\nwhole authority"
    assert "Source: local data" in lifted.notes
    assert lifted.figure.layout.title.text is None
    # What points at data stays on the chart; the original figure is left as it was.
    kept = [a.text for a in lifted.figure.layout.annotations]
    assert any("new system" in t for t in kept) and not any("Source" in t for t in kept)
    assert figure.layout.title.text.startswith("Dental checks")
    assert len(lifted.figure.data) == len(figure.data)
