"""The board pack as one self-contained HTML file: plotly.js inlined once, nothing fetched."""

from __future__ import annotations

from html import escape

import pandas as pd
from plotly.offline import get_plotlyjs

from kpis.benchmarks.charts import SOURCE
from kpis.icons import Icon, assurance_icon, data_uri, variation_icon
from kpis.month.scorecard_html import cell, sparkline
from kpis.pack.appendix import appendix
from kpis.pack.charts import loader_script
from kpis.pack.content import PackContent, Series
from kpis.pack.quality import quality_section
from kpis.pack.sections import (
    area_id,
    area_section,
    demo_note,
    exceptions_section,
    rag_badge,
)
from kpis.periods import label, shift
from kpis.rag import Rag, format_value

TREND_POINTS = 13
_STEP_NAMES = {1: "months", 3: "quarters", 12: "years"}


def pack_html(content: PackContent) -> str:
    """The whole pack. The same content always gives the same text: chart ids come from KPI ids
    and ranks, and the only dates are the month and the data's last load."""
    from kpis.audits.board_html import RULES as QUALITY_CSS
    from kpis.pack.style import CSS

    body = [
        cover(content),
        summary(content),
        exceptions_section(content),
        quality_section(content),
        *(area_section(content, area) for area in content.catalogue.areas),
        appendix(content, SOURCE),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(content.title())}</title><style>{CSS}{QUALITY_CSS}</style></head>"
        f"<body><main>{''.join(body)}</main>"
        # plotly.js last and once: the text reads before 4 MB of script has been parsed.
        f"<script>{get_plotlyjs()}</script>{loader_script()}</body></html>\n"
    )


def cover(content: PackContent) -> str:
    card = content.card
    counts = [
        (Rag.RED, int((card["rag"] == "red").sum())),
        (Rag.AMBER, int((card["rag"] == "amber").sum())),
        (Rag.GREEN, int((card["rag"] == "green").sum())),
    ]
    concern = int((card["variation"] == "special_cause_concern").sum())
    boxes = "".join(
        f'<div style="border-left-color:{rating.colour}"><b>{n}</b>'
        f"{escape(rating.symbol)} {escape(rating.word)}</div>"
        for rating, n in counts
    )
    boxes += f"<div><b>{concern}</b>Special causes of concern</div>"
    boxes += f"<div><b>{len(content.exceptions)}</b>Exceptions</div>"
    contents = [
        ("summary", "Summary scorecard"),
        ("exceptions", "Exceptions"),
        ("quality", "Quality assurance"),
        *((area_id(a), a) for a in content.catalogue.areas),
        ("appendix", "Appendix: definitions, sources and data"),
    ]
    toc = "".join(f'<li><a href="#{i}">{escape(t)}</a></li>' for i, t in contents)
    return (
        '<header class="section cover">'
        f'<p class="org">{escape(content.authority)} children\'s services</p>'
        f"<h1>Performance board pack: {escape(content.month)}</h1>"
        f"{demo_note(content)}"
        "<dl>"
        f"<dt>Authority</dt><dd>{escape(content.authority)} (DfE code {content.la_code})</dd>"
        f"<dt>Month</dt><dd>{escape(content.month)}</dd>"
        f"<dt>Data as at</dt><dd>{escape(content.data_as_at)} (last load of figures)</dd>"
        f"<dt>Measures</dt><dd>{len(card)} in {len(content.catalogue.areas)} areas</dd>"
        f"<dt>Figures</dt><dd>{escape(content.completeness)}</dd>"
        f"<dt>Comparators</dt><dd>DfE statistical neighbours ({content.model_year} model), "
        "London and England: the latest published year</dd>"
        f'</dl><div class="counts">{boxes}</div>'
        f'<nav class="toc" aria-label="Contents"><b>Contents</b><ol>{toc}</ol></nav>'
        "</header>"
    )


