"""A new user's first session, end to end through the real widgets: start with a hand-written
config and no token, paste a token, browse the live list, pick a primary with `:cheapest`, add
two fallbacks, name them, review the diff, save, then switch the primary from the tray menu.

Only the Hugging Face servers are fakes (tests/fakehf on 127.0.0.1); the keyring is the
conftest's in-memory one behind the real `TokenStore`.
"""

from __future__ import annotations

import asyncio
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from hftray.core import json5text
from hftray.core.app_settings import AppSettings
from hftray.core.config_schema import validate
from hftray.core.envfile import EnvFile
from hftray.core.refs import ModelRef
from hftray.core.token_flow import DEFAULT_PRIMARY
from hftray.core.token_store import TokenStore
from hftray.ui.app import TrayApp, UiOptions
from hftray.ui.catalog_table import Column
from hftray.ui.context import AppContext
from hftray.ui.pages.account import AccountPage
from hftray.ui.pages.models import ModelsPage
from hftray.ui.pages.routing import ALIAS_COLUMN, RoutingPage
from hftray.ui.settings_window import SettingsWindow
from hftray.ui.tray import Tray
from hftray.ui.tray_state import Action
from tests.fakehf import TOKENS, FakeHF
from tests.support.ui import qt_loop_fixture, run  # noqa: F401 - fixture

pytestmark = pytest.mark.gui

PRIMARY = "huggingface/Qwen/Qwen3-8B:cheapest"
FROM_MODELS_PAGE = "huggingface/deepseek-ai/DeepSeek-V3.2:fastest"
TYPED_AHEAD = "huggingface/openai/gpt-oss-120b"
META = {"lastTouchedVersion": "2026.2.1", "lastTouchedAt": "2026-02-03T10:11:12.000Z"}

CONFIG = """\
// CoderClaw configuration, written by hand: keep these comments.
/* The tray may change models and agents,
   and nothing else. */
{
  meta: { lastTouchedVersion: "2026.2.1", lastTouchedAt: "2026-02-03T10:11:12.000Z" },

  gateway: {
    port: 18789, // the default port
    mode: "local",
  },

  agents: {
    defaults: {
      workspace: "~/code", // where agents work
    },
  },

  models: {
    mode: "merge",
    providers: {
      // the router under test
      huggingface: {
        baseUrl: "@ROUTER@",
        api: "openai-completions",
        models: [],
      },
    },
  },
}
"""


def comment_lines(text: str) -> list[str]:
    """Every line that holds (part of) a comment, as written."""
    spans = [m.span() for m in re.finditer(r"//[^\n]*|/\*.*?\*/", text, flags=re.S)]
    lines = text.splitlines()
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(offset: int) -> int:
        return next(i for i, start in enumerate(starts) if start > offset) - 1

    return [lines[i] for a, b in spans for i in range(line_of(a), line_of(b - 1) + 1)]


@pytest.fixture
def config(isolated_home: Path, fake_hf_env: FakeHF) -> Path:
    path = isolated_home / ".coderclaw" / "coderclaw.json"
    path.parent.mkdir()
    path.write_text(CONFIG.replace("@ROUTER@", fake_hf_env.router_base), encoding="utf-8")
    return path


@pytest.fixture
def tray_app(
    qapp: QApplication, qt_loop: asyncio.AbstractEventLoop, config: Path, qtbot: QtBot
) -> Iterator[TrayApp]:
    """The app as `hftray` starts it, on the keyring-backed token store."""
    settings = AppSettings.load()
    context = AppContext(settings, token_store=TokenStore())
    app = TrayApp(qapp, settings, UiOptions(), context=context)
    app.has_tray = False  # offscreen there is no tray: the window is the first surface
    qtbot.addWidget(app.window())  # made now (not shown) so pytest-qt closes it afterwards
    yield app
    app.refresh_timer.stop()
    run(qt_loop, context.wait_idle())
    context.deleteLater()


def settle(context: AppContext, loop: asyncio.AbstractEventLoop) -> None:
    run(loop, context.wait_idle())


def select_in_all_models(page: ModelsPage, search: str, ref: ModelRef, policy: str) -> None:
    """Type a search, click the model's line, choose the policy, as a user would."""
    page.search.clear()
    QTest.keyClicks(page.search, search)
    row = page.table_model.row_of(ref)
    assert row is not None, f"{ref.full} is not listed for {search!r}"
    index = page.table_model.index(row, Column.NAME)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (selected,) = page.table.selectionModel().selectedRows()
    assert page.table_model.ref_at(selected.row()) == ref
    page.policy.setCurrentIndex(page.policy.findData(policy))
    assert page.ref_label.text().startswith(f"Applies to {ref.with_policy(policy).full}")


