"""The concurrency benchmark speaks Streamlit's protocol: its BackMsg parses, a bare page runs."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.concurrency import BareServer, new_sessions, p95, rerun_backmsg


def test_rerun_message_is_the_backmsg_a_browser_sends():
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.ParseFromString(
        rerun_backmsg(
            "kpi", "kpi=icpc_15_days&period=2025-03", page_script_hash="abc",
            widgets={"$$ID-1-period": "February 2025"}, cached=["h1"],
        )
    )  # fmt: skip
    assert msg.WhichOneof("type") == "rerun_script"
    state = msg.rerun_script
    assert (state.page_name, state.query_string) == ("kpi", "kpi=icpc_15_days&period=2025-03")
    assert state.page_script_hash == "abc" and list(state.cached_message_hashes) == ["h1"]
    [widget] = state.widget_states.widgets
    assert (widget.id, widget.string_value) == ("$$ID-1-period", "February 2025")
    assert state.context_info.timezone == "Europe/London"


def test_p95_is_the_value_below_which_95_percent_fall():
    assert p95([float(i) for i in range(1, 21)]) == 19.0
    assert p95([3.0]) == 3.0


def test_new_sessions_on_a_bare_page_finish_their_script(tmp_path):
    pytest.importorskip("websockets", reason="the websockets package (a Streamlit dependency)")
    # A thread of its own: the browser tests' Playwright may hold this thread's event loop.
    with BareServer(tmp_path) as server, ThreadPoolExecutor(max_workers=1) as pool:
        runs = pool.submit(
            asyncio.run, asyncio.wait_for(new_sessions(server.url, 3, "", ""), timeout=60)
        ).result()
    assert len(runs) == 3
    for run in runs:
        assert run.page_script_hash, "the server named the page it ran"
        assert run.messages >= 3 and run.bytes > 0 and not run.problems
        assert 0 < run.seconds < 60
