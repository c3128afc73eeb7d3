"""A fake `coderclaw` program on PATH that records its calls and answers like the gateway CLI.

`gateway status --json` prints the JSON set with `set_status` (or raw text with
`set_status_text`); `gateway restart` exits 0, or fails with `fail_restart`. Every call's argv
is appended to a log, read back with `calls()`. Fixture `fake_coderclaw` (import
`fake_coderclaw_fixture`) puts it first on PATH.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_SCRIPT = """#!{python}
import json, pathlib, sys
here = pathlib.Path(__file__).resolve().parent
args = sys.argv[1:]
with open(here / "calls.jsonl", "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\\n")
if args[:3] == ["gateway", "status", "--json"]:
    sys.stdout.write((here / "status.txt").read_text(encoding="utf-8"))
    sys.exit(0)
if args[:2] == ["gateway", "restart"]:
    answer = json.loads((here / "restart.json").read_text(encoding="utf-8"))
    sys.stdout.write(answer["stdout"])
    sys.stderr.write(answer["stderr"])
    sys.exit(answer["code"])
sys.stderr.write("unknown command: " + " ".join(args) + "\\n")
sys.exit(2)
"""

RUNNING = {
    "service": {
        "label": "coderclaw-gateway.service",
        "loaded": True,
        "runtime": {"status": "running", "pid": 4242, "uptimeMs": 1000},
    },
    "gateway": {"port": 18789, "bindHost": "127.0.0.1"},
    "rpc": {"ok": True, "url": "ws://127.0.0.1:18789"},
    "somethingNew": {"nested": [1, 2, 3]},
}


class FakeCoderClaw:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.program = directory / "coderclaw"
        self.program.write_text(_SCRIPT.format(python=sys.executable), encoding="utf-8")
        self.program.chmod(self.program.stat().st_mode | stat.S_IXUSR)
        self.set_status(RUNNING)
        self.succeed_restart()

    def set_status(self, data: Any) -> None:
        self.set_status_text(json.dumps(data))

    def set_status_text(self, text: str) -> None:
        (self.directory / "status.txt").write_text(text, encoding="utf-8")

    def succeed_restart(self, stdout: str = "Restarted coderclaw-gateway.service\n") -> None:
        self._restart(0, stdout, "")

    def fail_restart(self, code: int = 1, stderr: str = "Gateway service not loaded.\n") -> None:
        self._restart(code, "", stderr)

    def _restart(self, code: int, stdout: str, stderr: str) -> None:
        answer = {"code": code, "stdout": stdout, "stderr": stderr}
        (self.directory / "restart.json").write_text(json.dumps(answer), encoding="utf-8")

    def calls(self) -> list[list[str]]:
        log = self.directory / "calls.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(name="fake_coderclaw")
def fake_coderclaw_fixture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeCoderClaw]:
    """The fake program, first on PATH (the conftest's PATH has no real `coderclaw`)."""
    fake = FakeCoderClaw(tmp_path / "fake-bin")
    monkeypatch.setenv("PATH", f"{fake.directory}{os.pathsep}{os.environ['PATH']}")
    yield fake
