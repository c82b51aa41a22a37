"""Nagle's algorithm off on the server's connections, as asyncio means it to be."""

from __future__ import annotations

import asyncio.base_events
import socket


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def no_delay() -> None:
    """Every TCP connection this process accepts from now on sends at once.

    asyncio turns Nagle's algorithm off on each connection it wraps, but only when the socket
    says it is IPPROTO_TCP; Streamlit binds its listening socket without saying so, so every
    connection to it kept Nagle on. A small message sent while an earlier one awaited its
    acknowledgement then waited for the browser's delayed ACK: 40 ms stalls inside one page's
    run (bench/concurrency.py, one session: 11 ms or 50 ms by chance). The first connection,
    accepted before the app's first run, keeps the old behaviour."""
    asyncio.base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]
