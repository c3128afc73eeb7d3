"""Where CoderClaw keeps its files, decided once, the way CoderClaw decides it.

Every caller (tray, settings window, command line) asks `resolve_paths` and shows its reasons,
so the user can see *why* a config file or `.env` was picked. The rules are those of
coderclaw.md §1–3: `--config`, then the variables — with the gateway's service definition
winning over the process environment, because that is what the running daemon reads — then an
existing flat `~/.coderclaw/coderclaw.json`, then the profile or install-id folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import plistlib
import re
import shlex
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hftray.core.translatable import QT_TRANSLATE_NOOP

CONFIG_NAME = "coderclaw.json"
STATE_DIR_NAME = ".coderclaw"
PACKAGE_NAME = "@seanhogg/coderclaw"
PROGRAM_NAME = "coderclaw"
DEFAULT_AGENT_ID = "main"

ServiceKind = Literal["launchd", "systemd", "windows"]

_SERVICE_ORIGIN: dict[str, str] = {
    "launchd": "from the launchd plist",
    "systemd": "from the systemd unit",
    "windows": "from gateway.cmd",
}
_INSTALL_ID = re.compile(r"^[0-9a-f]{8}$")


@dataclass(frozen=True)
class Resolved:
    """A path and, in words, why it is the one used."""

    path: Path
    reason: str


@dataclass(frozen=True)
class ServiceDefinition:
    """The gateway service `coderclaw gateway install` wrote, with the environment it pins."""

    kind: ServiceKind
    path: Path
    environment: dict[str, str]

    @property
    def origin(self) -> str:
        """How a value that came from this definition is described ("from the systemd unit")."""
        return _SERVICE_ORIGIN[self.kind]


@dataclass(frozen=True)
class CoderClawPaths:
    home: Resolved
    state_dir: Resolved
    config: Resolved
    env_file: Resolved
    agent_dir: Resolved
    auth_profiles: Resolved
    service: ServiceDefinition | None
    nix_mode: bool
    notes: list[str] = field(default_factory=list)


class _Variables:
    """Looks a variable up in the service definition first, then in the process environment."""

    def __init__(self, environ: Mapping[str, str], service: ServiceDefinition | None) -> None:
        self._environ = environ
        self._service = service

    def get(self, name: str) -> tuple[str, str] | None:
        """The non-blank value of `name` and the reason to show for it."""
        if self._service is not None:
            value = self._service.environment.get(name, "").strip()
            if value:
                return value, f"{name} {self._service.origin}"
        value = self._environ.get(name, "").strip()
        return (value, name) if value else None


def resolve_paths(
    environ: Mapping[str, str] | None = None,
    *,
    config_override: Path | None = None,
    platform: str | None = None,
    config_data: Any = None,
) -> CoderClawPaths:
    """Resolve every CoderClaw path; `config_data` (the parsed config) refines the agent dir."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    notes: list[str] = []
    user_home = _user_home(env)

    service = _find_service(env, user_home, platform, notes)
    variables = _Variables(env, service)
    home = _resolve_home(env, variables)
    state_dir = _resolve_state_dir(home.path, env, variables, notes)
    config = _resolve_config(home.path, state_dir, variables, config_override)
    env_file = _resolve_env_file(home.path, variables)
    agent_dir = _resolve_agent_dir(home.path, state_dir.path, variables, config_data)
    nix = variables.get("CODERCLAW_NIX_MODE")
    return CoderClawPaths(
        home=home,
        state_dir=state_dir,
        config=config,
        env_file=env_file,
        agent_dir=agent_dir,
        auth_profiles=Resolved(agent_dir.path / "auth-profiles.json", agent_dir.reason),
        service=service,
        nix_mode=nix is not None and nix[0] == "1",
        notes=notes,
    )


def _user_home(environ: Mapping[str, str]) -> Path:
    """The login user's home: where launchd and systemd definitions live."""
    for name in ("HOME", "USERPROFILE"):
        value = environ.get(name, "").strip()
        if value:
            return Path(os.path.abspath(value))
    return Path.home()


def _resolve_home(environ: Mapping[str, str], variables: _Variables) -> Resolved:
    explicit = variables.get("CODERCLAW_HOME")
    if explicit is not None:
        value, reason = explicit
        return Resolved(_expand(value, _user_home(environ)), reason)
    for name in ("HOME", "USERPROFILE"):
        value = environ.get(name, "").strip()
        if value:
            return Resolved(Path(os.path.abspath(value)), name)
    return Resolved(Path.home(), QT_TRANSLATE_NOOP("PathReason", "the system's home folder"))


def _expand(value: str, home: Path) -> Path:
    """A user-given path with a leading `~` expanded, made absolute like Node's path.resolve."""
    if value == "~" or value.startswith(("~/", "~\\")):
        value = str(home) + value[1:]
    return Path(os.path.abspath(value))


