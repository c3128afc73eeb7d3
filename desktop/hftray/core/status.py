"""Everything `hftray status` reports, and the warnings the Routing page shows beside each ref.

One report, built from what the caller already has (paths, the loaded config or why it could not
be loaded, the token store's answer, a catalog): which files are used and why, where the token
is and which copy the gateway really uses, the routing settings, and every warning — from the
token-copy check, from the config's own checks, and for each configured ref from the catalog
(not served, provider gone, no live provider, same provider as the primary) and the allowlist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hftray.core.catalog import Catalog
from hftray.core.catalog_loader import banner
from hftray.core.config_edit import aliases_by_name
from hftray.core.config_file import LoadedConfig
from hftray.core.config_schema import validate
from hftray.core.errors import HFTrayError
from hftray.core.paths import CoderClawPaths, Resolved
from hftray.core.refs import RefError, config_ref
from hftray.core.routing import ALLOWLIST, Routing, read_routing
from hftray.core.token_copies import TokenCopy, TokenHealth, check_token_health
from hftray.core.token_store import BackendInfo, TokenStorage


@dataclass(frozen=True)
class StatusWarning:
    """`code` is stable for scripts and tests; `subject` names the ref, file or copy."""

    code: str
    subject: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "subject": self.subject, "message": self.message}


@dataclass(frozen=True)
class TokenState:
    """What the token store said: whether it holds a token, which backend, or its error."""

    stored: bool | None  # None: the store could not be asked
    backend: BackendInfo | None
    error: HFTrayError | None = None


@dataclass(frozen=True)
class StatusReport:
    paths: CoderClawPaths
    config_exists: bool
    token: TokenState
    health: TokenHealth
    routing: Routing | None
    catalog_banner: str
    warnings: list[StatusWarning] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report for `--json`: plain data, masked token copies only."""
        routing = self.routing
        backend = self.token.backend
        effective = self.health.effective
        return {
            "config": _resolved(self.paths.config) | {"exists": self.config_exists},
            "env_file": _resolved(self.paths.env_file),
            "state_dir": _resolved(self.paths.state_dir),
            "service": None
            if self.paths.service is None
            else {"kind": self.paths.service.kind, "path": str(self.paths.service.path)},
            "nix_mode": self.paths.nix_mode,
            "token": {
                "stored": self.token.stored,
                "backend": None if backend is None else backend.name,
                "secure": None if backend is None else backend.is_secure,
                "error": None if self.token.error is None else self.token.error.one_line(),
                "gateway_uses": None if effective is None else _copy(effective),
                "copies": [_copy(c) for c in self.health.copies],
            },
            "primary": routing.primary if routing else None,
            "fallbacks": list(routing.fallbacks) if routing else [],
            "aliases": dict(routing.aliases) if routing else {},
            "catalog": self.catalog_banner,
            "warnings": [w.as_dict() for w in self.warnings],
        }


def _resolved(resolved: Resolved) -> dict[str, Any]:
    return {"path": str(resolved.path), "reason": resolved.reason}


def _copy(copy: TokenCopy) -> dict[str, Any]:
    return {
        "location": copy.location.value,
        "name": copy.name,
        "path": None if copy.path is None else str(copy.path),
        "masked": copy.masked,
        "matches_keyring": copy.matches_keyring,
        "wins_over_hf_token": copy.wins_over_hf_token,
    }


async def read_token_state(store: TokenStorage) -> tuple[TokenState, str | None]:
    """Ask the store once; the token comes back separately so it never sits in a report."""
    try:
        backend = await store.adescribe()
    except HFTrayError as exc:
        return TokenState(None, None, exc), None
    try:
        token = await store.aget()
    except HFTrayError as exc:
        return TokenState(None, backend, exc), None
    return TokenState(token is not None, backend), token