def pick_completion(qtbot: QtBot, field: QLineEdit, typed: str, wanted: str) -> None:
    """Type part of a ref, then choose `wanted` in the completer's popup and press Enter.

    The field must have the focus: the completer hides its popup for a field without it."""
    window = field.window()
    with qtbot.waitActive(window):
        window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClicks(field, typed)
    completer = field.completer()
    popup = completer.popup()
    assert popup is not None and popup.isVisible(), "the completer offered nothing"
    model = completer.completionModel()
    offered = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert wanted in offered, offered
    popup.setCurrentIndex(model.index(offered.index(wanted), 0))
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def edit_alias_in_place(page: RoutingPage, full: str, alias: str) -> None:
    """Open the alias cell's editor, type the name and press Enter."""
    table = page.alias_table
    (row,) = [r for r in range(table.rowCount()) if cell(table, r, 0).text() == full]
    table.setCurrentCell(row, ALIAS_COLUMN)
    table.editItem(cell(table, row, ALIAS_COLUMN))
    editor = table.indexWidget(table.model().index(row, ALIAS_COLUMN))
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    QTest.keyClicks(editor, alias)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits the editor's text from a queued call
    assert cell(table, row, ALIAS_COLUMN).text() == alias


def primary_submenu(tray: Tray) -> QMenu:
    """The tray menu's "Primary model" submenu, rebuilt as opening the menu does."""
    tray.menu.aboutToShow.emit()
    (menu,) = [a.menu() for a in tray.menu.actions() if a.data() == Action.PRIMARY_MENU.value]
    assert isinstance(menu, QMenu)
    return menu