def _resolve_state_dir(
    home: Path, environ: Mapping[str, str], variables: _Variables, notes: list[str]
) -> Resolved:
    explicit = variables.get("CODERCLAW_STATE_DIR")
    if explicit is not None:
        value, reason = explicit
        return Resolved(_expand(value, home), reason)
    return _default_state_dir(home, environ, variables, notes)


def _default_state_dir(
    home: Path, environ: Mapping[str, str], variables: _Variables, notes: list[str]
) -> Resolved:
    """Rules 3 and 4 of coderclaw.md §1; never points at a new flat file that would hide one."""
    base = home / STATE_DIR_NAME
    if (base / CONFIG_NAME).is_file():
        return Resolved(
            base, QT_TRANSLATE_NOOP("PathReason", "existing ~/.coderclaw/coderclaw.json")
        )
    profile = variables.get("CODERCLAW_PROFILE")
    if profile is not None and profile[0].lower() != "default":
        return Resolved(home / f"{STATE_DIR_NAME}-{profile[0]}", f"CODERCLAW_PROFILE={profile[0]}")
    existing = _install_id_configs(base)
    install = find_install_root(environ)
    if install is not None:
        install_id = install_id_of(install)
        others = [p for p in existing if p.parent.name != install_id]
        if others and not (base / install_id / CONFIG_NAME).is_file():
            notes.append(
                f"~/.coderclaw/{install_id}/coderclaw.json does not exist yet; "
                f"other configs found: {', '.join(str(p) for p in others)}"
            )
        return Resolved(base / install_id, f"install id {install_id} from {install}")
    if existing:
        chosen = existing[0]
        if len(existing) > 1:
            notes.append(
                f"several install-id configs found; using the most recently modified, {chosen} "
                f"(others: {', '.join(str(p) for p in existing[1:])})"
            )
        return Resolved(
            chosen.parent,
            f"existing ~/.coderclaw/{chosen.parent.name}/coderclaw.json (no CoderClaw on PATH)",
        )
    return Resolved(base, QT_TRANSLATE_NOOP("PathReason", "default"))


