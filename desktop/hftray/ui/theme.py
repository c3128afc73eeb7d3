"""Light and dark: follow the system, with an override for screenshots and tests.

Qt follows the desktop's colour scheme by itself where the platform reports one (Windows, macOS,
GNOME and KDE through their portals). Without one (a bare X server, offscreen) `HFTRAY_COLOR_SCHEME`
= `light` or `dark` picks the scheme; when the platform cannot apply it, a Fusion palette is set.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

SCHEME_VARIABLE = "HFTRAY_COLOR_SCHEME"
_SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}


def dark_palette() -> QPalette:
    """Fusion outlines check boxes and radio buttons with the window colour darkened, filled with
    the base colour: the window must be clearly lighter than the base, or empty boxes vanish."""
    palette = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, "#393b40"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#1e1f22"),
        (role.AlternateBase, "#27292d"),
        (role.ToolTipBase, "#1e1f22"),
        (role.ToolTipText, "#e8e8e8"),
        (role.PlaceholderText, "#8c8f94"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#4a4d53"),
        (role.ButtonText, "#e8e8e8"),
        (role.BrightText, "#ff6b6b"),
        (role.Highlight, "#3d7bd9"),
        (role.HighlightedText, "#ffffff"),
        (role.Link, "#6ea8fe"),
        (role.Mid, "#45474c"),
        (role.Dark, "#191a1c"),
        (role.Light, "#45474c"),
    ):
        palette.setColor(r, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, r, QColor("#7a7c80"))
    return palette


def apply_scheme_override(app: QApplication, environ: Mapping[str, str]) -> None:
    wanted = _SCHEMES.get(environ.get(SCHEME_VARIABLE, "").strip().lower())
    if wanted is None:
        return
    hints = app.styleHints()
    hints.setColorScheme(wanted)
    if hints.colorScheme() != wanted:
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if wanted == Qt.ColorScheme.Dark else QPalette())
