"""Benchmark: many new sessions at once over Streamlit's websocket, against a bare Streamlit page.

Run: python bench/concurrency.py [--sessions 1,5,10,20] [--repeat 3] [--teams 12]

Starts, in the same run, on free ports bound to 127.0.0.1:

- the app as the README says (`python -m streamlit run app.py`, its .streamlit/config.toml), on
  its own temporary SQLite store, so the demo authority loads on first start; with `--teams N`
  the store also gets a second load giving every KPI N teams for all ten years (the demo has six
  teams on a few KPIs), the realistic size of DESIGN §6;
- a bare one-line Streamlit page (`st.write("Hello")`) in an empty directory, with Streamlit's
  fastest settings (no magic, no post-run garbage collection, fast reruns, no file watcher);
- the same page with the app's fix to Streamlit's server (ui/sockets.py: Nagle's algorithm
  off on its connections), a stricter floor printed beside the first.

A simulated session is what a new browser tab does on `/_stcore/stream`: open the websocket
(subprotocol `streamlit`, the Origin the page would send), send the first BackMsg `rerun_script`
whose ClientState carries the page's URL path as `page_name` and its query string (an empty
`page_script_hash`: the server resolves the page, as for a typed-in link), then read ForwardMsgs
until `script_finished`. N sessions start together; each time is from opening the socket to the
script finishing. Pages: the scorecard, Exceptions, a measure's detail (Measure detail page) and
the improvement plan page when the app has one. Medians and p95 are over every session of every
repeat; the ratio is to the bare page measured with the same N in the same run.

Then a month change: one session opens the scorecard while 10 others are open on it, and picks
other months in the 'Month' selectbox (a BackMsg `rerun_script` with the widget states the
browser would send), timed from sending to `script_finished`.

Targets (issue 13, DESIGN §6): at 20 new sessions each board page's p95 within 2x the bare
page's; a month change under 300 ms with 10 other sessions open.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser.harness import AppServer  # noqa: E402

BARE_PAGE = 'import streamlit as st\n\nst.write("Hello")\n'
# The same page with the app's one server fix (ui/sockets.py: Nagle's algorithm off on each
# connection, which Streamlit's own binding leaves on): a second, stricter floor, so the
# ratios show what the app does beyond that fix.
BARE_NODELAY = (
    f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
    "from ui.sockets import no_delay\n\nno_delay()\n" + BARE_PAGE
)
NODELAY_TITLE = "Bare, Nagle off"
# Streamlit's fastest settings for the bare page (command-line flags beat any config file).
FASTEST = [
    "--runner.magicEnabled", "false",
    "--runner.postScriptGC", "false",
    "--runner.fastReruns", "true",
    "--server.fileWatcherType", "none",
    "--server.runOnSave", "false",
    "--client.showErrorDetails", "none",
    "--client.toolbarMode", "minimal",
    "--global.developmentMode", "false",
]  # fmt: skip
PAGE_FAILED = "Something went wrong showing this page"


# --------------------------------------------------------------------------------------------
# The protocol


def rerun_backmsg(
    page_name: str = "",
    query_string: str = "",
    *,
    page_script_hash: str = "",
    widgets: dict[str, str] | None = None,
    cached: list[str] | None = None,
) -> bytes:
    """The BackMsg a browser sends to run a page: serialised `rerun_script` with its ClientState.

    `widgets` maps widget ids to the string value a selectbox sends (its formatted option);
    `cached` lists the ForwardMsg hashes the browser holds, so the server may send references.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.page_script_hash = page_script_hash
    state.page_name = page_name
    state.is_auto_rerun = False
    for widget_id, value in (widgets or {}).items():
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        widget.string_value = value
    state.cached_message_hashes.extend(cached or [])
    info = state.context_info
    info.timezone, info.timezone_offset, info.locale = "Europe/London", 0, "en-GB"
    info.url, info.is_embedded, info.color_scheme = "", False, "light"
    return msg.SerializeToString()


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float = 0.0
    messages: int = 0
    bytes: int = 0
    page_script_hash: str = ""
    selectboxes: dict[str, tuple[str, list[str], str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class Session:
    """One browser tab's websocket to `/_stcore/stream`."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.ws = None
        self.page_script_hash = ""
        self.cached: set[str] = set()
        # label -> (widget id, options, value shown): the browser sends every widget's value
        self.selectboxes: dict[str, tuple[str, list[str], str]] = {}

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        uri = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await connect(
            uri, subprotocols=["streamlit"], origin=self.base_url, max_size=None,
            open_timeout=120, ping_interval=None,
        )  # fmt: skip

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, message: bytes, timeout: float = 300) -> Run:
        """Send a BackMsg and read until the script finishes (a rerun it caused finishes)."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        result = Run()
        await self.ws.send(message)
        deadline = time.monotonic() + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(deadline - time.monotonic(), 0.1))
            result.messages += 1
            result.bytes += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.metadata.cacheable and msg.hash:
                self.cached.add(msg.hash)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_script_hash = msg.new_session.page_script_hash
            elif kind == "delta":
                _look_at(msg.delta, result, self.selectboxes)
            elif kind == "page_not_found":
                result.problems.append("page not found")
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    result.problems.append("compile error")
                result.page_script_hash = self.page_script_hash
                result.selectboxes = dict(self.selectboxes)
                return result

    async def first_run(self, page_name: str, query: str) -> Run:
        """A new tab: connect, then the first rerun; timed from before connecting."""
        start = time.perf_counter()
        await self.open()
        run = await self.run(rerun_backmsg(page_name, query))
        run.seconds = time.perf_counter() - start
        return run

    async def choose(self, label: str, option: str, page_name: str, query: str) -> Run:
        """Pick an option in the selectbox labelled `label`, as the browser sends it."""
        chosen = {
            widget_id: option if name == label else shown
            for name, (widget_id, _options, shown) in self.selectboxes.items()
        }
        start = time.perf_counter()
        run = await self.run(
            rerun_backmsg(
                page_name,
                query,
                page_script_hash=self.page_script_hash,
                widgets=chosen,
                cached=sorted(self.cached),
            )
        )
        run.seconds = time.perf_counter() - start
        return run


def _look_at(delta, result: Run, selectboxes: dict) -> None:
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        result.problems.append(f"exception: {element.exception.type}: {element.exception.message}")
    elif kind == "alert" and PAGE_FAILED in element.alert.body:
        result.problems.append("the page failed (see the server log)")
    elif kind == "selectbox":
        box = element.selectbox
        options = list(box.options)
        shown = box.raw_value if box.HasField("raw_value") else options[box.default]
        selectboxes[box.label] = (box.id, options, shown)


# --------------------------------------------------------------------------------------------
# Measuring


async def new_sessions(base_url: str, n: int, page_name: str, query: str) -> list[Run]:
    """N new tabs opened together on one page; every websocket is closed afterwards."""
    sessions = [Session(base_url) for _ in range(n)]
    try:
        runs = await asyncio.gather(*(s.first_run(page_name, query) for s in sessions))
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    for run in runs:
        if run.problems:
            raise SystemExit(f"{page_name or 'main page'}?{query}: {run.problems}")
    return list(runs)


async def month_changes(base_url: str, others: int, changes: int) -> dict[str, list[float]]:
    """With `others` sessions open on the scorecard, one session changes month `changes` times
    to months not shown before, then back to each. Seconds per rerun."""
    idle = [Session(base_url) for _ in range(others)]
    me = Session(base_url)
    try:
        await asyncio.gather(*(s.first_run("", "") for s in idle))
        first = await me.first_run("", "")
        _box_id, options, _shown = first.selectboxes["Month"]
        targets = options[1 : changes + 1]
        times: dict[str, list[float]] = {"new": [], "again": []}
        for kind, months in (("new", targets), ("again", targets)):
            for month in months:
                run = await me.choose("Month", month, "", "")
                if run.problems:
                    raise SystemExit(f"month change to {month}: {run.problems}")
                times[kind].append(run.seconds)
        return times
    finally:
        await asyncio.gather(*(s.close() for s in [*idle, me]), return_exceptions=True)


def wait_until_idle(pid: int, quiet: float = 0.05, timeout: float = 180, seconds: int = 3) -> float:
    """Wait until the server process uses under `quiet` of a core in each of `seconds`
    seconds running (its background month-warming done, and the collection that follows new
    views: ui/cache.Settler); returns the seconds waited."""
    import os

    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    start = time.monotonic()
    calm = 0
    while time.monotonic() - start < timeout and calm < seconds:
        before = cpu()
        time.sleep(1)
        calm = calm + 1 if cpu() - before < quiet else 0
    return time.monotonic() - start


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --------------------------------------------------------------------------------------------
# The servers


class BareServer(AppServer):
    """`streamlit run bare.py` with the fastest settings, in its own empty directory."""

    def __init__(self, directory: Path, page: str = BARE_PAGE):
        directory.mkdir(exist_ok=True)
        (directory / "bare.py").write_text(page, encoding="utf-8")
        super().__init__("sqlite://", directory / "bare.log", cwd=directory)

    def command(self, port: int) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", "bare.py",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            *FASTEST,
        ]  # fmt: skip


