"""Benchmark: the scorecard page in headless Chromium against a static HTML file, same figures.

Run: python bench/page_load.py [--repeat 5]

Starts `python -m streamlit run app.py` on a free port against a fresh SQLite store (so the demo
authority loads), then in the same run and the same browser, alternating:

- the app's scorecard page, from navigation start to fully drawn: the script has finished, nothing
  is stale, the last judgement area's table is there and every Plotly chart is drawn;
- a static HTML file holding the same figures (the scorecard's tables, and a copy of every Plotly
  chart the page draws, with plotly.js inline), from navigation start to the same point.

Both are timed inside the page (performance.now(), polled every animation frame), cold (a new
browser context, so nothing cached) and warm (the same URL again in that context). Then the month
change: pick another month in the 'Month' selectbox and time from the click until the last area's
table shows the new month's figures, and until Streamlit reports the rerun finished.

Then each board page (the scorecard, Exceptions, a measure's detail, and the improvement plan
page when the app has one) in a fresh browser context, against a bare one-line Streamlit page
(`st.write("Hello")`, Streamlit's fastest settings, started in the same run) and against a static
twin: a file holding the page's own rendered DOM (its main area as the browser drew it, with every
CSS rule the page had, no scripts), from navigation start to the page's last heading drawn with
its charts and Streamlit idle.

Targets (DESIGN §6, issue 13): the page within 2× the static file; a month change under 300 ms;
each board page within 1.5× the bare Streamlit page.
Medians of --repeat runs; absolute times are printed beside the ratios.
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser.harness import (  # noqa: E402
    IDLE,
    RUN_COUNTER,
    VIEWPORT,
    AppServer,
    launch_chromium,
    missing_browser,
    selectbox,
    selected,
    wait_for_run,
)
from concurrency import BareServer, wait_until_idle  # noqa: E402  (bench/, the script's own directory)

from kpis.catalogue import load_catalogue  # noqa: E402
from kpis.periods import label  # noqa: E402
from kpis.store import Store  # noqa: E402

OUT = ROOT / "bench" / "out" / "page_load"

# Ready: the last area's heading, a table (or data grid with its rows) after it, every Plotly
# chart drawn; for the app also the script finished with nothing stale. Returns performance.now().
READY = """
([lastArea, charts, app]) => {
  if (app && !(IDLE)()) return false;
  if (!app && document.readyState !== 'complete') return false;
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const h = [...document.querySelectorAll('h1, h2, h3, h4')]
    .find(e => norm(e.textContent) === lastArea);
  if (!h) return false;
  const table = [...document.querySelectorAll('table, [data-testid="stDataFrame"]')]
    .find(t => h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (!table) return false;
  if (table.matches('table') ? !table.querySelector('tbody tr')
                             : !table.querySelector('canvas')) return false;
  if (document.querySelectorAll('.js-plotly-plot .main-svg').length < charts) return false;
  return performance.now();
}
""".replace("IDLE", IDLE.strip())

LAST_TABLE_TEXT = """
([lastArea]) => {
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const h = [...document.querySelectorAll('h1, h2, h3, h4')]
    .find(e => norm(e.textContent) === lastArea);
  const table = h && [...document.querySelectorAll('table, [data-testid="stDataFrame"]')]
    .find(t => h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  return table ? table.innerText : null;
}
"""

CHANGED = """
([lastArea, before]) => {
  const text = (LAST_TABLE_TEXT)([lastArea]);
  return text !== null && text !== before ? performance.now() : false;
}
""".replace("LAST_TABLE_TEXT", LAST_TABLE_TEXT.strip())

PLOTLY_FIGURES = """
() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => JSON.stringify(
  {data: gd.data, layout: gd.layout, height: gd.clientHeight},
  (k, v) => ArrayBuffer.isView(v) ? Array.from(v) : v))
"""


# --------------------------------------------------------------------------------------------
# The static page


def _table(frame) -> str:
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table class='plain'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def board_tables(store: Store, period: str) -> tuple[list[tuple[str, str]], dict, str, str]:
    """The scorecard tables exactly as the page builds them (kpis.month board and scorecard_html).

    Returns ([(area, table html)], headline counts, extra CSS, how).
    """
    from kpis.month.board import board_card, headline
    from kpis.month.scorecard_html import CSS, scorecard_html
    from kpis.published import authority, comparators_for, latest_published

    catalogue = load_catalogue()
    me = authority(store)
    latest = latest_published(comparators_for(store, catalogue, me))
    card = board_card(store.figures(), catalogue, period, latest, store.rebases())

    def link(kpi_id: str) -> str:
        return "kpi?" + urlencode({"kpi": kpi_id, "period": period})

    tables = [
        (area, scorecard_html(rows, model_year=me.model_year, link=link, area=area))
        for area, rows in card.groupby("area", sort=False)
    ]
    return tables, headline(card), CSS, "the page's own table builder (kpis.month.scorecard_html)"


def plain_tables(store: Store, period: str) -> tuple[list[tuple[str, str]], dict, str, str]:
    """kpis.month.scorecard.scorecard(...) as plain HTML tables: the fallback when the page's
    builder cannot be called from here."""
    from kpis.month.scorecard import scorecard

    card = scorecard(store.figures(), load_catalogue(), period)
    columns = {
        "name": "Measure",
        "value_text": "Value",
        "target_text": "Target",
        "rag_text": "RAG",
        "vs_previous_text": "Since last period",
        "vs_last_year_text": "Since a year ago",
        "basis": "Basis",
    }
    tables = [
        (area, _table(rows[list(columns)].rename(columns=columns)))
        for area, rows in card.groupby("area", sort=False)
    ]
    counts = {k: int((card["rag"] == k).sum()) for k in ("red", "amber", "green")}
    return tables, counts, "", "kpis.month.scorecard.scorecard() as plain tables"


def static_page(
    store: Store, period: str, figures_json: list[str], plotly_js: bool
) -> tuple[str, str]:
    """The static HTML file: the same figures, the same Plotly charts, plotly.js inline."""
    try:
        tables, counts, css, how = board_tables(store, period)
    except Exception as why:  # the page's internals moved on: say so, fall back to plain tables
        tables, counts, css, how = plain_tables(store, period)
        how += f" (the page's builder failed here: {type(why).__name__}: {why})"
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Children's services scorecard</title>",
        "<style>body{font-family:'Source Sans Pro',sans-serif;margin:3rem 5rem;color:#31333f}",
        ".plain{width:100%;border-collapse:collapse}.plain td,.plain th{border-bottom:1px solid",
        " #ddd;padding:.3rem;text-align:left}.metrics{display:flex;gap:4rem}</style>",
        css,
    ]
    if plotly_js:
        from plotly.offline import get_plotlyjs

        parts.append(f"<script>{get_plotlyjs()}</script>")
    parts += [
        "</head><body><h1>Performance scorecard</h1>",
        f"<p>Month: {html.escape(label(period))}</p><div class='metrics'>",
        *(f"<div>{html.escape(k)}<br><b>{v}</b></div>" for k, v in counts.items()),
        "</div>",
    ]
    for i, spec in enumerate(figures_json):
        height = json.loads(spec).get("height") or 450
        parts.append(
            f"<div id='chart{i}' style='height:{height}px'></div><script>"
            f"(() => {{ const f = {spec}; Plotly.newPlot('chart{i}', f.data, f.layout, "
            "{displayModeBar: false, responsive: true}); })();</script>"
        )
    for area, table in tables:
        parts.append(f"<h3>{html.escape(area)}</h3>{table}")
    parts.append("</body></html>")
    return "".join(parts), how


# --------------------------------------------------------------------------------------------
# Every board page against the bare Streamlit page and its static twin

# Ready: an h1-h4 or paragraph with exactly this text, that many Plotly charts drawn, and for a
# Streamlit page the script finished with nothing stale. Returns performance.now().
PAGE_READY = """
([text, charts, streamlit]) => {
  if (streamlit && !(IDLE)()) return false;
  if (!streamlit && document.readyState !== 'complete') return false;
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const found = [...document.querySelectorAll('h1, h2, h3, h4, p')]
    .some(e => norm(e.textContent) === text);
  if (!found) return false;
  if (document.querySelectorAll('.js-plotly-plot .main-svg').length < charts) return false;
  return performance.now();
}
""".replace("IDLE", IDLE.strip())

# The page's main area as drawn, with every CSS rule it had (Streamlit inserts most through the
# CSSOM, so they are not in any <style> text), scripts removed.
RENDERED = """
() => {
  const rules = [...document.styleSheets].flatMap(sheet => {
    try { return [...sheet.cssRules].map(r => r.cssText); } catch (e) { return []; }
  });
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('script').forEach(s => s.remove());
  return {css: rules.join('\\n'), html: main.outerHTML,
          charts: document.querySelectorAll('.js-plotly-plot .main-svg').length > 0
            ? document.querySelectorAll('.js-plotly-plot').length : 0};
}
"""


def board_page_list(store: Store, period: str) -> list[tuple[str, str, str]]:
    """(title, URL path with query, the last heading the page draws)."""
    catalogue = load_catalogue()
    kpi = catalogue.get("icpc_15_days")
    pages = [
        ("Scorecard", "", list(dict.fromkeys(k.area for k in catalogue.kpis))[-1]),
        ("Exceptions", "exceptions", "Exceptions"),
        ("Measure detail", "kpi?" + urlencode({"kpi": kpi.id, "period": period}), "Commentary"),
    ]
    if (ROOT / "pages" / "plan.py").exists():
        pages.append(("Improvement plan", "plan", "Improvement plan"))
    del store
    return pages


def ready_time(browser, url: str, args: list) -> float:
    """Milliseconds from navigation start to PAGE_READY in a new browser context."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        handle = page.wait_for_function(PAGE_READY, arg=args, polling="raf", timeout=120_000)
        return float(handle.json_value())
    finally:
        context.close()


def static_twin(browser, url: str, last: str, path: Path) -> int:
    """Draw the page once, write its rendered twin to `path`; returns its Plotly chart count."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function(PAGE_READY, arg=[last, 0, True], polling="raf", timeout=120_000)
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        page.wait_for_function(PAGE_READY, arg=[last, charts, True], polling="raf")
        drawn = page.evaluate(RENDERED)
    finally:
        context.close()
    path.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>twin</title>"
        f"<style>{drawn['css']}</style></head><body>{drawn['html']}</body></html>",
        encoding="utf-8",
    )
    return charts


def board_pages(browser, app_url: str, bare_url: str, pages, repeat: int) -> dict:
    """Per page: cold ready times of the app page, its static twin and the bare page, taken in
    turn so that each ratio compares runs made moments apart."""
    results = {}
    for title, path, last in pages:
        url = f"{app_url}/{path}"
        twin = OUT / f"twin_{(path.split('?')[0] or 'scorecard')}.html"
        charts = static_twin(browser, url, last, twin)
        times = {"app": [], "twin": [], "bare": []}
        for _ in range(repeat):
            times["bare"].append(ready_time(browser, bare_url, ["Hello", 0, True]))
            times["app"].append(ready_time(browser, url, [last, charts, True]))
            times["twin"].append(ready_time(browser, twin.as_uri(), [last, charts, False]))
        results[title] = (times, twin, charts)
    return results


def report_board_pages(results: dict, repeat: int) -> None:
    print(f"board pages in a fresh browser context, median of {repeat} (ms), against a bare")
    print("Streamlit page (st.write, fastest settings) and the page's static twin (its own DOM)")
    print(f"  {'page':18} {'app':>7} {'bare':>7} {'twin':>7} {'vs bare (1.5x)':>15} {'vs twin':>8}")
    for title, (times, _twin, charts) in results.items():
        med = {k: statistics.median(v) for k, v in times.items()}
        vs_bare = med["app"] / med["bare"]
        verdict = "met" if vs_bare <= 1.5 else "NOT met"
        print(
            f"  {title:18} {med['app']:>7,.0f} {med['bare']:>7,.0f} {med['twin']:>7,.0f}"
            f" {vs_bare:>10.2f}x {verdict:>3} {med['app'] / med['twin']:>7.1f}x"
            + (f"  ({charts} charts)" if charts else "")
        )


# --------------------------------------------------------------------------------------------
# Timing


def load_time(browser, url: str, ready_args: list, *, warm: bool) -> float:
    """Milliseconds from navigation start to READY, in a new context (cold), or on a second
    visit in the same context (warm)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    try:
        if warm:
            page.goto(url)
            page.wait_for_function(READY, arg=ready_args, polling="raf", timeout=120_000)
        page.goto(url, wait_until="commit")
        handle = page.wait_for_function(READY, arg=ready_args, polling="raf", timeout=120_000)
        return float(handle.json_value())
    finally:
        context.close()


def month_changes(browser, url: str, last_area: str, charts: int, months: list[str], repeat: int):
    """Pick `repeat` other months in turn, then the same months again (now in Streamlit's cache).

    Returns two lists, first visits and revisits, of (ms from the click until the last area's
    table shows the new figures, ms until Streamlit reports the rerun finished).
    """
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(READY, arg=[last_area, charts, True], polling="raf", timeout=120_000)
    box = selectbox(page, "Month")
    targets = months[1 : repeat + 1]
    results = []
    for month in targets + targets:
        before = page.evaluate(LAST_TABLE_TEXT, [last_area])
        box.fill(label(month))
        option = page.get_by_role("listbox").get_by_role("option", name=label(month), exact=True)
        option.wait_for()
        page.evaluate(
            """() => { window.__clickAt = null; document.addEventListener('pointerdown',
                 () => { window.__clickAt = performance.now(); }, {capture: true, once: true}); }"""
        )
        option.click()
        redrawn = page.wait_for_function(
            CHANGED, arg=[last_area, before], polling="raf", timeout=30_000
        ).json_value()
        finished = page.wait_for_function(
            f"() => ({IDLE.strip()})() && performance.now()", polling="raf", timeout=30_000
        ).json_value()
        clicked = page.evaluate("() => window.__clickAt")
        if selected(page, "Month") != label(month):
            raise SystemExit(f"month change to {label(month)} did not take")
        results.append((redrawn - clicked, finished - clicked))
    context.close()
    return results[: len(targets)], results[len(targets) :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    missing = missing_browser()
    if missing:
        raise SystemExit(f"cannot run the page-load benchmark: {missing}")
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'scorecard.sqlite'}"
        server = AppServer(db_url, Path(tmp) / "streamlit.log")
        (Path(tmp) / "bare").mkdir()
        bare = BareServer(Path(tmp) / "bare")
        with server, bare, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            catalogue = load_catalogue()
            areas = list(dict.fromkeys(k.area for k in catalogue.kpis))
            last_area = areas[-1]

            # First visit after the server starts: loads the demo and fills the caches. Timed
            # for information, not compared.
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(RUN_COUNTER)
            page = context.new_page()
            page.goto(server.url, wait_until="commit")
            first = page.wait_for_function(
                READY, arg=[last_area, 0, True], polling="raf", timeout=180_000
            ).json_value()
            wait_for_run(page)
            charts = page.locator('[data-testid="stPlotlyChart"]').count()
            if charts:
                page.wait_for_function(
                    "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                    arg=charts,
                )
            figures_json = page.evaluate(PLOTLY_FIGURES)
            shown_month = selected(page, "Month")
            context.close()
            # The server works out recent months in the background after the first visit: time
            # what a board sees once that is done, not the first minutes after a start.
            wait_until_idle(server.proc.pid)

            store = Store(db_url)
            frame = store.figures()
            months = sorted(frame.loc[frame["team"] == "", "period"].unique(), reverse=True)
            period = months[0]
            if label(period) != shown_month:
                raise SystemExit(f"the page shows {shown_month}, expected {label(period)}")

            static_file = OUT / "static_scorecard.html"
            text, how = static_page(store, period, figures_json, plotly_js=bool(charts))
            static_file.write_text(text, encoding="utf-8")
            with_js_file = OUT / "static_scorecard_with_plotlyjs.html"
            with_js_file.write_text(
                static_page(store, period, figures_json, plotly_js=True)[0], encoding="utf-8"
            )

            app_args = [last_area, charts, True]
            static_args = [last_area, charts, False]
            runs = {
                k: [] for k in ("app cold", "app warm", "static cold", "static warm", "js cold")
            }
            for _ in range(args.repeat):
                runs["static cold"].append(
                    load_time(browser, static_file.as_uri(), static_args, warm=False)
                )
                runs["app cold"].append(load_time(browser, server.url, app_args, warm=False))
                runs["static warm"].append(
                    load_time(browser, static_file.as_uri(), static_args, warm=True)
                )
                runs["app warm"].append(load_time(browser, server.url, app_args, warm=True))
                runs["js cold"].append(
                    load_time(browser, with_js_file.as_uri(), static_args, warm=False)
                )
            changes, revisits = month_changes(
                browser, server.url, last_area, charts, months, args.repeat
            )
            boards = board_pages(
                browser, server.url, bare.url, board_page_list(store, period), args.repeat
            )
            browser.close()

    med = {k: statistics.median(v) for k, v in runs.items()}
    size = static_file.stat().st_size / 1e3
    print(f"scorecard page for {label(period)}, headless Chromium, median of {args.repeat} runs")
    print(f"  static file: {static_file.relative_to(ROOT)} ({size:,.0f} kB), built from {how}")
    print(
        f"  Plotly charts on the page: {charts}"
        + ("" if charts else " (none: the static file needs no plotly.js)")
    )
    print(f"  first visit after the server started (demo load, cold caches): {first:,.0f} ms")
    print()
    print(f"  {'':34} {'cold (new context)':>20} {'warm (second visit)':>20}")
    print(f"  {'app (streamlit run)':34} {med['app cold']:>17,.0f} ms {med['app warm']:>17,.0f} ms")
    print(
        f"  {'static HTML, same figures':34} {med['static cold']:>17,.0f} ms"
        f" {med['static warm']:>17,.0f} ms"
    )
    cold, warm = med["app cold"] / med["static cold"], med["app warm"] / med["static warm"]
    verdict = "met" if max(cold, warm) <= 2 else "NOT met"
    print(f"  {'ratio (target: within 2x)':34} {cold:>18.1f}x {warm:>18.1f}x   {verdict}")
    if not charts:
        js = med["js cold"]
        print(
            f"  for reference, the static file with plotly.js (4.8 MB) inlined anyway: {js:,.0f} ms"
            f" cold, ratio {med['app cold'] / js:.1f}x"
        )
    print()
    print("month change: select another month in 'Month'; from the click until the last area's")
    print("table shows that month's figures / until Streamlit reports the rerun finished")
    for name, times in (
        ("a month not shown before", changes),
        ("back to a month shown before", revisits),
    ):
        redrawn = statistics.median(c[0] for c in times)
        finished = statistics.median(c[1] for c in times)
        each = ", ".join(f"{a:.0f}/{b:.0f}" for a, b in times)
        print(f"  {name:30} {redrawn:>6,.0f} ms / {finished:,.0f} ms   (each: {each})")
    worst = statistics.median(c[1] for c in changes)
    print(f"  target: under 300 ms -> {'met' if worst < 300 else 'NOT met'} (first visits)")
    print()
    report_board_pages(boards, args.repeat)
    print()
    print(
        "all runs (ms): "
        + "; ".join(f"{k}: " + ", ".join(f"{x:.0f}" for x in v) for k, v in runs.items())
    )


if __name__ == "__main__":
    main()
