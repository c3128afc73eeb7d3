"""Starting the app: `hftray --exit-when-ready` comes up and quits; subcommands stay Qt-free."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hftray.cli import is_ui_invocation
from hftray.ui.app import UiOptions, parse_ui_options

pytestmark = pytest.mark.gui


def assert_starts_and_quits(*args: str) -> None:
    """`hftray --exit-when-ready [args]`, offscreen, exits 0 without a traceback."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "hftray", "--exit-when-ready", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_exit_when_ready_starts_and_quits_with_status_0(isolated_home: Path) -> None:
    assert_starts_and_quits()


def test_exit_when_ready_with_a_broken_config_still_comes_up(isolated_home: Path) -> None:
    config = isolated_home / ".coderclaw" / "coderclaw.json"
    config.parent.mkdir()
    config.write_text("{agents: {defaults: {model: ")
    assert_starts_and_quits("--page", "gateway")
    assert config.read_text() == "{agents: {defaults: {model: "


@pytest.mark.parametrize(
    ("args", "ui"),
    [
        ([], True),
        (["--exit-when-ready"], True),
        (["--page", "models"], True),
        (["--config", "/tmp/c.json", "--page=routing"], True),
        (["status"], False),
        (["--config", "/tmp/c.json", "status"], False),
        (["token", "set"], False),
        (["--help"], False),
    ],
)
def test_only_the_tray_options_start_the_tray(args: list[str], ui: bool) -> None:
    assert is_ui_invocation(args) is ui


def test_ui_options_are_parsed_and_the_rest_left_for_qt() -> None:
    options, rest = parse_ui_options(["--page", "models", "--exit-when-ready", "-platform", "x"])
    assert options == UiOptions(exit_when_ready=True, page="models")
    assert rest == ["-platform", "x"]


def test_an_unknown_page_is_refused_like_any_bad_option() -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_ui_options(["--page", "nowhere"])
    assert exit_info.value.code == 2


def test_ready_comes_before_the_log_file_and_qasync_are_imported(isolated_home: Path) -> None:
    """With asyncio, their imports cost a third of a bare Qt program's start: the first surface
    must not wait for them (offscreen it is the window, whose Account page imports asyncio)."""
    code = (
        "import sys\nfrom hftray.cli import main\nstatus = main(['--exit-when-ready'])\n"
        "late = ('qasync', 'logging.handlers')\n"
        "sys.exit(status or sorted(m for m in sys.modules if m.startswith(late)) or 0)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_subcommand_does_not_import_qt() -> None:
    code = (
        "import sys\nfrom hftray.cli import main\ntry:\n    main(['status'])\n"
        "except SystemExit:\n    pass\n"
        "sys.exit(any(m.startswith(('PySide6', 'qasync')) for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