def add_teams(db_url: str, teams: int) -> int:
    """A second load giving every KPI `teams` teams for every demo month (after the demo)."""
    import numpy as np
    import pandas as pd

    from kpis import ingest
    from kpis.catalogue import load_catalogue
    from kpis.demo import load_demo_if_empty
    from kpis.store import Store

    store = Store(db_url)
    catalogue = load_catalogue()
    load_demo_if_empty(store, catalogue)
    figures = store.figures()
    whole = figures[figures["team"] == ""][["kpi_id", "period", "value"]]
    units = {k.id: k.unit.value for k in catalogue.kpis}
    rng = np.random.default_rng(13)
    frames = []
    for i in range(teams):
        part = whole.copy()
        part["team"] = f"Team {i + 1:02d}"
        noise = rng.normal(0, 3, len(part))
        pct = part["kpi_id"].map(units).eq("percent").to_numpy()
        value = part["value"].to_numpy(dtype=float)
        value = np.where(pct, np.clip(value + noise, 0, 100), np.abs(value * (1 + noise / 50)))
        part["value"] = np.round(value, 1)
        frames.append(part)
    rows = pd.concat(frames)
    text = rows.to_csv(index=False).encode()
    checked = ingest.check(store, text, "teams.csv", catalogue)
    if not checked.ok:
        raise SystemExit(f"the synthetic team file does not validate: {checked.errors[:3]}")
    ingest.publish(store, checked, user="bench")
    return len(rows)


