"""A large model list is parsed in a child process and comes back as the in-process parse would."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hftray.core import catalog_worker
from hftray.core.catalog_cache import CatalogCache, FetchResult
from hftray.core.catalog_parse import CatalogFormatError, parse_models_body
from tests.fakehf import generate_catalog

BODY = json.dumps(generate_catalog(40, seed=3)).encode()
URL = "http://127.0.0.1:9/v1/models"


def fetched(body: bytes = BODY) -> FetchResult:
    return FetchResult(body, '"tag"', None, datetime(2026, 2, 3, 10, 0, tzinfo=UTC))


class RecordingPool(ProcessPoolExecutor):
    """The real spawned child, noting in `sent` which functions were sent to it."""

    def __init__(self, sent: list[str]) -> None:
        super().__init__(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        self.sent = sent

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.sent.append(fn.__name__)
        return super().submit(fn, *args, **kwargs)


@pytest.fixture
def sent_to_child(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []
    monkeypatch.setattr(catalog_worker, "child_pool", lambda: RecordingPool(sent))
    return sent


def parse(body: bytes, cache: CatalogCache) -> list[Any]:
    return asyncio.run(catalog_worker.parse_and_store(fetched(body), URL, cache))


def test_a_body_at_the_threshold_is_parsed_in_a_child_as_it_would_be_here(
    sent_to_child: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(catalog_worker, "CHILD_PARSE_BYTES", len(BODY))
    cache = CatalogCache(tmp_path)

    models = parse(BODY, cache)

    assert sent_to_child == ["_parse_and_store"]
    assert models == parse_models_body(BODY)
    stored = cache.load()
    assert stored is not None and list(stored.models) == models
    assert stored.etag == '"tag"' and stored.url == URL
    assert multiprocessing.active_children() == []  # the child is gone once the list is back


def test_a_body_below_the_threshold_is_parsed_in_the_calling_thread(
    sent_to_child: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(catalog_worker, "CHILD_PARSE_BYTES", len(BODY) + 1)
    cache = CatalogCache(tmp_path)

    models = parse(BODY, cache)

    assert sent_to_child == []
    assert models == parse_models_body(BODY)
    stored = cache.load()
    assert stored is not None and list(stored.models) == models


def test_a_malformed_large_body_raises_the_format_error_with_its_fix(
    sent_to_child: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(catalog_worker, "CHILD_PARSE_BYTES", 10)
    cache = CatalogCache(tmp_path)

    with pytest.raises(CatalogFormatError) as raised:
        parse(b'{"object": "list", "data": {"id": "a/b"}}', cache)

    assert sent_to_child == ["_parse_and_store"]
    assert raised.value.fix and "base URL" in raised.value.fix
    assert cache.load() is None


def test_a_cache_that_cannot_be_written_still_gives_the_list(
    sent_to_child: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(catalog_worker, "CHILD_PARSE_BYTES", 10)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")

    models = parse(BODY, CatalogCache(blocked / "cache"))

    assert sent_to_child == ["_parse_and_store"]
    assert models == parse_models_body(BODY)


def test_without_a_child_process_the_body_is_parsed_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def no_processes() -> ProcessPoolExecutor:
        raise OSError("process limit reached")

    monkeypatch.setattr(catalog_worker, "CHILD_PARSE_BYTES", 10)
    monkeypatch.setattr(catalog_worker, "child_pool", no_processes)

    assert parse(BODY, CatalogCache(tmp_path)) == parse_models_body(BODY)


def qt_modules() -> list[str]:
    """Run in the child: which Qt modules the worker module brought in."""
    import hftray.core.catalog_worker  # noqa: F401 - what the child imports to parse

    qt = ("PySide6", "shiboken6", "qasync")
    return sorted(name for name in sys.modules if name.startswith(qt))


def test_the_child_does_not_import_qt() -> None:
    import PySide6.QtCore  # noqa: F401 - the parent runs Qt, as the tray does

    with catalog_worker.child_pool() as pool:
        assert pool.submit(qt_modules).result(timeout=60) == []
