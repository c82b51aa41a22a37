"""Local accounts: a users file with salted argon2 hashes, roles, teams and lockout."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kpis.access import Actor, Role
from kpis.clock import now
from kpis.paths import DATA_DIR

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_HASHER = PasswordHasher()


def users_file() -> Path:
    """KPIS_USERS_FILE, else data/users.yaml (never committed: it holds password hashes)."""
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


def load_accounts(path: Path | None = None) -> dict[str, Account]:
    path = path or users_file()
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        name: Account(
            name=name,
            role=Role(entry["role"]),
            password_hash=entry.get("password_hash", ""),
            teams=list(entry.get("teams", [])),
            email=entry.get("email", ""),
            failures=int(entry.get("failures", 0)),
            locked_until=entry.get("locked_until", ""),
        )
        for name, entry in (raw.get("users") or {}).items()
    }


def save_accounts(accounts: dict[str, Account], path: Path | None = None) -> None:
    """Write atomically (a temp file renamed over the old), readable by the owner only."""
    path = path or users_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "users": {
            a.name: {
                "role": a.role.value,
                "password_hash": a.password_hash,
                "teams": a.teams,
                "email": a.email,
                "failures": a.failures,
                "locked_until": a.locked_until,
            }
            for a in accounts.values()
        }
    }
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".users-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        yaml.safe_dump(data, out, sort_keys=True)
    os.chmod(temp, 0o600)
    os.replace(temp, path)


def accounts_configured(path: Path | None = None) -> bool:
    return bool(load_accounts(path))


def add_account(
    name: str,
    role: Role,
    password: str,
    *,
    teams: list[str] | None = None,
    email: str = "",
    path: Path | None = None,
) -> Account:
    """Create an account; refused when the name exists or the password is too short."""
    accounts = load_accounts(path)
    if not name.strip():
        raise ValueError("a user needs a name")
    if name in accounts:
        raise ValueError(f"user {name} already exists (use `users passwd` to reset)")
    if password and len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    account = Account(
        name, role, _HASHER.hash(password) if password else "", list(teams or []), email
    )
    accounts[name] = account
    save_accounts(accounts, path)
    return account


def set_password(name: str, password: str, path: Path | None = None) -> None:
    accounts = load_accounts(path)
    if name not in accounts:
        raise ValueError(f"there is no user {name}")
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    account = accounts[name]
    account.password_hash, account.failures, account.locked_until = _HASHER.hash(password), 0, ""
    save_accounts(accounts, path)


def _locked(account: Account, moment: datetime) -> bool:
    return bool(account.locked_until) and datetime.fromisoformat(account.locked_until) > moment


def authenticate(name: str, password: str, path: Path | None = None) -> Actor:
    """The account's actor when the password is right; locks the account after failures."""
    accounts = load_accounts(path)
    account = accounts.get(name)
    moment = now()
    refused = AuthError("the user name or password is not right")
    if account is None or not account.password_hash:
        raise refused
    if _locked(account, moment):
        raise AuthError("this account is locked after repeated failures; try again later")
    try:
        _HASHER.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        account.failures += 1
        if account.failures >= MAX_FAILURES:
            account.locked_until, account.failures = (moment + LOCKOUT).isoformat(), 0
        save_accounts(accounts, path)
        raise refused from None
    if account.failures:
        account.failures = 0
        save_accounts(accounts, path)
    return account.actor()


def actor_for_email(
    email: str, groups: list[str], group_roles: dict[str, str], path: Path | None = None
) -> Actor | None:
    """An OIDC user's actor: an account with that email, else the best role of their groups."""
    for account in load_accounts(path).values():
        if account.email and account.email.lower() == email.lower():
            return account.actor()
    ranks = [Role.VIEWER, Role.MANAGER, Role.ANALYST, Role.ADMIN]
    roles = [Role(group_roles[g]) for g in groups if g in group_roles]
    return Actor(email, max(roles, key=ranks.index)) if roles else None
