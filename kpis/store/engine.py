"""Opening the database: SQLite under data/ by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from kpis.paths import DATA_DIR
from kpis.store.schema import metadata

DEFAULT_URL = f"sqlite:///{DATA_DIR / 'scorecard.sqlite'}"


def database_url(explicit: str | None = None) -> str:
    """--db, else KPIS_DATABASE_URL, else the SQLite file under data/."""
    return explicit or os.environ.get("KPIS_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str) -> Engine:
    """An engine with the schema in place; SQLite gets WAL, a busy timeout and write locks."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True)
        metadata.create_all(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control from the driver so writes can BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # A writer takes the lock before reading what it will compare against, so two
        # concurrent loads serialise instead of both diffing against the same old state.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    with engine.connect() as conn:
        # Under the write lock: several processes may open a new file at the same moment.
        conn.info["write"] = True
        with conn.begin():
            metadata.create_all(conn)
    return engine
