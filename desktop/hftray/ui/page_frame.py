"""The frame every Settings page shares: a title over content that scrolls within the page.

Each page scrolls on its own, not the window's page stack: a stack's minimum size is that of its
largest page, so one wide page (Models on a small screen) would leave every other page laid out
at its width behind a horizontal scroll bar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QScrollArea, QVBoxLayout, QWidget


def build_page_frame(page: QWidget, title: str, footer: QLayout | None = None) -> QVBoxLayout:
    """Give `page` its title and scroll area; returns the layout to add the page's content to.

    A `footer` stays in view below the scroll area (actions that must not scroll away).
    """
    content = QWidget()
    layout = QVBoxLayout(content)
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    layout.addWidget(heading)

    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls, not the frame
    scroll.setWidget(content)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll, 1)
    if footer is not None:
        outer.addLayout(footer)
    return layout
