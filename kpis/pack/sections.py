"""The pack's exception and judgement-area sections: each series' chart beside its words."""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from kpis.demo import DEMO_LABEL
from kpis.icons import (
    ASSURANCE_WORDS,
    NO_ASSURANCE,
    NO_VARIATION,
    POINT_TYPE_WORDS,
    changed_words,
)
from kpis.month.scorecard_html import RAG_STYLE, rag_class
from kpis.pack.charts import chart_html, shown_spc
from kpis.pack.content import ExceptionItem, PackContent, Series
from kpis.periods import label
from kpis.rag import Rag, format_value

_STEP_WORDS = {1: "month", 3: "quarter", 12: "year"}


def area_id(area: str) -> str:
    return "area-" + "".join(c if c.isalnum() else "-" for c in area.lower()).strip("-")


def rag_badge(rating: str, text: str, hidden: bool = False) -> str:
    """A RAG word on its colour; a hidden (small-number) rating gets no colour either."""
    colour, tint = RAG_STYLE.get(Rag.GREY.value if hidden else rating, RAG_STYLE["grey"])
    return (
        f'<span class="{rag_class(text)}" style="border-color:{colour};background:{tint}">'
        f"{escape(text)}</span>"
    )


def exceptions_section(content: PackContent) -> str:
    """The ranked exceptions, most serious first, each with why, commentary and actions."""
    items = content.exceptions
    intro = (
        f"{len(items)} exceptions for {content.month}, most serious first: a measure is here when "
        "it is off target, its latest point is a special cause of concern, it will consistently "
        "fail its target, or it is in the worst quarter of English authorities. Teams appear "
        "as their own rows."
        if items
        else f"No exceptions for {content.month}: every measure is on target and in control."
    )
    blocks = "".join(_exception(item) for item in items)
    return (
        f'<section class="section" id="exceptions"><h2>Exceptions</h2>{demo_note(content)}'
        f'<p class="muted">{escape(intro)}</p>{blocks}</section>'
    )


def _exception(item: ExceptionItem) -> str:
    series, line = item.series, item.line
    reasons = "".join(f"<li>{escape(r)}</li>" for r in item.reasons)
    note = f'<p class="muted">{escape(item.note)}</p>' if item.note else ""
    actions = (
        "<ul>" + "".join(f"<li>{escape(a)}</li>" for a in item.actions) + "</ul>"
        if item.actions
        else '<p class="muted">No actions recorded yet.</p>'
    )
    facts = _dl(
        [
            (_when(series), _value(line)),
            ("Target", escape(line["target_text"])),
            ("RAG", rag_badge(line["rag"], line["rag_text"], bool(line["suppressed"]))),
        ]
    )
    return (
        f'<article class="block" id="exception-{item.rank}"><div class="block-head">'
        f"<h3>{item.rank}. {escape(series.kpi.name)}</h3>"
        f'<span class="muted">{escape(series.who)} · {escape(series.kpi.area)}</span></div>'
        f'<div class="block-body">{_chart(series, f"chart-exception-{item.rank}")}'
        f'<div class="notes">{facts}<h4>Why it is here</h4><ul>{reasons}</ul>{note}'
        f"<h4>Commentary</h4>{_commentary(item.commentary, series)}"
        f"<h4>Actions agreed</h4>{actions}</div></div></article>"
    )


def area_section(content: PackContent, area: str) -> str:
    """One judgement area: every measure's chart and figures."""
    rows = content.card[content.card["area"] == area]
    blocks = "".join(_kpi_block(content, record) for record in rows.to_dict("records"))
    return (
        f'<section class="section" id="{area_id(area)}"><h2>{escape(area)}</h2>'
        f"{demo_note(content)}{blocks}</section>"
    )


