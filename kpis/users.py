"""Accounts in the shared database: argon2 hashes, roles, teams, lockout and session expiry."""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kpis.access import Actor, Permission, Role, require
from kpis.clock import now
from kpis.paths import DATA_DIR
from kpis.store import Store
from kpis.store.store import Pulse

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
# Every refused sign-in gets these same words, whatever was wrong: different words for an
# unknown name, or for a locked account (which only real names can be), would tell someone
# guessing which names are accounts.
REFUSED = (
    "the user name or password is not right, or this account is locked for "
    f"{int(LOCKOUT.total_seconds()) // 60} minutes after {MAX_FAILURES} failed sign-ins; "
    "try again later"
)
# A refused sign-in is recorded as done by this actor: the typed name is only a claim, and as
# the actor it would let anyone write what they liked in the audit log's "who" column.
SIGN_IN_FORM = Actor("sign-in form", Role.VIEWER)
# Longer than any account name (the column holds 200) or any password anyone types: refused
# without a look-up or a hash, so a megabyte of text costs nothing.
MAX_NAME_TYPED = 200
MAX_PASSWORD = 1000
# A new account's name: short, one line, nothing invisible.
MAX_NAME = 64
# How much of a typed name the audit log keeps.
SHOWN_NAME = 64
# A session's last activity is written at most this often: each rerun would otherwise be a
# write, and expiry after 30 idle minutes does not need a finer clock.
TOUCH_EVERY = timedelta(seconds=60)
_HASHER = PasswordHasher()


def users_file() -> Path:
    """KPIS_USERS_FILE, else data/users.yaml: the old home of accounts, imported once."""
    return Path(os.environ.get("KPIS_USERS_FILE") or DATA_DIR / "users.yaml")


@dataclass
class Account:
    name: str
    role: Role
    password_hash: str = ""
    teams: list[str] = field(default_factory=list)
    email: str = ""
    failures: int = 0
    locked_until: str = ""

    def actor(self) -> Actor:
        return Actor(self.name, self.role, frozenset(self.teams))


class AuthError(Exception):
    """Sign-in refused; the message is safe to show (it never says which part was wrong)."""


class SessionEnded(Exception):
    """A browser session that may no longer be used; the message is safe to show."""


def _account(row: dict) -> Account:
    return Account(
        name=row["name"],
        role=Role(row["role"]),
        password_hash=row["password_hash"] or "",
        teams=list(row["teams"]),
        email=row["email"] or "",
        failures=int(row["failures"] or 0),
        locked_until=row["locked_until"] or "",
    )


# The users file ------------------------------------------------------------------------------

# Per process, which databases were already checked for the import: only saves a query per
# rerun, since the database's own record decides whether the file was imported.
_CHECKED: set[str] = set()


def read_users_file(path: Path) -> list[tuple[str, dict]]:
    """The accounts in a users file as the app kept them before they moved to the database."""
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = []
    for name, entry in (raw.get("users") or {}).items():
        entries.append(
            (
                str(name),
                {
                    "role": Role(entry["role"]).value,
                    "password_hash": entry.get("password_hash", "") or "",
                    "teams": [str(t) for t in entry.get("teams", []) or []],
                    "email": entry.get("email", "") or "",
                    "failures": int(entry.get("failures", 0) or 0),
                    "locked_until": entry.get("locked_until") or None,
                },
            )
        )
    return entries


def import_users_file(store: Store, path: Path | None = None) -> tuple[int, int] | None:
    """Import an existing users file into a database that never had one imported.

    Once per database, whichever process gets there first (the others find the record):
    (imported, kept) when this call imported it, None otherwise. The audit log says so.
    """
    path = path or users_file()
    if not path.is_file():
        return None
    if store.users_file_imported():
        return None
    data = path.read_bytes()
    return store.import_accounts(
        read_users_file(path), source=str(path), sha256=hashlib.sha256(data).hexdigest()
    )


def imported(store: Store) -> Store:
    """`store`, once this process has made sure the users file is in it."""
    if store.url not in _CHECKED:
        import_users_file(store)
        _CHECKED.add(store.url)
    return store


# Accounts ------------------------------------------------------------------------------------


def load_accounts(store: Store) -> dict[str, Account]:
    return {row["name"]: _account(row) for row in imported(store).account_rows()}


def accounts_configured(store: Store, pulse: Pulse | None = None) -> bool:
    """Whether anyone must sign in: any account in the database (else demo mode). A page run
    passes the pulse it read (the count came with the data version, after the users file's
    import)."""
    if pulse is not None:
        return pulse.accounts > 0
    return imported(store).account_count() > 0


def add_account(
    store: Store,
    name: str,
    role: Role,
    password: str,
    *,
    teams: list[str] | None = None,
    email: str = "",
) -> Account:
    """Create an account (an admin's job, except the very first, which must be an admin);
    refused when the name exists or the password is too short."""
    name = name.strip()
    if not name:
        raise ValueError("a user needs a name")
    if len(name) > MAX_NAME or any(_invisible(c) for c in name):
        raise ValueError(
            f"a user name may have at most {MAX_NAME} characters, on one line, with no "
            "control characters"
        )
    if accounts_configured(store):
        require(store.actor, Permission.MANAGE_USERS)
    elif role is not Role.ADMIN:
        raise ValueError("the first account must be an admin (--role admin)")
    if password:
        _check_password(password)
    account = Account(
        name, role, _HASHER.hash(password) if password else "", list(teams or []), email
    )
    entry = {"role": role.value, "password_hash": account.password_hash,
             "teams": account.teams, "email": email, "failures": 0}  # fmt: skip
    if not store.insert_account(name, entry, detail=f"{name} as {role.value}"):
        raise ValueError(f"user {name} already exists (use `users passwd` to reset)")
    return account


