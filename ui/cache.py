"""Streamlit's resource cache behind a plain memo, for what every session reads on every run."""

from __future__ import annotations

import functools
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
        return functools.lru_cache(maxsize=max_entries)(cached)  # type: ignore[return-value]

    return wrap
