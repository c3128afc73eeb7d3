"""The Gateway page: paths, service, backups, app settings. Placeholder until it lands."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hftray.ui.context import AppContext


class GatewayPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Gateway"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addStretch(1)
