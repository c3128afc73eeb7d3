"""The gateway's state, asked of the `coderclaw` program the way CoderClaw's own apps ask it.

`coderclaw gateway status --json` runs even when the config is invalid (coderclaw.md §6), so it
is the one reliable view of the daemon. Its JSON is not a documented contract: the reader takes
the few fields it understands from the places OpenClaw-style programs put them and ignores the
rest, and a reply it cannot read at all still yields a status that says so. Every call is
bounded by a timeout; nothing here runs a shell, and no token is ever put in an argument.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hftray.core.errors import HFTrayError

GATEWAY_PROGRAM = "coderclaw"
STATUS_TIMEOUT = 15.0

_RUNNING_WORDS = {"running", "active", "started", "ok", "up"}
_STOPPED_WORDS = {"stopped", "inactive", "dead", "exited", "not running", "failed", "down"}


class GatewayProgramMissingError(HFTrayError):
    """`coderclaw` is not on PATH, so the tray cannot ask or restart the gateway."""

    def __init__(self) -> None:
        super().__init__(
            "coderclaw is not on PATH",
            fix="install CoderClaw, or start the app from a session where `coderclaw` runs",
        )


class GatewayCommandError(HFTrayError):
    """A `coderclaw gateway …` command failed, timed out or could not be started."""


@dataclass(frozen=True)
class GatewayStatus:
    """What `coderclaw gateway status --json` said, reduced to what the tray shows."""

    running: bool | None  # None: the answer did not say
    service_loaded: bool | None
    pid: int | None
    port: int | None
    reachable: bool | None  # the gateway answered its own probe
    summary: str  # one line in words (English; the UI words the known states itself)
    raw: Mapping[str, Any] = field(default_factory=dict)


def find_program(environ: Mapping[str, str] | None = None) -> Path | None:
    """The `coderclaw` program on the PATH of `environ` (the process's by default)."""
    env = os.environ if environ is None else environ
    found = shutil.which(GATEWAY_PROGRAM, path=env.get("PATH", ""))
    return Path(found) if found else None


def _run(
    args: Sequence[str], environ: Mapping[str, str] | None, timeout: float
) -> subprocess.CompletedProcess[str]:
    program = find_program(environ)
    if program is None:
        raise GatewayProgramMissingError()
    command = [str(program), *args]
    shown = " ".join([GATEWAY_PROGRAM, *args])
    try:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=dict(environ) if environ is not None else None,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise GatewayCommandError(
            f"`{shown}` did not finish within {timeout:g} s",
            fix="run it in a terminal to see what it waits for",
        ) from None
    except OSError as exc:
        raise GatewayCommandError(
            f"`{shown}` could not be started: {exc.strerror or exc}",
            fix="check that the coderclaw program on PATH can be run",
        ) from None


def _failure(shown: str, done: subprocess.CompletedProcess[str]) -> GatewayCommandError:
    lines = (done.stderr or done.stdout or "").strip().splitlines()
    reason = lines[-1] if lines else "no output"
    return GatewayCommandError(
        f"`{shown}` failed (exit status {done.returncode}): {reason}",
        fix="run `coderclaw doctor` in a terminal for details",
    )


def gateway_status(
    environ: Mapping[str, str] | None = None, *, timeout: float = STATUS_TIMEOUT
) -> GatewayStatus:
    """Ask `coderclaw gateway status --json`; raises the errors above."""
    done = _run(["gateway", "status", "--json"], environ, timeout)
    text = done.stdout.strip()
    if done.returncode != 0 and not text.startswith("{"):
        raise _failure("coderclaw gateway status --json", done)
    try:
        data = json.loads(text)
    except ValueError:
        raise GatewayCommandError(
            "`coderclaw gateway status --json` did not answer with JSON",
            fix="update CoderClaw, or run the command in a terminal to see what it says",
        ) from None
    if not isinstance(data, dict):
        raise GatewayCommandError(
            "`coderclaw gateway status --json` answered with something other than an object",
            fix="update CoderClaw",
        )
    return parse_status(data)


def parse_status(data: Mapping[str, Any]) -> GatewayStatus:
    """Read the fields we understand wherever they sit; unknown ones are kept in `raw` only."""
    service = _dict(data.get("service"))
    runtime = _dict(service.get("runtime")) or _dict(data.get("runtime"))
    rpc = _dict(data.get("rpc")) or _dict(data.get("probe"))
    state_word = _first_str(runtime.get("status"), runtime.get("state"), data.get("status"))
    running = _first_bool(data.get("running"), runtime.get("running"))
    if running is None and state_word is not None:
        word = state_word.strip().lower()
        running = True if word in _RUNNING_WORDS else False if word in _STOPPED_WORDS else None
    reachable = _first_bool(rpc.get("ok"), data.get("reachable"))
    pid = _first_int(runtime.get("pid"), data.get("pid"))
    port = _first_int(
        _dict(data.get("gateway")).get("port"),
        _dict(data.get("port")).get("port"),
        data.get("port"),
    )
    loaded = _first_bool(service.get("loaded"), data.get("loaded"))
    return GatewayStatus(
        running=running,
        service_loaded=loaded,
        pid=pid,
        port=port,
        reachable=reachable,
        summary=_summary(running, state_word, pid, port),
        raw=dict(data),
    )


def _summary(running: bool | None, word: str | None, pid: int | None, port: int | None) -> str:
    if running is None:
        return f"state: {word}" if word else "the status did not say whether it runs"
    if not running:
        return "stopped" if word is None else f"not running ({word})"
    details = [f"pid {pid}" if pid is not None else "", f"port {port}" if port is not None else ""]
    extra = ", ".join(d for d in details if d)
    return f"running ({extra})" if extra else "running"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first_bool(*values: Any) -> bool | None:
    return next((v for v in values if isinstance(v, bool)), None)


def _first_int(*values: Any) -> int | None:
    return next((v for v in values if isinstance(v, int) and not isinstance(v, bool)), None)


def _first_str(*values: Any) -> str | None:
    return next((v for v in values if isinstance(v, str) and v.strip()), None)
