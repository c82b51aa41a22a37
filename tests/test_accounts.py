"""Accounts in the database: lockout and sessions hold across processes; the users file is
imported once; the command line's `users` commands work as before."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Literal

import pytest
from argon2 import PasswordHasher
from conftest import dump

from kpis import users
from kpis.access import Actor, PermissionDenied, Role
from kpis.cli import main
from kpis.store import Store
from kpis.users import AuthError, SessionEnded, add_account, authenticate, set_password

ROOT = Path(__file__).resolve().parents[1]
ADMIN = Actor("ada", Role.ADMIN)


@pytest.fixture
def db_url(backend_url):
    """Every account rule is checked on SQLite and on PostgreSQL."""
    return backend_url


@pytest.fixture
def two(db_url):
    """Two stores on one database with their own engines, as two app servers have."""
    first = Store(db_url, actor=ADMIN)
    add_account(first, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(first, "ana", Role.ANALYST, "correct horse battery")
    second = Store(db_url, actor=ADMIN)
    assert second.engine is not first.engine
    return first, second


def test_accounts_hash_passwords_and_lock_out(two):
    store, _ = two
    assert "correct horse" not in str(store.account_rows())
    assert authenticate(store, "ana", "correct horse battery") == Actor("ana", Role.ANALYST)
    with pytest.raises(AuthError, match="not right"):
        authenticate(store, "ana", "wrong")
    with pytest.raises(AuthError, match="not right"):
        authenticate(store, "nobody", "wrong")
    for _ in range(4):
        with pytest.raises(AuthError):
            authenticate(store, "ana", "wrong")
    with pytest.raises(AuthError, match="locked"):
        authenticate(store, "ana", "correct horse battery")
    set_password(store, "ana", "a brand new passphrase")
    assert authenticate(store, "ana", "a brand new passphrase").role is Role.ANALYST
    with pytest.raises(ValueError, match="at least 10"):
        set_password(store, "ana", "short")


def test_a_lockout_made_through_one_server_holds_on_another(two, ticker):
    first, second = two
    # Failures are counted in the database: three through one, two through the other.
    for store in (first, second, first, second, first):
        with pytest.raises(AuthError, match="not right"):
            authenticate(store, "ana", "wrong")
    for store in (first, second):
        with pytest.raises(AuthError, match="locked"):
            authenticate(store, "ana", "correct horse battery")
    events = first.audit_log()
    assert "account locked" in events["event"].tolist()
    ticker.set(ticker.moment + users.LOCKOUT + timedelta(seconds=5))
    assert authenticate(second, "ana", "correct horse battery").role is Role.ANALYST


def test_a_lockout_holds_for_a_separate_process(two):
    from kpis import clock

    clock.set_clock(None)  # the other process reads the real clock
    first, _ = two
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(AuthError):
            authenticate(first, "ana", "wrong")
    env = {"KPIS_USER": "ana", "KPIS_PASSWORD": "correct horse battery"}
    done = subprocess.run(
        [sys.executable, "-m", "kpis", "loads", "--db", first.url],
        cwd=ROOT,
        env={**_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"sign-in refused: {users.REFUSED}" in done.stderr
    # The words are the same for every refusal (so they cannot reveal which names are
    # accounts); the audit log says it was the lock.
    assert first.audit_log()["detail"].tolist()[-1] == "account locked: ana"


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_sessions_expire_and_end_for_every_server(two, ticker):
    first, second = two
    ana = authenticate(first, "ana", "correct horse battery")
    token = users.start_session(first, ana)
    assert users.resume_session(second, token, timedelta(minutes=30)) == ana
    # Idle past the limit: expired wherever the browser's next rerun lands.
    ticker.set(ticker.moment + timedelta(minutes=31))
    with pytest.raises(SessionEnded, match="expired"):
        users.resume_session(second, token, timedelta(minutes=30))
    with pytest.raises(SessionEnded, match="signed out"):
        users.resume_session(first, token, timedelta(minutes=30))
    # Activity keeps a session alive; signing out through one server ends it on the other.
    token = users.start_session(first, ana)
    for _ in range(4):
        ticker.set(ticker.moment + timedelta(minutes=20))
        assert users.resume_session(second, token, timedelta(minutes=30)) == ana
    users.end_session(second, token)
    with pytest.raises(SessionEnded, match="signed out"):
        users.resume_session(first, token, timedelta(minutes=30))


def test_a_password_change_signs_the_account_out_everywhere(two):
    first, second = two
    token = users.start_session(first, authenticate(first, "ana", "correct horse battery"))
    set_password(second.as_actor(Actor("ana", Role.ANALYST)), "ana", "ana new passphrase")
    with pytest.raises(SessionEnded):
        users.resume_session(first, token, timedelta(minutes=30))


def test_only_admins_manage_accounts_and_the_first_is_an_admin(db_url):
    store = Store(db_url, actor=Actor("someone", Role.ANALYST))
    with pytest.raises(ValueError, match="first account must be an admin"):
        add_account(store, "ana", Role.ANALYST, "correct horse battery")
    add_account(store, "ada", Role.ADMIN, "admin passphrase 1")
    with pytest.raises(PermissionDenied):
        add_account(store, "ana", Role.ANALYST, "correct horse battery")
    with pytest.raises(PermissionDenied):
        set_password(store, "ada", "taken over passphrase")
    with pytest.raises(ValueError, match="already exists"):
        add_account(store.as_actor(ADMIN), "ada", Role.VIEWER, "another passphrase")


OLD_FILE = """
users:
  ada:
    role: admin
    password_hash: {ada}
    teams: []
    email: ''
    failures: 0
    locked_until: ''
  max:
    role: manager
    password_hash: ''
    teams: [CP Team]
    email: max@council.gov.uk
    failures: 0
    locked_until: ''
