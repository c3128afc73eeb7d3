"""The variables that put a benchmarked program in a fresh home of its own.

The same folders the tests' isolated home uses (tests/conftest.py), so a benchmark never reads or
writes the real home, its config or its caches.
"""

from __future__ import annotations

from pathlib import Path


def home_variables(home: Path) -> dict[str, str]:
    """HOME and the XDG base folders, all under `home`."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
    }
