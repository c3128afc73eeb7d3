"""One tray per user: a second launch hands over to the first, stale sockets are taken over."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hftray.ui.single_instance import SHOW_SETTINGS, SingleInstance, server_name

pytestmark = pytest.mark.gui


@pytest.fixture
def name(tmp_path: Path) -> str:
    return server_name(str(tmp_path / "config"))


def test_name_differs_per_config_folder_and_hides_the_path(tmp_path: Path) -> None:
    first, second = server_name(str(tmp_path / "a")), server_name(str(tmp_path / "b"))
    assert first != second
    assert str(tmp_path) not in first
    assert first.startswith("coderclaw-hf-tray-")


def test_second_instance_hands_the_message_to_the_first(
    qapp: QApplication, qtbot: QtBot, name: str
) -> None:
    first, second = SingleInstance(name), SingleInstance(name)
    try:
        assert first.acquire()
        assert not second.acquire()
        with qtbot.waitSignal(first.messageReceived, timeout=5000) as received:
            assert second.send(SHOW_SETTINGS)
        assert received.args == [SHOW_SETTINGS]
    finally:
        first.release()


def test_name_is_free_again_after_release(qapp: QApplication, name: str) -> None:
    first = SingleInstance(name)
    assert first.acquire()
    first.release()
    again = SingleInstance(name)
    assert again.acquire()
    again.release()


@pytest.mark.skipif(sys.platform == "win32", reason="stale socket files exist on Unix only")
def test_stale_socket_of_a_crashed_instance_is_taken_over(qapp: QApplication, name: str) -> None:
    path = os.path.join(QDir.tempPath(), name)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(path)  # bound, never listening: what a killed instance leaves behind
    stale.close()
    assert os.path.exists(path)
    instance = SingleInstance(name)
    try:
        assert instance.acquire()
        assert SingleInstance(name).send(SHOW_SETTINGS)
    finally:
        instance.release()


def test_send_without_a_running_instance_reports_failure(qapp: QApplication, name: str) -> None:
    assert not SingleInstance(name).send(SHOW_SETTINGS)


def test_second_hftray_process_exits_and_leaves_the_first_running(
    qapp: QApplication, isolated_home: Path
) -> None:
    config = isolated_home / ".coderclaw" / "coderclaw.json"
    config.parent.mkdir()
    # The first instance refreshes the catalog: point it at a closed local port, not the internet.
    config.write_text('{models: {providers: {huggingface: {baseUrl: "http://127.0.0.1:9/v1"}}}}')
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "hftray"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        config_dir = Path(env["XDG_CONFIG_HOME"]) / "coderclaw-hf-tray"
        probe = SingleInstance(server_name(str(config_dir)))
        deadline = time.monotonic() + 60
        while not probe._ping():
            assert first.poll() is None, first.stdout.read() if first.stdout else ""
            assert time.monotonic() < deadline, "the first instance never started listening"
            time.sleep(0.1)
        second = subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)
        assert second.returncode == 0, second.stderr
        assert first.poll() is None
    finally:
        first.terminate()
        first.wait(30)
