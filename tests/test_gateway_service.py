"""Gateway state from `coderclaw gateway status --json`, autostart entries, backup review."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hftray.core import autostart
from hftray.core.backup_review import restore_reviewed, review_backup
from hftray.core.config_file import ConfigConflictError, list_backups
from hftray.core.gateway_service import (
    GatewayCommandError,
    GatewayProgramMissingError,
    find_program,
    gateway_status,
    parse_status,
)
from hftray.core.paths import resolve_paths
from tests.support.fake_coderclaw import FakeCoderClaw, fake_coderclaw_fixture  # noqa: F401


def test_status_is_read_from_the_program_and_unknown_fields_are_tolerated(
    fake_coderclaw: FakeCoderClaw,
) -> None:
    status = gateway_status()
    assert status.running is True
    assert status.pid == 4242
    assert status.port == 18789
    assert status.reachable is True
    assert status.service_loaded is True
    assert status.summary == "running (pid 4242, port 18789)"
    assert "somethingNew" in status.raw
    assert fake_coderclaw.calls() == [["gateway", "status", "--json"]]


def test_a_stopped_service_says_so() -> None:
    status = parse_status({"service": {"loaded": True, "runtime": {"status": "stopped"}}})
    assert status.running is False
    assert status.summary == "not running (stopped)"


def test_an_answer_without_known_fields_is_unknown_not_an_error() -> None:
    status = parse_status({"version": "2026.9.1", "weird": None})
    assert status.running is None
    assert status.pid is None and status.port is None


def test_a_missing_program_is_named() -> None:
    assert find_program() is None
    with pytest.raises(GatewayProgramMissingError, match="coderclaw is not on PATH"):
        gateway_status()


def test_text_that_is_not_json_is_a_readable_error(fake_coderclaw: FakeCoderClaw) -> None:
    fake_coderclaw.set_status_text("Gateway: running\n")
    with pytest.raises(GatewayCommandError, match="did not answer with JSON"):
        gateway_status()


def test_a_hanging_program_is_bounded_by_the_timeout(tmp_path: Path) -> None:
    program = tmp_path / "coderclaw"
    program.write_text("#!/bin/sh\nsleep 5\n", encoding="utf-8")
    program.chmod(0o755)
    environ = dict(os.environ, PATH=f"{tmp_path}{os.pathsep}/usr/bin:/bin")
    with pytest.raises(GatewayCommandError, match=r"did not finish within 0\.2 s"):
        gateway_status(environ, timeout=0.2)


# -- start at login ---------------------------------------------------------------------------


def test_start_at_login_writes_and_removes_an_xdg_autostart_entry(isolated_home: Path) -> None:
    path = autostart.set_start_at_login(True, platform="linux")
    assert path == isolated_home / ".config" / "autostart" / "coderclaw-hf-tray.desktop"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert "Exec=" in text and "Type=Application" in text
    assert autostart.is_enabled(platform="linux")
    autostart.set_start_at_login(False, platform="linux")
    assert not path.exists()
    assert not autostart.is_enabled(platform="linux")


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_start_at_login_is_pending_on_macos_and_windows(platform: str) -> None:
    assert not autostart.is_supported(platform)
    with pytest.raises(autostart.AutostartError, match="not available on this system yet"):
        autostart.set_start_at_login(True, platform=platform)


# -- backups ----------------------------------------------------------------------------------


def _config_with_backup(home: Path) -> Path:
    config = home / ".coderclaw" / "coderclaw.json"
    config.parent.mkdir()
    config.write_text("{\n  // now\n  gateway: { port: 18789 },\n}\n", encoding="utf-8")
    (home / ".coderclaw" / "coderclaw.json.bak").write_text(
        "{\n  // before\n  gateway: { port: 18790 },\n}\n", encoding="utf-8"
    )
    return config


def test_a_reviewed_backup_is_restored_and_the_current_file_becomes_bak(
    isolated_home: Path,
) -> None:
    config = _config_with_backup(isolated_home)
    paths = resolve_paths()
    (backup,) = list_backups(config)
    review = review_backup(paths, backup)
    assert "-  // now" in review.diff and "+  // before" in review.diff
    restore_reviewed(paths, review)
    assert "// before" in config.read_text(encoding="utf-8")
    assert "// now" in (config.parent / "coderclaw.json.bak").read_text(encoding="utf-8")


def test_restore_refuses_when_the_file_changed_after_the_review(isolated_home: Path) -> None:
    config = _config_with_backup(isolated_home)
    paths = resolve_paths()
    review = review_backup(paths, list_backups(config)[0])
    config.write_text("{\n  // edited meanwhile\n}\n", encoding="utf-8")
    with pytest.raises(ConfigConflictError):
        restore_reviewed(paths, review)
    assert "edited meanwhile" in config.read_text(encoding="utf-8")
