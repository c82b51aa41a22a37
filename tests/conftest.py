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


@pytest.fixture
def catalogue():
    return load_catalogue()


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


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
