"""Opening the database: SQLite under data/ by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

import itertools
import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from kpis.paths import DATA_DIR

DEFAULT_URL = f"sqlite:///{DATA_DIR / 'scorecard.sqlite'}"
MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration; a store already there skips loading Alembic at all (start-up matters
# for the command line). A test checks this against Alembic's own idea of head.
SCHEMA_REVISION = "0007"


def database_url(explicit: str | None = None) -> str:
    """--db, else KPIS_DATABASE_URL, else the SQLite file under data/."""
    return explicit or os.environ.get("KPIS_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str) -> Engine:
    """An engine on a migrated schema; SQLite gets WAL, a busy timeout and write locks."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url, parsed.database)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    migrate(engine)
    return engine


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control from the driver so writes can BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        _write_ahead_log(cursor)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # A writer takes the lock before reading what it will compare against, so two
        # concurrent loads serialise instead of both diffing against the same old state.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    return engine


def _write_ahead_log(cursor: sqlite3.Cursor) -> None:
    # Turning a new file to WAL needs a lock that SQLite does not wait for (no busy handler):
    # two servers starting on one new file at once would fail here, so the loser tries again.
    for attempt in itertools.count():
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as locked:
            if "locked" not in str(locked) or attempt >= 300:
                raise
            time.sleep(0.1)


def write_lock(conn: Connection) -> None:
    """Serialise writers on PostgreSQL as BEGIN IMMEDIATE does on SQLite."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(730109)")


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (both SQLite and PostgreSQL)."""
    with engine.connect() as conn:
        if _revision(conn) == SCHEMA_REVISION:
            return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        # Under the write lock: several processes may open a new database at the same moment.
        conn.info["write"] = True
        with conn.begin():
            write_lock(conn)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
