"""The Qt-free flows behind the CLI and the tray: banner words and the token save's rollback."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hftray.core.catalog import CatalogSource
from hftray.core.catalog_loader import banner
from hftray.core.envfile import EnvFileError
from hftray.core.paths import resolve_paths
from hftray.core.token_flow import save_token
from hftray.core.token_store import SessionTokenStore
from hftray.core.whoami import WhoAmI
from tests.fakehf import TOKENS

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (CatalogSource("live", NOW - timedelta(seconds=20)), "live, fetched just now"),
        (CatalogSource("live", NOW - timedelta(minutes=2)), "live, fetched 2 min ago"),
        (CatalogSource("builtin", None, None), "built-in list (no connection)"),
        (CatalogSource("builtin", None, "offline mode"), "built-in list (offline mode)"),
    ],
)
def test_banner_says_where_the_list_came_from(source: CatalogSource, expected: str) -> None:
    assert banner(source, NOW) == expected


def test_cached_banner_gives_the_date_and_the_reason() -> None:
    source = CatalogSource("cached", NOW, "offline: cannot reach router.huggingface.co")

    text = banner(source, NOW)

    assert text.startswith(f"cached from {NOW.astimezone():%Y-%m-%d %H:%M}")
    assert text.endswith("(offline: cannot reach router.huggingface.co)")


async def _who(token: str) -> WhoAmI:
    return WhoAmI("li-wei", None, "laptop", "read", True)


def test_a_failed_env_write_puts_the_previous_token_back(isolated_home: Path) -> None:
    env_dir = isolated_home / ".coderclaw" / ".env"
    env_dir.mkdir(parents=True)  # a folder where .env should be: the write fails
    paths = resolve_paths()
    previous, new = TOKENS["classic_write"], TOKENS["classic_read"]
    store = SessionTokenStore(previous)

    with pytest.raises(EnvFileError):
        asyncio.run(save_token(new, store=store, paths=paths, checker=_who, environ={}))

    assert store.get() == previous
    assert not (isolated_home / ".coderclaw" / "coderclaw.json").exists()
