"""Saving, checking and removing the Hugging Face token: the Account page and `hftray token`.

Saving follows product.md's order: check the token with Hugging Face (a rejected one is kept
only when the user insists), store it in the token store, write `HF_TOKEN=` into the daemon's
`.env` (0600), then look for every copy that would win over it. When the config has no primary
yet, CoderClaw's own default is set, as its onboarding does. A failure before the `.env` write
leaves everything as it was; a failing `.env` write puts the previous token back in the store.
The config step comes last and never undoes the token: when it cannot be done (Nix mode, a
broken file) the result says why in `notes`.

Nothing here prints or logs a token; results carry masked copies only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hftray.core.catalog import Catalog
from hftray.core.config_edit import apply_edit
from hftray.core.config_file import load_config
from hftray.core.envfile import EnvFile
from hftray.core.errors import HFTrayError
from hftray.core.paths import CoderClawPaths
from hftray.core.refs import parse_ref
from hftray.core.routing import read_routing, set_primary
from hftray.core.token_copies import (
    HF_TOKEN,
    TokenCopy,
    TokenHealth,
    check_token_health,
    write_hf_token_to_env,
)
from hftray.core.whoami import INFERENCE_TOKEN_URL, WhoAmI, WhoAmICache

if TYPE_CHECKING:  # httpx and keyring are imported by the flows that use them, not on import
    from hftray.core.router_client import RouterError
    from hftray.core.token_store import BackendInfo, TokenStorage

log = logging.getLogger(__name__)

DEFAULT_PRIMARY = "huggingface/deepseek-ai/DeepSeek-R1"  # CoderClaw's own default
TOKENS_PAGE = "https://huggingface.co/settings/tokens"

Checker = Callable[[str], Awaitable[WhoAmI]]
"""Asks Hugging Face who a token belongs to (raises RouterError)."""


class TokenInputError(HFTrayError):
    """What the user gave as a token cannot be one."""


class TokenNotStoredError(HFTrayError):
    """Hugging Face rejected the token, so it was not stored; `cause` says how."""

    def __init__(self, cause: RouterError) -> None:
        detail = f" ({cause.detail})" if cause.detail else ""
        super().__init__(
            f"token rejected by Hugging Face{detail}; it was not stored",
            fix=f"copy the token again from {TOKENS_PAGE}, or store it anyway if you are sure",
        )
        self.cause = cause


class NoTokenError(HFTrayError):
    """There is no token in the store."""

    def __init__(self) -> None:
        super().__init__(
            "no Hugging Face token is stored",
            fix=f"add one (`hftray token set` or the Account page); create it at "
            f"{INFERENCE_TOKEN_URL}",
        )


def whoami_checker(config_data: Any, environ: Mapping[str, str]) -> Checker:
    """The real check: whoami-v2 on the hub HF_ENDPOINT names (huggingface.co by default)."""

    async def check(token: str) -> WhoAmI:
        from hftray.core.router_client import RouterClient, hub_url_from_env, router_url_from_config

        client = RouterClient(router_url_from_config(config_data), hub_url_from_env(environ), token)
        return await client.whoami()

    return check


@dataclass(frozen=True)
class TokenSaved:
    who: WhoAmI | None  # None when the check could not be made or was overridden
    check_error: RouterError | None  # why there is no `who`: offline, or rejected and forced
    backend: BackendInfo
    env_file: Path
    health: TokenHealth
    primary_set: str | None  # the default primary written because the config had none
    notes: tuple[str, ...]  # what the user should know beyond success

    @property
    def stale_copies(self) -> tuple[TokenCopy, ...]:
        return self.health.stale_copies


@dataclass(frozen=True)
class TokenChecked:
    who: WhoAmI
    backend: BackendInfo
    health: TokenHealth


@dataclass(frozen=True)
class TokenRemoved:
    backend: BackendInfo
    env_file: Path | None  # the `.env` our HF_TOKEN was removed from, if it was there
    health: TokenHealth


@dataclass(frozen=True)
class EnvSynced:
    env_file: Path
    health: TokenHealth


def clean_token(text: str) -> str:
    """The token as pasted: surrounding whitespace dropped; never echoed in an error."""
    token = text.strip()
    if not token:
        raise TokenInputError("no token was given", fix="paste the token, then press Enter")
    if any(ch.isspace() for ch in token) or not token.isascii() or not token.isprintable():
        raise TokenInputError(
            "the token contains spaces, line breaks or characters a token cannot have",
            fix=f"copy the token again from {TOKENS_PAGE}",
        )
    return token


async def save_token(
    text: str,
    *,
    store: TokenStorage,
    paths: CoderClawPaths,
    checker: Checker,
    environ: Mapping[str, str],
    catalog: Catalog | None = None,
    force: bool = False,
    whoami_cache: WhoAmICache | None = None,
) -> TokenSaved:
    """Check, store, write `.env`, find stale copies, set the default primary when none is set."""
    from hftray.core.router_client import RouterError, TokenFormatError, TokenRejectedError

    token = clean_token(text)
    previous = await store.aget()  # a locked or missing keyring fails here, before any call
    who: WhoAmI | None = None
    check_error: RouterError | None = None
    try:
        who = await checker(token)
    except TokenFormatError:
        raise
    except TokenRejectedError as exc:
        if not force:
            raise TokenNotStoredError(exc) from None
        check_error = exc
    except RouterError as exc:
        check_error = exc  # offline, rate-limited…: the token may well be good
    notes: list[str] = []
    if check_error is not None and not isinstance(check_error, TokenRejectedError):
        notes.append(f"the token could not be checked: {check_error.one_line()}")
    if who is not None and not who.can_call_inference:
        notes.append(
            f"this token of {who.name} may not call Inference Providers; create one with "
            f"'Make calls to Inference Providers': {INFERENCE_TOKEN_URL}"
        )

    await store.aset(token)
    try:
        env_file = write_hf_token_to_env(paths, token)
    except HFTrayError:
        await _put_back(store, previous)
        raise
    backend = await store.adescribe()
    if who is not None:
        _remember(whoami_cache, token, who)

    primary_set, config_data = _set_default_primary(paths, environ, catalog, notes)
    health = check_token_health(paths, token, environ, config_data=config_data)
    return TokenSaved(who, check_error, backend, env_file, health, primary_set, tuple(notes))


async def _put_back(store: TokenStorage, previous: str | None) -> None:
    try:
        if previous is None:
            await store.aremove()
        else:
            await store.aset(previous)
    except HFTrayError as exc:  # the original failure matters more; this one is logged
        log.warning("could not put the previous token back: %s", exc)


def _remember(cache: WhoAmICache | None, token: str, who: WhoAmI) -> None:
    try:
        (cache or WhoAmICache()).put(token, who)
    except HFTrayError as exc:
        log.warning("could not keep the token check: %s", exc)


def _set_default_primary(
    paths: CoderClawPaths,
    environ: Mapping[str, str],
    catalog: Catalog | None,
    notes: list[str],
) -> tuple[str | None, Any]:
    """Set CoderClaw's default primary when the config has none; (ref set or None, config data)."""
    try:
        loaded = load_config(paths.config.path)
        if read_routing(loaded.data).primary:
            return None, loaded.data
        if paths.nix_mode:
            notes.append(
                f"no primary model is set, and {paths.config.path} is read-only (Nix mode): "
                f"set {DEFAULT_PRIMARY} in your Nix configuration"
            )
            return None, loaded.data
        ref = parse_ref(DEFAULT_PRIMARY)

        def entry_for(r: Any) -> dict[str, Any] | None:
            return catalog.entry_for(r) if catalog is not None else None

        result = apply_edit(
            paths, lambda text: set_primary(text, ref, entry_for), environ=environ, loaded=loaded
        )
    except HFTrayError as exc:
        notes.append(f"the default primary model was not set: {exc.one_line()}")
        return None, None
    notes.extend(result.warnings)
    return DEFAULT_PRIMARY, result.after.data


