"""Files reach the server only from sessions whose sign-in may upload, and only so much."""

from __future__ import annotations

import os
import threading

from starlette.exceptions import HTTPException
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from kpis.access import Actor, Permission

# Every page with a file uploader needs one of these (Upload figures, Settings' benchmarks).
UPLOADERS = (
    Permission.PUBLISH,
    Permission.IMPORT_PLAN,
    Permission.IMPORT_BENCHMARKS,
    Permission.IMPORT_AUDITS,
)
SESSION_BYTES = int(float(os.environ.get("KPIS_UPLOAD_SESSION_MB", "60")) * 1024 * 1024)
SESSION_FILES = int(os.environ.get("KPIS_UPLOAD_SESSION_FILES", "12"))

# Per process: sessions are sticky to one server, and their files live in its memory.
_ALLOWED: set[str] = set()
_LOCK = threading.Lock()


def may_upload(actor: Actor) -> bool:
    return any(actor.can(p) for p in UPLOADERS)


def allow(actor: Actor) -> None:
    """Called by every full run with the session's actor: a session that may not upload (never
    signed in, signed out, a viewer) has its stored files dropped and further uploads refused."""
    ctx = get_script_run_ctx()
    if ctx is not None and Runtime.exists():
        permit(Runtime.instance().uploaded_file_mgr, ctx.session_id, may_upload(actor))


def permit(manager, session_id: str, may: bool) -> None:
    _guard(manager)
    with _LOCK:
        if may:
            _ALLOWED.add(session_id)
            return
        _ALLOWED.discard(session_id)
    manager.remove_session_files(session_id)


def _guard(manager) -> None:
    """Wrap the upload manager's add_file once: Streamlit's own upload route accepts a file for
    any open session, signed in or not, and keeps every file until the session ends."""
    if getattr(manager, "kpis_guarded", False):
        return
    add_file = manager.add_file

    def guarded(session_id: str, file) -> None:
        with _LOCK:
            if session_id not in _ALLOWED:
                raise HTTPException(status_code=403, detail="Sign in as an analyst to upload")
            held = [f for f in manager.file_storage.get(session_id, {}).values()
                    if f.file_id != file.file_id]  # fmt: skip
            if (
                len(held) >= SESSION_FILES
                or sum(len(f.data) for f in held) + len(file.data) > SESSION_BYTES
            ):
                raise HTTPException(status_code=413, detail="Too many files in this session")
            add_file(session_id, file)

    manager.add_file = guarded
    manager.kpis_guarded = True
