"""Crash-safe file writes: the file on disk is always the old one or the new one.

Writes go to a temporary file in the same directory (so the rename cannot cross file
systems), are flushed to disk, get their final mode before they become visible, and are then
renamed over the target — the way CoderClaw writes its own config.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from hftray.core.errors import HFTrayError

SECRET_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


class WriteFailedError(HFTrayError):
    """A file could not be written; the previous version is still in place."""


def ensure_private_dir(directory: Path) -> None:
    """Create `directory` (and parents) with mode 0700 when it is missing."""
    if not directory.exists():
        directory.mkdir(parents=True, mode=PRIVATE_DIR_MODE)
        os.chmod(directory, PRIVATE_DIR_MODE)


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = SECRET_FILE_MODE) -> None:
    """Replace `path` with `data` atomically; on any failure `path` is left untouched."""
    directory = path.parent
    try:
        ensure_private_dir(directory)
        tmp = directory / f"{path.name}.{os.getpid()}.{os.urandom(16).hex()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as exc:
        raise WriteFailedError(
            f"cannot write {path}: {exc.strerror or exc}",
            fix="check the folder's permissions and free space",
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteFailedError(
            f"cannot write {path}: {exc.strerror or exc}; the previous file is unchanged",
            fix="check the folder's permissions and free space",
        ) from exc
    _fsync_dir(directory)


def atomic_write_text(path: Path, text: str, *, mode: int = SECRET_FILE_MODE) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no directory handles)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
