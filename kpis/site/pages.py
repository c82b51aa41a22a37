"""The public site's pages as HTML: the index by area, a page per measure, the plan's progress."""

from __future__ import annotations

from html import escape

import pandas as pd

from kpis.benchmarks.charts import SOURCE
from kpis.demo import DEMO_LABEL
from kpis.month.scorecard import SUPPRESSED
from kpis.month.scorecard_html import rag_badge, sparkline
from kpis.periods import label
from kpis.rag import format_target, format_value
from kpis.site.chart import line_chart
from kpis.site.content import PublicKpi, SiteContent
from kpis.site.recommendations import recommendations_html

STYLESHEET = "assets/site.css"
INDEX, PLAN = "index.html", "recommendations.html"


def measure_page(kpi_id: str) -> str:
    return f"measure-{kpi_id}.html"


def measure_csv(kpi_id: str) -> str:
    return f"data/{kpi_id}.csv"


def _month(period: str) -> str:
    return pd.Timestamp(f"{period}-01").strftime("%B %Y")


def _layout(content: SiteContent, title: str, body: str) -> str:
    """Every page: the same header, notes and footer; links relative to the site's folder."""
    demo = f'<p class="demo">{escape(DEMO_LABEL)}</p>' if content.demo else ""
    who = f"{content.authority} children's services"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}: {escape(who)}</title>"
        f'<link rel="stylesheet" href="{STYLESHEET}"></head><body>'
        f'<header class="site"><p>{escape(who)}: how we are doing</p>'
        '<nav aria-label="Site"><ul>'
        f'<li><a href="{INDEX}">Measures</a></li>'
        f'<li><a href="{PLAN}">Improvement plan</a></li></ul></nav></header>'
        f"<main>{demo}{body}</main>"
        f"<footer>{_footer(content)}</footer></body></html>\n"
    )


def _footer(content: SiteContent) -> str:
    return (
        f"<p>Figures for {escape(_month(content.period))}, published by {escape(content.authority)}"
        f" children's services. Data as at {escape(content.data_as_at)}.</p>"
        "<p>Where a figure comes from fewer than 5 children or young people it is shown as "
        f"“{SUPPRESSED}”, so that no one can be identified.</p>"
        f"<p>England and statistical neighbour figures: {escape(SOURCE)}.</p>"
    )


def _as_at(content: SiteContent) -> str:
    return (
        f'<p class="asat">Figures for {escape(_month(content.period))}. '
        f"Data as at {escape(content.data_as_at)}.</p>"
    )


def index_page(content: SiteContent) -> str:
    intro = (
        f"<h1>{escape(content.authority)} children's services: performance</h1>"
        f"{_as_at(content)}"
        "<p>The measures our performance board has approved for publication, each against its "
        "target and, where the Department for Education publishes it, against England and our "
        f"statistical neighbours ({content.model_year} model). Select a measure for its chart, "
        "definition and figures to download.</p>"
    )
    if not content.kpis:
        return _layout(
            content, "Performance", intro + "<p>No measures have been published yet.</p>"
        )
    sections = [_area_table(content, area, items) for area, items in content.areas()]
    return _layout(content, "Performance", intro + "".join(sections))