def build_status(
    paths: CoderClawPaths,
    config: LoadedConfig | None,
    config_error: HFTrayError | None,
    token: TokenState,
    keyring_token: str | None,
    catalog: Catalog,
    environ: Mapping[str, str],
) -> StatusReport:
    """The report and all its warnings; no network, only small local files are read."""
    warnings: list[StatusWarning] = [
        StatusWarning("paths-note", "paths", note) for note in paths.notes
    ]
    data = config.data if config is not None else None
    config_name = str(paths.config.path)
    if config_error is not None:
        warnings.append(StatusWarning("config-unreadable", config_name, config_error.one_line()))
    if paths.nix_mode:
        warnings.append(
            StatusWarning(
                "nix-mode", config_name, "CoderClaw runs in Nix mode: the config is read-only"
            )
        )
    routing: Routing | None = None
    if config is not None:
        for problem in validate(data, environ=environ):
            warnings.append(StatusWarning("config-invalid", config_name, problem))
        try:
            routing = read_routing(data)
        except HFTrayError as exc:
            warnings.append(StatusWarning("routing-unreadable", config_name, exc.one_line()))

    health = check_token_health(paths, keyring_token, environ, config_data=data)
    warnings += token_warnings(token, health)
    if routing is not None:
        warnings += ref_warnings(routing, catalog)
    return StatusReport(
        paths=paths,
        config_exists=config is not None and config.exists,
        token=token,
        health=health,
        routing=routing,
        catalog_banner=banner(catalog.source),
        warnings=warnings,
    )


def token_warnings(token: TokenState, health: TokenHealth) -> list[StatusWarning]:
    """The store's problem, and every finding of the token-copy check."""
    warnings: list[StatusWarning] = []
    if token.error is not None:
        warnings.append(StatusWarning("keyring-error", "token", token.error.one_line()))
    elif token.stored is False:
        warnings.append(
            StatusWarning(
                "no-token", "token", "no Hugging Face token is stored — run `hftray token set`"
            )
        )
    for problem in health.problems:
        warnings.append(StatusWarning("token-problem", "token", problem))
    for copy in health.copies:
        if copy.stale:
            wins = "wins over HF_TOKEN and " if copy.wins_over_hf_token else ""
            warnings.append(
                StatusWarning(
                    "stale-token-copy",
                    copy.name,
                    f"{copy.describe()} {wins}differs from the stored token — {copy.instruction}",
                )
            )
    if token.stored and health.effective is None:
        warnings.append(
            StatusWarning(
                "gateway-has-no-token",
                "token",
                "the gateway finds no Hugging Face token — run `hftray env sync`",
            )
        )
    return warnings


def ref_warnings(routing: Routing, catalog: Catalog) -> list[StatusWarning]:
    """Warnings for the primary, each fallback and each aliased ref, in that order."""
    aliases = aliases_by_name(routing)
    entries: list[tuple[str, str]] = []
    if routing.primary:
        entries.append(("primary", routing.primary))
    entries += [("fallback", text) for text in routing.fallbacks]
    entries += [("alias", ref) for ref in routing.aliases]
    primary = config_ref(routing.primary, aliases) if routing.primary else None
    warnings: list[StatusWarning] = []
    checked: set[str] = set()
    for role, text in entries:
        try:
            ref = config_ref(text, aliases)
        except RefError as exc:
            warnings.append(StatusWarning("bad-ref", text, f"{role}: {exc.one_line()}"))
            continue
        if ref is None or (role == "alias" and ref.full in checked):
            continue  # another provider's model, or a ref already judged as primary/fallback
        checked.add(ref.full)
        against = primary if role == "fallback" else None
        for warning in catalog.check_ref(ref, primary=against):
            warnings.append(StatusWarning(warning.code, ref.full, f"{role}: {warning.message}"))
        if role != "alias" and routing.allowlist and ref.full not in routing.allowlist:
            where = ".".join(ALLOWLIST)
            warnings.append(
                StatusWarning(
                    "not-in-allowlist",
                    ref.full,
                    f"{role} {ref.full} is not in the allowlist ({where}), so CoderClaw drops "
                    "it — set it again with hftray to add its entry",
                )
            )
    return warnings


async def collect_status(
    paths: CoderClawPaths,
    config: LoadedConfig | None,
    config_error: HFTrayError | None,
    store: TokenStorage,
    catalog: Catalog,
    environ: Mapping[str, str],
) -> StatusReport:
    token, keyring_token = await read_token_state(store)
    return build_status(paths, config, config_error, token, keyring_token, catalog, environ)
