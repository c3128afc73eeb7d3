"""The catalog cache keeps the last list across restarts and never returns a damaged one."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hftray.core.catalog_cache import CatalogCache, FetchResult

URL = "https://router.huggingface.co/v1/models"
BODY = b'{"object": "list", "data": []}'
WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def result(body: bytes = BODY, *, not_modified: bool = False, when: datetime = WHEN) -> FetchResult:
    return FetchResult(body, '"abc"', "Wed, 04 Mar 2026 05:06:07 GMT", when, not_modified)


def test_nothing_stored_loads_as_none(tmp_path: Path) -> None:
    assert CatalogCache(tmp_path / "missing").load() is None


def test_stored_catalog_loads_back_with_its_metadata(tmp_path: Path) -> None:
    CatalogCache(tmp_path).store(result(), URL)
    cached = CatalogCache(tmp_path).load()
    assert cached is not None
    assert cached.body == BODY
    assert cached.fetched_at == WHEN
    assert cached.etag == '"abc"'
    assert cached.last_modified == "Wed, 04 Mar 2026 05:06:07 GMT"
    assert cached.url == URL


def test_cache_files_are_private(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    CatalogCache(directory).store(result(), URL)
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert {stat.S_IMODE(os.stat(p).st_mode) for p in directory.iterdir()} == {0o600}


def test_not_modified_refreshes_the_fetch_time_and_keeps_the_body(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    cache.store(result(), URL)
    later = WHEN + timedelta(hours=1)
    cache.store(result(not_modified=True, when=later), URL)
    cached = cache.load()
    assert cached is not None
    assert (cached.body, cached.fetched_at) == (BODY, later)


def test_damaged_metadata_reads_as_no_cache(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    cache.store(result(), URL)
    for damage in ("", "{", '{"url": 1}', "[]", '{"sha256": "x", "fetched_at": "never"}'):
        (tmp_path / CatalogCache.META).write_text(damage, encoding="utf-8")
        assert cache.load() is None, damage


def test_body_that_does_not_match_its_metadata_reads_as_no_cache(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    cache.store(result(), URL)
    (tmp_path / CatalogCache.BODY).write_bytes(BODY[:10])
    assert cache.load() is None


def test_missing_body_reads_as_no_cache(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    cache.store(result(), URL)
    (tmp_path / CatalogCache.BODY).unlink()
    assert cache.load() is None


def test_default_folder_is_the_platform_cache_dir(isolated_home: Path) -> None:
    CatalogCache().store(result(), URL)
    assert (isolated_home / ".cache" / "coderclaw-hf-tray" / CatalogCache.BODY).read_bytes() == BODY
