"""The file changed outside the app while the user was editing: never overwrite it blindly.

The user chooses: reload the file and drop their changes, reload it and re-apply their changes
on top (then review the new diff), or cancel and keep editing.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class ConflictChoice(Enum):
    RELOAD = "reload"
    REAPPLY = "reapply"
    CANCEL = "cancel"


class ConflictDialog(QDialog):
    """Emits `chosen` with a `ConflictChoice` value once a button is pressed."""

    chosen = Signal(str)

    def __init__(self, file_name: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Changed outside the app"))
        self.choice = ConflictChoice.CANCEL
        message = QLabel(
            self.tr(
                "{file} was changed outside the app after you started editing. Nothing was written."
            ).format(file=file_name)
        )
        message.setWordWrap(True)
        self.reason_label = QLabel(reason)
        self.reason_label.setWordWrap(True)
        question = QLabel(
            self.tr(
                "Reload the file and drop your changes, or reload it and apply your changes "
                "again on top of it (you will see the new diff before anything is saved)."
            )
        )
        question.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.reapply_button = buttons.addButton(
            self.tr("Re-apply my changes"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.reload_button = buttons.addButton(
            self.tr("Reload and discard my changes"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel_button = buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.reason_label)
        layout.addWidget(question)
        layout.addWidget(buttons)
        self.reapply_button.setDefault(True)

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.reapply_button:
            self.choice = ConflictChoice.REAPPLY
        elif button is self.reload_button:
            self.choice = ConflictChoice.RELOAD
        else:
            self.choice = ConflictChoice.CANCEL
        if self.choice is ConflictChoice.CANCEL:
            self.reject()
        else:
            self.accept()
        self.chosen.emit(self.choice.value)
