"""Start at login: an XDG autostart entry on Linux; macOS and Windows are still to come.

The installers will own the final mechanism (a LaunchAgent, a Run key or the installer's own
option). Until then the Linux desktop's standard is enough: a `.desktop` file in
`$XDG_CONFIG_HOME/autostart` that the session starts at login, removed again to turn it off.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from hftray.core.atomic import WriteFailedError, atomic_write_text
from hftray.core.errors import HFTrayError

ENTRY_NAME = "coderclaw-hf-tray.desktop"


class AutostartError(HFTrayError):
    """Start at login could not be turned on or off here."""


def is_supported(platform: str | None = None) -> bool:
    """Whether this system's start-at-login mechanism is implemented yet (Linux and BSDs)."""
    platform = sys.platform if platform is None else platform
    return not platform.startswith(("darwin", "win", "cygwin"))


def autostart_file(environ: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CONFIG_HOME/autostart/coderclaw-hf-tray.desktop` (`~/.config` by default)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "").strip()
    root = Path(base) if base else Path(env.get("HOME", str(Path.home()))) / ".config"
    return root / "autostart" / ENTRY_NAME


def is_enabled(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    return is_supported(platform) and autostart_file(environ).is_file()


def launch_command(environ: Mapping[str, str] | None = None) -> str:
    """How the session should start us: `hftray` from PATH, else this Python with `-m hftray`."""
    env = os.environ if environ is None else environ
    program = shutil.which("hftray", path=env.get("PATH", ""))
    if program:
        return shlex.quote(program)
    return f"{shlex.quote(sys.executable)} -m hftray"


def desktop_entry(command: str) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=CoderClaw HF Tray\n"
        "Comment=Hugging Face models and token for the CoderClaw gateway\n"
        f"Exec={command}\n"
        "Icon=coderclaw-hf-tray\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def set_start_at_login(
    enabled: bool,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> Path:
    """Write or remove the autostart entry; returns its path. Raises AutostartError."""
    if not is_supported(platform):
        raise AutostartError(
            "start at login is not available on this system yet",
            fix="add CoderClaw HF Tray to your login items by hand; the installer will offer it",
        )
    path = autostart_file(environ)
    if enabled:
        try:
            atomic_write_text(path, desktop_entry(launch_command(environ)), mode=0o644)
        except WriteFailedError as exc:
            raise AutostartError(exc.message, fix=exc.fix) from None
        return path
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(
            f"cannot remove {path}: {exc.strerror or exc}",
            fix="delete the file by hand",
        ) from None
    return path
