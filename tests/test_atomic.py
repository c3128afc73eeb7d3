from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hftray.core.atomic import WriteFailedError, atomic_write_text


def test_write_creates_private_file_and_directory(tmp_path: Path):
    target = tmp_path / "new" / "file.env"
    atomic_write_text(target, "A=1\n")
    assert target.read_text() == "A=1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["file.env"]


def test_failed_replace_leaves_original_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    target = tmp_path / "dir" / "file"
    target.parent.mkdir()
    target.write_text("old")

    def boom(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(WriteFailedError, match="No space left on device"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["file"]


def test_unusable_directory_is_reported(tmp_path: Path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(WriteFailedError, match="cannot write"):
        atomic_write_text(blocker / "f", "x")
    assert blocker.read_text() == "a file where a folder should be"
