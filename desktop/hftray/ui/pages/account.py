"""The Account page: token, whoami and token health. Placeholder until its page lands."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hftray.ui.context import AppContext


class AccountPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Account"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addStretch(1)
