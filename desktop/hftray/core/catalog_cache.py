"""The last `/v1/models` answer on disk, so start-up shows a list at once, even offline.

Two files in the cache folder: the body as received and a small metadata JSON (when and where it
was fetched, its ETag/Last-Modified, and the body's SHA-256). Each is replaced atomically and
the hash ties them together, so a crash between the two writes or a damaged file reads as
"no cache" rather than as a wrong list.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from hftray.core.atomic import atomic_write_bytes, atomic_write_text

log = logging.getLogger(__name__)

APP_NAME = "coderclaw-hf-tray"


@dataclass(frozen=True)
class FetchResult:
    """A catalog answer: a new body, or the cached one confirmed by a 304 (`not_modified`)."""

    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    not_modified: bool = False


@dataclass(frozen=True)
class CachedCatalog:
    body: bytes
    fetched_at: datetime
    etag: str | None
    last_modified: str | None
    url: str


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME))


class CatalogCache:
    BODY = "models.json"
    META = "models.meta.json"

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()

    def load(self) -> CachedCatalog | None:
        """The stored catalog, or None when there is none or it cannot be trusted."""
        try:
            meta = json.loads((self.directory / self.META).read_text(encoding="utf-8"))
            body = (self.directory / self.BODY).read_bytes()
            if hashlib.sha256(body).hexdigest() != meta["sha256"]:
                raise ValueError("body does not match its metadata")
            return CachedCatalog(
                body=body,
                fetched_at=datetime.fromisoformat(meta["fetched_at"]),
                etag=_optional_str(meta.get("etag")),
                last_modified=_optional_str(meta.get("last_modified")),
                url=str(meta["url"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("ignoring unreadable catalog cache: %s", exc)
            return None

    def store(self, result: FetchResult, url: str) -> CachedCatalog:
        """Keep `result`; after a 304 only the metadata (the new fetch time) is rewritten."""
        digest = hashlib.sha256(result.body).hexdigest()
        body_path = self.directory / self.BODY
        if not (result.not_modified and self._stored_digest() == digest):
            atomic_write_bytes(body_path, result.body, mode=0o600)
        meta = {
            "url": url,
            "fetched_at": result.fetched_at.isoformat(),
            "etag": result.etag,
            "last_modified": result.last_modified,
            "sha256": digest,
            "size": len(result.body),
        }
        atomic_write_text(self.directory / self.META, json.dumps(meta, indent=1))
        return CachedCatalog(result.body, result.fetched_at, result.etag, result.last_modified, url)

    def _stored_digest(self) -> str | None:
        try:
            meta = json.loads((self.directory / self.META).read_text(encoding="utf-8"))
            return str(meta["sha256"])
        except (OSError, ValueError, TypeError, KeyError):
            return None


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None
