"""Several app servers on one PostgreSQL database, and an nginx proxy in front of them.

Shared by the two-server and proxy browser tests. Every process started here is stopped by the
context managers, whatever the test does.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import harness

ROOT = harness.ROOT


def postgres_server() -> str:
    """The PostgreSQL server the tests may create databases on; skips (fails in CI) if none."""
    url = os.environ.get("KPIS_TEST_POSTGRES_URL")
    if url:
        return url
    reason = "no PostgreSQL server: set KPIS_TEST_POSTGRES_URL (scripts/start_postgres.sh)"
    if harness.in_ci():
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def empty_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for this test alone, dropped afterwards."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server = postgres_server()
    name = f"kpis_servers_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextlib.contextmanager
def app_servers(db_url: str, count: int, logs: Path) -> Iterator[list[harness.AppServer]]:
    """`count` app servers on one database, started at the same moment, all stopped after."""
    servers = [harness.AppServer(db_url, logs / f"server{i}.log") for i in range(count)]
    failures: list[BaseException] = []

    def start(server: harness.AppServer) -> None:
        try:
            server.start()
        except BaseException as failed:  # reported below, after every server was tried
            failures.append(failed)

    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=150)
        if failures or any(s.proc is None for s in servers):
            pytest.fail(f"an app server did not start: {failures}")
        yield servers
    finally:
        for server in servers:
            server.stop()


def kpis_command(db_url: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run `python -m kpis ARGS --db URL` as another process would; its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "kpis", *args, "--db", db_url],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
