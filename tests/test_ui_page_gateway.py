"""Gateway page: paths and reasons, service state and Restart via coderclaw, backups, settings."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from hftray.core.app_settings import LANGUAGE, NOTIFICATIONS, REFRESH_INTERVAL, START_AT_LOGIN
from hftray.core.resources import resource_path
from hftray.ui.context import AppContext
from hftray.ui.pages.gateway import GatewayPage
from hftray.ui.review_dialog import diff_colours
from tests.support.fake_coderclaw import FakeCoderClaw, fake_coderclaw_fixture  # noqa: F401
from tests.support.focus import tab_chain
from tests.support.ui import context_fixture, qt_loop_fixture, run  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

CURRENT = "{\n  // the file as it is now\n  gateway: { port: 18789 },\n}\n"
OLDER = "{\n  // an older version\n  gateway: { port: 18790 },\n}\n"


@pytest.fixture
def config(isolated_home: Path) -> Path:
    path = isolated_home / ".coderclaw" / "coderclaw.json"
    path.parent.mkdir()
    path.write_text(CURRENT, encoding="utf-8")
    (path.parent / "coderclaw.json.bak").write_text(OLDER, encoding="utf-8")
    (path.parent / "coderclaw.json.bak.1").write_text("{}\n", encoding="utf-8")
    return path


def make_page(qtbot: QtBot, context: AppContext, loop: asyncio.AbstractEventLoop) -> GatewayPage:
    run(loop, context.load_local())
    page = GatewayPage(context)
    qtbot.addWidget(page)
    page.show()
    run(loop, context.wait_idle())
    return page


def settings_file(context: AppContext) -> dict[str, object]:
    data: dict[str, object] = json.loads(context.settings.path.read_text(encoding="utf-8"))
    return data


def test_paths_are_shown_with_the_reason_they_were_chosen(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page = make_page(qtbot, context, qt_loop)
    assert page.config_path_label.text().startswith(f"{config}\nWhy: ")
    assert page.env_path_label.text().startswith(f"{config.parent / '.env'}\nWhy: ")
    assert page.service_path_label.text().startswith("None found")


def test_service_state_comes_from_coderclaw_and_restart_runs_it(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    config: Path,
    fake_coderclaw: FakeCoderClaw,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    assert page.service_status.text() == ("The gateway is running. Process ID: 4242. Port: 18789.")
    assert page.restart_button.isEnabled()
    fake_coderclaw.set_status({"service": {"runtime": {"status": "running", "pid": 5151}}})
    page.restart_button.click()
    run(qt_loop, context.wait_idle())
    assert fake_coderclaw.calls() == [
        ["gateway", "status", "--json"],
        ["gateway", "restart"],
        ["gateway", "status", "--json"],
    ]
    assert page.service_status.text() == "Restarted. The gateway is running. Process ID: 5151."


def test_a_failed_restart_says_why(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    config: Path,
    fake_coderclaw: FakeCoderClaw,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    fake_coderclaw.fail_restart(3, "Gateway service not loaded.\n")
    page.restart_button.click()
    run(qt_loop, context.wait_idle())
    assert "failed (3): Gateway service not loaded." in page.service_status.text()
    assert page.restart_button.isEnabled()


def test_without_coderclaw_restart_is_disabled_and_says_why(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page = make_page(qtbot, context, qt_loop)
    assert page.service_status.text().startswith("coderclaw is not on PATH")
    assert not page.restart_button.isEnabled()
    assert page.refresh_status_button.isEnabled()


def test_a_backup_shows_its_diff_and_restore_makes_it_current(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page = make_page(qtbot, context, qt_loop)
    assert page.backup_list.count() == 2
    assert not page.restore_button.isEnabled()
    page.backup_list.setCurrentRow(0)
    run(qt_loop, context.wait_idle())
    diff = page.diff_view.toPlainText()
    assert "-  // the file as it is now" in diff and "+  // an older version" in diff
    assert page.restore_button.isEnabled()

    page.restore_button.click()
    run(qt_loop, context.wait_idle())
    assert config.read_text(encoding="utf-8") == OLDER
    assert (config.parent / "coderclaw.json.bak").read_text(encoding="utf-8") == CURRENT
    assert "restore that to undo" in page.backup_status.text()
    assert context.config is not None and context.config.text == OLDER
    assert page.backup_list.count() == 3
    assert "+  // the file as it is now" in page.diff_view.toPlainText()


def test_the_backup_diff_colours_removed_and_added_lines(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page = make_page(qtbot, context, qt_loop)
    page.backup_list.setCurrentRow(0)
    run(qt_loop, context.wait_idle())
    colours = diff_colours(page.palette())
    foreground = {}
    block = page.diff_view.document().firstBlock()
    while block.isValid():
        formats = block.layout().formats()
        foreground[block.text()] = formats[0].format.foreground().color() if formats else None
        block = block.next()
    assert foreground["-  // the file as it is now"] == colours.removed
    assert foreground["+  // an older version"] == colours.added
    unchanged = [line for line in foreground if line.startswith(" ")]
    assert unchanged and all(foreground[line] is None for line in unchanged)


def test_restore_refuses_when_the_file_changed_after_the_diff(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page = make_page(qtbot, context, qt_loop)
    page.backup_list.setCurrentRow(0)
    run(qt_loop, context.wait_idle())
    edited = "{\n  // someone edited this meanwhile\n}\n"
    config.write_text(edited, encoding="utf-8")
    page.restore_button.click()
    run(qt_loop, context.wait_idle())
    assert config.read_text(encoding="utf-8") == edited
    assert "changed on disk after the comparison" in page.backup_status.text()
    assert "-  // someone edited this meanwhile" in page.diff_view.toPlainText()


def test_preferences_are_saved_to_the_settings_file_as_they_change(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page = make_page(qtbot, context, qt_loop)
    notifications = page.preference_widgets[NOTIFICATIONS]
    assert isinstance(notifications, QCheckBox) and notifications.isChecked()
    notifications.click()
    run(qt_loop, context.wait_idle())
    assert settings_file(context)[NOTIFICATIONS] is False

    interval = page.preference_widgets[REFRESH_INTERVAL]
    assert isinstance(interval, QSpinBox)
    interval.setValue(15)
    run(qt_loop, context.wait_idle())
    assert settings_file(context)[REFRESH_INTERVAL] == 15

    language = page.preference_widgets[LANGUAGE]
    assert isinstance(language, QComboBox)
    language.setCurrentIndex(language.findData("zh_CN"))
    language.activated.emit(language.currentIndex())
    run(qt_loop, context.wait_idle())
    assert settings_file(context)[LANGUAGE] == "zh_CN"
    assert page.language_note.text() == "The new language applies after the app is restarted."


def test_start_at_login_writes_the_autostart_entry_and_the_setting(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    config: Path,
    isolated_home: Path,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    entry = isolated_home / ".config" / "autostart" / "coderclaw-hf-tray.desktop"
    box = page.preference_widgets[START_AT_LOGIN]
    assert isinstance(box, QCheckBox) and not box.isChecked()
    box.click()
    run(qt_loop, context.wait_idle())
    assert entry.read_text(encoding="utf-8").startswith("[Desktop Entry]")
    assert settings_file(context)[START_AT_LOGIN] is True
    box.click()
    run(qt_loop, context.wait_idle())
    assert not entry.exists()
    assert settings_file(context)[START_AT_LOGIN] is False


def test_tab_visits_service_backups_then_preferences(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    config: Path,
    fake_coderclaw: FakeCoderClaw,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    page.backup_list.setCurrentRow(0)
    run(qt_loop, context.wait_idle())
    prefs = page.preference_widgets
    expected = [
        page.refresh_status_button,
        page.restart_button,
        page.backup_list,
        page.diff_view,
        page.restore_button,
        prefs[START_AT_LOGIN],
        prefs[NOTIFICATIONS],
        prefs[REFRESH_INTERVAL],
        prefs[LANGUAGE],
    ]
    chain = tab_chain(page)
    assert [w for w in chain if w in expected] == expected
    assert all(w.accessibleName() for w in [page.backup_list, page.diff_view, *prefs.values()])


def test_fixed_path_reasons_from_the_core_are_shown_in_chinese(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, qapp: QApplication
) -> None:
    translator = QTranslator()
    assert translator.load(str(resource_path("translations", "hftray_zh_CN.qm")))
    qapp.installTranslator(translator)
    try:
        page = make_page(qtbot, context, qt_loop)
        reason = "默认（~/.coderclaw，与 CoderClaw 的读取位置一致）"
        assert page.env_path_label.text().endswith(reason)
    finally:
        qapp.removeTranslator(translator)