"""


def _users_file(path: Path) -> Path:
    from argon2 import PasswordHasher

    path.write_text(OLD_FILE.format(ada=PasswordHasher().hash("admin passphrase 1")))
    return path


def test_an_existing_users_file_is_imported_once(db_url, tmp_path, monkeypatch):
    path = _users_file(tmp_path / "users.yaml")
    monkeypatch.setenv("KPIS_USERS_FILE", str(path))
    store = Store(db_url)
    assert users.accounts_configured(store)
    assert authenticate(store, "ada", "admin passphrase 1") == ADMIN
    by_email = users.actor_for_email(store, "MAX@council.gov.uk", [], {})
    assert by_email == Actor("max", Role.MANAGER, frozenset({"CP Team"}))
    imported = store.as_actor(ADMIN).audit_log()
    detail = imported.loc[imported["event"] == "users file imported", "detail"].tolist()
    assert len(detail) == 1 and "2 account(s) from" in detail[0]
    assert "not read again" in detail[0]
    # A later edit of the file, seen by a new process, changes nothing: the database decides.
    path.write_text(path.read_text().replace("role: manager", "role: admin"))
    users._CHECKED.clear()
    assert users.import_users_file(Store(db_url)) is None
    assert users.load_accounts(Store(db_url))["max"].role is Role.MANAGER


def test_two_processes_starting_together_import_the_file_once(db_url, tmp_path):
    path = _users_file(tmp_path / "users.yaml")
    code = (
        "import sys; from kpis.store import Store; from kpis.users import import_users_file;"
        "print(import_users_file(Store(sys.argv[1])))"
    )
    env = {**_env(), "KPIS_USERS_FILE": str(path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, db_url], cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]  # fmt: skip
    done = [p.communicate(timeout=120) for p in procs]
    outputs = sorted(out.strip() for out, _ in done)
    assert outputs == ["(2, 0)", "None"], [err[-2000:] for _, err in done]
    store = Store(db_url, actor=ADMIN)
    assert sorted(users.load_accounts(store)) == ["ada", "max"]
    assert store.audit_log()["event"].tolist().count("users file imported") == 1


def test_users_commands_work_as_before(db_url, monkeypatch, capsys):
    monkeypatch.setenv("KPIS_NEW_PASSWORD", "admin passphrase 1")
    assert main(["users", "add", "ada", "--role", "admin", "--db", db_url]) == 0
    monkeypatch.setenv("KPIS_USER", "ada")
    monkeypatch.setenv("KPIS_PASSWORD", "admin passphrase 1")
    monkeypatch.setenv("KPIS_NEW_PASSWORD", "manager passphrase")
    args = ["users", "add", "max", "--role", "manager", "--teams", "CP Team, Team B"]
    assert main([*args, "--db", db_url]) == 0
    assert main(["users", "add", "max", "--role", "viewer", "--db", db_url]) == 2
    assert "already exists" in capsys.readouterr().err
    monkeypatch.setenv("KPIS_NEW_PASSWORD", "a changed passphrase")
    assert main(["users", "passwd", "max", "--db", db_url]) == 0
    assert main(["users", "list", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert 'max,manager,"CP Team, Team B"' in out and "ada,admin" in out
    assert authenticate(Store(db_url), "max", "a changed passphrase").teams == {"CP Team", "Team B"}
    monkeypatch.setenv("KPIS_USER", "max")
    monkeypatch.setenv("KPIS_PASSWORD", "a changed passphrase")
    assert main(["users", "list", "--db", db_url]) == 1
    assert "permission denied" in capsys.readouterr().err


def test_single_sign_on_roles_from_account_email_or_group_claim(db_url):
    store = Store(db_url, actor=ADMIN)
    add_account(store, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(store, "Max Manager", Role.MANAGER, "", teams=["CP Team"],
                email="max@council.gov.uk")  # fmt: skip
    by_email = users.actor_for_email(store, "MAX@council.gov.uk", [], {})
    assert by_email == Actor("Max Manager", Role.MANAGER, frozenset({"CP Team"}))
    groups = {"g-analysts": "analyst", "g-board": "viewer"}
    by_group = users.actor_for_email(store, "ana@council.gov.uk", ["g-board", "g-analysts"], groups)
    assert by_group == Actor("ana@council.gov.uk", Role.ANALYST)
    assert users.actor_for_email(store, "who@elsewhere.org", ["other"], groups) is None
    with pytest.raises(AuthError):  # a single-sign-on account has no password to sign in with
        authenticate(store, "Max Manager", "")


# Sign-in under attack: parallel guesses, name probing, audit flooding -------------------------


class CountingHasher(PasswordHasher):
    """A cheap argon2 hasher that notes every hash it verifies against. Its verify waits a
    moment, standing in for a real hash's cost so that parallel sign-ins overlap."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=64, parallelism=1)
        self.checked: list[str] = []
        self.lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        with self.lock:
            self.checked.append(str(hash))
        time.sleep(0.02)
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch):
    counting = CountingHasher()
    monkeypatch.setattr(users, "_HASHER", counting)
    return counting


