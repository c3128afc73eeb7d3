"""The tray icon: its menu is rebuilt from `tray_state.build_menu` every time it opens.

The menu's logic lives in `tray_state` (tested without a screen); this module only maps its items
to `QAction`s and their actions to the AppContext.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from hftray.core.app_settings import NOTIFICATIONS
from hftray.core.refs import parse_ref
from hftray.ui.context import AppContext
from hftray.ui.icons import system_is_dark, tray_icon
from hftray.ui.tray_state import (
    TRANSLATION_CONTEXT,
    Action,
    IconState,
    MenuItem,
    build_menu,
    icon_state,
    tooltip_text,
)

NOTIFICATION_MS = 6000


def translate_menu_text(text: str) -> str:
    return QCoreApplication.translate(TRANSLATION_CONTEXT, text)


def populate_menu(
    menu: QMenu, items: Sequence[MenuItem], on_triggered: Callable[[MenuItem], None]
) -> None:
    """Fill `menu` with `items` (submenus included); replaces whatever it held."""
    menu.clear()
    for item in items:
        if item.action is Action.SEPARATOR:
            menu.addSeparator()
            continue
        if item.children:
            submenu = menu.addMenu(item.text)
            submenu.setEnabled(item.enabled)
            submenu.menuAction().setData(item.action.value)
            populate_menu(submenu, item.children, on_triggered)
            continue
        action = QAction(item.text, menu)
        action.setData(item.action.value)
        action.setEnabled(item.enabled)
        if item.checked is not None:
            action.setCheckable(True)
            action.setChecked(item.checked)
        if item.tooltip:
            action.setToolTip(item.tooltip)
        action.triggered.connect(lambda _checked=False, it=item: on_triggered(it))
        menu.addAction(action)


class Tray(QObject):
    """Owns the QSystemTrayIcon and its menu."""

    def __init__(
        self,
        context: AppContext,
        open_settings: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._open_settings = open_settings
        self.menu = QMenu()
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self.populate_menu)
        self.icon_state = IconState.READY
        self.icon = QSystemTrayIcon(self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        for signal in (
            context.configChanged,
            context.catalogChanged,
            context.tokenChanged,
            context.settingsChanged,
        ):
            signal.connect(self.update_icon)
        context.busyChanged.connect(self.update_icon)
        context.notification.connect(self.notify)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.styleHints().colorSchemeChanged.connect(self.update_icon)
        self.populate_menu()
        self.update_icon()

    def show(self) -> None:
        self.icon.show()

    def populate_menu(self) -> None:
        """Build the menu from the context's current state; runs each time the menu opens."""
        items = build_menu(self._context.tray_state(), translate_menu_text)
        populate_menu(self.menu, items, self._on_item)

    def update_icon(self) -> None:
        state = self._context.tray_state()
        self.icon_state = icon_state(state)
        self.icon.setIcon(tray_icon(self.icon_state, dark_taskbar=system_is_dark()))
        self.icon.setToolTip(tooltip_text(state, translate_menu_text))

    def notify(self, title: str, text: str) -> None:
        """A desktop notification, when the user wants them and the desktop can show them."""
        if not self._context.settings.get(NOTIFICATIONS):
            return
        if not self.icon.isVisible():
            return
        if QApplication.activeWindow() is not None:
            return  # the Settings window is in front and shows the same news in place
        self.icon.showMessage(title, text, self.icon.icon(), NOTIFICATION_MS)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self._open_settings()

    def _on_item(self, item: MenuItem) -> None:
        context = self._context
        match item.action:
            case Action.SET_PRIMARY if item.ref:
                context.spawn(context.set_primary(parse_ref(item.ref)))
            case Action.REFRESH:
                context.spawn(context.refresh_catalog())
            case Action.SETTINGS:
                self._open_settings()
            case Action.RESTART_GATEWAY:
                context.spawn(context.restart_gateway())
            case Action.OPEN_CONFIG_FOLDER:
                self._open_config_folder()
            case Action.QUIT:
                QApplication.quit()
            case _:
                pass

    def _open_config_folder(self) -> None:
        folder = self._context.config_folder()
        if folder is None or not folder.is_dir():
            self._context.problem.emit(
                self.tr("The config folder {folder} does not exist yet.").format(folder=folder)
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
