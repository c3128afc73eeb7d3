"""Which model list to show, and where it came from: shared by the tray and `hftray models`.

Start-up never waits for the network: the disk cache, else the built-in list (`load_startup`).
A refresh asks the router (conditionally when the cache allows it), keeps the answer on disk and
merges it with the built-in list; when it fails, the cache or the built-in list is returned
instead — within the client's timeout — together with the specific error, so the caller can
show both the list and why it is not live. Nothing here prints; `banner` words the source.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from hftray.core.catalog import Catalog, CatalogSource
from hftray.core.catalog_cache import CachedCatalog, CatalogCache
from hftray.core.catalog_model import CatalogModel
from hftray.core.errors import HFTrayError

if TYPE_CHECKING:  # the router client imports httpx: start-up only needs the cache
    from hftray.core.router_client import RouterClient

log = logging.getLogger(__name__)

NOT_FETCHED = "not fetched yet"
OFFLINE_MODE = "offline mode"

ClientFactory: TypeAlias = "Callable[[str, str, str | None], RouterClient]"
"""(router base URL, hub URL, token or None) -> client; tests pass their own timeouts."""


@dataclass(frozen=True)
class CatalogLoad:
    """A catalog to show and, when it is not live, the error that stopped the refresh."""

    catalog: Catalog
    error: HFTrayError | None = None

    @property
    def banner(self) -> str:
        return banner(self.catalog.source)


def _default_client(base_url: str, hub_url: str, token: str | None) -> RouterClient:
    from hftray.core.router_client import RouterClient

    return RouterClient(base_url, hub_url, token)


class CatalogLoader:
    """Loads and refreshes the catalog for one cache folder and one environment."""

    def __init__(
        self,
        cache: CatalogCache | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        client_factory: ClientFactory | None = None,
    ) -> None:
        self.cache = cache or CatalogCache()
        self.environ: Mapping[str, str] = {} if environ is None else environ
        self._client_factory = client_factory or _default_client

    def router_url(self, config_data: Any) -> str:
        """`models.providers.huggingface.baseUrl` from the config, else the public router."""
        from hftray.core.router_client import router_url_from_config

        return router_url_from_config(config_data)

    def load_startup(self, reason: str | None = None) -> Catalog:
        """The cached list, else the built-in one; disk only, no network. `reason` says why
        the list is not live (`NOT_FETCHED` at start-up, `OFFLINE_MODE`); None: not said."""
        return self._fallback(self.cache.load(), reason)

    def cache_age_seconds(self, now: datetime | None = None) -> float | None:
        """How old the stored list is; reads its metadata only, not the list."""
        fetched_at = self.cache.fetched_at()
        if fetched_at is None:
            return None
        return ((now or datetime.now(UTC)) - fetched_at).total_seconds()

    async def refresh(self, config_data: Any, token: str | None) -> CatalogLoad:
        """Fetch, store and merge the live list; on failure the cached or built-in list."""
        from hftray.core.catalog_worker import parse_and_store, store_quietly
        from hftray.core.router_client import hub_url_from_env

        cached = self.cache.load()
        try:
            client = self._client_factory(
                self.router_url(config_data), hub_url_from_env(self.environ), token
            )
            result = await client.fetch_models(cached)
            if result.not_modified and cached is not None:  # the client asked with this cache
                live: Sequence[CatalogModel] = cached.models
                store_quietly(self.cache, result, client.models_url, live)
            else:  # a large body is parsed in a child process, out of the UI's way
                live = await parse_and_store(result, client.models_url, self.cache)
        except HFTrayError as exc:  # a CatalogFormatError too
            log.info("catalog refresh failed: %s", exc)
            return CatalogLoad(self._fallback(cached, _reason(exc)), exc)
        return CatalogLoad(Catalog.from_live(live, CatalogSource("live", result.fetched_at)))

    def _fallback(self, cached: CachedCatalog | None, reason: str | None) -> Catalog:
        if cached is not None:
            source = CatalogSource("cached", cached.fetched_at, reason)
            return Catalog.from_live(cached.models, source)
        return Catalog.builtin(reason)


def _reason(exc: BaseException) -> str:
    """Why the list is not live, short enough for a banner."""
    from hftray.core.router_client import RouterOfflineError, RouterTimeoutError, RouterTLSError

    text = str(exc)
    offline = (RouterOfflineError, RouterTimeoutError, RouterTLSError)
    return f"offline: {text}" if isinstance(exc, offline) else text


def banner(source: CatalogSource, now: datetime | None = None) -> str:
    """Where the list came from, in words: "live, fetched 2 min ago", "cached from …"."""
    if source.kind == "live":
        when = source.fetched_at
        return "live, fetched " + (age_text(when, now) if when is not None else "just now")
    if source.kind == "cached" and source.fetched_at is not None:
        text = f"cached from {source.fetched_at.astimezone():%Y-%m-%d %H:%M}"
        return f"{text} ({source.reason})" if source.reason else text
    return f"built-in list ({source.reason or 'no connection'})"


def age_text(when: datetime, now: datetime | None = None) -> str:
    seconds = max(0.0, ((now or datetime.now(UTC)) - when).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"