async def check_stored_token(
    *,
    store: TokenStorage,
    paths: CoderClawPaths,
    checker: Checker,
    environ: Mapping[str, str],
    config_data: Any = None,
    whoami_cache: WhoAmICache | None = None,
) -> TokenChecked:
    """Ask Hugging Face about the stored token (a fresh answer, not the cached one)."""
    token = await store.aget()
    if token is None:
        raise NoTokenError()
    who = await checker(token)
    _remember(whoami_cache, token, who)
    backend = await store.adescribe()
    health = check_token_health(paths, token, environ, config_data=config_data)
    return TokenChecked(who, backend, health)


async def remove_token(
    *,
    store: TokenStorage,
    paths: CoderClawPaths,
    environ: Mapping[str, str],
    config_data: Any = None,
    whoami_cache: WhoAmICache | None = None,
) -> TokenRemoved:
    """Remove the token from the store, and our `HF_TOKEN` from `.env` when it is that token.

    A different `HF_TOKEN` in `.env` was not written by us for this token and is left alone
    (the health report lists it).
    """
    previous = await store.aget()
    await store.aremove()
    env_file: Path | None = None
    if previous is not None:
        try:
            env_file = _remove_env_copy(paths.env_file.path, previous)
        except HFTrayError:
            await _put_back(store, previous)
            raise
        (whoami_cache or WhoAmICache()).forget(previous)
    backend = await store.adescribe()
    health = check_token_health(paths, None, environ, config_data=config_data)
    return TokenRemoved(backend, env_file, health)


def _remove_env_copy(path: Path, token: str) -> Path | None:
    env = EnvFile.load(path)
    if env.get(HF_TOKEN) != token:
        return None
    env.remove(HF_TOKEN)
    env.save()
    return path


async def sync_env(
    *,
    store: TokenStorage,
    paths: CoderClawPaths,
    environ: Mapping[str, str],
    config_data: Any = None,
) -> EnvSynced:
    """`hftray env sync`: write the stored token into the daemon's `.env` as HF_TOKEN."""
    token = await store.aget()
    if token is None:
        raise NoTokenError()
    env_file = write_hf_token_to_env(paths, token)
    health = check_token_health(paths, token, environ, config_data=config_data)
    return EnvSynced(env_file, health)
