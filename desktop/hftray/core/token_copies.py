"""Which Hugging Face token CoderClaw will really use, and every other copy lying around.

The tray keeps the token in the keyring and writes `HF_TOKEN=` into the daemon's `.env`, but
CoderClaw (coderclaw.md §3) prefers an auth profile, then `HUGGINGFACE_HUB_TOKEN`, then
`HF_TOKEN`, then the config's `apiKey` — so a stale copy elsewhere silently wins. This module is
the one place that knows that order (`check_token_health`), and offers a fix per copy:
files CoderClaw itself rewrites (`.env`, `auth-profiles.json`) are updated or cleaned here;
the process environment, the service definition and `coderclaw.json` get a written
instruction instead — a service definition needs a daemon reload we cannot do safely, the
environment belongs to the user's session, and the config is edited only through the config
editor (patched text, validation, backups).

Token values never leave this module: copies carry a masked form (`mask_token`) and whether
they match the keyring, not the value.
"""

from __future__ import annotations

import hmac
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from hftray.core.atomic import atomic_write_text
from hftray.core.envfile import EnvFile
from hftray.core.errors import HFTrayError
from hftray.core.paths import CoderClawPaths, ServiceDefinition

HF_TOKEN = "HF_TOKEN"
HUB_TOKEN = "HUGGINGFACE_HUB_TOKEN"
TOKEN_VARIABLES = (HUB_TOKEN, HF_TOKEN)  # CoderClaw's order
PROFILE_ID = "huggingface:default"
PROVIDER = "huggingface"
API_KEY_PATH = "models.providers.huggingface.apiKey"
_VAR_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class TokenCopyError(HFTrayError):
    """A token copy could not be read or fixed."""


class Location(Enum):
    """Where a copy lives, in CoderClaw's order of preference."""

    AUTH_PROFILE = "auth profile"
    SERVICE = "gateway service definition"
    PROCESS_ENV = "process environment"
    ENV_FILE = ".env file"
    CONFIG_ENV = "config env"
    CONFIG_API_KEY = "config apiKey"


class FixAction(Enum):
    UPDATE = "update"  # write the keyring token over the copy
    REMOVE = "remove"


@dataclass(frozen=True)
class TokenCopy:
    """One copy of a token: where, masked, whether it matches the keyring, how to fix it."""

    location: Location
    name: str  # variable name, profile id or dotted config key
    path: Path | None
    masked: str
    matches_keyring: bool | None  # None when the keyring holds no token
    reaches_gateway: bool  # False for the tray's own environment when a service pins the daemon's
    wins_over_hf_token: bool  # beats the HF_TOKEN the tray writes into .env
    actions: tuple[FixAction, ...]  # empty: only `instruction` can fix it
    instruction: str

    @property
    def stale(self) -> bool:
        return self.matches_keyring is False

    def describe(self) -> str:
        where = f" in {self.path}" if self.path is not None else ""
        return f"{self.name} ({self.location.value}){where}: {self.masked}"


@dataclass(frozen=True)
class TokenHealth:
    effective: TokenCopy | None  # the token the gateway will use; None: no token at all
    copies: tuple[TokenCopy, ...]  # every copy found, most preferred first
    problems: tuple[str, ...]  # e.g. a `${VAR}` apiKey whose variable is missing

    @property
    def stale_copies(self) -> tuple[TokenCopy, ...]:
        return tuple(c for c in self.copies if c.stale)

    @property
    def ok(self) -> bool:
        """The gateway uses the keyring's token, and nothing stale could take over."""
        return (
            not self.problems
            and self.effective is not None
            and self.effective.matches_keyring is True
            and not any(c.stale and c.wins_over_hf_token for c in self.copies)
        )