@pytest.fixture
def guarded(hasher, db_url):
    """ada and ana, hashed by the counting hasher, on two servers; and ana's hash."""
    first = Store(db_url, actor=ADMIN)
    add_account(first, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(first, "ana", Role.ANALYST, "correct horse battery")
    return first, Store(db_url, actor=ADMIN), first.account_row("ana")["password_hash"]


def test_parallel_guesses_get_no_more_password_checks_than_the_lockout_allows(guarded, hasher):
    first, second, ana_hash = guarded
    guesses = 20
    start = threading.Barrier(guesses)
    refused: list[str] = []

    def guess(store: Store, n: int) -> None:
        start.wait()
        try:
            authenticate(store, "ana", f"wrong guess {n}")
        except AuthError as error:
            refused.append(str(error))

    # Half through each of two servers, all at once, as the probe's two app servers did.
    threads = [
        threading.Thread(target=guess, args=(first if n % 2 else second, n)) for n in range(guesses)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == guesses
    assert hasher.checked.count(ana_hash) == users.MAX_FAILURES
    # The right password after them is not even checked: the account is locked.
    with pytest.raises(AuthError, match="locked"):
        authenticate(first, "ana", "correct horse battery")
    assert hasher.checked.count(ana_hash) == users.MAX_FAILURES


def test_a_right_password_at_the_last_check_allowed_signs_in_and_lifts_the_count(guarded):
    store, _, _ = guarded
    for _ in range(users.MAX_FAILURES - 1):
        with pytest.raises(AuthError):
            authenticate(store, "ana", "wrong")
    assert authenticate(store, "ana", "correct horse battery").role is Role.ANALYST
    for _ in range(users.MAX_FAILURES - 1):
        with pytest.raises(AuthError):
            authenticate(store, "ana", "wrong")
    assert authenticate(store, "ana", "correct horse battery").role is Role.ANALYST
    # The lock each last allowed attempt set up front was lifted by its right password.
    events = store.audit_log()["event"].tolist()
    assert events.count("account locked") == events.count("account unlocked") == 2


def test_an_unknown_name_gets_the_same_words_and_the_same_work_as_a_real_one(guarded, hasher):
    store, _, _ = guarded
    add_account(store, "max", Role.MANAGER, "", email="max@council.gov.uk")  # single sign-on
    for attempt in range(1, 8):
        said = {}
        for name in ("ana", "nobody", "max"):
            before = len(hasher.checked)
            with pytest.raises(AuthError) as refused:
                authenticate(store, name, "wrong")
            said[name] = str(refused.value).encode()
            # argon2 runs once for every refusal, whether or not the name is an account.
            assert len(hasher.checked) == before + 1, (attempt, name)
        assert said["ana"] == said["nobody"] == said["max"], attempt


def test_a_refused_sign_in_is_audited_by_the_domain_with_a_fixed_actor(guarded):
    store, _, _ = guarded
    with pytest.raises(AuthError):
        authenticate(store, "nobody", "wrong")
    with pytest.raises(AuthError):
        authenticate(store, "ana", "wrong")
    huge = ("ada\nsign-in\r\tadmin\x00\u2028\u202e" + "x" * 1000) * 1000
    with pytest.raises(AuthError):
        authenticate(store, huge, "wrong")
    log = store.audit_log()
    refusals = log[log["event"] == "sign-in refused"]
    assert refusals["actor"].tolist() == ["sign-in form"] * 3
    assert refusals["role"].tolist() == ["viewer"] * 3
    unknown, wrong, flood = refusals["detail"].tolist()
    assert "unknown user name" in unknown and unknown.endswith("nobody")
    assert "unknown" not in wrong and wrong.endswith("ana")
    assert len(flood) < 120 and flood.endswith("…")
    assert not any(c in flood for c in "\n\r\t\x00\u2028\u202e")


def test_absurdly_long_names_and_passwords_are_refused_unchecked_but_recorded(guarded, hasher):
    store, _, _ = guarded
    with pytest.raises(AuthError) as usual:
        authenticate(store, "ana", "wrong")
    before = len(hasher.checked)
    for name, password in (("a" * 201, "wrong"), ("ana", "x" * 1001), ("ana", "x" * 1_000_000)):
        with pytest.raises(AuthError) as refused:
            authenticate(store, name, password)
        assert str(refused.value) == str(usual.value)
    assert len(hasher.checked) == before
    assert store.account_row("ana")["failures"] == 1
    log = store.audit_log()
    assert log["event"].tolist().count("sign-in refused") == 4
    assert all(len(d) < 120 for d in log["detail"])


def test_flooding_the_sign_in_form_with_huge_names_does_not_grow_the_database(guarded):
    store, _, _ = guarded
    before = len(dump(store))
    for n in range(50):
        with pytest.raises(AuthError):
            authenticate(store, f"{n}\n" + "forged line\r\n" * 80_000, "wrong")  # about 1 MB
    log = store.audit_log()
    assert log["event"].tolist().count("sign-in refused") == 50
    assert len(dump(store)) - before < 50 * 250


def test_account_names_are_short_single_lines_and_passwords_not_absurd(db_url):
    store = Store(db_url, actor=ADMIN)
    add_account(store, "ada", Role.ADMIN, "admin passphrase 1")
    for name in ("a" * 65, "ana\nada", "ana\x00", "ana\u202e", "ana\u2028x"):
        with pytest.raises(ValueError, match="user name"):
            add_account(store, name, Role.VIEWER, "a fine passphrase")
    add_account(store, "n" * 64, Role.VIEWER, "a fine passphrase")
    with pytest.raises(ValueError, match="at most 1,000"):
        add_account(store, "ana", Role.VIEWER, "p" * 1001)
    with pytest.raises(ValueError, match="at most 1,000"):
        set_password(store, "ada", "p" * 1001)
    assert sorted(users.load_accounts(store)) == ["ada", "n" * 64]
