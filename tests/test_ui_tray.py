"""The tray turns the menu description into a QMenu, rebuilt on open, and acts on picks."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from hftray.core.app_settings import NOTIFICATIONS
from hftray.core.refs import parse_ref
from hftray.ui.context import AppContext
from hftray.ui.icons import system_is_dark, tray_icon_path
from hftray.ui.tray import Tray, populate_menu
from hftray.ui.tray_state import Action, IconState, MenuItem, TrayState, build_menu
from tests.support.ui import context_fixture  # noqa: F401 - fixture

pytestmark = pytest.mark.gui

R1 = "huggingface/deepseek-ai/DeepSeek-R1"
QWEN = "huggingface/Qwen/Qwen3-8B:cheapest"


def texts(menu: QMenu) -> list[str]:
    return [a.text() if not a.isSeparator() else "---" for a in menu.actions()]


def submenu(menu: QMenu, action: Action) -> QMenu:
    (found,) = [a.menu() for a in menu.actions() if a.data() == action.value]
    assert isinstance(found, QMenu)
    return found


def make_tray(context: AppContext, state: TrayState) -> tuple[Tray, list[str]]:
    opened: list[str] = []
    context.tray_state = lambda: state  # type: ignore[method-assign]
    return Tray(context, lambda: opened.append("settings")), opened


def test_menu_is_built_from_the_description(qapp: QApplication) -> None:
    menu = QMenu()
    populate_menu(menu, build_menu(TrayState(user="ada", primary=R1, fallbacks=(QWEN,))), print)
    assert texts(menu) == [
        "Signed in to Hugging Face as ada",
        "---",
        "Primary model",
        "---",
        "Refresh model list",
        "Settings…",
        "Open config folder",
        "---",
        "Quit",
    ]
    assert not menu.actions()[0].isEnabled()
    models = submenu(menu, Action.PRIMARY_MENU).actions()
    assert [(a.text(), a.isCheckable(), a.isChecked()) for a in models] == [
        ("deepseek-ai/DeepSeek-R1", True, True),
        ("Qwen/Qwen3-8B :cheapest", True, False),
    ]


def test_restart_gateway_only_with_a_service(qapp: QApplication) -> None:
    menu = QMenu()
    populate_menu(menu, build_menu(TrayState()), print)
    assert "Restart gateway" not in texts(menu)
    populate_menu(menu, build_menu(TrayState(has_gateway_service=True)), print)
    assert "Restart gateway" in texts(menu)


def test_menu_is_rebuilt_each_time_it_opens(context: AppContext) -> None:
    tray, _ = make_tray(context, TrayState(user="ada"))
    assert texts(tray.menu)[0] == "Signed in to Hugging Face as ada"
    context.tray_state = lambda: TrayState(problem="Token rejected")  # type: ignore[method-assign]
    tray.menu.aboutToShow.emit()
    assert texts(tray.menu)[0] == "Token rejected"


def test_picking_a_model_makes_it_primary(
    context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    tray, _ = make_tray(context, TrayState(primary=R1, fallbacks=(QWEN,)))
    asked: list[Any] = []

    async def set_primary(ref: Any) -> None:
        asked.append(ref)

    spawned: list[Any] = []
    monkeypatch.setattr(context, "set_primary", set_primary)
    monkeypatch.setattr(context, "spawn", spawned.append)
    submenu(tray.menu, Action.PRIMARY_MENU).actions()[1].trigger()
    (coro,) = spawned
    with pytest.raises(StopIteration):
        coro.send(None)
    assert asked == [parse_ref(QWEN)]


def test_settings_item_and_left_click_open_settings(context: AppContext) -> None:
    tray, opened = make_tray(context, TrayState())
    (settings,) = [a for a in tray.menu.actions() if a.data() == Action.SETTINGS.value]
    settings.trigger()
    tray.icon.activated.emit(tray.icon.ActivationReason.Trigger)
    tray.icon.activated.emit(tray.icon.ActivationReason.Context)
    assert opened == ["settings", "settings"]


class FakeIcon:
    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def isVisible(self) -> bool:
        return True

    def icon(self) -> None:
        return None

    def showMessage(self, title: str, text: str, *_: Any) -> None:
        self.messages.append((title, text))


def test_notifications_respect_the_setting(context: AppContext) -> None:
    tray, _ = make_tray(context, TrayState())
    fake = FakeIcon()
    tray.icon = fake  # type: ignore[assignment]
    context.notification.emit("Primary model changed", "now R1")
    context.settings.set(NOTIFICATIONS, False)
    tray.notify("Primary model changed", "now Qwen")
    assert fake.messages == [("Primary model changed", "now R1")]


def test_icon_state_follows_the_context(context: AppContext) -> None:
    tray, _ = make_tray(context, TrayState(problem="config invalid"))
    assert tray.icon_state is IconState.ATTENTION
    context.tray_state = lambda: TrayState(busy=True)  # type: ignore[method-assign]
    context.busyChanged.emit(True)
    assert tray.icon_state is IconState.WORKING
    assert "Working…" in tray.icon.toolTip()


def test_dark_taskbar_gets_the_light_glyph() -> None:
    assert tray_icon_path(IconState.READY, dark_taskbar=True).name == "tray-ready-light.svg"
    assert tray_icon_path(IconState.ATTENTION, dark_taskbar=False).name == (
        "tray-attention-dark.svg"
    )
    for state in IconState:
        for dark in (True, False):
            assert tray_icon_path(state, dark_taskbar=dark).is_file()


def test_dark_palette_counts_as_dark_when_qt_reports_no_scheme(qapp: QApplication) -> None:
    original = qapp.palette()
    try:
        palette = QPalette(original)
        palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
        qapp.setPalette(palette)
        assert system_is_dark()
        palette.setColor(QPalette.ColorRole.Window, QColor("#f0f0f0"))
        qapp.setPalette(palette)
        assert not system_is_dark()
    finally:
        qapp.setPalette(original)


def test_menu_items_keep_their_refs_as_tooltips(qapp: QApplication) -> None:
    menu = QMenu()
    item = MenuItem(Action.SET_PRIMARY, "R1", checked=True, ref=R1, tooltip=R1)
    populate_menu(menu, (item,), print)
    (action,) = menu.actions()
    assert isinstance(action, QAction)
    assert action.toolTip() == R1