def mask_token(token: str | None) -> str:
    """`hf_…wxyz`: enough to tell tokens apart, never enough to use one."""
    if not token:
        return "(none)"
    token = token.strip()
    prefix = "hf_" if token.startswith("hf_") else ""
    tail = token[-4:] if len(token) >= len(prefix) + 12 else ""
    return f"{prefix}…{tail}"


def check_token_health(
    paths: CoderClawPaths,
    keyring_token: str | None,
    environ: Mapping[str, str] | None = None,
    *,
    config_data: Any = None,
) -> TokenHealth:
    """Apply coderclaw.md §3 to every place a token can be and say which one wins.

    The gateway's environment is its service definition's when one exists (the daemon does not
    inherit the tray's session), else `environ`. `config_data` is the parsed coderclaw.json.
    """
    environ = os.environ if environ is None else environ
    problems: list[str] = []
    copies: list[TokenCopy] = []
    finder = _Finder(paths, keyring_token, config_data)

    copies.extend(finder.auth_profile_copies(problems))

    gateway_sources = finder.environment_sources(environ, problems)
    daemon_env: dict[str, str] = {}
    for source in reversed(gateway_sources):  # earlier sources are never overridden
        daemon_env.update(source.variables)
    for name in TOKEN_VARIABLES:
        for source in gateway_sources:
            value = source.variables.get(name, "").strip()
            if value:
                wins = name == HUB_TOKEN or source.location in (
                    Location.SERVICE,
                    Location.PROCESS_ENV,
                )
                copies.append(finder.copy(source.location, name, source.path, value, wins=wins))

    copies.extend(finder.api_key_copies(daemon_env, problems))

    if paths.service is not None:  # the tray's own environment: reaches `coderclaw` CLI runs only
        for name in TOKEN_VARIABLES:
            value = environ.get(name, "").strip()
            if value:
                copies.append(
                    finder.copy(Location.PROCESS_ENV, name, None, value, wins=False, gateway=False)
                )

    effective = next((c for c in copies if c.reaches_gateway), None)
    return TokenHealth(effective=effective, copies=tuple(copies), problems=tuple(problems))


@dataclass(frozen=True)
class _Source:
    location: Location
    path: Path | None
    variables: Mapping[str, str]


