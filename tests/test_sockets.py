"""ui/sockets.py: connections to a socket bound as Streamlit binds its own send at once."""

from __future__ import annotations

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

from ui.sockets import no_delay


def _accepted_nodelay() -> int:
    async def main() -> int:
        listener = socket.socket(socket.AF_INET)  # as Streamlit's server binds: proto 0
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport) -> None:
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname())
        result = await asyncio.wait_for(seen, 5)
        writer.close()
        server.close()
        return result

    # A thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def test_the_servers_connections_have_nagle_off():
    no_delay()
    assert _accepted_nodelay() != 0
