"""Who is using the store, one write transaction at a time, and the audit of what they did."""

from __future__ import annotations

import copy
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection, insert, select

from kpis.access import LOCAL_ANALYST, Actor, Permission, require
from kpis.clock import now, stamp
from kpis.store.engine import database_url, make_engine, write_lock
from kpis.store.schema import audit


class Session:
    """The database, the actor, and the one way to write (permission checked first)."""

    # Writes this process has made (any store): lets a caller that remembers a version for the
    # length of one request know when it must read it again.
    writes = 0

    def __init__(self, url: str | None = None, actor: Actor | None = None):
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        self.actor = actor or LOCAL_ANALYST

    def as_actor(self, actor: Actor) -> Session:
        """The same database, acted on by someone else (shares the engine)."""
        other = copy.copy(self)
        other.actor = actor
        return other

    @contextmanager
    def _write(self, permission: Permission | None):
        """One write transaction, after checking the actor may do it at all."""
        if permission is not None:
            require(self.actor, permission)
        try:
            with self.engine.connect() as conn:
                conn.info["write"] = True
                with conn.begin():
                    write_lock(conn)
                    yield conn
        finally:
            Session.writes += 1

    def _audit(self, conn: Connection, event: str, detail: str = "") -> None:
        conn.execute(
            insert(audit).values(
                at=stamp(now()),
                actor=self.actor.name,
                role=self.actor.role.value,
                event=event,
                detail=detail,
            )
        )

    def record(self, event: str, detail: str = "") -> None:
        """Write an audit entry on its own (sign-ins, rejected files, views)."""
        with self._write(None) as conn:
            self._audit(conn, event, detail)

    def audit_log(self) -> pd.DataFrame:
        """Everything recorded, oldest first (admins only)."""
        require(self.actor, Permission.READ_AUDIT)
        with self.engine.connect() as conn:
            return pd.read_sql(select(audit).order_by(audit.c.id), conn)
