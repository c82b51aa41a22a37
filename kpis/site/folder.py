"""Writing the site into a folder, removing only files an earlier build listed as its own."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from kpis.site.content import SiteError

# Lists every other file a build wrote: the next build removes only those, so pointing --out
# at a folder holding anything else can never delete it.
MANIFEST = ".kpis-site-manifest.json"
_WRITER = "python -m kpis site"


def manifest_bytes(names: Iterable[str]) -> bytes:
    """The manifest naming `names` (paths inside the folder), the same bytes for the same names."""
    listed = sorted(n for n in names if n != MANIFEST)
    return (json.dumps({"written_by": _WRITER, "files": listed}, indent=1) + "\n").encode()


def write_folder(out: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (with their manifest) into `out`, made if missing, and remove the files the
    earlier build's manifest lists that this one does not write.

    Refuses, writing and removing nothing, a folder that is not empty but has no manifest, a
    manifest naming anything outside the folder, and a file in the way that no build wrote.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder")
    earlier = _earlier(out)
    if earlier is None and out.is_dir() and any(out.iterdir()):
        raise SiteError(
            f"{out} is not empty and holds no site written by `{_WRITER}` (it has no {MANIFEST}),"
            " so nothing was written or removed: choose an empty or new folder"
        )
    earlier = earlier or set()
    for name in files:
        path = _inside(out, name)
        if path is None:
            raise SiteError(f"cannot write '{name}': not a path inside {out}")
        # Never overwrite what another program or person put there, even among our own files.
        if name != MANIFEST and name not in earlier and (path.exists() or path.is_symlink()):
            raise SiteError(
                f"{out} already holds '{name}', which no earlier build of the site wrote, so "
                "nothing was written or removed: move it away or choose another folder"
            )
    out.mkdir(parents=True, exist_ok=True)
    # First list everything of ours that may be in the folder, so that a build stopped halfway
    # still leaves every file it wrote listed for the next one to replace or remove.
    (out / MANIFEST).write_bytes(manifest_bytes({*earlier, *files}))
    for name in sorted(earlier - set(files)):
        stale = out / name
        if stale.is_symlink() or stale.is_file():
            stale.unlink()
    for name, data in files.items():
        if name != MANIFEST:
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    (out / MANIFEST).write_bytes(manifest_bytes(files))


def _earlier(out: Path) -> set[str] | None:
    """The files the manifest in `out` lists; None when there is no manifest of ours."""
    path = out / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        listed = None
    if (
        not isinstance(listed, dict)
        or listed.get("written_by") != _WRITER
        or not isinstance(listed.get("files"), list)
        or not all(isinstance(n, str) for n in listed["files"])
    ):
        raise SiteError(
            f"{path} is not a manifest `{_WRITER}` wrote, so nothing was written or removed: "
            "choose an empty or new folder"
        )
    for name in listed["files"]:
        if _inside(out, name) is None:
            raise SiteError(
                f"{path} lists '{name}', which is not a file inside {out}, so nothing was "
                "written or removed: choose an empty or new folder"
            )
    return set(listed["files"]) - {MANIFEST}


def _inside(out: Path, name: str) -> Path | None:
    """`out / name` when `name` is a plain relative path that stays inside `out`, else None."""
    pure = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or pure.is_absolute()
        or any(part in {"", ".", ".."} for part in name.split("/"))
    ):
        return None
    path = out / pure
    # A folder on the way may be a symbolic link leading elsewhere.
    root = out.resolve()
    return path if root in path.resolve().parents else None
