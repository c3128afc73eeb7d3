"""The Settings window frame: pages in a sidebar, keyboard reachable, the no-tray notice."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from hftray.ui.app import TrayApp, UiOptions
from hftray.ui.context import AppContext
from hftray.ui.pages.account import AccountPage
from hftray.ui.pages.gateway import GatewayPage
from hftray.ui.pages.models import ModelsPage
from hftray.ui.pages.routing import RoutingPage
from hftray.ui.settings_window import PAGE_NAMES, SettingsWindow
from tests.support.focus import tab_chain
from tests.support.ui import context_fixture, qt_loop_fixture, run  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> SettingsWindow:
    win = SettingsWindow(context)
    qtbot.addWidget(win)
    return win


def test_pages_are_listed_in_the_sidebar_and_switch(window: SettingsWindow) -> None:
    sidebar = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert sidebar == ["Account", "Models", "Routing", "Gateway"]
    assert window.current_page_name() == "account"
    for name, cls in zip(
        PAGE_NAMES, (AccountPage, ModelsPage, RoutingPage, GatewayPage), strict=True
    ):
        window.show_page(name)
        assert window.current_page_name() == name
        assert isinstance(window.stack.currentWidget(), cls)
        assert window.page(name) is window.stack.currentWidget()


def test_pages_are_created_only_when_first_shown(window: SettingsWindow) -> None:
    assert not isinstance(window.stack.widget(PAGE_NAMES.index("models")), ModelsPage)
    window.show_page("models")
    assert isinstance(window.stack.widget(PAGE_NAMES.index("models")), ModelsPage)
    assert window.stack.count() == len(PAGE_NAMES)


def test_arrow_keys_in_the_sidebar_change_page(qtbot: QtBot, window: SettingsWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_page_name() == "models"


def test_switching_pages_never_resizes_the_window(qtbot: QtBot, window: SettingsWindow) -> None:
    # The offscreen screen is 800 px wide: narrower than the Models page, which then scrolls.
    window.show()
    qtbot.waitExposed(window)
    size = window.size()
    for name in (*PAGE_NAMES, *reversed(PAGE_NAMES)):
        window.show_page(name)
        QApplication.processEvents()
        assert window.size() == size, name
    screen = window.screen().availableGeometry()
    assert size.width() <= screen.width() and size.height() <= screen.height()


def page_scroll(window: SettingsWindow, name: str) -> QScrollArea:
    scroll = window.page(name).findChild(QScrollArea)
    assert scroll is not None, name
    return scroll


def test_a_page_wider_than_the_window_does_not_widen_the_others(
    qtbot: QtBot, window: SettingsWindow
) -> None:
    # The offscreen screen is 800 px wide: narrower than the Models page, which then scrolls.
    window.show()
    qtbot.waitExposed(window)
    window.show_page("models")
    QApplication.processEvents()
    assert page_scroll(window, "models").horizontalScrollBar().isVisible()
    beside_sidebar = window.width() - window.sidebar.width()
    for name in ("account", "routing", "gateway"):
        window.show_page(name)
        QApplication.processEvents()
        assert window.page(name).width() <= beside_sidebar, name
        assert not page_scroll(window, name).horizontalScrollBar().isVisible(), name


def test_tab_goes_from_the_sidebar_through_each_page_to_close(window: SettingsWindow) -> None:
    window.show()
    for name in PAGE_NAMES:
        window.show_page(name)
        page = window.page(name)
        chain = tab_chain(window)
        assert chain[0] is window.sidebar, name
        assert chain[-1] is window.close_button, name
        inside = [w for w in chain if page.isAncestorOf(w)]
        assert chain[1 : 1 + len(inside)] == inside, f"{name}: its widgets are not contiguous"


def test_problem_bar_shows_the_last_problem_and_is_reachable(
    window: SettingsWindow, context: AppContext
) -> None:
    window.show()
    context.problem.emit("Token rejected by Hugging Face")
    assert window.problem_label.text() == "Token rejected by Hugging Face"
    assert window.problem_dismiss in tab_chain(window)
    window.problem_dismiss.click()
    assert not window.problem_bar.isVisible()


def test_sidebar_and_notice_have_accessible_names(window: SettingsWindow) -> None:
    assert window.sidebar.accessibleName()
    assert window.notice.accessibleName()
    assert window.problem_dismiss.accessibleName()


def test_without_a_tray_the_window_opens_and_says_so(
    qapp: QApplication, context: AppContext, qt_loop: asyncio.AbstractEventLoop
) -> None:
    tray_app = TrayApp(qapp, context.settings, UiOptions(), context=context)
    assert tray_app.has_tray is False  # offscreen has no tray
    tray_app.show_first_surface()
    window = tray_app.window()
    assert window.isVisible()
    assert "No system tray" in window.notice.text()
    assert window.notice.isVisible()
    window.close()


def test_second_launch_message_opens_settings_on_the_page(
    qapp: QApplication, context: AppContext
) -> None:
    tray_app = TrayApp(qapp, context.settings, UiOptions(), context=context)
    tray_app.on_message("show-settings routing")
    assert tray_app.window().isVisible()
    assert tray_app.window().current_page_name() == "routing"
    tray_app.window().close()


def test_first_run_without_a_token_opens_the_account_page(
    qapp: QApplication, context: AppContext, qt_loop: asyncio.AbstractEventLoop
) -> None:
    tray_app = TrayApp(qapp, context.settings, UiOptions(), context=context)
    tray_app.watch_first_run()
    run(qt_loop, context.load_token())
    assert tray_app.window().isVisible()
    assert tray_app.window().current_page_name() == "account"
    tray_app.window().close()
