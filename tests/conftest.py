"""Shared fixtures: a fixed clock, a fresh store per test, and file builders."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from kpis import clock
from kpis.catalogue import load_catalogue
from kpis.store import Store

FIXED_NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class Ticker:
    """A settable clock that moves on a second each time it is read."""

    def __init__(self, start: datetime):
        self.moment = start

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment


@pytest.fixture(autouse=True)
def ticker():
    tick = Ticker(FIXED_NOW)
    clock.set_clock(tick)
    yield tick
    clock.set_clock(None)


@pytest.fixture(autouse=True)
def no_users_file(tmp_path, monkeypatch):
    """No test imports the developer's own data/users.yaml into its database."""
    monkeypatch.setenv("KPIS_USERS_FILE", str(tmp_path / "no-users.yaml"))


@pytest.fixture
def catalogue():
    return load_catalogue()


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def run(db_url, capsys):
    """`python -m kpis ARGS --db <this test's store>`: (exit status, stdout, stderr)."""
    from kpis.cli import main

    def _run(*args):
        code = main([*args, "--db", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def store(db_url):
    return Store(db_url)


def csv(text: str, encoding: str = "utf-8") -> bytes:
    """CSV bytes from an indented literal."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx(
    rows: list[list], *, sheet: str = "Sheet1", formats: dict | None = None, extra=()
) -> bytes:
    """XLSX bytes; `formats` maps (row, col) (1-based) to a number format like '0%'."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet
    for name in extra:
        book.create_sheet(name).append(["ignored"])
    ws = book[sheet]
    for row in rows:
        ws.append(row)
    for (r, c), fmt in (formats or {}).items():
        ws.cell(row=r, column=c).number_format = fmt
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The same zip with some parts replaced, added or (None) removed."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in changes:
                target.writestr(name, source.read(name))
        for name, body in changes.items():
            if body is not None:
                target.writestr(name, body)
    return out.getvalue()


def inflating_xlsx(rows: list[list], megabytes: int) -> bytes:
    """A small workbook of `rows` whose sheet XML then repeats a row until it is `megabytes` MB
    unpacked: a zip bomb, streamed so the test itself never holds the inflated sheet."""
    import zipfile

    sheet = "xl/worksheets/sheet1.xml"
    source = zipfile.ZipFile(io.BytesIO(xlsx(rows)))
    head, tail = source.read(sheet).split(b"</sheetData>")
    row = b'<row><c t="inlineStr"><is><t>999</t></is></c></row>'
    chunk = row * (2**20 // len(row))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name != sheet:
                target.writestr(name, source.read(name))
        with target.open(sheet, "w", force_zip64=True) as member:
            member.write(head)
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</sheetData>" + tail)
    return out.getvalue()


def _postgres_server() -> str | None:
    import os

    url = os.environ.get("KPIS_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("CI must set KPIS_TEST_POSTGRES_URL (.ci/run starts PostgreSQL)")
    return None


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path):
    """A fresh empty database on each backend: SQLite, and PostgreSQL when a server is given."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    server = _postgres_server()
    if server is None:
        pytest.skip("no PostgreSQL server: set KPIS_TEST_POSTGRES_URL (scripts/start_postgres.sh)")
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"kpis_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def dump(store) -> str:
    """Every row of every table, in a stable order, whatever the backend."""
    from sqlalchemy import select

    from kpis.store.schema import metadata

    lines = []
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.columns)).all()
            lines.extend(f"{table.name}: {tuple(row)}" for row in rows)
    return "\n".join(lines)


# Annex A column headers as the workbook writes them, by the short names tests use.
L4 = {
    "child": "Child Unique ID",
    "start": "Continuous Assessment Start Date",
    "authorised": "Continuous Assessment Date of Authorisation",
    "team": "Allocated Team",
    "worker": "Allocated Worker",
}
L5 = {
    "child": "Child Unique ID",
    "strategy": "Strategy discussion initiating Section 47 Enquiry Start Date",
    "unnecessary": "Was an Initial Child Protection Conference deemed unnecessary?",
    "icpc": "Date of Initial Child Protection Conference",
    "plan": "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "team": "Allocated Team",
    "worker": "Allocated Worker",
}
