"""Streamlit's resource cache behind a plain memo, for what every session reads on every run."""

from __future__ import annotations

import functools
import gc
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

F = TypeVar("F", bound=Callable)


def shared(*, max_entries: int | None = 8, spinner: bool | str = False) -> Callable[[F], F]:
    """Cache a read-only view for every session of this process.

    A hit in st.cache_resource hashes the arguments and inspects the function's signature at
    every call (about 60 µs; a page makes 13 to 25 such calls a run, a tenth of its server
    time with twenty sessions open). The memo in front answers a hit with one dict lookup; a
    miss still goes to Streamlit's cache, so sessions asking together work a view out once,
    with its spinner. Arguments must be hashable (tuples, not lists)."""

    def wrap(fn: F) -> F:
        cached = st.cache_resource(show_spinner=spinner, max_entries=max_entries)(fn)

        @functools.lru_cache(maxsize=max_entries)
        @functools.wraps(fn)
        def memo(*args, **kwargs):
            SETTLER.touch()
            return cached(*args, **kwargs)

        return memo  # type: ignore[return-value]

    return wrap


class Settler:
    """Keeps the cached views out of Python's full garbage collections.

    Each full collection walks every object the collector tracks, and the cached frames hold
    hundreds of thousands of them (every string in an object column): 150–230 ms with the demo
    store, stalling every session open at the time (bench/concurrency.py's worst p95s). Once
    new views have been made and `quiet` seconds pass without another, this collects once and
    freezes what is left (gc.freeze), so later collections skip it. Each settling unfreezes
    first, so nothing frozen outlives the next one: a cache entry let go is collected then."""

    def __init__(self, quiet: float = 1.0) -> None:
        self.quiet = quiet
        self.settled = 0
        self._touched = threading.Event()
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None

    def touch(self) -> None:
        self._touched.set()
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="gc-settle", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while True:
            self._touched.wait()
            while self._touched.is_set():  # until `quiet` seconds pass with nothing new made
                self._touched.clear()
                time.sleep(self.quiet)
            self.settle()

    def settle(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.settled += 1


SETTLER = Settler()
