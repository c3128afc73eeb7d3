"""The last `/v1/models` answer on disk, so start-up shows a list at once, even offline.

Two files in the cache folder: the parsed model list in compact form (`catalog_compact`, a sixth
of the body's size and several times quicker to read back than parsing the body again) and a
small metadata JSON (when and where it was fetched, its ETag/Last-Modified, the list's SHA-256).
Each is replaced atomically and the hash ties them together, so a crash between the two writes,
a damaged file or one of an older format reads as "no cache" rather than as a wrong list.

The body itself is not kept: after a 304 the cached list is the answer, and the metadata is
all a conditional request needs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from hftray.core import catalog_compact
from hftray.core.atomic import atomic_write_bytes, atomic_write_text
from hftray.core.catalog_model import CatalogModel
from hftray.core.catalog_parse import parse_models_body

log = logging.getLogger(__name__)

APP_NAME = "coderclaw-hf-tray"


@dataclass(frozen=True)
class FetchResult:
    """A catalog answer: a new body, or a 304 (`not_modified`, empty body): the cache stands."""

    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    not_modified: bool = False


@dataclass(frozen=True)
class CachedCatalog:
    """The stored list: the router's models as parsed, before the merge with the built-in list."""

    models: tuple[CatalogModel, ...]
    fetched_at: datetime
    etag: str | None
    last_modified: str | None
    url: str


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME))


class CatalogCache:
    MODELS = "models.compact.json"
    META = "models.meta.json"
    OLD_BODY = "models.json"  # the raw body earlier versions kept; removed on the next store

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()

    def load(self) -> CachedCatalog | None:
        """The stored catalog, or None when there is none or it cannot be trusted."""
        try:
            meta = json.loads((self.directory / self.META).read_text(encoding="utf-8"))
            if meta.get("format") != catalog_compact.FORMAT:
                raise ValueError("stored in another format")
            data = (self.directory / self.MODELS).read_bytes()
            if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                raise ValueError("model list does not match its metadata")
            return CachedCatalog(
                models=tuple(catalog_compact.decode(data)),
                fetched_at=datetime.fromisoformat(meta["fetched_at"]),
                etag=_optional_str(meta.get("etag")),
                last_modified=_optional_str(meta.get("last_modified")),
                url=str(meta["url"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("ignoring unreadable catalog cache: %s", exc)
            return None

    def fetched_at(self) -> datetime | None:
        """When the stored list was fetched, from the small metadata file alone."""
        try:
            meta = json.loads((self.directory / self.META).read_text(encoding="utf-8"))
            return datetime.fromisoformat(meta["fetched_at"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("ignoring unreadable catalog cache: %s", exc)
            return None

    def store(
        self, result: FetchResult, url: str, models: Sequence[CatalogModel] | None = None
    ) -> CachedCatalog:
        """Keep `result` with its parsed `models` (parsed here from the body when not given).

        After a 304 pass the cached models: only the metadata (the new fetch time) is rewritten.
        """
        if models is None:
            if result.not_modified:
                raise ValueError("a 304 answer has no body: pass the cached models")
            models = parse_models_body(result.body)
        live = tuple(models)
        digest = self._stored_digest() if result.not_modified else None
        if digest is None:
            data = catalog_compact.encode(live)
            digest = hashlib.sha256(data).hexdigest()
            atomic_write_bytes(self.directory / self.MODELS, data, mode=0o600)
        meta = {
            "format": catalog_compact.FORMAT,
            "url": url,
            "fetched_at": result.fetched_at.isoformat(),
            "etag": result.etag,
            "last_modified": result.last_modified,
            "sha256": digest,
        }
        atomic_write_text(self.directory / self.META, json.dumps(meta, indent=1))
        with contextlib.suppress(OSError):
            (self.directory / self.OLD_BODY).unlink(missing_ok=True)
        return CachedCatalog(live, result.fetched_at, result.etag, result.last_modified, url)

    def _stored_digest(self) -> str | None:
        try:
            meta = json.loads((self.directory / self.META).read_text(encoding="utf-8"))
            if meta.get("format") != catalog_compact.FORMAT:
                return None
            return str(meta["sha256"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None