def app_pages(db_url: str) -> list[tuple[str, str, str]]:
    """(title, page_name, query) for every board page the app serves."""
    from kpis.store import Store

    pages = [("Scorecard", "", ""), ("Exceptions", "exceptions", "")]
    store = Store(db_url)
    figures = store.figures()
    period = max(figures.loc[figures["team"] == "", "period"])
    pages.append(("Measure detail", "kpi", urlencode({"kpi": "icpc_15_days", "period": period})))
    if (ROOT / "pages" / "plan.py").exists():
        pages.append(("Improvement plan", "plan", ""))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,5,10,20")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--teams", type=int, default=0, help="add N teams to every KPI")
    parser.add_argument("--changes", type=int, default=5, help="month changes to time")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db_url = f"sqlite:///{tmp / 'scorecard.sqlite'}"
        size = ""
        if args.teams:
            rows = add_teams(db_url, args.teams)
            size = f" plus {rows:,} team figures ({args.teams} teams on every KPI)"
        app = AppServer(db_url, tmp / "app.log")
        bare = BareServer(tmp / "bare")
        quick = BareServer(tmp / "bare-nodelay", BARE_NODELAY)
        with app, bare, quick:
            # The first visits load the demo and fill the caches: not compared.
            start = time.perf_counter()
            asyncio.run(new_sessions(app.url, 1, "", ""))
            pages = app_pages(db_url)
            for _title, name, query in pages[1:]:
                asyncio.run(new_sessions(app.url, 1, name, query))
            warmup = time.perf_counter() - start
            warming = wait_until_idle(app.proc.pid)
            asyncio.run(new_sessions(bare.url, 1, "", ""))
            asyncio.run(new_sessions(quick.url, 1, "", ""))  # accepted before no_delay() ran
            floors = {"Bare page": bare.url, NODELAY_TITLE: quick.url}

            times: dict[tuple[str, int], list[float]] = {}
            for _ in range(args.repeat):
                for n in counts:
                    for title, name, query in [*((t, "", "") for t in floors), *pages]:
                        url = floors.get(title, app.url)
                        runs = asyncio.run(new_sessions(url, n, name, query))
                        times.setdefault((title, n), []).extend(r.seconds for r in runs)
            changes = asyncio.run(month_changes(app.url, 10, args.changes))

    titles = ["Bare page", NODELAY_TITLE, *(p[0] for p in pages)]
    print(f"new sessions over /_stcore/stream, {args.repeat} repeats; demo store{size}")
    print(f"first visit to each page after start (fills the caches): {warmup:.1f} s in all;")
    print(f"then {warming:.0f} s until the server was idle (background warming of recent months)")
    print()
    print(f"  {'page':18} {'N':>3} {'median':>9} {'p95':>9} {'ratio (median / p95)':>22}")
    verdicts = []
    for n in counts:
        floor = times[("Bare page", n)]
        for title in titles:
            mine = times[(title, n)]
            med, top = statistics.median(mine), p95(mine)
            ratio = ""
            if title != "Bare page":
                r_med, r_top = med / statistics.median(floor), top / p95(floor)
                ratio = f"{r_med:.1f}x / {r_top:.1f}x"
                if n == max(counts) and title != NODELAY_TITLE:
                    strict = top / p95(times[(NODELAY_TITLE, n)])
                    verdicts.append((title, r_top, strict))
            print(f"  {title:18} {n:>3} {med * 1e3:>6,.0f} ms {top * 1e3:>6,.0f} ms {ratio:>22}")
        print()
    top_n = max(counts)
    for title, ratio, strict in verdicts:
        ok = "met" if ratio <= 2 else "NOT met"
        print(
            f"  target: {title} p95 at {top_n} sessions within 2x the bare: {ratio:.1f}x {ok}"
            f" ({strict:.1f}x the bare page with Nagle off)"
        )
    print()
    print("month change on the scorecard with 10 other sessions open (send to script_finished)")
    for kind, label in (("new", "a month not shown before"), ("again", "back to a month shown")):
        each = ", ".join(f"{t * 1e3:.0f}" for t in changes[kind])
        print(f"  {label:26} median {statistics.median(changes[kind]) * 1e3:5.0f} ms ({each})")
    worst = max(changes["new"] + changes["again"])
    ok = "met" if worst < 0.3 else "NOT met"
    print(f"  target: under 300 ms -> slowest {worst * 1e3:.0f} ms, {ok}")


if __name__ == "__main__":
    main()
