"""`hftray` run as the installed program, the way scripts run it.

The keyring is a test backend chosen with PYTHON_KEYRING_BACKEND (a JSON file under tmp, since an
in-memory one dies with each process); the fake Hugging Face serves router and hub on 127.0.0.1.
The token only ever travels through standard input.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakehf import TOKENS, FakeHF

REPO = Path(__file__).resolve().parent.parent
HFTRAY = Path(sys.prefix) / "bin" / "hftray"
GOOD = TOKENS["classic_read"]


@pytest.fixture
def fake() -> Iterator[FakeHF]:
    with FakeHF() as hf:
        yield hf


@pytest.fixture
def env(isolated_home: Path, tmp_path: Path) -> dict[str, str]:
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CODERCLAW_", "HF_", "HUGGINGFACE_", "DBUS_"))
    }
    environ.update(
        PYTHONPATH=str(REPO),
        PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
        HFTRAY_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
    )
    return environ


def write_config(home: Path, base_url: str) -> Path:
    folder = home / ".coderclaw"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / "coderclaw.json"
    path.write_text(
        "{\n  // kept\n"
        f'  models: {{ providers: {{ huggingface: {{ baseUrl: "{base_url}", models: [] }} }} }},\n'
        "}\n"
    )
    return path


def hftray(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HFTRAY), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=False,
    )


def test_token_set_status_and_models_as_a_real_program(
    fake: FakeHF, env: dict[str, str], isolated_home: Path
) -> None:
    env["HF_ENDPOINT"] = fake.url
    config = write_config(isolated_home, fake.router_base)

    token_set = hftray(env, "token", "set", stdin=GOOD + "\n")
    status = hftray(env, "status", "--json")
    models = hftray(env, "models", "--refresh", "--search", "DeepSeek-R1")

    assert token_set.returncode == 0, token_set.stderr
    assert "huggingface/deepseek-ai/DeepSeek-R1" in token_set.stdout
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["primary"] == "huggingface/deepseek-ai/DeepSeek-R1"
    assert report["token"]["gateway_uses"]["matches_keyring"] is True
    assert models.returncode == 0, models.stderr
    assert models.stdout.startswith("Source: live")
    whoami = fake.requests_to("/api/whoami-v2")
    assert [r.header("authorization") for r in whoami] == [f"Bearer {GOOD}"]
    for run in (token_set, status, models):
        assert GOOD not in run.stdout + run.stderr
        assert GOOD not in " ".join(str(a) for a in run.args)
    assert GOOD.encode() not in config.read_bytes()
    settings = isolated_home / ".config" / "coderclaw-hf-tray"
    for path in settings.rglob("*") if settings.exists() else []:
        assert GOOD.encode() not in path.read_bytes()


def test_network_cut_shows_the_built_in_list_and_the_reason(
    env: dict[str, str], isolated_home: Path
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    env["HF_ENDPOINT"] = url
    write_config(isolated_home, url + "/v1")

    run = hftray(env, "models", "--refresh")

    assert run.returncode == 0
    assert run.stderr.startswith("hftray: warning: cannot reach 127.0.0.1")
    assert len(run.stderr.splitlines()) == 1
    assert run.stdout.startswith("Source: built-in list (offline: cannot reach")


def test_unparsable_config_fails_with_one_line_and_stays_as_it_was(
    env: dict[str, str], isolated_home: Path
) -> None:
    config = write_config(isolated_home, "https://router.huggingface.co/v1")
    config.write_text('{ agents: { defaults: { model: { primary: "x" } }\n')
    before = config.read_bytes()

    run = hftray(env, "primary", "Qwen/Qwen3-8B")

    assert run.returncode == 1
    assert len(run.stderr.splitlines()) == 1
    assert "JSON5 syntax error at line 2" in run.stderr
    assert config.read_bytes() == before
    assert not config.with_name("coderclaw.json.bak").exists()


def test_locked_keyring_fails_with_one_line(
    fake: FakeHF, env: dict[str, str], isolated_home: Path
) -> None:
    env["HF_ENDPOINT"] = fake.url
    env["PYTHON_KEYRING_BACKEND"] = "tests.support.file_keyring.LockedKeyring"
    write_config(isolated_home, fake.router_base)

    run = hftray(env, "token", "set", stdin=GOOD)

    assert run.returncode == 1
    assert len(run.stderr.splitlines()) == 1
    assert "locked" in run.stderr
    assert not (isolated_home / ".coderclaw" / ".env").exists()


def test_subcommands_never_import_qt(env: dict[str, str], isolated_home: Path) -> None:
    code = (
        "import sys; from hftray.cli import main; rc = main(['models', '--offline']); "
        "assert 'PySide6' not in sys.modules, 'Qt imported'; sys.exit(rc)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )

    assert run.returncode == 0, run.stderr
