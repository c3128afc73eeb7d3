"""The Routing page: edits stay in a draft, are saved only after review, never blindly."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableWidgetItem
from pytestqt.qtbot import QtBot

from hftray.core import json5text
from hftray.core.catalog import Catalog
from hftray.core.config_file import diff_text
from hftray.ui.context import AppContext
from hftray.ui.pages import routing as routing_page
from hftray.ui.pages.routing import ALIAS_COLUMN, RoutingPage
from tests.support.focus import tab_chain
from tests.support.json5data import config_text
from tests.support.ui import context_fixture, qt_loop_fixture, run  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

R1 = "huggingface/deepseek-ai/DeepSeek-R1"
QWEN_CHEAP = "huggingface/Qwen/Qwen3-8B:cheapest"
GPT = "huggingface/openai/gpt-oss-120b"
DATA = Path(__file__).resolve().parent / "data"


def comments(text: str) -> list[str]:
    return re.findall(r"//[^\n]*|/\*.*?\*/", text, flags=re.S)


@pytest.fixture
def config(isolated_home: Path) -> Path:
    path = isolated_home / ".coderclaw" / "coderclaw.json"
    path.parent.mkdir()
    path.write_text(config_text("full.json5"), encoding="utf-8")
    return path


@pytest.fixture
def page(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path, qtbot: QtBot
) -> Iterator[RoutingPage]:
    widget = RoutingPage(context)
    qtbot.addWidget(widget)
    run(qt_loop, context.load_local())
    yield widget


def fallbacks(page: RoutingPage) -> list[str]:
    assert page.draft is not None
    return page.draft.routing().fallbacks


def saved_routing(path: Path) -> tuple[str, list[str]]:
    model = json5text.parse(path.read_text(encoding="utf-8"))["agents"]["defaults"]["model"]
    return model["primary"], model["fallbacks"]


def review_and_save(page: RoutingPage, loop: asyncio.AbstractEventLoop) -> str:
    """Open the review, press Save, wait for the write; returns the diff that was shown."""
    page.review_button.click()
    dialog = page.review_dialog
    assert dialog is not None and dialog.isVisible()
    diff = dialog.diff
    dialog.save_button.click()
    run(loop, page.context.wait_idle())
    return diff


def _alias_item(page: RoutingPage, full: str) -> QTableWidgetItem:
    table = page.alias_table
    for row in range(table.rowCount()):
        model, alias = table.item(row, 0), table.item(row, ALIAS_COLUMN)
        if model is not None and alias is not None and model.text() == full:
            return alias
    raise AssertionError(full)


def set_primary(page: RoutingPage, text: str) -> None:
    """Type `text` as the primary model and press Set, as a person would."""
    page.primary_edit.setText(text)
    page.set_primary_button.click()


def add_fallback(page: RoutingPage, text: str) -> None:
    """Type `text` into the fallback field and press Add, as a person would."""
    page.fallback_edit.setText(text)
    page.add_fallback_button.click()


def shown(label: QLabel) -> str:
    assert not label.isHidden(), "expected a message beside the field"
    return label.text()


def test_page_shows_the_primary_fallbacks_and_aliases_of_the_file(page: RoutingPage) -> None:
    assert page.primary_edit.text() == R1
    entries = [
        page.fallback_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(page.fallback_list.count())
    ]
    assert entries == [QWEN_CHEAP, GPT]
    aliases = {full: _alias_item(page, full).text() for full in (R1, GPT, QWEN_CHEAP)}
    assert aliases == {R1: "R1", GPT: "gpt", QWEN_CHEAP: ""}
    other = _alias_item(page, "anthropic/claude-sonnet-4-5")  # another provider's: read-only
    assert not other.flags() & Qt.ItemFlag.ItemIsEditable
    assert not page.review_button.isEnabled()
    assert page.editor.isEnabled()


def test_move_down_reorders_the_draft_and_the_saved_file_keeping_every_comment(
    page: RoutingPage, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    original = config.read_text(encoding="utf-8")
    page.fallback_list.setCurrentRow(0)
    page.move_down_button.click()
    assert fallbacks(page) == [GPT, QWEN_CHEAP]
    assert page.fallback_list.currentRow() == 1
    assert config.read_text(encoding="utf-8") == original  # nothing written before the review
    while_busy: list[tuple[str, bool]] = []

    def busy_changed(busy: bool) -> None:
        if busy:
            while_busy.append((page.status.text(), page.editor.isEnabled()))

    page.context.busyChanged.connect(busy_changed)

    diff = review_and_save(page, qt_loop)

    assert while_busy == [("Saving…", False)]

    saved = config.read_text(encoding="utf-8")
    assert diff == diff_text(original, saved, "coderclaw.json")
    assert saved_routing(config) == (R1, [GPT, QWEN_CHEAP])
    assert sorted(comments(saved)) == sorted(comments(original))
    assert "// cheap and quick" in saved.split(QWEN_CHEAP, 1)[1].split("\n", 1)[0]
    assert not page.draft or not page.draft.dirty
    assert "Saved" in shown(page.notice)


def test_dragging_a_fallback_moves_it_in_the_draft(
    page: RoutingPage, qt_loop: asyncio.AbstractEventLoop, config: Path, qapp: QApplication
) -> None:
    model = page.fallback_list.model()
    # What the list's drop handler does for an internal move: move the row in its model.
    assert model.moveRow(QModelIndex(), 1, QModelIndex(), 0)
    qapp.processEvents()
    assert fallbacks(page) == [GPT, QWEN_CHEAP]
    assert page.fallback_list.item(0).data(Qt.ItemDataRole.UserRole) == GPT
    review_and_save(page, qt_loop)
    assert saved_routing(config) == (R1, [GPT, QWEN_CHEAP])


def test_typed_ref_is_added_as_fallback_and_saved_with_its_entries(
    page: RoutingPage, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    assert "deepseek-ai/DeepSeek-V3.1" in page._completions.stringList()
    assert "R1" in page._completions.stringList()  # aliases are offered too
    add_fallback(page, "deepseek-ai/DeepSeek-V3.1:fastest")
    assert fallbacks(page)[-1] == "huggingface/deepseek-ai/DeepSeek-V3.1:fastest"
    assert page.fallback_edit.text() == ""
    assert page.fallback_error.isHidden()

    review_and_save(page, qt_loop)

    data = json5text.parse(config.read_text(encoding="utf-8"))
    assert data["agents"]["defaults"]["model"]["fallbacks"][-1].endswith("V3.1:fastest")
    assert "huggingface/deepseek-ai/DeepSeek-V3.1:fastest" in data["agents"]["defaults"]["models"]
    ids = [m["id"] for m in data["models"]["providers"]["huggingface"]["models"]]
    assert "deepseek-ai/DeepSeek-V3.1:fastest" in ids


def test_alias_typed_as_primary_resolves_to_its_model(page: RoutingPage) -> None:
    set_primary(page, "gpt")
    assert page.draft is not None and page.draft.routing().primary == GPT
    assert page.primary_edit.text() == GPT


def test_malformed_ref_is_refused_beside_the_field_and_nothing_is_written(
    page: RoutingPage, config: Path
) -> None:
    before = config.read_bytes()
    set_primary(page, "not a model")
    assert "spaces" in shown(page.primary_error)
    add_fallback(page, "Qwen/Qwen3-8B:cheapest:fastest")
    assert "more than one ':'" in shown(page.fallback_error)
    assert page.draft is not None and not page.draft.dirty
    assert not page.review_button.isEnabled()
    assert config.read_bytes() == before


def test_the_primary_or_an_existing_fallback_is_not_added_again(page: RoutingPage) -> None:
    add_fallback(page, "R1")
    assert "primary" in shown(page.fallback_error)
    add_fallback(page, "openai/gpt-oss-120b")
    assert "already a fallback" in shown(page.fallback_error)
    assert page.draft is not None and not page.draft.dirty


def test_duplicate_or_empty_alias_is_refused_and_the_cell_reverts(
    page: RoutingPage, config: Path
) -> None:
    before = config.read_bytes()
    item = _alias_item(page, GPT)
    item.setText(" r1 ")  # R1's alias, in another case
    assert "already used by " + R1 in shown(page.alias_error)
    assert item.text() == "gpt"
    item.setText("")
    assert "cannot be empty" in shown(page.alias_error)
    assert item.text() == "gpt"
    _alias_item(page, QWEN_CHEAP).setText("a/b")
    assert "'/'" in shown(page.alias_error)
    assert page.draft is not None and not page.draft.dirty
    assert config.read_bytes() == before


def test_alias_edited_in_place_is_saved(
    page: RoutingPage, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    item = _alias_item(page, QWEN_CHEAP)
    item.setText("  qwen cheap ")
    assert page.alias_error.isHidden()
    assert item.text() == "qwen cheap"
    review_and_save(page, qt_loop)
    models = json5text.parse(config.read_text(encoding="utf-8"))["agents"]["defaults"]["models"]
    assert models[QWEN_CHEAP] == {"alias": "qwen cheap"}


def test_remove_alias_and_discard_changes(page: RoutingPage, config: Path) -> None:
    before = config.read_bytes()
    page.alias_table.setCurrentCell(0, ALIAS_COLUMN)  # R1's row
    page.remove_alias_button.click()
    assert page.draft is not None and R1 not in page.draft.routing().aliases
    page.fallback_list.setCurrentRow(0)
    page.remove_fallback_button.click()
    assert fallbacks(page) == [GPT]
    assert page.review_button.isEnabled()
    page.discard_button.click()
    assert fallbacks(page) == [QWEN_CHEAP, GPT]
    assert page.draft.routing().aliases[R1] == "R1"
    assert not page.discard_button.isEnabled()
    assert config.read_bytes() == before


def _modify_outside(config: Path) -> str:
    text = config.read_text(encoding="utf-8").replace(
        "port: 18789, // the default", "port: 18790, // changed by someone else"
    )
    config.write_text(text, encoding="utf-8")
    return text


def test_conflict_offers_reload_which_drops_the_draft_and_shows_the_file(
    page: RoutingPage, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page.fallback_list.setCurrentRow(0)
    page.remove_fallback_button.click()
    outside = _modify_outside(config)

    review_and_save(page, qt_loop)

    dialog = page.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert config.read_text(encoding="utf-8") == outside  # not overwritten
    dialog.reload_button.click()
    run(qt_loop, page.context.wait_idle())
    assert fallbacks(page) == [QWEN_CHEAP, GPT]
    assert page.draft is not None and not page.draft.dirty
    assert page.draft.base == outside
    assert config.read_text(encoding="utf-8") == outside


def test_conflict_reapply_replays_the_changes_on_the_new_file_and_shows_the_new_diff(
    page: RoutingPage, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page.fallback_list.setCurrentRow(0)
    page.move_down_button.click()
    _alias_item(page, QWEN_CHEAP).setText("cheap")
    outside = _modify_outside(config)

    review_and_save(page, qt_loop)
    assert page.conflict_dialog is not None
    first_review = page.review_dialog
    page.conflict_dialog.reapply_button.click()
    run(qt_loop, page.context.wait_idle())

    review = page.review_dialog
    assert review is not None and review is not first_review and review.isVisible()
    assert page.draft is not None and page.draft.base == outside
    assert review.diff == diff_text(outside, page.draft.text, "coderclaw.json")
    assert "18790" not in "".join(
        line for line in review.diff.splitlines() if line.startswith(("+", "-"))
    )
    review.save_button.click()
    run(qt_loop, page.context.wait_idle())
    saved = config.read_text(encoding="utf-8")
    assert "port: 18790, // changed by someone else" in saved
    assert saved_routing(config) == (R1, [GPT, QWEN_CHEAP])
    assert json5text.parse(saved)["agents"]["defaults"]["models"][QWEN_CHEAP] == {"alias": "cheap"}


def test_write_failure_shows_the_reason_and_keeps_the_file(
    page: RoutingPage,
    qt_loop: asyncio.AbstractEventLoop,
    config: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hftray.core import config_file

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(config_file, "atomic_write_bytes", refuse)
    before = config.read_bytes()
    page.fallback_list.setCurrentRow(1)
    page.remove_fallback_button.click()
    review_and_save(page, qt_loop)
    assert "No space left on device" in shown(page.problem)
    assert config.read_bytes() == before
    assert page.draft is not None and page.draft.dirty  # the change is still there to retry


def test_unparsable_config_shows_line_and_column_and_allows_no_edit(
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    config: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config.write_text("{\n  agents: {\n    defaults: [,\n", encoding="utf-8")
    before = config.read_bytes()
    opened: list[Path] = []

    def open_in_editor(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(routing_page, "open_in_editor", open_in_editor)
    page = RoutingPage(context)
    qtbot.addWidget(page)
    run(qt_loop, context.load_local())

    assert "line 3, column 16" in shown(page.banner)
    assert not page.editor.isEnabled()
    assert not page.review_button.isEnabled()
    page.review_and_save()
    assert page.review_dialog is None
    page.open_editor_button.click()
    assert opened == [config]
    assert config.read_bytes() == before

    config.write_text(config_text("one_line.json5"), encoding="utf-8")
    page.reload_button.click()
    run(qt_loop, context.wait_idle())
    assert page.banner_box.isHidden()
    assert page.editor.isEnabled()
    assert page.primary_edit.text() == GPT


def test_config_in_a_shape_coderclaw_refuses_is_explained_not_edited(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path, qtbot: QtBot
) -> None:
    config.write_text(config_text("bare_string_model.json5"), encoding="utf-8")
    page = RoutingPage(context)
    qtbot.addWidget(page)
    run(qt_loop, context.load_local())
    assert "agents.defaults.model" in shown(page.banner)
    assert not page.editor.isEnabled()


def test_warnings_beside_each_entry(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path, qtbot: QtBot
) -> None:
    config.write_text(
        "{ agents: { defaults: {\n"
        '  model: { primary: "huggingface/Qwen/Qwen3-8B:novita", fallbacks: [\n'
        '    "huggingface/Qwen/Qwen3-8B:novita-gone",\n'
        '    "huggingface/deepseek-ai/DeepSeek-R1:novita",\n'
        '    "huggingface/nobody/not-served",\n'
        '    "huggingface/Qwen/Qwen2.5-Math-72B-Instruct",\n'
        '    "huggingface/deepseek-ai/DeepSeek-R1",\n'
        "  ] },\n"
        "  models: {\n"
        '    "huggingface/Qwen/Qwen3-8B:novita": {},\n'
        '    "huggingface/nobody/not-served": {},\n'
        '    "huggingface/Qwen/Qwen2.5-Math-72B-Instruct": {},\n'
        '    "huggingface/deepseek-ai/DeepSeek-R1": {},\n'
        "  },\n"
        "} } }\n",
        encoding="utf-8",
    )
    page = RoutingPage(context)
    qtbot.addWidget(page)
    run(qt_loop, context.load_local())
    body = (DATA / "router-models.json").read_bytes()
    context.catalog = Catalog.from_body(body, "live")
    context.catalogChanged.emit()

    items = [page.fallback_list.item(i) for i in range(page.fallback_list.count())]
    lines = [item.text().split("\n")[1:] for item in items]
    assert lines == [
        [
            "The chosen provider no longer serves this model.",
            "Not in the allowlist (agents.defaults.models): CoderClaw ignores it.",
        ],
        [
            "Same provider as the primary: no real fallback.",
            "Not in the allowlist (agents.defaults.models): CoderClaw ignores it.",
        ],
        ["Not served by the Hugging Face router any more."],
        ["No provider serves this model right now."],
        [],
    ]
    assert [item.icon().isNull() for item in items] == [False, False, False, False, True]
    assert "novita-gone no longer serves" in items[0].toolTip()
    assert page.primary_warnings.isHidden()  # the primary is listed and served


def test_tab_visits_every_control_in_page_order(page: RoutingPage, qtbot: QtBot) -> None:
    page.show()
    qtbot.waitExposed(page)
    # A change, and a middle row selected: all buttons enabled.
    add_fallback(page, "deepseek-ai/DeepSeek-V3.1")
    page.fallback_list.setCurrentRow(1)
    page.alias_table.setCurrentCell(0, ALIAS_COLUMN)
    assert tab_chain(page) == [
        page.primary_edit,
        page.set_primary_button,
        page.fallback_list,
        page.move_up_button,
        page.move_down_button,
        page.remove_fallback_button,
        page.fallback_edit,
        page.add_fallback_button,
        page.alias_table,
        page.remove_alias_button,
        page.discard_button,
        page.review_button,
    ]
    for button in (page.move_up_button, page.move_down_button, page.remove_fallback_button):
        assert button.accessibleName()


def test_file_reloaded_with_other_contents_while_editing_asks_before_saving(
    page: RoutingPage, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page.fallback_list.setCurrentRow(0)
    page.remove_fallback_button.click()
    outside = _modify_outside(config)
    run(qt_loop, page.context.reload_config())  # e.g. the tray reloaded it
    assert "changed elsewhere" in shown(page.notice)
    assert fallbacks(page) == [GPT]  # the draft is kept

    page.review_button.click()

    assert page.review_dialog is None
    assert page.conflict_dialog is not None and page.conflict_dialog.isVisible()
    page.conflict_dialog.cancel_button.click()
    run(qt_loop, page.context.wait_idle())
    assert fallbacks(page) == [GPT]
    assert config.read_text(encoding="utf-8") == outside


def test_primary_with_a_problem_shows_it_beside_the_field(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, config: Path, qtbot: QtBot
) -> None:
    config.write_text(
        '{ agents: { defaults: { model: { primary: "huggingface/nobody/gone" } } } }\n',
        encoding="utf-8",
    )
    page = RoutingPage(context)
    qtbot.addWidget(page)
    run(qt_loop, context.load_local())
    context.catalog = Catalog.from_body((DATA / "router-models.json").read_bytes(), "live")
    context.catalogChanged.emit()
    assert shown(page.primary_warnings) == "Not served by the Hugging Face router any more."
    assert "nobody/gone" in page.primary_warnings.toolTip()


def test_nix_mode_makes_the_page_read_only(
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    config: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CODERCLAW_NIX_MODE", "1")
    page = RoutingPage(context)
    qtbot.addWidget(page)
    run(qt_loop, context.load_local())
    assert "Nix mode" in shown(page.banner)
    assert not page.editor.isEnabled()
    assert page.open_editor_button.isHidden()


def test_without_a_config_file_the_first_save_creates_it(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, isolated_home: Path, qtbot: QtBot
) -> None:
    page = RoutingPage(context)
    qtbot.addWidget(page)
    run(qt_loop, context.load_local())
    assert page.editor.isEnabled() and page.primary_edit.text() == ""
    set_primary(page, "deepseek-ai/DeepSeek-R1")
    review_and_save(page, qt_loop)
    config = isolated_home / ".coderclaw" / "coderclaw.json"
    data = json5text.parse(config.read_text(encoding="utf-8"))
    assert data["agents"]["defaults"]["model"]["primary"] == R1
    assert (
        data["models"]["providers"]["huggingface"]["models"][0]["id"] == "deepseek-ai/DeepSeek-R1"
    )


def test_reapply_when_the_file_already_holds_the_change_saves_nothing(
    page: RoutingPage, qt_loop: asyncio.AbstractEventLoop, config: Path
) -> None:
    page.fallback_list.setCurrentRow(1)
    page.move_up_button.click()
    text = config.read_text(encoding="utf-8")
    qwen_line = '          "huggingface/Qwen/Qwen3-8B:cheapest", // cheap and quick\n'
    gpt_line = "          'huggingface/openai/gpt-oss-120b',\n"
    outside = text.replace(qwen_line + gpt_line, gpt_line + qwen_line)
    config.write_text(outside, encoding="utf-8")

    review_and_save(page, qt_loop)
    assert page.conflict_dialog is not None
    page.conflict_dialog.reapply_button.click()
    run(qt_loop, page.context.wait_idle())

    assert "already holds your changes" in shown(page.notice)
    assert page.review_dialog is None
    assert page.draft is not None and not page.draft.dirty
    assert config.read_text(encoding="utf-8") == outside
