"""Any board table as HTML that fits its screen: a table when wide, one card per row when narrow."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from kpis.markup import html_text
from kpis.month.scorecard_html import cell

# Formats a cell as text; the table's cells are escaped after formatting.
Format = Callable[[object], str]


def blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def one_place(value: object) -> str:
    return "–" if blank(value) else f"{float(value):,.1f}"


def whole(value: object) -> str:
    return "–" if blank(value) else f"{float(value):,.0f}"


def year(value: object) -> str:
    return "–" if blank(value) else str(int(float(value)))


def text(value: object) -> str:
    return "–" if blank(value) or value == "" else str(value)


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str,
    row_header: str | None = None,
    formats: Mapping[str, Format] | None = None,
    numeric: set[str] | frozenset[str] = frozenset(),
    links: Mapping[str, Callable[[pd.Series], str]] | None = None,
    cards: bool = False,
) -> str:
    """`frame` as an accessible table in the scorecard's style (use with scorecard_html.CSS).

    `row_header` names the column that heads each row (and each card); `formats` turn cells
    into text (plain text otherwise); `numeric` columns are right-aligned in the wide layout;
    `links` make a column's cells links to the URL the function gives for the row; `cards`
    shows every row as a card at any width (for long texts that would be squeezed in columns).
    """
    formats = formats or {}
    links = links or {}
    columns = list(frame.columns)
    head = "".join(
        f'<th scope="col"{" class=measure" if c == row_header else ""}>{html_text(str(c))}</th>'
        for c in columns
    )
    kinds = ["kpi-card", *(["few"] if len(columns) <= 6 else []), *(["cards"] if cards else [])]
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            shown = html_text(formats.get(column, text)(row[column]))
            if column in links:
                shown = f'<a href="{html_text(links[column](row))}">{shown}</a>'
            if column == row_header:
                cells.append(f'<th scope="row">{shown}</th>')
                continue
            cells.append(cell(str(column), shown, "num" if column in numeric else ""))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<div class="kpi-wrap"><table class="{" ".join(kinds)}">'
        '<caption class="sr-only">'
        f"{html_text(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
