"""A real Secret Service for tests: a private D-Bus session bus with gnome-keyring on it.

The bus has no service directories, so nothing is started behind the test's back (no
gnome-keyring auto-activation, no prompter): a locked keyring then fails at once instead of
waiting on a dialog nobody can see. Everything lives under a fresh temporary folder and every
process is stopped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

DAEMON = shutil.which("gnome-keyring-daemon", path="/usr/bin:/bin:/usr/local/bin")
DBUS_DAEMON = shutil.which("dbus-daemon", path="/usr/bin:/bin:/usr/local/bin")
MISSING = (
    None
    if DAEMON and DBUS_DAEMON
    else "needs gnome-keyring-daemon and dbus-daemon (apt-get install gnome-keyring dbus "
    "libsecret-tools; `make test` does it on CI)"
)
PASSWORD = "keyring-test-password"
SECRETS_NAME = "org.freedesktop.secrets"
_DESKTOP_SESSION = {"DISPLAY", "WAYLAND_DISPLAY", "GNOME_KEYRING_CONTROL", "SSH_AUTH_SOCK"}

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@dataclass
class SecretServiceSession:
    """A running private bus; `start_keyring` puts gnome-keyring on it."""

    env: dict[str, str]
    bus: subprocess.Popen[str]
    keyring_daemon: subprocess.Popen[str] | None = None

    @property
    def address(self) -> str:
        return self.env["DBUS_SESSION_BUS_ADDRESS"]

    def start_keyring(self, password: str = PASSWORD) -> None:
        """Start gnome-keyring, unlocking (or creating) the login keyring with `password`."""
        assert DAEMON is not None
        self.stop_keyring()
        daemon = subprocess.Popen(
            [DAEMON, "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
            text=True,
        )
        assert daemon.stdin is not None
        daemon.stdin.write(password)
        daemon.stdin.close()
        self.keyring_daemon = daemon
        self._wait_for_secrets_service()

    def pause_keyring(self) -> None:
        """Freeze the daemon: D-Bus calls to it now wait forever, like a hung service."""
        assert self.keyring_daemon is not None
        self.keyring_daemon.send_signal(signal.SIGSTOP)

    def stop_keyring(self) -> None:
        daemon, self.keyring_daemon = self.keyring_daemon, None
        if daemon is not None:
            _stop(daemon)

    def lock_default_collection(self) -> None:
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            collection = secretstorage.get_default_collection(connection)
            collection.lock()
            assert collection.is_locked()
        finally:
            connection.close()

    def secret_tool_lookup(self, *attributes: str) -> str | None:
        """What libsecret's own command line finds, so the check does not trust our code."""
        done = subprocess.run(
            ["secret-tool", "lookup", *attributes],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return done.stdout if done.returncode == 0 else None

    def _wait_for_secrets_service(self) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        deadline = time.monotonic() + 10
        with open_dbus_connection(self.address) as connection:
            while time.monotonic() < deadline:
                reply = connection.send_and_get_reply(
                    message_bus.NameHasOwner(SECRETS_NAME), timeout=5
                )
                if reply.body[0]:
                    return
                assert self.keyring_daemon is not None
                if self.keyring_daemon.poll() is not None:
                    break
                time.sleep(0.02)
        raise RuntimeError(f"gnome-keyring-daemon did not take {SECRETS_NAME} on the test bus")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)  # a paused process ignores SIGTERM until resumed
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@contextlib.contextmanager
def private_session_bus(base_env: Mapping[str, str]) -> Iterator[SecretServiceSession]:
    """A private session bus (no keyring daemon yet) for processes run with the session's env.

    The env is `base_env` without the desktop session (display, keyring, agent), so gnome-keyring
    can neither show a prompt nor reach the real keyring. Used by the fixtures below and by
    scripts/screenshots.py.
    """
    assert DBUS_DAEMON is not None, MISSING
    # A short folder: D-Bus and gnome-keyring put UNIX sockets here (108-byte path limit).
    base = Path(tempfile.mkdtemp(prefix="hft-ss-"))
    runtime = base / "run"
    runtime.mkdir(mode=0o700)
    config = base / "bus.conf"
    config.write_text(_BUS_CONFIG.format(socket_dir=runtime), encoding="utf-8")
    env = {key: value for key, value in base_env.items() if key not in _DESKTOP_SESSION}
    env["XDG_RUNTIME_DIR"] = str(runtime)
    bus = subprocess.Popen(
        [DBUS_DAEMON, f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    session = SecretServiceSession(env=env, bus=bus)
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        if not address:
            raise RuntimeError("dbus-daemon did not print its address")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        yield session
    finally:
        session.stop_keyring()
        _stop(bus)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def secret_service_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[SecretServiceSession]:
    """A private session bus (no keyring daemon yet), made this process's session bus."""
    if MISSING:
        pytest.skip(MISSING)
    with private_session_bus(os.environ) as session:
        for key in ("DISPLAY", "WAYLAND_DISPLAY", "GNOME_KEYRING_CONTROL"):
            monkeypatch.delenv(key, raising=False)
        monkeypatch.setenv("XDG_RUNTIME_DIR", session.env["XDG_RUNTIME_DIR"])
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session.address)
        yield session


@pytest.fixture
def secret_service(secret_service_bus: SecretServiceSession) -> SecretServiceSession:
    """gnome-keyring running and unlocked on a private bus."""
    secret_service_bus.start_keyring()
    return secret_service_bus
