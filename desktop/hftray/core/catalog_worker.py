"""Parsing a large `/v1/models` body in a child process, so the UI thread keeps running.

`json.loads` holds the GIL for the whole body: on 10 000 models (9 MB) that is 100 ms and more
during which no other thread of the process, the UI's included, runs any Python; the 100 000
objects of the parse also bring on full garbage collections, which stop every thread as well.
So a body of `CHILD_PARSE_BYTES` or more is parsed in a child process, which also keeps the list
on disk (encoding it for the cache is another long `json.dumps`) and hands back the compact
encoding (`catalog_compact`, a sixth of the body), decoded here with only short holds of the GIL.
A smaller body (the router's list is about 100 KB today) is parsed in the calling thread:
starting a process would cost more than it saves.

The child is started with "spawn", a fresh interpreter (never a fork of a process running Qt and
threads); it imports this module and its Qt-free dependencies only, and exits once its list is
back. A frozen build must call `multiprocessing.freeze_support()` first thing in `main`.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from hftray.core import catalog_compact
from hftray.core.catalog_cache import CatalogCache, FetchResult
from hftray.core.catalog_model import CatalogModel
from hftray.core.catalog_parse import parse_models_body
from hftray.core.errors import HFTrayError

log = logging.getLogger(__name__)

CHILD_PARSE_BYTES = 1_000_000
"""From this size on a body is parsed in a child: `json.loads` then holds the GIL ~10 ms."""


def child_pool() -> ProcessPoolExecutor:
    """One spawned child for one parse; shut it down (`with`) when the answer is back."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


async def parse_and_store(result: FetchResult, url: str, cache: CatalogCache) -> list[CatalogModel]:
    """The models of `result.body`, kept in `cache` for the next start; parsed in a child
    process when the body is large. Raises `CatalogFormatError` for a body that is not a list."""
    if len(result.body) >= CHILD_PARSE_BYTES:
        try:
            with child_pool() as pool:
                compact, problem = await asyncio.wrap_future(
                    pool.submit(_parse_and_store, result, url, cache.directory)
                )
        except (OSError, BrokenProcessPool) as exc:  # no child: parse here, slower but working
            log.warning("could not parse the model list in a child process: %s", exc)
        else:
            if problem is not None:
                log.warning("could not keep the model list on disk: %s", problem)
            return catalog_compact.decode(compact)
    models = parse_models_body(result.body)
    store_quietly(cache, result, url, models)
    return models


def store_quietly(
    cache: CatalogCache, result: FetchResult, url: str, models: Sequence[CatalogModel]
) -> None:
    """Keep the answer for the next start; a cache that cannot be written costs only that."""
    problem = _store(cache, result, url, models)
    if problem is not None:
        log.warning("could not keep the model list on disk: %s", problem)


def _store(
    cache: CatalogCache, result: FetchResult, url: str, models: Sequence[CatalogModel]
) -> str | None:
    try:
        cache.store(result, url, models)
    except HFTrayError as exc:
        return str(exc)
    return None


def _parse_and_store(result: FetchResult, url: str, cache_dir: Path) -> tuple[bytes, str | None]:
    """In the child: the compact list, and why it could not be stored (None: it was)."""
    models = parse_models_body(result.body)
    return catalog_compact.encode(models), _store(CatalogCache(cache_dir), result, url, models)
