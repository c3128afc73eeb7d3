"""'Review and save': the exact change to `coderclaw.json`, as a diff, before anything is written.

Added and removed lines are coloured with colours derived from the palette, so the diff stays
legible in light and dark themes; the +/- signs stay in the text for anyone who cannot tell the
colours apart.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class DiffColours(NamedTuple):
    added: QColor
    removed: QColor
    hunk: QColor
    added_background: QColor
    removed_background: QColor


def _blend(base: QColor, tint: QColor, amount: float) -> QColor:
    def mix(a: int, b: int) -> int:
        return round(a + (b - a) * amount)

    return QColor(
        mix(base.red(), tint.red()), mix(base.green(), tint.green()), mix(base.blue(), tint.blue())
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def diff_colours(palette: QPalette) -> DiffColours:
    """Green and red that read well on this palette's base colour."""
    dark = is_dark(palette)
    added = QColor.fromHsl(120, 150, 165 if dark else 65)
    removed = QColor.fromHsl(0, 170, 175 if dark else 95)
    base = palette.color(QPalette.ColorRole.Base)
    return DiffColours(
        added=added,
        removed=removed,
        hunk=palette.color(QPalette.ColorRole.Link),
        added_background=_blend(base, added, 0.15),
        removed_background=_blend(base, removed, 0.15),
    )


def warning_colour(palette: QPalette) -> QColor:
    """The colour of refusals and warnings beside a field."""
    return diff_colours(palette).removed


class DiffHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        colours = diff_colours(palette)
        self.added = QTextCharFormat()
        self.added.setForeground(colours.added)
        self.added.setBackground(colours.added_background)
        self.removed = QTextCharFormat()
        self.removed.setForeground(colours.removed)
        self.removed.setBackground(colours.removed_background)
        self.hunk = QTextCharFormat()
        self.hunk.setForeground(colours.hunk)
        self.header = QTextCharFormat()
        self.header.setFontWeight(QFont.Weight.Bold)

    def line_format(self, line: str) -> QTextCharFormat | None:
        if line.startswith(("+++", "---")):
            return self.header
        if line.startswith("+"):
            return self.added
        if line.startswith("-"):
            return self.removed
        if line.startswith("@@"):
            return self.hunk
        return None

    def highlightBlock(self, text: str) -> None:
        chosen = self.line_format(text)
        if chosen is not None:
            self.setFormat(0, len(text), chosen)


class ReviewDialog(QDialog):
    """Shows `diff` (from `config_file.diff_text`); accepted means "write it"."""

    def __init__(self, diff: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review and save"))
        self.resize(760, 520)
        intro = QLabel(
            self.tr(
                "This is the exact change that will be written to {file}. Lines starting "
                "with + are added, lines starting with - are removed."
            ).format(file=file_name)
        )
        intro.setWordWrap(True)
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setFixedPitch(True)
        self.diff_view.setFont(font)
        self.diff_view.setAccessibleName(self.tr("Change to {file}").format(file=file_name))
        self.diff_view.setPlainText(diff)
        self.highlighter = DiffHighlighter(self.diff_view.document(), self.palette())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        save.setText(self.tr("Save"))
        cancel.setText(self.tr("Cancel"))
        self.save_button = save
        self.cancel_button = cancel
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.diff_view, 1)
        layout.addWidget(buttons)
        save.setDefault(True)
        self.diff_view.setFocus()

    @property
    def diff(self) -> str:
        return self.diff_view.toPlainText()
