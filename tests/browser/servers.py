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
    # No users file: a developer's own data/users.yaml must not be imported into the test's store.
    env = {"KPIS_USERS_FILE": str(logs / "no-users.yaml")}
    servers = [harness.AppServer(db_url, logs / f"server{i}.log", env=env) for i in range(count)]
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


class Proxy:
    """deploy/start_proxy.sh on a free port in front of the given app servers (non-root,
    everything under a temporary prefix); stopped with its whole process group."""

    def __init__(self, upstream_ports: list[int], prefix: Path):
        self.upstream_ports = upstream_ports
        self.prefix = prefix
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> str:
        import time
        import urllib.request

        self.port = harness.free_port()
        self.prefix.mkdir(parents=True, exist_ok=True)
        command = [str(ROOT / "deploy" / "start_proxy.sh"), str(self.port),
                   *map(str, self.upstream_ports)]  # fmt: skip
        with open(self.prefix / "start.log", "ab") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, "KPIS_PROXY_PREFIX": str(self.prefix)},
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return self.url
            except OSError:
                time.sleep(0.2)
        log = (self.prefix / "start.log").read_text(errors="replace")
        self.stop()
        raise RuntimeError(f"the proxy did not start:\n{log}")

    def access_log(self) -> list[dict[str, str]]:
        """Each proxied request: its replica key and the upstream that served it."""
        lines = (self.prefix / "access.log").read_text().splitlines()
        out = []
        for line in lines:
            fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
            request = line.split('"')[1] if line.count('"') >= 2 else ""
            out.append({**fields, "request": request})
        return out

    def stop(self) -> None:
        if self.proc is None:
            return
        harness.stop_group(self.proc)
        self.proc = None

    def __enter__(self) -> Proxy:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def missing_nginx() -> None:
    """Skip (fail in CI) when Debian's nginx is not installed."""
    import shutil

    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return
    reason = "nginx is not installed (apt-get install nginx; .ci/run installs it)"
    if harness.in_ci():
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)