class _Finder:
    """Reads each place a token can be and turns what it finds into TokenCopy records."""

    def __init__(self, paths: CoderClawPaths, keyring_token: str | None, config: Any) -> None:
        self.paths = paths
        self.keyring_token = keyring_token.strip() if keyring_token else None
        self.config = config

    def copy(
        self,
        location: Location,
        name: str,
        path: Path | None,
        value: str,
        *,
        wins: bool,
        gateway: bool = True,
    ) -> TokenCopy:
        matches = None
        if self.keyring_token is not None:
            matches = hmac.compare_digest(value.strip().encode(), self.keyring_token.encode())
        editable = location in (Location.AUTH_PROFILE, Location.ENV_FILE)
        return TokenCopy(
            location=location,
            name=name,
            path=path,
            masked=mask_token(value),
            matches_keyring=matches,
            reaches_gateway=gateway,
            wins_over_hf_token=wins,
            actions=(FixAction.UPDATE, FixAction.REMOVE) if editable else (),
            instruction=_instruction(location, name, path, self.paths.service, gateway),
        )

    def auth_profile_copies(self, problems: list[str]) -> list[TokenCopy]:
        path = self.paths.auth_profiles.path
        try:
            store = _read_auth_store(path)
        except TokenCopyError as exc:
            problems.append(str(exc))
            return []
        found = sorted(_huggingface_profiles(store), key=lambda item: item[0] != PROFILE_ID)
        return [
            self.copy(Location.AUTH_PROFILE, profile_id, path, secret, wins=True)
            for profile_id, secret in found
        ]

    def environment_sources(self, environ: Mapping[str, str], problems: list[str]) -> list[_Source]:
        """The gateway's environment layers, most preferred first (§2)."""
        service = self.paths.service
        sources = [
            _Source(Location.SERVICE, service.path, service.environment)
            if service is not None
            else _Source(Location.PROCESS_ENV, None, environ)
        ]
        env_path = self.paths.env_file.path
        try:
            sources.append(_Source(Location.ENV_FILE, env_path, EnvFile.load(env_path).as_dict()))
        except HFTrayError as exc:
            problems.append(str(exc))
        sources.append(_Source(Location.CONFIG_ENV, self.paths.config.path, self._config_env()))
        return sources

    def api_key_copies(self, daemon_env: Mapping[str, str], problems: list[str]) -> list[TokenCopy]:
        raw = _dig(self.config, "models", "providers", PROVIDER, "apiKey")
        if not isinstance(raw, str) or not raw.strip():
            return []
        references = _VAR_REF.findall(raw)
        missing = [v for v in references if not daemon_env.get(v, "").strip()]
        if missing:
            problems.append(
                f"{API_KEY_PATH} refers to ${{{missing[0]}}}, which is not set: CoderClaw "
                "rejects the whole config; set the variable or remove the apiKey"
            )
            return []
        if set(references) & set(TOKEN_VARIABLES):
            return []  # the same variable is already reported above
        value = _VAR_REF.sub(lambda m: daemon_env[m.group(1)], raw)
        name = f"{API_KEY_PATH} ({raw.strip()})" if references else API_KEY_PATH
        return [self.copy(Location.CONFIG_API_KEY, name, self.paths.config.path, value, wins=False)]

    def _config_env(self) -> dict[str, str]:
        """`env.vars` and plain string entries of `env` in coderclaw.json."""
        env = _dig(self.config, "env")
        if not isinstance(env, dict):
            return {}
        result = {k: v for k, v in env.items() if isinstance(v, str)}
        variables = env.get("vars")
        if isinstance(variables, dict):
            result.update({k: v for k, v in variables.items() if isinstance(v, str)})
        return result


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _instruction(
    location: Location,
    name: str,
    path: Path | None,
    service: ServiceDefinition | None,
    reaches_gateway: bool,
) -> str:
    if location is Location.AUTH_PROFILE:
        return f"Update or remove the {name} profile in {path}."
    if location is Location.ENV_FILE:
        return f"Update or remove {name} in {path}, then run `coderclaw gateway restart`."
    if location is Location.SERVICE and service is not None:
        if service.kind == "systemd":
            return (
                f"Remove {name} from the Environment= lines of {service.path}, then run "
                "`systemctl --user daemon-reload` and `coderclaw gateway restart`."
            )
        if service.kind == "launchd":
            return (
                f"Remove the {name} entry from EnvironmentVariables in {service.path}, then run "
                f"`launchctl unload {service.path}` and `launchctl load {service.path}`."
            )
        return (
            f"Remove the `set {name}=…` line from {service.path}, then run "
            "`coderclaw gateway restart`."
        )
    if location is Location.PROCESS_ENV:
        scope = (
            "the gateway started from this session"
            if reaches_gateway
            else "`coderclaw` commands run from this session (not the gateway service)"
        )
        return (
            f"{name} is set in the environment the tray was started from and wins for {scope}; "
            "remove it where it is set (shell profile or system environment settings), then "
            "sign out and back in."
        )
    if location is Location.CONFIG_ENV:
        return f"Remove env.vars.{name} (or env.{name}) from {path}."
    return (
        f"Remove {API_KEY_PATH} from {path}: a token does not belong in coderclaw.json; "
        "the tray writes HF_TOKEN to .env instead."
    )


# --- fixes -----------------------------------------------------------------------------------