def _kpi_block(content: PackContent, row: dict) -> str:
    series = content.series[row["kpi_id"]]
    kpi = series.kpi
    step = _STEP_WORDS[series.step]
    facts = [
        (_when(series), _value(row)),
        ("Target", escape(row["target_text"])),
        ("RAG", rag_badge(row["rag"], row["rag_text"], bool(row["suppressed"]))),
        (f"Since last {step}", escape(row["vs_previous_text"])),
        ("Since a year ago", escape(row["vs_last_year_text"])),
        ("Variation", escape(_words(POINT_TYPE_WORDS, row["variation"], NO_VARIATION))),
        ("Assurance", escape(_assurance(row))),
        *_limits(series),
        (f"Neighbours ({content.model_year} model)", escape(row["neighbours_text"])),
        ("England", escape(row.get("england_note") or row["england_text"])),
        ("National band", escape(row["quartile"])),
    ]
    return (
        f'<article class="block" id="kpi-{kpi.id}"><div class="block-head">'
        f"<h3>{escape(kpi.name)}</h3>"
        f'<span class="muted">{escape(kpi.frequency.value)}, {escape(kpi.basis)}</span></div>'
        f'<p class="muted">{escape(kpi.definition)}</p>'
        f'<div class="block-body">{_chart(series, f"chart-kpi-{kpi.id}")}'
        f'<div class="notes">{_dl(facts)}<h4>Commentary</h4>'
        f"{_commentary(_present(row['commentary']), series)}</div></div></article>"
    )


def chart_block(content: PackContent, kpi_id: str, div_id: str) -> str:
    """A measure's SPC chart for the whole authority, as its area section draws it."""
    return _chart(content.series[kpi_id], div_id)


def _chart(series: Series, div_id: str) -> str:
    if series.spc.empty:
        return '<p class="muted chart">No figures loaded for this measure yet.</p>'
    if shown_spc(series).empty:
        return (
            '<p class="muted chart">Not charted: every figure in the charted period comes from '
            "fewer than 5 cases.</p>"
        )
    return chart_html(series, div_id)


def _limits(series: Series) -> list[tuple[str, str]]:
    spc = series.spc
    if spc.empty or math.isnan(float(spc["upl"].iloc[-1])):
        return []
    last, unit = spc.iloc[-1], series.kpi.unit
    trial = " (trial limits)" if bool(last["trial"]) else ""
    text = (
        f"{format_value(last['mean'], unit)}; process limits {format_value(last['lpl'], unit)} "
        f"to {format_value(last['upl'], unit)}{trial}"
    )
    return [("Mean", escape(text))]


def _value(line: dict) -> str:
    text = escape(line["value_text"])
    num, den = line["numerator"], line["denominator"]
    if not line["suppressed"] and _number(num) is not None and _number(den) is not None:
        text += f' <span class="muted">({float(num):,.0f} of {float(den):,.0f})</span>'
    return text


def _when(series: Series) -> str:
    return label(series.period_shown) if series.period_shown else "Latest"


def _commentary(text: str | None, series: Series) -> str:
    if not text:
        when = label(series.period_shown) if series.period_shown else "this month"
        return f'<p class="muted">No commentary recorded for {escape(when)}.</p>'
    # Analysts' free text: shown as text, never as markup.
    return f'<p class="quote">{escape(text)}</p>'


def _dl(pairs: list[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{escape(term)}</dt><dd>{value}</dd>" for term, value in pairs)
    return f'<dl class="facts">{items}</dl>'


def _assurance(row: dict) -> str:
    """The verdict in words, or why there is none: a process that moved on from its limits."""
    since = _present(row.get("changed_since"))
    if since and isinstance(row["assurance"], str):
        return changed_words(since)
    return _words(ASSURANCE_WORDS, row["assurance"], NO_ASSURANCE)


def _words(words: dict[str, str], key: object, missing: str) -> str:
    text = words.get(key, missing) if isinstance(key, str) else missing
    # 'Assurance – hit and miss' beside the label 'Assurance': the label says the first part.
    head, _, rest = text.partition(" – ")
    return rest[0].upper() + rest[1:] if head in ("Assurance", "Variation") and rest else text


def demo_note(content: PackContent) -> str:
    return f'<p class="demo">{escape(DEMO_LABEL)}</p>' if content.demo else ""


def _present(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
