"""Start-up and refresh through the compact cache show the same list as the router's body."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from hftray.core.catalog import Catalog
from hftray.core.catalog_cache import CatalogCache
from hftray.core.catalog_loader import NOT_FETCHED, CatalogLoader
from hftray.core.catalog_parse import CatalogFormatError
from hftray.core.router_client import CHECKED_BODY_BYTES
from tests.fakehf import FakeHF


def config_for(hf: FakeHF) -> dict[str, Any]:
    return {"models": {"providers": {"huggingface": {"baseUrl": hf.router_base}}}}


def loader_for(hf: FakeHF, cache_dir: Path) -> CatalogLoader:
    return CatalogLoader(CatalogCache(cache_dir), environ={"HF_ENDPOINT": hf.url})


def test_start_up_from_the_cache_shows_the_list_the_refresh_fetched(
    fake_hf: FakeHF, tmp_path: Path
) -> None:
    loader = loader_for(fake_hf, tmp_path / "cache")
    fetched = asyncio.run(loader.refresh(config_for(fake_hf), None)).catalog

    started = loader.load_startup(NOT_FETCHED)

    assert started.models == Catalog.from_body(fake_hf.models_body).models == fetched.models
    assert started.source.kind == "cached"
    assert started.source.fetched_at == fetched.source.fetched_at
    assert started.source.reason == NOT_FETCHED


def test_a_not_modified_answer_shows_the_cached_list_as_live_and_rewrites_only_the_metadata(
    fake_hf: FakeHF, tmp_path: Path
) -> None:
    loader = loader_for(fake_hf, tmp_path / "cache")
    first = asyncio.run(loader.refresh(config_for(fake_hf), None))
    models_file = tmp_path / "cache" / CatalogCache.MODELS
    os.utime(models_file, ns=(0, 0))

    again = asyncio.run(loader.refresh(config_for(fake_hf), None))

    assert fake_hf.requests[-1].header("If-None-Match") == fake_hf.etag
    assert again.error is None
    assert again.catalog.source.kind == "live"
    assert again.catalog.models == first.catalog.models
    assert models_file.stat().st_mtime_ns == 0
    cached = CatalogCache(tmp_path / "cache").load()
    assert cached is not None
    assert cached.fetched_at == again.catalog.source.fetched_at


def test_a_failed_refresh_shows_the_cached_list_with_the_error(
    fake_hf: FakeHF, tmp_path: Path
) -> None:
    loader = loader_for(fake_hf, tmp_path / "cache")
    first = asyncio.run(loader.refresh(config_for(fake_hf), None))
    fake_hf.set_failure("models", "status", status=500)

    failed = asyncio.run(loader.refresh(config_for(fake_hf), None))

    assert failed.error is not None
    assert failed.catalog.source.kind == "cached"
    assert failed.catalog.models == first.catalog.models


def test_a_damaged_cache_starts_with_the_built_in_list(fake_hf: FakeHF, tmp_path: Path) -> None:
    loader = loader_for(fake_hf, tmp_path / "cache")
    asyncio.run(loader.refresh(config_for(fake_hf), None))
    (tmp_path / "cache" / CatalogCache.MODELS).write_bytes(b'{"format": 1}')

    started = loader.load_startup(NOT_FETCHED)

    assert started.source.kind == "builtin"
    assert started.models == Catalog.builtin().models


def test_a_large_broken_body_is_judged_where_it_is_parsed_and_the_list_falls_back(
    fake_hf: FakeHF, tmp_path: Path
) -> None:
    fake_hf.models_body = b'{"object": "list", "data": [' + b" " * CHECKED_BODY_BYTES + b"oops"
    loader = loader_for(fake_hf, tmp_path / "cache")

    load = asyncio.run(loader.refresh(config_for(fake_hf), None))

    assert isinstance(load.error, CatalogFormatError)
    assert load.catalog.source.kind == "builtin"
    assert CatalogCache(tmp_path / "cache").load() is None
