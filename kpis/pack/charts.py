"""The pack's SPC charts: the charted window only, small numbers left out, fixed element ids."""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go

from kpis.charts.spc import spc_chart
from kpis.charts.spc_words import describe_spc, signal_words
from kpis.pack.content import Series, window_start

HEIGHT = 250
PHONE_HEIGHT = 400
# No mode bar or logo: a printed page has nothing to click, and the phone needs the space.
CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}
HIDDEN_NOTE = "fewer than 5 cases"


def shown_spc(series: Series):
    """The SPC rows the pack charts: the window, without small numbers from case-level data."""
    full = series.spc
    if full.empty:
        return full
    start = window_start(series.kpi, str(full.index[-1]))
    hidden = set(series.figures.index[series.figures["suppressed"].astype(bool)])
    keep = [p for p in full.index if p >= start and p not in hidden]
    return full.loc[keep]


def pack_figure(series: Series) -> go.Figure:
    """The series' SPC chart sized for half a landscape page, legend beside the plot."""
    full, shown = series.spc, shown_spc(series)
    fig = spc_chart(
        shown,
        title="",
        unit=series.kpi.unit,
        target=series.target,
        rebase_reasons=series.rebase_reasons,
        step_months=series.step,
    )
    if not full.empty:
        _whole_history_words(fig, signal_words(full))
    fig.update_layout(
        title=None,
        height=HEIGHT,
        margin={"l": 56, "r": 8, "t": 26, "b": 36},
        legend={
            "orientation": "v",
            "yref": "paper",
            "x": 1.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "font": {"size": 11},
        },
        font={"size": 12},
    )
    fig.update_xaxes(title=None)
    return fig


def chart_summary(series: Series) -> str:
    """The chart in words (its text alternative), saying when months are left out."""
    shown = shown_spc(series)
    text = describe_spc(
        shown,
        title=f"{series.kpi.name} ({series.team or 'whole authority'})",
        unit=series.kpi.unit,
        target=series.target,
        step_months=series.step,
    )
    hidden = int(series.figures["suppressed"].astype(bool).sum())
    if hidden:
        months = "month is" if hidden == 1 else "months are"
        text += f" {hidden} {months} not charted: {HIDDEN_NOTE}."
    return text


def chart_html(series: Series, div_id: str) -> str:
    """A placeholder the pack's one loader script draws into, with the figure as JSON beside it.

    JSON in a data block rather than a script per chart: plotly.js then loads once, at the end,
    and the same series always gives the same bytes.
    """
    figure = pack_figure(series).to_plotly_json()
    payload = json.dumps(
        {"data": figure["data"], "layout": figure["layout"]},
        sort_keys=True,
        separators=(",", ":"),
        default=_plain,
    )
    # "</" would end the data block early if any text in the figure held "</script>".
    payload = payload.replace("</", "<\\/")
    return (
        f'<figure class="chart"><div id="{div_id}" class="plot" role="img" '
        f'aria-label="{html.escape(chart_summary(series))}"></div>'
        f'<script type="application/json" class="plot-data" data-target="{div_id}">'
        f"{payload}</script></figure>"
    )


def loader_script() -> str:
    """Draws every chart once plotly.js has loaded, then marks the document ready for printing."""
    return (
        "<script>(function(){var config=" + json.dumps(CONFIG, sort_keys=True) + ";"
        "var narrow=window.matchMedia('(max-width:720px)').matches;"
        "var jobs=[];document.querySelectorAll('script.plot-data').forEach(function(s){"
        "var f=JSON.parse(s.textContent);"
        # On a phone the legend goes under the plot, which then keeps the screen's width.
        "if(narrow){f.layout.legend={orientation:'h',x:0,xanchor:'left',y:-0.2,"
        f"yanchor:'top',font:{{size:11}}}};f.layout.height={PHONE_HEIGHT};"
        "f.layout.margin.b=130;}"
        "jobs.push(Plotly.newPlot(s.getAttribute('data-target'),f.data,f.layout,config));});"
        "Promise.allSettled(jobs).then(function(){document.documentElement.setAttribute("
        "'data-charts-ready','yes');});"
        # Printing from a browser lays the page out again: fit the charts to the paper.
        "window.addEventListener('beforeprint',function(){"
        "document.querySelectorAll('.js-plotly-plot').forEach(function(d){"
        "Plotly.Plots.resize(d);});});})();</script>"
    )


def _whole_history_words(fig: go.Figure, words: dict[str, str]) -> None:
    """Hover text names each signal as the whole history has it: a run that began before the
    window is counted in full, not from the window's first month."""
    for trace in fig.data:
        if trace.mode != "markers" or trace.text is None:
            continue
        texts = []
        for text, month in zip(trace.text, trace.x, strict=True):
            lines = str(text).split("<br>")
            if len(lines) > 1 and str(month) in words:
                lines[1] = html.escape(words[str(month)])
            texts.append("<br>".join(lines))
        trace.text = texts


def _plain(value: object) -> object:
    # numpy scalars and arrays in a figure's JSON
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"cannot write {type(value).__name__} into a chart")
