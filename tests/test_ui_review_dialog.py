"""The review dialog shows the exact diff, legible in light and dark; conflict choices."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hftray.core.config_file import diff_text
from hftray.ui.conflict_dialog import ConflictChoice, ConflictDialog
from hftray.ui.review_dialog import ReviewDialog, diff_colours
from hftray.ui.theme import dark_palette

pytestmark = pytest.mark.gui

OLD = '{\n  // keep me\n  model: { primary: "a/b" },\n}\n'
NEW = '{\n  // keep me\n  model: { primary: "c/d" },\n}\n'


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_dialog_shows_the_exact_diff_in_a_fixed_width_font(qtbot: QtBot) -> None:
    diff = diff_text(OLD, NEW, "coderclaw.json")
    dialog = ReviewDialog(diff, "coderclaw.json")
    qtbot.addWidget(dialog)
    assert dialog.diff == diff
    assert '-  model: { primary: "a/b" },' in dialog.diff.splitlines()
    assert '+  model: { primary: "c/d" },' in dialog.diff.splitlines()
    assert dialog.diff_view.isReadOnly()
    metrics = dialog.diff_view.fontMetrics()
    assert metrics.horizontalAdvance("iiii") == metrics.horizontalAdvance("WWWW")
    assert dialog.diff_view.accessibleName()


def test_added_and_removed_lines_are_coloured(qtbot: QtBot) -> None:
    dialog = ReviewDialog(diff_text(OLD, NEW, "coderclaw.json"), "coderclaw.json")
    qtbot.addWidget(dialog)
    colours = diff_colours(dialog.palette())
    dialog.highlighter.rehighlight()
    found: dict[str, QColor] = {}
    block = dialog.diff_view.document().begin()
    while block.isValid():
        ranges = block.layout().formats()
        if ranges and block.text()[:1] in "+-" and not block.text().startswith(("+++", "---")):
            found[block.text()[0]] = ranges[0].format.foreground().color()
        block = block.next()
    assert found == {"+": colours.added, "-": colours.removed}


@pytest.mark.parametrize("palette", [QPalette(), dark_palette()], ids=["light", "dark"])
def test_diff_colours_are_legible_on_the_palette(palette: QPalette, qapp: QApplication) -> None:
    colours = diff_colours(palette)
    for fg, bg in (
        (colours.added, colours.added_background),
        (colours.removed, colours.removed_background),
    ):
        assert contrast(fg, bg) >= 3.0
    assert colours.added != colours.removed


def test_save_accepts_and_cancel_rejects(qtbot: QtBot) -> None:
    dialog = ReviewDialog("", "coderclaw.json")
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    dialog.open()
    with qtbot.waitSignal(dialog.rejected):
        dialog.cancel_button.click()


@pytest.mark.parametrize("choice", list(ConflictChoice))
def test_conflict_dialog_reports_the_choice(qtbot: QtBot, choice: ConflictChoice) -> None:
    dialog = ConflictDialog("coderclaw.json", "coderclaw.json changed on disk")
    qtbot.addWidget(dialog)
    dialog.open()
    button = {
        ConflictChoice.RELOAD: dialog.reload_button,
        ConflictChoice.REAPPLY: dialog.reapply_button,
        ConflictChoice.CANCEL: dialog.cancel_button,
    }[choice]
    with qtbot.waitSignal(dialog.chosen) as chosen:
        button.click()
    assert chosen.args == [choice.value]
    assert dialog.choice is choice
    assert not dialog.isVisible()