def _area_table(content: SiteContent, area: str, items: list[PublicKpi]) -> str:
    columns = ["Measure", "Latest", "Target", "Rating", "Direction of travel", "Trend",
               "England", f"Statistical neighbours ({content.model_year} model)"]  # fmt: skip
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
    rows = []
    for item in items:
        line = item.line

        def cell(name: str, html: str, num: bool = False) -> str:
            css = ' class="num"' if num else ""
            return f'<td{css} data-label="{escape(name)}">{html}</td>'

        rows.append(
            "<tr>"
            f'<th scope="row"><a href="{measure_page(item.kpi.id)}">{escape(item.kpi.name)}</a>'
            f'<br><span class="muted">{escape(item.kpi.basis)}</span></th>'
            + cell("Latest", _latest(content, line), True)
            + cell("Target", escape(line["target_text"]), True)
            + cell("Rating", rag_badge(line["rag"], line["rag_text"]))
            + cell("Direction of travel", _direction(line))
            + cell("Trend", sparkline(line["spark"], line["spark_label"]))
            + cell("England", escape(line["england_text"]), True)
            + cell("Statistical neighbours", escape(line["neighbours_text"]), True)
            + "</tr>"
        )
    return (
        f"<h2>{escape(area)}</h2>"
        f'<table class="data cards"><caption class="sr-only">{escape(area)}: latest figures'
        "</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _latest(content: SiteContent, line: dict) -> str:
    shown = line["period_shown"]
    text = escape(line["value_text"])
    if isinstance(shown, str) and shown != content.period:
        text += f'<br><span class="muted">figure for {escape(label(shown))}</span>'
    return text


def _direction(line: dict) -> str:
    return (
        f"Since the last period: {escape(line['vs_previous_text'])}<br>"
        f"Since a year before: {escape(line['vs_last_year_text'])}"
    )


def _figure_text(row: pd.Series, item: PublicKpi) -> str:
    if bool(row["suppressed"]):
        return SUPPRESSED
    return format_value(row["value"], item.kpi.unit)


def _target(row: pd.Series, item: PublicKpi, period: str) -> float | None:
    stored = row["target"]
    return float(stored) if pd.notna(stored) else item.kpi.target_for(period)


def measure_html(content: SiteContent, item: PublicKpi) -> str:
    kpi, line = item.kpi, item.line
    charted = item.charted
    points = [
        (str(p), None if bool(r["suppressed"]) or pd.isna(r["value"]) else float(r["value"]))
        for p, r in charted.iterrows()
    ]
    target = line["target"] if line["target"] is not None and pd.notna(line["target"]) else None
    hidden = int(charted["suppressed"].astype(bool).sum())
    summary = _chart_summary(item, points, target, hidden)
    chart = line_chart(points, unit=kpi.unit, target=target, chart_id=f"chart-{kpi.id}",
                       title=f"{kpi.name}: recent figures", summary=summary)  # fmt: skip
    rows = "".join(
        f'<tr><th scope="row">{escape(label(str(p)))}</th>'
        f'<td class="num">{escape(_figure_text(r, item))}</td>'
        f'<td class="num">{escape(format_target(_target(r, item, str(p)), kpi.unit))}</td></tr>'
        for p, r in charted.iloc[::-1].iterrows()
    )
    table = (
        '<table class="data narrow"><caption>The figures in the chart, newest first</caption>'
        '<thead><tr><th scope="col">Period</th><th scope="col" class="num">Figure</th>'
        f'<th scope="col" class="num">Target</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    parts_of = "".join(
        f"<dt>{name}</dt><dd>{escape(text)}</dd>"
        for name, text in (("Counted", kpi.numerator), ("Out of", kpi.denominator))
        if text
    )
    compare = (
        f"<p>{escape(SOURCE)}.</p>" if kpi.benchmark is not None else
        "<p>The Department for Education does not publish this measure for every authority.</p>"
    )  # fmt: skip
    body = (
        f'<p><a href="{INDEX}">All measures</a></p>'
        f"<h1>{escape(kpi.name)}</h1>{_as_at(content)}"
        '<dl class="summary">'
        f"<dt>Latest figure</dt><dd>{_latest(content, line)}</dd>"
        f"<dt>Target</dt><dd>{escape(line['target_text'])}</dd>"
        f"<dt>Rating</dt><dd>{rag_badge(line['rag'], line['rag_text'])}</dd>"
        f"<dt>Direction of travel</dt><dd>{_direction(line)}</dd>"
        f"<dt>England</dt><dd>{escape(line.get('england_note') or line['england_text'])}</dd>"
        f"<dt>Statistical neighbours ({content.model_year} model)</dt>"
        f"<dd>{escape(line['neighbours_text'])}</dd></dl>"
        f"<h2>Recent figures</h2><figure>{chart}</figure>{table}"
        f'<p><a href="{measure_csv(kpi.id)}" download>Download every figure for this measure '
        "(CSV)</a></p>"
        f"<h2>Definition</h2><p>{escape(kpi.definition)}</p>"
        f'<dl class="summary">{parts_of}<dt>Reported</dt><dd>{escape(kpi.frequency.value)}, '
        f"{escape(kpi.basis)}</dd></dl>"
        f"<h2>Source</h2><p>{escape(kpi.source)}.</p>"
        f"<h2>Comparisons</h2>{compare}"
    )
    return _layout(content, kpi.name, body)


def _chart_summary(item: PublicKpi, points, target: float | None, hidden: int) -> str:
    shown = [(p, v) for p, v in points if v is not None]
    unit = item.kpi.unit
    if not shown:
        return "No figure in this period can be shown."
    text = (
        f"{len(shown)} figures from {label(shown[0][0])} to {label(shown[-1][0])}: "
        f"first {format_value(shown[0][1], unit)}, latest {format_value(shown[-1][1], unit)}, "
        f"lowest {format_value(min(v for _, v in shown), unit)}, "
        f"highest {format_value(max(v for _, v in shown), unit)}."
    )
    if target is not None:
        text += f" Target {format_target(target, unit)}."
    if hidden:
        text += f" {hidden} not charted: {SUPPRESSED} children or young people."
    return text


def measure_table(item: PublicKpi) -> pd.DataFrame:
    """Every figure of the measure up to the month, for the CSV download."""
    history = item.history
    suppressed = history["suppressed"].astype(bool)
    return pd.DataFrame(
        {
            "kpi_id": item.kpi.id,
            "period": history.index.astype(str),
            "value": history["value"].where(~suppressed),
            "numerator": history["numerator"].where(~suppressed),
            "denominator": history["denominator"].where(~suppressed),
            "target": [_target(r, item, str(p)) for p, r in history.iterrows()],
            "note": [SUPPRESSED if s else "" for s in suppressed],
        }
    ).reset_index(drop=True)


def plan_page(content: SiteContent) -> str:
    body = (
        "<h1>Improvement plan: progress</h1>"
        f'<p class="asat">Status at the end of {escape(_month(content.period))}.</p>'
        "<p>The recommendations from inspections that we report on publicly, with how our "
        "improvement board rated progress on each.</p>"
        f"{recommendations_html(content.recommendations)}"
    )
    return _layout(content, "Improvement plan", body)
