"""A token entry that is masked unless the user asks, with Show and Paste beside it.

Masked by default because Settings windows end up in screenshots and screen shares. While
masked, Qt refuses to copy or drag the text out of the field. The text is never logged and is
cleared as soon as it has been handed on.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget


class TokenField(QWidget):
    """`submitted` fires on Enter and after a paste: the token is checked at once."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(self.tr("hf_…"))
        self.edit.setAccessibleName(self.tr("Hugging Face token"))
        self.edit.setClearButtonEnabled(True)
        self.edit.returnPressed.connect(self.submitted)

        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setCheckable(True)
        self.show_button.setAccessibleName(self.tr("Show the token"))
        self.show_button.toggled.connect(self.set_revealed)

        self.paste_button = QPushButton(self.tr("Paste"))
        self.paste_button.setAccessibleName(self.tr("Paste the token from the clipboard"))
        self.paste_button.clicked.connect(self.paste)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.paste_button)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self.edit.clear()
        self.show_button.setChecked(False)

    def is_masked(self) -> bool:
        return self.edit.echoMode() == QLineEdit.EchoMode.Password

    def set_revealed(self, revealed: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.show_button.setText(self.tr("Hide") if revealed else self.tr("Show"))
        self.show_button.setAccessibleName(
            self.tr("Hide the token") if revealed else self.tr("Show the token")
        )

    def paste(self) -> None:
        """Replace the field with the clipboard's text (trimmed) and submit it."""
        text = QGuiApplication.clipboard().text().strip()
        if not text:
            return
        self.edit.setText(text)
        self.submitted.emit()