def _check_password(password: str) -> None:
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    if len(password) > MAX_PASSWORD:
        # Sign-in does not check longer ones (see MAX_PASSWORD).
        raise ValueError(f"a password may have at most {MAX_PASSWORD:,} characters")


def set_password(store: Store, name: str, password: str) -> None:
    """A new password (yours, or anyone's for an admin); it also lifts a lockout and signs
    the account out of every browser."""
    if store.actor.name != name:
        require(store.actor, Permission.MANAGE_USERS)
    _check_password(password)
    changed = {"password_hash": _HASHER.hash(password), "failures": 0, "locked_until": None}
    if not store.update_account(name, changed, event="password changed", detail=name):
        raise ValueError(f"there is no user {name}")
    store.close_sessions(name=name)


def authenticate(store: Store, name: str, password: str) -> Actor:
    """The account's actor when the password is right, else AuthError in the same words
    whatever was wrong. Each attempt is claimed in the database before its password is checked
    (so at most MAX_FAILURES checks per lockout, however many arrive at once on however many
    servers), and every refusal is recorded in the audit log."""
    if not _checkable(name, password):
        # Not looked up nor hashed: no account has such a name, and no one such a password.
        _refuse(store, "name or password too long or not text", name)
    moment = now()
    attempt = imported(store).take_attempt(name, MAX_FAILURES, moment, moment + LOCKOUT)
    # Unknown names, accounts without a password and locked accounts cost the same argon2
    # verify as a real check, so the time taken does not tell them apart either.
    found = attempt.account
    right = _verifies(found["password_hash"] if found else _dummy_hash(), password)
    if found is None or not right:
        _refuse(store, attempt.refusal or "wrong password", name)
    store.clear_failures(name, unlock=attempt.locked)
    return _account(found).actor()


def _checkable(name: str, password: str) -> bool:
    if len(name) > MAX_NAME_TYPED or len(password) > MAX_PASSWORD:
        return False
    # PostgreSQL text cannot hold NUL, and neither database nor argon2 takes unpaired
    # surrogates: such input could only fail, with a traceback instead of a refusal.
    if "\0" in name:
        return False
    try:
        name.encode()
        password.encode()
    except UnicodeEncodeError:
        return False
    return True


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    """A hash of a random password, made by this process's hasher (so with its parameters and
    cost) the first time a sign-in needs one."""
    global _DUMMY
    if _DUMMY is None or _DUMMY[0] is not _HASHER:
        _DUMMY = (_HASHER, _HASHER.hash(secrets.token_urlsafe(32)))
    return _DUMMY[1]


_DUMMY: tuple[PasswordHasher, str] | None = None


def _refuse(store: Store, why: str, name: str) -> NoReturn:
    """Record a refused sign-in and raise. The actor is fixed, not the typed name, and the
    typed name goes into the detail made safe: one line, cut short."""
    store.as_actor(SIGN_IN_FORM).record("sign-in refused", f"{why}: {_shown_name(name)}")
    raise AuthError(REFUSED)


def _shown_name(typed: str) -> str:
    """A typed user name as the audit log may show it: control characters, newlines and
    other invisible characters (which could forge lines or reverse text) each replaced by
    U+FFFD, and at most SHOWN_NAME characters."""
    # Only the start is looked at: a name may be megabytes long.
    head = typed[: SHOWN_NAME + 1]
    cleaned = "".join("\ufffd" if _invisible(c) else c for c in head)
    return cleaned if len(cleaned) <= SHOWN_NAME else cleaned[:SHOWN_NAME] + "…"


def _invisible(char: str) -> bool:
    # C*: control, format (bidi overrides), surrogates, private use, unassigned; Zl and Zp:
    # the Unicode line and paragraph separators.
    return unicodedata.category(char)[0] == "C" or unicodedata.category(char) in ("Zl", "Zp")


def actor_for_email(
    store: Store, email: str, groups: list[str], group_roles: dict[str, str]
) -> Actor | None:
    """An OIDC user's actor: an account with that email, else the best role of their groups."""
    for account in load_accounts(store).values():
        if account.email and account.email.lower() == email.lower():
            return account.actor()
    ranks = [Role.VIEWER, Role.MANAGER, Role.ANALYST, Role.ADMIN]
    roles = [Role(group_roles[g]) for g in groups if g in group_roles]
    return Actor(email, max(roles, key=ranks.index)) if roles else None


# Browser sessions ----------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(store: Store, actor: Actor) -> str:
    """A new signed-in session for a browser; the token is kept only in that session."""
    token = secrets.token_urlsafe(32)
    store.open_session(_hash(token), actor.name)
    return token


def resume_session(
    store: Store, token: str, idle: timedelta, *, lifetime: timedelta | None = None
) -> Actor:
    """The actor of a signed-in session, read afresh from the database (so a role changed on
    another server applies at once); SessionEnded when it was idle too long or is older than
    `lifetime`, was signed out elsewhere, or its account is gone."""
    key = _hash(token)
    session = store.session_row(key)
    if session is None:
        raise SessionEnded("You were signed out. Please sign in again.")
    moment = now()
    last = datetime.fromisoformat(session["last_seen"])
    began = datetime.fromisoformat(session["started_at"])
    if moment - last > idle or (lifetime is not None and moment - began > lifetime):
        store.close_sessions(token_hash=key)
        raise SessionEnded("Your session expired. Please sign in again.")
    found = store.account_row(session["name"])
    if found is None:
        store.close_sessions(token_hash=key)
        raise SessionEnded("Your account was removed. Ask an administrator for access.")
    if moment - last > TOUCH_EVERY:
        store.touch_session(key)
    return _account(found).actor()


def end_session(store: Store, token: str) -> None:
    store.close_sessions(token_hash=_hash(token))
