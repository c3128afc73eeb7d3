"""The app and tray icons, with the tray glyph chosen to stand out on the taskbar's colour."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPalette

from hftray.core.resources import resource_path
from hftray.ui.tray_state import IconState


def system_is_dark() -> bool:
    """The colour scheme Qt reports, or a guess from the window colour when it says "unknown"."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    scheme = app.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def tray_icon_path(state: IconState, *, dark_taskbar: bool) -> Path:
    """A light glyph on a dark taskbar and a dark one on a light taskbar."""
    variant = "light" if dark_taskbar else "dark"
    return resource_path("icons", f"tray-{state.value}-{variant}.svg")


def tray_icon(state: IconState, *, dark_taskbar: bool) -> QIcon:
    """The tray icon; on macOS the menu bar tints template ("mask") icons itself, so the
    plain state is marked as one there."""
    icon = QIcon(str(tray_icon_path(state, dark_taskbar=dark_taskbar)))
    if sys.platform == "darwin" and state is IconState.READY:
        icon.setIsMask(True)
    return icon


def app_icon() -> QIcon:
    icon = QIcon(str(resource_path("icons", "hftray.svg")))
    icon.addFile(str(resource_path("icons", "hftray.png")))
    return icon
