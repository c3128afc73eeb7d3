"""A word-wrapped message line for a page: information, success, or a problem with its fix.

The problem colour is derived from the window palette's lightness so it reads on light and dark
themes alike; nothing else is coloured.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from hftray.core.errors import HFTrayError


class Tone(Enum):
    INFO = "info"
    PROBLEM = "problem"


def problem_colour(palette: QPalette) -> QColor:
    """A red that contrasts with the window background of `palette`."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor.fromHsl(0, 200, 175 if dark else 95)


class StatusLabel(QLabel):
    """Hidden while empty; `show_error` puts an HFTrayError's message and fix on two lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tone = Tone.INFO
        self.hide()

    def show_text(self, text: str, tone: Tone = Tone.INFO) -> None:
        self.tone = tone
        parent = self.parentWidget()
        palette = parent.palette() if parent is not None else self.palette()
        own = QPalette(palette)
        if tone is Tone.PROBLEM:
            own.setColor(QPalette.ColorRole.WindowText, problem_colour(palette))
        self.setPalette(own)
        self.setText(text)
        self.setVisible(bool(text))

    def show_error(self, error: HFTrayError) -> None:
        text = error.message[:1].upper() + error.message[1:]
        if error.fix:
            text += "\n" + self.tr("What to do: {fix}").format(fix=error.fix)
        self.show_text(text, Tone.PROBLEM)

    def clear_text(self) -> None:
        self.setText("")
        self.hide()