def _install_id_configs(base: Path) -> list[Path]:
    """`~/.coderclaw/<8 hex>/coderclaw.json` files, most recently modified first."""
    try:
        candidates = [
            d / CONFIG_NAME
            for d in base.iterdir()
            if _INSTALL_ID.match(d.name) and (d / CONFIG_NAME).is_file()
        ]
    except OSError:
        return []
    return sorted(candidates, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def find_install_root(environ: Mapping[str, str]) -> Path | None:
    """The real path of the `@seanhogg/coderclaw` package behind the `coderclaw` on PATH."""
    program = shutil.which(PROGRAM_NAME, path=environ.get("PATH", ""))
    if program is None:
        return None
    real = Path(os.path.realpath(program))
    for folder in real.parents:
        if _is_package_root(folder):
            return Path(os.path.realpath(folder))
    # Wrapper scripts that are not symlinks (npm's Windows shims, some package managers).
    shim_dir = Path(program).parent
    for folder in (
        shim_dir / "node_modules" / PACKAGE_NAME,
        shim_dir.parent / "lib" / "node_modules" / PACKAGE_NAME,
    ):
        if _is_package_root(folder):
            return Path(os.path.realpath(folder))
    return None


def _is_package_root(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("name") == PACKAGE_NAME


def install_id_of(package_root: Path) -> str:
    """First 8 hex digits of the SHA-256 of the package root's real path, as CoderClaw does."""
    return hashlib.sha256(str(package_root).encode("utf-8")).hexdigest()[:8]


def _resolve_config(
    home: Path, state_dir: Resolved, variables: _Variables, config_override: Path | None
) -> Resolved:
    if config_override is not None:
        return Resolved(_expand(str(config_override), home), "--config")
    explicit = variables.get("CODERCLAW_CONFIG_PATH")
    if explicit is not None:
        value, reason = explicit
        return Resolved(_expand(value, home), reason)
    return Resolved(state_dir.path / CONFIG_NAME, state_dir.reason)


def _resolve_env_file(home: Path, variables: _Variables) -> Resolved:
    """`.env` lives in $CODERCLAW_STATE_DIR or `~/.coderclaw` — never in an install-id folder."""
    explicit = variables.get("CODERCLAW_STATE_DIR")
    if explicit is not None:
        value, reason = explicit
        return Resolved(_expand(value, home) / ".env", reason)
    return Resolved(
        home / STATE_DIR_NAME / ".env",
        QT_TRANSLATE_NOOP("PathReason", "default (~/.coderclaw, as CoderClaw reads it)"),
    )


def _resolve_agent_dir(
    home: Path, state_dir: Path, variables: _Variables, config_data: Any
) -> Resolved:
    agent_id, configured = _default_agent(config_data)
    if configured is not None:
        value, reason = configured
        return Resolved(_expand(value, home), reason)
    for name in ("CODERCLAW_AGENT_DIR", "PI_CODING_AGENT_DIR"):
        explicit = variables.get(name)
        if explicit is not None:
            return Resolved(_expand(explicit[0], home), explicit[1])
    return Resolved(
        state_dir / "agents" / agent_id / "agent", QT_TRANSLATE_NOOP("PathReason", "default")
    )


def _default_agent(config_data: Any) -> tuple[str, tuple[str, str] | None]:
    """The default agent's id (entry with `default: true`, else the first, else "main") and
    its configured `agentDir` with the key path naming it."""
    agents = config_data.get("agents") if isinstance(config_data, dict) else None
    entries = agents.get("list") if isinstance(agents, dict) else None
    if not isinstance(entries, list):
        return DEFAULT_AGENT_ID, None
    indexed = [(i, e) for i, e in enumerate(entries) if isinstance(e, dict)]
    chosen = next(((i, e) for i, e in indexed if e.get("default") is True), None)
    if chosen is None and indexed:
        chosen = indexed[0]
    if chosen is None:
        return DEFAULT_AGENT_ID, None
    index, entry = chosen
    raw_id = entry.get("id")
    agent_id = _normalize_agent_id(raw_id) if isinstance(raw_id, str) else DEFAULT_AGENT_ID
    agent_dir = entry.get("agentDir")
    if isinstance(agent_dir, str) and agent_dir.strip():
        return agent_id, (agent_dir.strip(), f"agents.list[{index}].agentDir in the config")
    return agent_id, None


def _normalize_agent_id(raw: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", raw.strip().lower()).strip("-")
    return cleaned or DEFAULT_AGENT_ID


# --- service definitions -------------------------------------------------------------------


def _find_service(
    environ: Mapping[str, str], user_home: Path, platform: str, notes: list[str]
) -> ServiceDefinition | None:
    """The gateway service for `platform`, or None; unreadable definitions become a note."""
    if platform == "darwin":
        kind: ServiceKind = "launchd"
        path = user_home / "Library" / "LaunchAgents" / "ai.coderclaw.gateway.plist"
    elif platform.startswith("linux"):
        kind = "systemd"
        path = user_home / ".config" / "systemd" / "user" / "coderclaw-gateway.service"
    elif platform in ("win32", "cygwin"):
        kind = "windows"
        # gateway.cmd sits in the state dir the process environment points at.
        variables = _Variables(environ, None)
        home = _resolve_home(environ, variables).path
        path = _resolve_state_dir(home, environ, variables, []).path / "gateway.cmd"
    else:
        return None
    if not path.is_file():
        return None
    try:
        environment = _PARSERS[kind](path.read_bytes())
    except (OSError, ValueError, plistlib.InvalidFileException) as exc:
        notes.append(f"could not read the gateway service definition {path}: {exc}")
        return None
    return ServiceDefinition(kind=kind, path=path, environment=environment)


def parse_launchd_environment(data: bytes) -> dict[str, str]:
    """The EnvironmentVariables dict of a launchd plist (XML or binary)."""
    plist = plistlib.loads(data)
    variables = plist.get("EnvironmentVariables") if isinstance(plist, dict) else None
    if not isinstance(variables, dict):
        return {}
    return {str(k): str(v) for k, v in variables.items()}


def parse_systemd_environment(data: bytes) -> dict[str, str]:
    """`Environment=` assignments of a unit, quoted (`"A=b" "C=d"`) or bare; later ones win."""
    result: dict[str, str] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        stripped = line.strip()
        if not stripped.startswith("Environment="):
            continue
        for word in shlex.split(stripped[len("Environment=") :], comments=False, posix=True):
            name, sep, value = word.partition("=")
            if sep and name:
                result[name] = value
    return result


def parse_gateway_cmd_environment(data: bytes) -> dict[str, str]:
    """`set KEY=value` and `set "KEY=value"` lines of gateway.cmd."""
    result: dict[str, str] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        match = re.match(r"^\s*@?set\s+(.*?)\s*$", line, flags=re.IGNORECASE)
        if match is None or match.group(1).startswith("/"):
            continue
        assignment = match.group(1)
        if len(assignment) >= 2 and assignment.startswith('"') and assignment.endswith('"'):
            assignment = assignment[1:-1]
        name, sep, value = assignment.partition("=")
        if sep and name:
            result[name] = value
    return result


_PARSERS = {
    "launchd": parse_launchd_environment,
    "systemd": parse_systemd_environment,
    "windows": parse_gateway_cmd_environment,
}
