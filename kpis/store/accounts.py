"""Accounts, sign-in sessions and the one-off users-file import, kept in the shared database."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Column, Integer, String, Table, Text, delete, func, insert, select, update

from kpis.clock import now, stamp
from kpis.store.schema import metadata

# Everything here lives in the database, not in a process or a local file, so every app server
# on one database agrees on who may sign in, who is locked out and whose session has expired.
accounts = Table(
    "accounts",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False, default=""),
    Column("teams", Text, nullable=False, default="[]"),  # a JSON list of team names
    Column("email", Text, nullable=False, default=""),
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", String(32)),
    Column("created_at", String(32), nullable=False),
)
# A signed-in browser session: only a hash of its token is kept, so reading the table
# does not let anyone take a session over.
account_sessions = Table(
    "account_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("name", String(200), nullable=False, index=True),
    Column("started_at", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
)
# The users file imported into this database (at most one row: it is imported once).
account_imports = Table(
    "account_imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("imported", Integer, nullable=False),
    Column("kept", Integer, nullable=False),
    Column("imported_at", String(32), nullable=False),
)


class Attempt(NamedTuple):
    """A sign-in attempt as the database took it: the account whose password may be checked,
    or why none may (the refusal, for the audit log only)."""

    account: dict | None
    refusal: str = ""
    locked: bool = False  # this attempt was the last one allowed and locked the account


FIELDS = ("role", "password_hash", "teams", "email", "failures", "locked_until")


def _row(record) -> dict:
    row = dict(record._mapping)
    row["teams"] = json.loads(row["teams"] or "[]")
    return row


def _values(entry: Mapping) -> dict:
    values = {k: entry[k] for k in FIELDS if k in entry}
    if "teams" in values:
        values["teams"] = json.dumps(list(values["teams"]))
    return values


class Accounts:
    """The account rows; the rules (hashing, lockout, expiry) are kpis.users'."""

    def account_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(accounts)).scalar_one()

    def account_rows(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(select(accounts).order_by(accounts.c.name))]

    def account_row(self, name: str) -> dict | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(accounts).where(accounts.c.name == name)).first()
        return _row(found) if found is not None else None

    def insert_account(self, name: str, entry: Mapping, *, detail: str) -> bool:
        """Add an account; False (nothing written) when the name is taken."""
        with self._write(None) as conn:
            if conn.execute(select(accounts.c.name).where(accounts.c.name == name)).first():
                return False
            conn.execute(
                insert(accounts).values(name=name, created_at=stamp(now()), **_values(entry))
            )
            self._audit(conn, "user added", detail)
        return True

    def update_account(
        self, name: str, entry: Mapping, *, event: str = "", detail: str = ""
    ) -> bool:
        """Change an account's fields; False when there is no such account."""
        with self._write(None) as conn:
            done = conn.execute(
                update(accounts).where(accounts.c.name == name).values(**_values(entry))
            ).rowcount
            if done and event:
                self._audit(conn, event, detail)
        return bool(done)

    def take_attempt(
        self, name: str, limit: int, moment: datetime, locked_until: datetime
    ) -> Attempt:
        """Claim one password check for a sign-in as `name`, in one write transaction (writers
        are serialised on both backends): refused while the account is locked; otherwise
        counted as a failure before the password is checked, the account locking at `limit`.
        However many sign-ins arrive at once, through however many servers, at most `limit`
        passwords are checked per lockout; a right one then clears the count (clear_failures)."""
        with self._write(None) as conn:
            found = conn.execute(select(accounts).where(accounts.c.name == name)).first()
            if found is None:
                return Attempt(None, "unknown user name")
            if not found.password_hash:
                return Attempt(None, "no password (single sign-on only)")
            if found.locked_until and datetime.fromisoformat(found.locked_until) > moment:
                return Attempt(None, "account locked")
            failures = (found.failures or 0) + 1
            # The lock is set by the last attempt allowed, before its password is checked: a
            # count that needed the outcome would let parallel guesses all be checked first.
            locks = failures >= limit
            values = (
                {"failures": 0, "locked_until": stamp(locked_until)}
                if locks
                else {"failures": failures, "locked_until": None}
            )
            conn.execute(update(accounts).where(accounts.c.name == name).values(**values))
            if locks:
                self._audit(
                    conn, "account locked", f"{name} after {limit} sign-in attempts in a row"
                )
        return Attempt(_row(found), locked=locks)

    def clear_failures(self, name: str, *, unlock: bool = False) -> None:
        """A right password: the count starts again; `unlock` lifts the lock this very attempt
        set (it was the last one allowed), not one set by other attempts meanwhile."""
        values: dict = {"failures": 0}
        if unlock:
            values["locked_until"] = None
        with self._write(None) as conn:
            conn.execute(update(accounts).where(accounts.c.name == name).values(**values))
            if unlock:
                self._audit(conn, "account unlocked", f"{name} gave the right password")

    # Sessions ---------------------------------------------------------------------------------

    def open_session(self, token_hash: str, name: str) -> None:
        at = stamp(now())
        with self._write(None) as conn:
            conn.execute(
                insert(account_sessions).values(
                    token_hash=token_hash, name=name, started_at=at, last_seen=at
                )
            )

    def session_row(self, token_hash: str) -> dict | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(account_sessions).where(account_sessions.c.token_hash == token_hash)
            ).first()
        return dict(found._mapping) if found is not None else None

    def touch_session(self, token_hash: str) -> None:
        with self._write(None) as conn:
            conn.execute(
                update(account_sessions)
                .where(account_sessions.c.token_hash == token_hash)
                .values(last_seen=stamp(now()))
            )

    def close_sessions(self, *, token_hash: str | None = None, name: str | None = None) -> None:
        """End one session (sign-out, expiry) or every session of an account."""
        query = delete(account_sessions)
        if token_hash is not None:
            query = query.where(account_sessions.c.token_hash == token_hash)
        if name is not None:
            query = query.where(account_sessions.c.name == name)
        with self._write(None) as conn:
            conn.execute(query)

    # The users file, once --------------------------------------------------------------------

    def users_file_imported(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(account_imports)).scalar_one() > 0

    def import_accounts(
        self, entries: Iterable[tuple[str, Mapping]], *, source: str, sha256: str
    ) -> tuple[int, int] | None:
        """Copy a users file's accounts in, once per database: None when a file was already
        imported (by this process or another), else (imported, kept) where kept counts names
        already in the database, which keep what the database says."""
        with self._write(None) as conn:
            if conn.execute(select(func.count()).select_from(account_imports)).scalar_one():
                return None
            have = set(conn.execute(select(accounts.c.name)).scalars())
            at, imported, kept = stamp(now()), 0, 0
            for name, entry in entries:
                if name in have:
                    kept += 1
                    continue
                conn.execute(insert(accounts).values(name=name, created_at=at, **_values(entry)))
                have.add(name)
                imported += 1
            conn.execute(
                insert(account_imports).values(
                    source=source, sha256=sha256, imported=imported, kept=kept, imported_at=at
                )
            )
            self._audit(
                conn,
                "users file imported",
                f"{imported} account(s) from {source} (sha256 {sha256}); {kept} already in the "
                "database kept; the file is not read again",
            )
        return imported, kept
