"""The catalog cache keeps the last list across restarts and never returns a damaged one."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hftray.core.catalog_cache import CatalogCache, FetchResult
from hftray.core.catalog_parse import parse_models_body

URL = "https://router.huggingface.co/v1/models"
BODY = (Path(__file__).parent / "data" / "router-models.json").read_bytes()
WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def result(body: bytes = BODY, *, not_modified: bool = False, when: datetime = WHEN) -> FetchResult:
    return FetchResult(body, '"abc"', "Wed, 04 Mar 2026 05:06:07 GMT", when, not_modified)


def test_nothing_stored_loads_as_none(tmp_path: Path) -> None:
    assert CatalogCache(tmp_path / "missing").load() is None


def test_stored_catalog_loads_back_with_its_metadata(tmp_path: Path) -> None:
    CatalogCache(tmp_path).store(result(), URL)
    cached = CatalogCache(tmp_path).load()
    assert cached is not None
    assert list(cached.models) == parse_models_body(BODY)
    assert cached.fetched_at == WHEN
    assert cached.etag == '"abc"'
    assert cached.last_modified == "Wed, 04 Mar 2026 05:06:07 GMT"
    assert cached.url == URL


def test_store_keeps_the_models_it_is_given_without_parsing_the_body(tmp_path: Path) -> None:
    models = parse_models_body(BODY)[:3]
    CatalogCache(tmp_path).store(result(b"not even json"), URL, models)
    cached = CatalogCache(tmp_path).load()
    assert cached is not None
    assert list(cached.models) == models


def test_the_raw_body_is_not_kept(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    CatalogCache(directory).store(result(), URL)
    assert {p.name for p in directory.iterdir()} == {CatalogCache.MODELS, CatalogCache.META}
    assert (directory / CatalogCache.MODELS).stat().st_size < len(BODY) / 2


def test_cache_files_are_private(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    CatalogCache(directory).store(result(), URL)
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert {stat.S_IMODE(os.stat(p).st_mode) for p in directory.iterdir()} == {0o600}


def test_not_modified_refreshes_the_fetch_time_and_keeps_the_list(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    stored = cache.store(result(), URL)
    models_file = tmp_path / CatalogCache.MODELS
    os.utime(models_file, ns=(0, 0))
    later = WHEN + timedelta(hours=1)
    cache.store(result(b"", not_modified=True, when=later), URL, stored.models)
    cached = cache.load()
    assert cached is not None
    assert (cached.models, cached.fetched_at) == (stored.models, later)
    assert models_file.stat().st_mtime_ns == 0  # only the metadata was written


def test_not_modified_without_the_cached_models_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cached models"):
        CatalogCache(tmp_path).store(result(b"", not_modified=True), URL)


def test_damaged_metadata_reads_as_no_cache(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    cache.store(result(), URL)
    for damage in ("", "{", '{"url": 1}', "[]", '{"sha256": "x", "fetched_at": "never"}'):
        (tmp_path / CatalogCache.META).write_text(damage, encoding="utf-8")
        assert cache.load() is None, damage


def test_models_that_do_not_match_their_metadata_read_as_no_cache(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    cache.store(result(), URL)
    data = (tmp_path / CatalogCache.MODELS).read_bytes()
    (tmp_path / CatalogCache.MODELS).write_bytes(data[:10])
    assert cache.load() is None


def test_missing_models_read_as_no_cache(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    cache.store(result(), URL)
    (tmp_path / CatalogCache.MODELS).unlink()
    assert cache.load() is None


def test_models_of_another_format_read_as_no_cache_even_with_a_matching_hash(
    tmp_path: Path,
) -> None:
    cache = CatalogCache(tmp_path)
    cache.store(result(), URL)
    for data in (b'{"format": 999}', b'{"format": 1, "models": {}}', b"[1, 2]"):
        (tmp_path / CatalogCache.MODELS).write_bytes(data)
        meta = json.loads((tmp_path / CatalogCache.META).read_text(encoding="utf-8"))
        meta["sha256"] = hashlib.sha256(data).hexdigest()
        (tmp_path / CatalogCache.META).write_text(json.dumps(meta), encoding="utf-8")
        assert cache.load() is None, data


def test_a_cache_left_by_an_earlier_version_reads_as_none_and_is_replaced(tmp_path: Path) -> None:
    old_meta = {
        "url": URL,
        "fetched_at": WHEN.isoformat(),
        "etag": '"abc"',
        "last_modified": None,
        "sha256": hashlib.sha256(BODY).hexdigest(),
        "size": len(BODY),
    }
    (tmp_path / CatalogCache.OLD_BODY).write_bytes(BODY)
    (tmp_path / CatalogCache.META).write_text(json.dumps(old_meta), encoding="utf-8")
    cache = CatalogCache(tmp_path)
    assert cache.load() is None
    cache.store(result(), URL)
    assert not (tmp_path / CatalogCache.OLD_BODY).exists()
    assert cache.load() is not None


def test_default_folder_is_the_platform_cache_dir(isolated_home: Path) -> None:
    CatalogCache().store(result(), URL)
    folder = isolated_home / ".cache" / "coderclaw-hf-tray"
    assert (folder / CatalogCache.MODELS).is_file()
    assert CatalogCache(folder).load() is not None


def test_fetched_at_reads_the_metadata_without_the_list(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    assert cache.fetched_at() is None
    cache.store(result(), URL)
    (tmp_path / CatalogCache.MODELS).write_bytes(b"not a model list")
    assert cache.fetched_at() == WHEN
    assert cache.load() is None  # the damaged list itself is not trusted