def test_new_user_sets_up_routing_through_the_window_and_switches_it_from_the_tray(
    tray_app: TrayApp,
    qt_loop: asyncio.AbstractEventLoop,
    config: Path,
    isolated_home: Path,
    fake_hf_env: FakeHF,
    qtbot: QtBot,
) -> None:
    context = tray_app.context
    original = config.read_text(encoding="utf-8")
    notifications: list[tuple[str, str]] = []
    context.notification.connect(lambda title, text: notifications.append((title, text)))

    # 1. Start as `hftray` does: no token stored, so Settings opens on the first-run guide.
    assert tray_app.come_up()
    run(qt_loop, tray_app.start())
    settle(context, qt_loop)
    window = tray_app.window()
    assert isinstance(window, SettingsWindow) and window.isVisible()
    assert window.current_page_name() == "account"
    account = window.page("account")
    assert isinstance(account, AccountPage)
    assert account.guide.isVisible()
    assert context.has_token is False

    # 2. Paste the token and press "Check and save".
    token = TOKENS["fine_grained_with_inference"]
    account.token_field.edit.setFocus()
    QTest.keyClicks(account.token_field.edit, token)
    account.save_button.click()
    settle(context, qt_loop)
    assert account.user_label.text() == "Signed in as Zoë Ångström (zoe-angstrom)."
    assert account.inference_label.text() == "This token may call Inference Providers."
    assert account.token_field.text() == ""
    # As CoderClaw's own onboarding does, a config without a primary gets CoderClaw's default.
    assert f"CoderClaw's default model {DEFAULT_PRIMARY} was set as primary." in (
        account.token_status.text()
    )
    env_file = isolated_home / ".coderclaw" / ".env"
    assert EnvFile.load(env_file).get("HF_TOKEN") == token
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert token not in config.read_text(encoding="utf-8")
    settings_file = context.settings.path
    assert not settings_file.exists() or token not in settings_file.read_text(encoding="utf-8")

    # 3. The live list, then the Models page: "All", a search, the model, `cheapest`, primary.
    run(qt_loop, context.refresh_catalog())
    settle(context, qt_loop)
    assert context.catalog is not None and context.catalog.source.kind == "live"
    assert context.catalog_error is None
    window.show_page("models")
    models = window.page("models")
    assert isinstance(models, ModelsPage)
    settle(context, qt_loop)
    assert models.banner.text().startswith("Live list")
    models.view_choice.setCurrentIndex(models.view_choice.findData(True))
    select_in_all_models(models, "Qwen3-8B", ModelRef("Qwen/Qwen3-8B"), "cheapest")
    models.primary_button.click()
    settle(context, qt_loop)
    assert models.action_message.text() == f"{PRIMARY} is now the primary model."
    select_in_all_models(models, "DeepSeek-V3.2", ModelRef("deepseek-ai/DeepSeek-V3.2"), "fastest")
    models.fallback_button.click()
    settle(context, qt_loop)
    assert models.action_message.text() == f"{FROM_MODELS_PAGE} is a fallback now."

    # 4. Routing page: a second fallback by type-ahead, aliases in place, review, save.
    window.show_page("routing")
    routing = window.page("routing")
    assert isinstance(routing, RoutingPage)
    assert routing.primary_edit.text() == PRIMARY
    primary_written = json5text.parse(config.read_text(encoding="utf-8"))
    assert primary_written["agents"]["defaults"]["model"]["primary"] == PRIMARY
    pick_completion(
        qtbot, routing.fallback_edit, "gpt-oss-12", TYPED_AHEAD.removeprefix("huggingface/")
    )
    QApplication.processEvents()  # the page empties the field once the completer is done
    assert routing.fallback_error.isHidden(), routing.fallback_error.text()
    assert routing.draft is not None
    assert routing.draft.routing().fallbacks == [FROM_MODELS_PAGE, TYPED_AHEAD]
    assert routing.fallback_edit.text() == ""  # ready for the next one
    edit_alias_in_place(routing, PRIMARY, "qwen")
    edit_alias_in_place(routing, TYPED_AHEAD, "gpt")
    assert routing.alias_error.isHidden()
    before_review = config.read_text(encoding="utf-8")
    routing.review_button.click()
    dialog = routing.review_dialog
    assert dialog is not None and dialog.isVisible()
    diff = dialog.diff
    unchanged = [line[1:] for line in diff.splitlines() if line.startswith(" ")]
    assert f'        primary: "{PRIMARY}",' in unchanged  # written by the Models page already
    added = [line for line in diff.splitlines() if line.startswith("+")]
    assert any(TYPED_AHEAD in line for line in added)
    assert any('alias: "qwen"' in line for line in added)
    assert config.read_text(encoding="utf-8") == before_review  # nothing written yet
    dialog.save_button.click()
    settle(context, qt_loop)
    assert routing.notice.text().startswith("Saved.")

    # 5. The file: valid as CoderClaw reads it, every choice in it, the user's words kept.
    saved = config.read_text(encoding="utf-8")
    data = json5text.parse(saved)
    assert validate(data, environ={}) == []
    defaults = data["agents"]["defaults"]
    assert defaults["model"]["primary"] == PRIMARY
    assert defaults["model"]["fallbacks"] == [FROM_MODELS_PAGE, TYPED_AHEAD]
    assert defaults["models"][PRIMARY].get("alias") == "qwen"
    assert defaults["models"][TYPED_AHEAD].get("alias") == "gpt"
    entries = {m["id"]: m for m in data["models"]["providers"]["huggingface"]["models"]}
    for ref in (PRIMARY, FROM_MODELS_PAGE, TYPED_AHEAD):
        assert ref in defaults["models"]
        model_id = ref.removeprefix("huggingface/")
        assert entries[model_id]["name"]
    assert data["meta"] == META
    assert data["gateway"] == {"port": 18789, "mode": "local"}
    assert data["models"]["providers"]["huggingface"]["baseUrl"] == fake_hf_env.router_base
    for line in comment_lines(original):
        assert line in saved.splitlines(), f"comment line lost: {line!r}"
    assert token not in saved
    for path in isolated_home.rglob("*"):
        if path.is_file() and path != env_file:
            assert token.encode() not in path.read_bytes(), f"the token leaked into {path}"

    # 6. The tray menu: pick a fallback under "Primary model"; it becomes the primary.
    tray = Tray(context, tray_app.open_settings)
    by_tip = {a.toolTip(): a for a in primary_submenu(tray).actions()}
    assert by_tip[PRIMARY].isChecked() and by_tip[PRIMARY].text() == "qwen"
    assert not by_tip[TYPED_AHEAD].isChecked() and by_tip[TYPED_AHEAD].text() == "gpt"
    notifications.clear()
    by_tip[TYPED_AHEAD].trigger()
    settle(context, qt_loop)
    after = json5text.parse(config.read_text(encoding="utf-8"))
    assert after["agents"]["defaults"]["model"]["primary"] == TYPED_AHEAD
    assert validate(after, environ={}) == []
    assert ("Primary model changed", "CoderClaw now uses openai/gpt-oss-120b.") in notifications
    checked = [a.toolTip() for a in primary_submenu(tray).actions() if a.isChecked()]
    assert checked == [TYPED_AHEAD]
