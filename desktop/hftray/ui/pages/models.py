"""The Models page: the model browser. Placeholder until its page lands."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hftray.ui.context import AppContext


class ModelsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Models"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addStretch(1)
