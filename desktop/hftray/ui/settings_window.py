"""The Settings window: a sidebar of pages beside a stack, a notice area above them.

Pages are created the first time they are shown, so start-up pays only for the frame. Each page
is a `QWidget` subclass taking the AppContext (see `hftray.ui.pages`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hftray.core.translatable import QT_TRANSLATE_NOOP
from hftray.ui.context import AppContext

PageFactory = Callable[[AppContext], QWidget]


def _account(context: AppContext) -> QWidget:
    from hftray.ui.pages.account import AccountPage

    return AccountPage(context)


def _models(context: AppContext) -> QWidget:
    from hftray.ui.pages.models import ModelsPage

    return ModelsPage(context)


def _routing(context: AppContext) -> QWidget:
    from hftray.ui.pages.routing import RoutingPage

    return RoutingPage(context)


def _gateway(context: AppContext) -> QWidget:
    from hftray.ui.pages.gateway import GatewayPage

    return GatewayPage(context)


PAGES: tuple[tuple[str, str, PageFactory], ...] = (
    ("account", QT_TRANSLATE_NOOP("SettingsWindow", "Account"), _account),
    ("models", QT_TRANSLATE_NOOP("SettingsWindow", "Models"), _models),
    ("routing", QT_TRANSLATE_NOOP("SettingsWindow", "Routing"), _routing),
    ("gateway", QT_TRANSLATE_NOOP("SettingsWindow", "Gateway"), _gateway),
)
PAGE_NAMES = tuple(name for name, _, _ in PAGES)
DEFAULT_SIZE = (1100, 720)


class SettingsWindow(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("CoderClaw HF Tray — Settings"))
        self._resize_to_default()
        self.setStyleSheet("QLabel#pageTitle { font-size: 16px; font-weight: 600; }")

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice.hide()

        self.problem_label = QLabel()
        self.problem_label.setObjectName("problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_dismiss = QPushButton(self.tr("Dismiss"))
        self.problem_dismiss.setAccessibleName(self.tr("Dismiss the problem message"))
        self.problem_dismiss.clicked.connect(self.clear_problem)
        self.problem_bar = QFrame()
        self.problem_bar.setFrameShape(QFrame.Shape.StyledPanel)
        problem_row = QHBoxLayout(self.problem_bar)
        problem_row.addWidget(self.problem_label, 1)
        problem_row.addWidget(self.problem_dismiss)
        self.problem_bar.hide()

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Settings pages"))
        self.sidebar.setFixedWidth(170)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        for _name, label, _factory in PAGES:
            self.sidebar.addItem(QCoreApplication.translate("SettingsWindow", label))
            self.stack.addWidget(QWidget())  # stands in until the page is first shown
        self.sidebar.currentRowChanged.connect(self._show_row)

        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        body = QHBoxLayout()
        body.addWidget(self.sidebar)
        body.addWidget(self.stack, 1)  # each page scrolls within itself (see ui/page_frame.py)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.problem_bar)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        context.problem.connect(self.show_problem)
        self.sidebar.setCurrentRow(0)

    def _resize_to_default(self) -> None:
        """One size for every page, so switching never resizes the window; small screens cap it."""
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width()), min(height, available.height())
        self.resize(width, height)

    # -- pages ----------------------------------------------------------------------------------

    def page(self, name: str) -> QWidget:
        """The page called `name` ("account", "models", ...), created if needed."""
        index = PAGE_NAMES.index(name)
        if name not in self._pages:
            page = PAGES[index][2](self.context)
            placeholder = self.stack.widget(index)
            assert placeholder is not None
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._pages[name] = page
            self._fit_into_tab_order(page)
        return self._pages[name]

    def _fit_into_tab_order(self, page: QWidget) -> None:
        """Tab goes sidebar → the page's own chain → Close, though the page was made last."""
        chain: list[QWidget] = []
        widget = page.nextInFocusChain()
        while widget is not None and widget is not page and widget not in chain:
            if page.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                chain.append(widget)
            widget = widget.nextInFocusChain()
        previous: QWidget = self.sidebar
        for following in [*chain, self.close_button]:
            QWidget.setTabOrder(previous, following)
            previous = following

    def current_page_name(self) -> str:
        return PAGE_NAMES[self.stack.currentIndex()]

    def show_page(self, name: str) -> None:
        self.sidebar.setCurrentRow(PAGE_NAMES.index(name))

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentWidget(self.page(PAGE_NAMES[row]))

    def present(self, page: str | None = None) -> None:
        """Show the window in front, on `page` when given."""
        if page is not None:
            self.show_page(page)
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()

    # -- messages -------------------------------------------------------------------------------

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_bar.show()

    def clear_problem(self) -> None:
        self.problem_label.clear()
        self.problem_bar.hide()
