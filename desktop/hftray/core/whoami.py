"""Who a token belongs to and whether it may call Inference Providers.

whoami-v2 is strictly rate-limited, so its answer is asked for only when a token is entered or
changed and then kept on disk (`WhoAmICache`), keyed by a hash of the token — never the token.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hftray.core.atomic import atomic_write_text
from hftray.core.catalog_cache import APP_NAME, default_cache_dir

log = logging.getLogger(__name__)

INFERENCE_PERMISSION = "inference.serverless.write"
INFERENCE_TOKEN_URL = (
    "https://huggingface.co/settings/tokens/new"
    "?ownUserPermissions=inference.serverless.write&tokenType=fineGrained"
)


@dataclass(frozen=True)
class WhoAmI:
    """The parts of a whoami-v2 answer the tray shows or decides on."""

    name: str
    fullname: str | None
    token_name: str | None
    role: str | None  # "read", "write", "fineGrained"; None for OAuth tokens with `auth: {}`
    can_call_inference: bool
    orgs: tuple[str, ...] = ()
    checked_at: datetime | None = None


def can_call_inference(body: Mapping[str, Any]) -> bool:
    """The permission rule of hf-api.md: a read or write token, or a fine-grained one holding
    `inference.serverless.write` globally or in any scoped entry."""
    token = _dict(_dict(body.get("auth")).get("accessToken"))
    role = token.get("role")
    if role in ("read", "write"):
        return True
    if role != "fineGrained":
        return False
    fine = _dict(token.get("fineGrained"))
    if INFERENCE_PERMISSION in _list(fine.get("global")):
        return True
    return any(
        INFERENCE_PERMISSION in _list(_dict(scope).get("permissions"))
        for scope in _list(fine.get("scoped"))
    )


def parse_whoami(body: Any, *, checked_at: datetime | None = None) -> WhoAmI:
    """Read a whoami-v2 body; ValueError when it is not one."""
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body["name"]:
        raise ValueError("the answer has no user name")
    token = _dict(_dict(body.get("auth")).get("accessToken"))
    return WhoAmI(
        name=body["name"],
        fullname=_str(body.get("fullname")),
        token_name=_str(token.get("displayName")),
        role=_str(token.get("role")),
        can_call_inference=can_call_inference(body),
        orgs=tuple(
            o["name"] for o in _list(body.get("orgs")) if isinstance(_dict(o).get("name"), str)
        ),
        checked_at=checked_at or datetime.now(UTC),
    )


class WhoAmICache:
    """The last whoami answer for the current token, so start-up never asks Hugging Face.

    One file, named after a salted SHA-256 of the token; storing a new answer removes the
    answers for other tokens. An unreadable file counts as no answer.
    """

    PREFIX = "whoami-"

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()

    def get(self, token: str) -> WhoAmI | None:
        path = self._path(token)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["orgs"] = tuple(data["orgs"])
            data["checked_at"] = datetime.fromisoformat(data["checked_at"])
            return WhoAmI(**data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("ignoring unreadable whoami cache %s: %s", path.name, type(exc).__name__)
            return None

    def put(self, token: str, who: WhoAmI) -> None:
        data = asdict(who) | {"checked_at": (who.checked_at or datetime.now(UTC)).isoformat()}
        path = self._path(token)
        atomic_write_text(path, json.dumps(data, ensure_ascii=False))
        self._remove_others(keep=path)

    def forget(self, token: str) -> None:
        self._path(token).unlink(missing_ok=True)

    def _path(self, token: str) -> Path:
        digest = hashlib.sha256(f"{APP_NAME}/whoami\0{token}".encode()).hexdigest()[:32]
        return self.directory / f"{self.PREFIX}{digest}.json"

    def _remove_others(self, keep: Path) -> None:
        for path in self.directory.glob(f"{self.PREFIX}*.json"):
            if path != keep:
                with contextlib.suppress(OSError):
                    path.unlink()


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