def summary(content: PackContent) -> str:
    """Every measure on one landscape page, by area: words beside every colour and icon."""
    head = (
        "<tr><th scope='col'>Measure</th><th scope='col' class='num'>Value</th>"
        "<th scope='col' class='num'>Target</th><th scope='col'>RAG</th>"
        "<th scope='col'>Since last period</th><th scope='col'>Since a year ago</th>"
        "<th scope='col'>Trend</th><th scope='col'>SPC</th>"
        "<th scope='col' class='num'>Neighbours</th><th scope='col' class='num'>England</th>"
        "<th scope='col'><abbr title='National quartile band: A is the best quarter'>Band"
        "</abbr></th></tr>"
    )
    groups = []
    # The summary keeps to one page: a measure whose process changed shows the month beside
    # its icon, and this line (and its own block) says what that means.
    moved = content.card["changed_since"].notna() & content.card["assurance"].notna()
    changed = (
        " Changed, and a month: the process changed then, and limits from before the change "
        "cannot judge the target (no assurance is given)."
        if moved.any()
        else ""
    )
    for area, rows in content.card.groupby("area", sort=False):
        lines = "".join(_summary_row(r, content.series[r.kpi_id]) for r in rows.itertuples())
        groups.append(
            f'<tbody><tr class="area"><th colspan="11" scope="colgroup">'
            f'<a href="#{area_id(str(area))}">{escape(str(area))}</a></th></tr>{lines}</tbody>'
        )
    return (
        '<section class="section summary" id="summary"><h2>Summary scorecard</h2>'
        f"{demo_note(content)}"
        f'<p class="intro muted">{escape(content.month)}. Neighbours (mean of the '
        f"{content.model_year} model's statistical neighbours) and England are DfE's latest "
        f"published year, shown in brackets. SPC: variation, then assurance.{escape(changed)} "
        f"{escape(SOURCE)}.</p>"
        f'<div class="scroll"><table><caption class="sr-only">Summary scorecard, '
        f"{escape(content.month)}</caption><thead>{head}</thead>{''.join(groups)}</table>"
        "</div></section>"
    )


def _summary_row(r, series: Series) -> str:
    variation = variation_icon(_present(r.variation), r.improvement)
    changed = _present(getattr(r, "changed_since", None))
    assurance = assurance_icon(_present(r.assurance), changed)
    # No verdict once the process has moved on from its limits: the month it changed beside
    # the icon, whose text alternative is the whole sentence (the intro says what it means).
    words = (
        f'<span class="changed">changed {escape(label(changed))}</span>'
        if changed and _present(r.assurance)
        else ""
    )
    when = label(r.period_shown) if r.shown_label else ""
    shown = f' <span class="muted">({escape(when)})</span>' if when else ""
    return (
        f'<tr><th scope="row"><a href="#kpi-{r.kpi_id}">{escape(r.name)}</a></th>'
        + cell("Value", escape(r.value_text) + shown, "num")
        + cell("Target", escape(r.target_text), "num")
        + cell("RAG", rag_badge(r.rag, r.rag_text, bool(r.suppressed)))
        # May wrap: "– No comparison" (a measure's first year) is the column's widest text.
        + cell("Since last period", escape(r.vs_previous_text))
        + cell("Since a year ago", escape(r.vs_last_year_text))
        + cell("Trend", _trend(series), "spark")
        + cell("SPC", _icon_img(variation) + _icon_img(assurance) + words, "icons")
        + cell("Neighbours", escape(r.neighbours_text), "num")
        + cell("England", escape(r.england_text), "num")
        + cell("Band", escape(r.quartile))
        + "</tr>"
    )


def _trend(series: Series) -> str:
    """The last 13 points of the series at its own frequency, small numbers left out (the
    board card's sparkline is monthly and would name a hidden figure in its text)."""
    if series.period_shown is None:
        return '<span class="muted">–</span>'
    periods = [shift(series.period_shown, -i * series.step) for i in range(TREND_POINTS)][::-1]
    rows = series.figures
    values = [
        None if p not in rows.index or rows.at[p, "suppressed"] else float(rows.at[p, "value"])
        for p in periods
    ]
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return '<span class="muted">–</span>'
    unit = series.kpi.unit
    words = _STEP_NAMES[series.step]
    text = (
        f"Last {TREND_POINTS} {words}: from {format_value(present[0], unit)} "
        f"to {format_value(present[-1], unit)}"
    )
    return sparkline(values, text, width=60, height=15)


def _icon_img(icon: Icon) -> str:
    label = escape(icon.label)
    return f'<img src="{data_uri(icon)}" alt="{label}" title="{label}" width="24" height="24">'


def _present(value: object) -> str | None:
    return value if isinstance(value, str) and value and not pd.isna(value) else None