def apply_fix(copy: TokenCopy, action: FixAction, token: str | None = None) -> None:
    """Update (`token` required) or remove one copy; only `.env` and auth profiles qualify."""
    if action not in copy.actions or copy.path is None:
        raise TokenCopyError(
            f"the tray cannot change {copy.name} ({copy.location.value}) itself",
            fix=copy.instruction,
        )
    new = token.strip() if token else ""
    if action is FixAction.UPDATE and not new:
        raise TokenCopyError("no token to write", fix="store a token in the tray first")
    if copy.location is Location.ENV_FILE:
        env = EnvFile.load(copy.path)
        if action is FixAction.UPDATE:
            env.set(copy.name, new)
        else:
            env.remove(copy.name)
        env.save()
    elif action is FixAction.UPDATE:
        update_auth_profile(copy.path, copy.name, new)
    else:
        remove_auth_profile(copy.path, copy.name)


def update_auth_profile(path: Path, profile_id: str, token: str) -> None:
    """Put `token` into one profile's secret field, keeping every other profile and key."""
    store = _read_auth_store(path)
    profile = _profiles(store).get(profile_id)
    if not isinstance(profile, dict):
        raise TokenCopyError(f"{path} has no profile {profile_id}", fix="check the token again")
    field = "token" if profile.get("type") == "token" else "key"
    profile[field] = token.strip()
    _write_auth_store(path, store)


def remove_auth_profile(path: Path, profile_id: str) -> None:
    """Drop one profile and the bookkeeping that names it (order, lastGood, usageStats).

    The whole profile goes rather than just its key: an api_key profile without a key is one
    CoderClaw would still try first.
    """
    store = _read_auth_store(path)
    profiles = _profiles(store)
    if profile_id not in profiles:
        return
    del profiles[profile_id]
    for section in ("order", "lastGood", "usageStats"):
        value = store.get(section)
        if not isinstance(value, dict):
            continue
        value.pop(profile_id, None)
        for key in list(value):
            if value[key] == profile_id:
                del value[key]
            elif isinstance(value[key], list) and profile_id in value[key]:
                value[key] = [item for item in value[key] if item != profile_id]
    _write_auth_store(path, store)


def write_hf_token_to_env(paths: CoderClawPaths, token: str) -> Path:
    """`hftray env sync`: write HF_TOKEN into the daemon's `.env` (0600), keeping the rest."""
    token = token.strip()
    if not token:
        raise TokenCopyError("no token to write", fix="store a token in the tray first")
    env = EnvFile.load(paths.env_file.path)
    env.set(HF_TOKEN, token)
    env.save()
    return paths.env_file.path


def _read_auth_store(path: Path) -> dict[str, Any]:
    """auth-profiles.json as a dict; a missing file is an empty store."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise TokenCopyError(
            f"cannot read {path}: {exc.strerror or exc}", fix="check the file's permissions"
        ) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise TokenCopyError(
            f"{path} is not valid JSON (line {getattr(exc, 'lineno', '?')})",
            fix="repair or delete the file; CoderClaw's onboarding recreates it",
        ) from None  # the parser's message may quote the file, i.e. a token
    if not isinstance(data, dict):
        raise TokenCopyError(f"{path} is not a JSON object", fix="repair or delete the file")
    return data


def _profiles(store: dict[str, Any]) -> dict[str, Any]:
    profiles = store.get("profiles")
    return profiles if isinstance(profiles, dict) else {}


def _huggingface_profiles(store: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(profile id, secret) for every Hugging Face profile holding a secret."""
    for profile_id, profile in _profiles(store).items():
        if not isinstance(profile, dict):
            continue
        provider = profile.get("provider") or str(profile_id).split(":", 1)[0]
        if provider != PROVIDER:
            continue
        for field in ("key", "token"):
            secret = profile.get(field)
            if isinstance(secret, str) and secret.strip():
                yield str(profile_id), secret
                break


def _write_auth_store(path: Path, store: dict[str, Any]) -> None:
    """Written as CoderClaw writes it: 2-space JSON, trailing newline, 0600, atomically."""
    atomic_write_text(path, json.dumps(store, indent=2, ensure_ascii=False) + "\n")
