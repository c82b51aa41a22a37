"""Uploads reach the server's memory only from sessions that may upload, and only so much."""

from __future__ import annotations

import pytest
from starlette.exceptions import HTTPException
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from kpis.access import LOCAL_ANALYST, NOBODY, Actor, Role
from ui import uploads


def rec(file_id: str, size: int) -> UploadedFileRec:
    return UploadedFileRec(file_id=file_id, name="f.csv", type="text/csv", data=b"x" * size)


@pytest.fixture
def manager():
    return MemoryUploadedFileManager("/_stcore/upload_file")


def test_a_session_that_never_ran_or_signed_in_cannot_upload(manager):
    uploads.permit(manager, "other", True)  # guards the manager, as the first run does
    with pytest.raises(HTTPException) as refused:
        manager.add_file("never-ran", rec("a", 10))
    assert refused.value.status_code == 403
    uploads.permit(manager, "signed-out", uploads.may_upload(NOBODY))
    with pytest.raises(HTTPException):
        manager.add_file("signed-out", rec("a", 10))
    assert manager.get_files("never-ran", ["a"]) == [] and manager._total_bytes == 0


def test_who_may_upload():
    assert uploads.may_upload(LOCAL_ANALYST) and uploads.may_upload(Actor("a", Role.ADMIN))
    assert not uploads.may_upload(Actor("v", Role.VIEWER))
    assert not uploads.may_upload(Actor("m", Role.MANAGER))


def test_a_session_holds_a_bounded_number_of_bytes_and_files(manager, monkeypatch):
    monkeypatch.setattr(uploads, "SESSION_BYTES", 100)
    monkeypatch.setattr(uploads, "SESSION_FILES", 3)
    uploads.permit(manager, "ana", True)
    manager.add_file("ana", rec("a", 60))
    manager.add_file("ana", rec("a", 90))  # the same file replaced: counted once
    with pytest.raises(HTTPException) as refused:
        manager.add_file("ana", rec("b", 20))
    assert refused.value.status_code == 413
    manager.remove_file("ana", "a")
    for name in "bcd":
        manager.add_file("ana", rec(name, 10))
    with pytest.raises(HTTPException):
        manager.add_file("ana", rec("e", 1))
    assert manager._total_bytes == 30


def test_signing_out_drops_the_files_held(manager):
    uploads.permit(manager, "ana", True)
    manager.add_file("ana", rec("a", 50))
    uploads.permit(manager, "ana", False)
    assert manager.get_files("ana", ["a"]) == [] and manager._total_bytes == 0
    with pytest.raises(HTTPException):
        manager.add_file("ana", rec("b", 1))
