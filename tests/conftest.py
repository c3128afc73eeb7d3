"""Every test runs in a throwaway home: no real config, keyring, cache or network is touched."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.support.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.support.fakehf_fixtures", "tests.support.secret_service"]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh HOME and XDG folders, no CODERCLAW_/HF_ variables, an in-memory keyring."""
    home = tmp_path / "home"
    home.mkdir()
    for name in list(os.environ):
        if name.startswith(("CODERCLAW_", "HF_", "HUGGINGFACE_")) or name in {
            "PI_CODING_AGENT_DIR",
            "PYTHON_KEYRING_BACKEND",
        }:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    # A PATH without any real `coderclaw`; tests that need one put a fake first.
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield home
    keyring.set_keyring(previous)
