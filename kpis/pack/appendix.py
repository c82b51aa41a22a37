"""The pack's appendix: how to read it, definitions and sources, and every figure charted."""

from __future__ import annotations

from html import escape

import pandas as pd

from kpis.catalogue import Frequency
from kpis.month.scorecard import SUPPRESSED
from kpis.month.scorecard_html import cell
from kpis.pack.content import WINDOW_POINTS, PackContent
from kpis.pack.figures import definitions, month_label, published_rows, wide_values
from kpis.pack.sections import demo_note

COLUMNS_PER_TABLE = 12
_FREQUENCY_TITLES = {
    Frequency.MONTHLY: "Monthly measures",
    Frequency.QUARTERLY: "Quarterly measures",
    Frequency.ANNUAL: "Annual measures",
}
_READING = (
    ("RAG", "✔ On target; ▲ Near target (misses by no more than the tolerance); ✖ Off target; "
     "– No target. The figure is compared as shown, to one decimal place."),
    ("Direction", "Against the previous period and the same point a year earlier, by whether "
     "higher or lower is better: a change under 1 percentage point (or 2% of the earlier "
     "figure) is no change."),
    ("SPC", "Statistical process control (NHS Making Data Count XmR charts): the mean and the "
     "process limits (mean ± 2.66 × the average moving range) over the whole history. Special "
     "causes: a point beyond a limit, 7 points rising or falling, 7 points one side of the "
     "mean, or 2 of 3 points beyond two-thirds of the way to a limit. Fewer than 13 points "
     "give trial limits. Variation is the latest point's signal; assurance says whether the "
     "target lies outside the limits (will consistently pass or fail) or inside them (hit "
     "and miss)."),
    ("Band", "National quartile band in the latest published year: A is the best quarter of "
     "English authorities, D the worst."),
    ("Small numbers", f"Figures computed from case-level records whose numerator or "
     f"denominator is between 1 and 4 are shown as '{SUPPRESSED}' and left out of the charts. "
     "No case-level records appear in this pack."),
)  # fmt: skip


def appendix(content: PackContent, source: str) -> str:
    reading = "".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in _READING)
    return (
        '<section class="section" id="appendix"><h2>Appendix: definitions, sources and data'
        f"</h2>{demo_note(content)}"
        f'<h3>Reading the pack</h3><dl class="facts">{reading}</dl>'
        f"<h3>Definitions and sources</h3>{_table(_definitions(content), 'Definitions')}"
        f"{_published(content, source)}{_data(content)}</section>"
    )


def _definitions(content: PackContent) -> pd.DataFrame:
    return definitions(content).drop(columns=["Area", "KPI id"])


def _published(content: PackContent, source: str) -> str:
    table = published_rows(content, as_text=True)
    if table.empty:
        return "<h3>Published benchmarks</h3><p class='muted'>No DfE figures are loaded.</p>"
    shown = table.drop(columns=["Area", "KPI id"])
    return (
        "<h3>Published benchmarks</h3>"
        f"<p>The latest year DfE has published for each measure, for {escape(content.authority)}"
        f" and its comparators. {escape(source)}.</p>"
        f"{_table(shown, 'Published benchmarks', numeric=set(shown.columns[2:-2]))}"
    )


def _data(content: PackContent) -> str:
    parts = [
        '<div class="data"><h3>Data: every figure charted</h3><p>The figures behind each chart '
        f"in this pack: the last {WINDOW_POINTS[Frequency.MONTHLY]} months of monthly measures, "
        f"{WINDOW_POINTS[Frequency.QUARTERLY]} quarters of quarterly ones and "
        f"{WINDOW_POINTS[Frequency.ANNUAL]} years of annual ones, for the whole authority and "
        "for the teams that appear as exceptions.</p>"
    ]
    for frequency, title in _FREQUENCY_TITLES.items():
        periods, frame = wide_values(content, frequency)
        if frame.empty:
            continue
        # Newest first, in pages of columns that fit across A4 landscape.
        chunks = [
            periods[::-1][i : i + COLUMNS_PER_TABLE]
            for i in range(0, len(periods), COLUMNS_PER_TABLE)
        ]
        for n, chunk in enumerate(chunks, start=1):
            caption = title if len(chunks) == 1 else f"{title} ({n} of {len(chunks)})"
            parts.append(_wide(frame, sorted(chunk), frequency, caption))
    parts.append("</div>")
    return "".join(parts)


def _wide(frame: pd.DataFrame, periods: list[str], frequency: Frequency, caption: str) -> str:
    head = "<th scope='col'>Measure</th><th scope='col'>Team</th>" + "".join(
        f"<th scope='col' class='num'>{escape(month_label(p, frequency))}</th>" for p in periods
    )
    groups = []
    for area, rows in frame.groupby("area", sort=False):
        lines = "".join(
            f"<tr><th scope='row'>{escape(r['Measure'])}</th>"
            + cell("Team", escape(r["Team"]), "nowrap")
            + "".join(cell(month_label(p, frequency), escape(r[p]), "num") for p in periods)
            + "</tr>"
            for r in rows.to_dict("records")
        )
        groups.append(
            f"<tbody><tr class='area'><th colspan='{len(periods) + 2}' scope='colgroup'>"
            f"{escape(str(area))}</th></tr>{lines}</tbody>"
        )
    return (
        f'<div class="scroll wide"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead>{''.join(groups)}</table></div>"
    )


def _table(frame: pd.DataFrame, caption: str, numeric: set[str] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(
        f"<th scope='col'{_num(c, numeric)}>{escape(str(c))}</th>" for c in frame.columns
    )
    first = frame.columns[0]
    rows = "".join(
        "<tr>"
        + "".join(
            f"<th scope='row'>{escape(str(v))}</th>"
            if c == first
            else cell(str(c), escape(str(v)), "num" if c in numeric else "")
            for c, v in record.items()
        )
        + "</tr>"
        for record in frame.to_dict("records")
    )
    return (
        f'<div class="scroll"><table><caption class="sr-only">{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _num(column: object, numeric: set[str]) -> str:
    return " class='num'" if column in numeric else ""
