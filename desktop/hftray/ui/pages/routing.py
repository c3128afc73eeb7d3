"""The Routing page: primary, ordered fallbacks and aliases, saved only after a review.

Every edit goes into a `RoutingDraft` (the loaded text plus the operations made), shown at once
with its warnings; nothing is written until "Review and save" shows the exact diff and the user
confirms. The save goes through `AppContext.edit_config` and is refused when the file changed
since it was loaded: the conflict dialog then offers to reload, or to reload and re-apply the
same operations on the new file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hftray.core.catalog import RefWarning
from hftray.core.config_edit import resolve_user_ref
from hftray.core.config_file import ConfigConflictError, ConfigSyntaxError, diff_text
from hftray.core.errors import HFTrayError
from hftray.core.refs import ModelRef, RefError
from hftray.core.routing import Routing
from hftray.ui.conflict_dialog import ConflictChoice, ConflictDialog
from hftray.ui.context import AppContext
from hftray.ui.page_frame import build_page_frame
from hftray.ui.review_dialog import ReviewDialog, warning_colour
from hftray.ui.routing_draft import (
    BAD_REF,
    NOT_IN_ALLOWLIST,
    AddFallback,
    MoveFallback,
    Op,
    RemoveAlias,
    RemoveFallback,
    RoutingDraft,
    SetAlias,
    SetPrimary,
    alias_rows,
    completion_words,
    entry_warnings,
    hf_ref,
)

MODEL_COLUMN, ALIAS_COLUMN = 0, 1
CONFIG_NAME = "coderclaw.json"


def open_in_editor(path: Path) -> bool:
    """Hand the file to the desktop's editor for it (a module function so tests can stand in)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _error_label() -> QLabel:
    """A label for a refusal beside its field, in a warning colour taken from the palette."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, warning_colour(palette))
    label.setPalette(palette)
    label.hide()
    return label


def _show(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


class RoutingPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.draft: RoutingDraft | None = None
        self.review_dialog: ReviewDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self._saving = False
        self._filling = False
        self._shown_primary: str | None = None
        self._catalog_words: list[str] = []
        self._completion_aliases: list[str] | None = None
        self._completions = QStringListModel(self)
        self._build()
        context.configChanged.connect(self._config_changed)
        context.catalogChanged.connect(self._catalog_changed)
        self._catalog_changed()
        self._config_changed()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Choose the model CoderClaw uses first and the ones it tries next if that one "
                "fails. Nothing is written until you review and save."
            )
        )
        intro.setWordWrap(True)

        self.banner = QLabel()
        self.banner.setObjectName("routingBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.open_editor_button = QPushButton(self.tr("Open in editor"))
        self.open_editor_button.clicked.connect(self._open_in_editor)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.clicked.connect(self._reload)
        self.banner_box = QWidget()
        banner_layout = QHBoxLayout(self.banner_box)
        banner_layout.setContentsMargins(0, 0, 0, 0)
        banner_layout.addWidget(self.banner, 1)
        banner_layout.addWidget(self.open_editor_button)
        banner_layout.addWidget(self.reload_button)
        self.banner_box.hide()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.problem = _error_label()

        self.editor = QWidget()
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self._build_primary())
        editor_layout.addWidget(self._build_fallbacks())
        editor_layout.addWidget(self._build_aliases())

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.discard_button = QPushButton(self.tr("Discard changes"))
        self.discard_button.clicked.connect(self.discard_changes)
        self.review_button = QPushButton(self.tr("Review and save…"))
        self.review_button.clicked.connect(self.review_and_save)
        actions = QHBoxLayout()
        actions.setContentsMargins(9, 0, 9, 9)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.discard_button)
        actions.addWidget(self.review_button)

        layout = build_page_frame(self, self.tr("Routing"), footer=actions)
        layout.addWidget(intro)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.notice)
        layout.addWidget(self.problem)
        layout.addWidget(self.editor)
        layout.addStretch(1)

        for first, second in (
            (self.open_editor_button, self.reload_button),
            (self.reload_button, self.primary_edit),
            (self.primary_edit, self.set_primary_button),
            (self.set_primary_button, self.fallback_list),
            (self.fallback_list, self.move_up_button),
            (self.move_up_button, self.move_down_button),
            (self.move_down_button, self.remove_fallback_button),
            (self.remove_fallback_button, self.fallback_edit),
            (self.fallback_edit, self.add_fallback_button),
            (self.add_fallback_button, self.alias_table),
            (self.alias_table, self.remove_alias_button),
            (self.remove_alias_button, self.discard_button),
            (self.discard_button, self.review_button),
        ):
            self.setTabOrder(first, second)

    def _ref_field(self, placeholder: str, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(accessible)
        field.setClearButtonEnabled(True)
        completer = QCompleter(self._completions, field)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        field.setCompleter(completer)
        return field

    def _build_primary(self) -> QGroupBox:
        box = QGroupBox(self.tr("Primary model"))
        self.primary_edit = self._ref_field(
            self.tr("org/model, org/model:policy or an alias"), self.tr("Primary model")
        )
        self.primary_edit.returnPressed.connect(self.set_primary_from_field)
        self.set_primary_button = QPushButton(self.tr("Set as primary"))
        self.set_primary_button.clicked.connect(self.set_primary_from_field)
        self.primary_error = _error_label()
        self.primary_warnings = _error_label()
        grid = QGridLayout(box)
        grid.addWidget(self.primary_edit, 0, 0)
        grid.addWidget(self.set_primary_button, 0, 1)
        grid.addWidget(self.primary_error, 1, 0, 1, 2)
        grid.addWidget(self.primary_warnings, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        return box

    def _build_fallbacks(self) -> QGroupBox:
        box = QGroupBox(self.tr("Fallbacks, tried in this order"))
        hint = QLabel(self.tr("Drag to reorder, or use Move up and Move down."))
        hint.setWordWrap(True)
        self.fallback_list = QListWidget()
        self.fallback_list.setAccessibleName(self.tr("Fallback models"))
        self.fallback_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.fallback_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.fallback_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.fallback_list.setWordWrap(True)
        self.fallback_list.model().rowsMoved.connect(self._fallback_dropped)
        self.fallback_list.currentRowChanged.connect(self._update_buttons)
        self.move_up_button = QPushButton(self.tr("Move up"))
        self.move_up_button.setAccessibleName(self.tr("Move the selected fallback up"))
        self.move_up_button.clicked.connect(lambda: self.move_selected_fallback(-1))
        self.move_down_button = QPushButton(self.tr("Move down"))
        self.move_down_button.setAccessibleName(self.tr("Move the selected fallback down"))
        self.move_down_button.clicked.connect(lambda: self.move_selected_fallback(1))
        self.remove_fallback_button = QPushButton(self.tr("Remove"))
        self.remove_fallback_button.setAccessibleName(self.tr("Remove the selected fallback"))
        self.remove_fallback_button.clicked.connect(self.remove_selected_fallback)
        side = QVBoxLayout()
        side.addWidget(self.move_up_button)
        side.addWidget(self.move_down_button)
        side.addWidget(self.remove_fallback_button)
        side.addStretch(1)
        self.fallback_edit = self._ref_field(
            self.tr("Add a fallback: org/model, org/model:policy or an alias"),
            self.tr("Fallback to add"),
        )
        self.fallback_edit.returnPressed.connect(self.add_fallback_from_field)
        self.add_fallback_button = QPushButton(self.tr("Add fallback"))
        self.add_fallback_button.clicked.connect(self.add_fallback_from_field)
        self.fallback_error = _error_label()
        grid = QGridLayout(box)
        grid.addWidget(hint, 0, 0, 1, 2)
        grid.addWidget(self.fallback_list, 1, 0)
        grid.addLayout(side, 1, 1)
        grid.addWidget(self.fallback_edit, 2, 0)
        grid.addWidget(self.add_fallback_button, 2, 1)
        grid.addWidget(self.fallback_error, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        return box

    def _build_aliases(self) -> QGroupBox:
        box = QGroupBox(self.tr("Aliases"))
        hint = QLabel(
            self.tr(
                "A short name can be used wherever a model is expected. Double-click an "
                "alias (or press F2) to edit it."
            )
        )
        hint.setWordWrap(True)
        self.alias_table = QTableWidget(0, 2)
        self.alias_table.setAccessibleName(self.tr("Aliases"))
        self.alias_table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Alias")])
        self.alias_table.verticalHeader().hide()
        header = self.alias_table.horizontalHeader()
        header.setSectionResizeMode(MODEL_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ALIAS_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ALIAS_COLUMN, 200)
        self.alias_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alias_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.alias_table.setTabKeyNavigation(False)
        self.alias_table.itemChanged.connect(self._alias_edited)
        self.alias_table.currentCellChanged.connect(self._update_buttons)
        self.remove_alias_button = QPushButton(self.tr("Remove alias"))
        self.remove_alias_button.setAccessibleName(self.tr("Remove the selected alias"))
        self.remove_alias_button.clicked.connect(self.remove_selected_alias)
        self.alias_error = _error_label()
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addWidget(self.alias_table)
        row = QHBoxLayout()
        row.addWidget(self.alias_error, 1)
        row.addWidget(self.remove_alias_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        return box

    # -- loading --------------------------------------------------------------------------------

    def _entry_for(self, ref: ModelRef) -> dict[str, object] | None:
        catalog = self.context.catalog
        return catalog.entry_for(ref) if catalog is not None else None

    def _config_changed(self) -> None:
        ctx = self.context
        if self._saving:
            return
        if ctx.config is None:
            self.draft = None
        elif self.draft is None or not self.draft.dirty:
            self.draft = RoutingDraft(ctx.config.text, self._entry_for)
        elif ctx.config.text != self.draft.base:
            _show(
                self.notice,
                self.tr(
                    "coderclaw.json was changed elsewhere while you were editing. Your changes "
                    "are kept; you will be asked what to do when you save."
                ),
            )
        self._refresh()

    def _catalog_changed(self) -> None:
        self._catalog_words = completion_words(self.context.catalog)
        self._completion_aliases = None
        self._refresh()

    def _update_completions(self) -> None:
        """Offer the aliases, then the catalog; the (long) list is only reset when they change."""
        aliases: list[str] = []
        if self.draft is not None:
            try:
                aliases = sorted(self.draft.routing().aliases.values(), key=str.casefold)
            except HFTrayError:
                aliases = []
        if aliases != self._completion_aliases:
            self._completion_aliases = aliases
            self._completions.setStringList(aliases + self._catalog_words)

    def _blocking_problem(self) -> tuple[str, str | None] | None:
        """Why the routing cannot be edited now (text, tooltip), or None."""
        ctx = self.context
        error = ctx.config_error
        if isinstance(error, ConfigSyntaxError):
            return (
                self.tr(
                    "{file} cannot be read: there is a syntax error at line {line}, column "
                    "{column}. Fix it in a text editor, then reload. The app will not "
                    "overwrite it."
                ).format(file=error.path.name, line=error.line, column=error.column),
                error.one_line(),
            )
        if error is not None:
            return error.one_line(), None
        if ctx.config is None:
            return self.tr("Loading the config…"), None
        if ctx.paths is not None and ctx.paths.nix_mode:
            return (
                self.tr(
                    "CoderClaw runs in Nix mode, so its config is read-only. Change the models "
                    "in your Nix configuration instead."
                ),
                None,
            )
        if self.draft is not None:
            try:
                self.draft.routing()
            except HFTrayError as exc:
                return exc.one_line(), None
        return None

    def _config_path(self) -> Path | None:
        error = self.context.config_error
        if isinstance(error, ConfigSyntaxError):
            return error.path
        if self.context.config is not None:
            return self.context.config.path
        return self.context.paths.config.path if self.context.paths is not None else None

    # -- showing the draft ----------------------------------------------------------------------

    def _refresh(self) -> None:
        problem = self._blocking_problem()
        self.banner_box.setVisible(problem is not None)
        if problem is not None:
            text, tooltip = problem
            self.banner.setText(text)
            self.banner.setToolTip(tooltip or "")
            unreadable = self.context.config_error is not None
            self.open_editor_button.setVisible(unreadable and self._config_path() is not None)
            self.reload_button.setVisible(unreadable)
        editable = problem is None and self.draft is not None and not self._saving
        self.editor.setEnabled(editable)
        if problem is not None or self.draft is None:
            self._show_routing(None)
        else:
            self._show_routing(self.draft.routing())
        self._update_completions()
        self._update_buttons()

    def _show_routing(self, routing: Routing | None) -> None:
        self._filling = True
        try:
            primary = routing.primary if routing is not None else None
            if primary != self._shown_primary:  # keep what the user is typing otherwise
                self.primary_edit.setText(primary or "")
                self._shown_primary = primary
            self._show_primary_warnings(routing)
            self._fill_fallbacks(routing)
            self._fill_aliases(routing)
        finally:
            self._filling = False

    def _warning_text(self, warning: RefWarning) -> str:
        """A short translated line per warning kind; the details go in the tooltip."""
        texts = {
            "not-served": self.tr("Not served by the Hugging Face router any more."),
            "provider-gone": self.tr("The chosen provider no longer serves this model."),
            "no-live-provider": self.tr("No provider serves this model right now."),
            "same-provider-as-primary": self.tr("Same provider as the primary: no real fallback."),
            NOT_IN_ALLOWLIST: self.tr(
                "Not in the allowlist (agents.defaults.models): CoderClaw ignores it."
            ),
            BAD_REF: self.tr("Not a valid model ref."),
        }
        return texts.get(warning.code, warning.message)

    def _warnings(self, entry: str, routing: Routing, *, fallback: bool) -> list[RefWarning]:
        primary = routing.primary if fallback else None
        return entry_warnings(entry, routing, self.context.catalog, primary=primary)

    def _show_primary_warnings(self, routing: Routing | None) -> None:
        if routing is None or not routing.primary:
            _show(self.primary_warnings, None)
            return
        warnings = self._warnings(routing.primary, routing, fallback=False)
        _show(self.primary_warnings, "\n".join(self._warning_text(w) for w in warnings))
        self.primary_warnings.setToolTip("\n".join(w.message for w in warnings))

    def _fill_fallbacks(self, routing: Routing | None) -> None:
        row = self.fallback_list.currentRow()
        self.fallback_list.clear()
        if routing is None:
            return
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for entry in routing.fallbacks:
            warnings = self._warnings(entry, routing, fallback=True)
            lines = [entry, *(self._warning_text(w) for w in warnings)]
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            if warnings:
                item.setIcon(warning_icon)
                item.setToolTip("\n".join(w.message for w in warnings))
            self.fallback_list.addItem(item)
        if routing.fallbacks and row >= 0:
            self.fallback_list.setCurrentRow(min(row, len(routing.fallbacks) - 1))

    def _fill_aliases(self, routing: Routing | None) -> None:
        rows = alias_rows(routing) if routing is not None else []
        table = self.alias_table
        current = table.currentRow()
        table.setRowCount(len(rows))
        for index, full in enumerate(rows):
            model = QTableWidgetItem(full)
            model.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            alias = QTableWidgetItem(routing.aliases.get(full, "") if routing else "")
            alias.setData(Qt.ItemDataRole.UserRole, full)
            if routing is not None and hf_ref(full, routing) is not None:
                alias.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsEditable
                )
            else:
                alias.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                tip = self.tr("Only aliases of Hugging Face models are edited here.")
                model.setToolTip(tip)
                alias.setToolTip(tip)
            table.setItem(index, MODEL_COLUMN, model)
            table.setItem(index, ALIAS_COLUMN, alias)
        if rows and current >= 0:
            table.setCurrentCell(min(current, len(rows) - 1), ALIAS_COLUMN)

    def _update_buttons(self) -> None:
        dirty = self.draft is not None and self.draft.dirty
        editable = self.editor.isEnabled()
        self.discard_button.setEnabled(dirty and not self._saving)
        self.review_button.setEnabled(dirty and editable and not self._saving)
        row, count = self.fallback_list.currentRow(), self.fallback_list.count()
        self.move_up_button.setEnabled(row > 0)
        self.move_down_button.setEnabled(0 <= row < count - 1)
        self.remove_fallback_button.setEnabled(row >= 0)
        alias_item = self.alias_table.item(self.alias_table.currentRow(), ALIAS_COLUMN)
        self.remove_alias_button.setEnabled(
            alias_item is not None
            and bool(alias_item.text())
            and bool(alias_item.flags() & Qt.ItemFlag.ItemIsEditable)
        )
        if self._saving:
            self.status.setText(self.tr("Saving…"))
        elif dirty:
            self.status.setText(self.tr("Unsaved changes."))
        else:
            self.status.setText(self.tr("No unsaved changes."))

    # -- editing --------------------------------------------------------------------------------

    def _apply(self, op: Op, error_label: QLabel) -> bool:
        """Apply `op` to the draft, or show why not beside the field; never writes."""
        assert self.draft is not None
        try:
            changed = self.draft.apply(op)
        except HFTrayError as exc:
            _show(error_label, exc.one_line())
            return False
        _show(error_label, None)
        self._clear_messages()
        self._refresh()
        return changed

    def _parse_field(self, field: QLineEdit, error_label: QLabel) -> ModelRef | None:
        if self.draft is None:
            return None
        try:
            return resolve_user_ref(field.text(), self.draft.routing(), self.context.catalog)
        except RefError as exc:
            _show(error_label, exc.one_line())
            return None

    def set_primary_from_field(self) -> None:
        ref = self._parse_field(self.primary_edit, self.primary_error)
        if ref is not None:
            self._apply(SetPrimary(ref), self.primary_error)

    def add_fallback_from_field(self) -> None:
        ref = self._parse_field(self.fallback_edit, self.fallback_error)
        if ref is None or self.draft is None:
            return
        routing = self.draft.routing()
        primary = hf_ref(routing.primary, routing) if routing.primary else None
        if ref == primary:
            _show(
                self.fallback_error,
                self.tr("{model} is the primary model; a fallback must be another model.").format(
                    model=ref.full
                ),
            )
            return
        if any(hf_ref(entry, routing) == ref for entry in routing.fallbacks):
            _show(
                self.fallback_error,
                self.tr("{model} is already a fallback.").format(model=ref.full),
            )
            return
        if self._apply(AddFallback(ref), self.fallback_error):
            self.fallback_edit.clear()
            # Enter on a suggestion reaches us before the completer writes that suggestion
            # into the field: clear it again once the completer is done.
            QTimer.singleShot(0, self.fallback_edit.clear)
            self.fallback_list.setCurrentRow(self.fallback_list.count() - 1)

    def _selected_fallback(self) -> str | None:
        item = self.fallback_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def move_selected_fallback(self, step: int) -> None:
        entry, row = self._selected_fallback(), self.fallback_list.currentRow()
        if entry is None or not 0 <= row + step < self.fallback_list.count():
            return
        if self._apply(MoveFallback(entry, row + step), self.fallback_error):
            self.fallback_list.setCurrentRow(row + step)

    def remove_selected_fallback(self) -> None:
        entry = self._selected_fallback()
        if entry is not None:
            self._apply(RemoveFallback(entry), self.fallback_error)

    def _fallback_dropped(
        self, parent: QModelIndex, start: int, end: int, destination: QModelIndex, row: int
    ) -> None:
        """A drag moved a row in the list; make the same move in the draft."""
        if self._filling or self.draft is None:
            return
        dst = row if row < start else row - 1
        fallbacks = self.draft.routing().fallbacks
        if not 0 <= start < len(fallbacks) or dst == start:
            return
        entry = fallbacks[start]
        try:
            self.draft.apply(MoveFallback(entry, dst))
        except HFTrayError as exc:
            _show(self.fallback_error, exc.one_line())
        # Rebuild after the drop has finished: the list is still inside its drop handler.
        QTimer.singleShot(0, lambda: self._after_drop(dst))

    def _after_drop(self, row: int) -> None:
        self._refresh()
        self.fallback_list.setCurrentRow(row)

    def _alias_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.draft is None or item.column() != ALIAS_COLUMN:
            return
        routing = self.draft.routing()
        full = str(item.data(Qt.ItemDataRole.UserRole))
        old = routing.aliases.get(full, "")
        alias = item.text().strip()
        if alias == old:
            self._set_cell(item, old)
            return
        reason = self._alias_refusal(alias, full, routing)
        ref = hf_ref(full, routing)
        if reason is None and ref is not None:
            try:
                self.draft.apply(SetAlias(ref, alias))
            except HFTrayError as exc:
                reason = exc.one_line()
        if reason is not None:
            _show(self.alias_error, reason)
            self._set_cell(item, old)
            return
        _show(self.alias_error, None)
        self._clear_messages()
        self._set_cell(item, alias)
        # The table already shows the change; only what depends on it is refreshed here.
        self._show_primary_warnings(routing)
        self._update_completions()
        self._update_buttons()

    def _alias_refusal(self, alias: str, full: str, routing: Routing) -> str | None:
        if not alias:
            return self.tr("An alias cannot be empty. Type a name, or use Remove alias.")
        if "/" in alias:
            return self.tr("An alias cannot contain '/': it would be read as a model id.")
        for ref, other in routing.aliases.items():
            if ref != full and other.strip().casefold() == alias.casefold():
                return self.tr("The alias {alias} is already used by {model}.").format(
                    alias=alias, model=ref
                )
        return None

    def _set_cell(self, item: QTableWidgetItem, text: str) -> None:
        self._filling = True
        try:
            item.setText(text)
        finally:
            self._filling = False

    def remove_selected_alias(self) -> None:
        item = self.alias_table.item(self.alias_table.currentRow(), ALIAS_COLUMN)
        if item is None or self.draft is None:
            return
        ref = hf_ref(str(item.data(Qt.ItemDataRole.UserRole)), self.draft.routing())
        if ref is not None:
            self._apply(RemoveAlias(ref), self.alias_error)

    def discard_changes(self) -> None:
        if self.draft is None:
            return
        self.draft.discard()
        for label in (self.primary_error, self.fallback_error, self.alias_error):
            _show(label, None)
        self._clear_messages()
        if self.context.config is not None and self.context.config.text != self.draft.base:
            self.draft = RoutingDraft(self.context.config.text, self._entry_for)
        self._refresh()

    # -- saving ---------------------------------------------------------------------------------

    def review_and_save(self) -> None:
        """Show the exact change; "Save" in the dialog writes it."""
        draft, config = self.draft, self.context.config
        if draft is None or not draft.dirty or config is None:
            return
        if config.text != draft.base:
            self._ask_about_conflict(
                self.tr("The file was reloaded with other contents since you started editing.")
            )
            return
        name = config.path.name
        dialog = ReviewDialog(diff_text(draft.base, draft.text, name), name, self)
        dialog.accepted.connect(self._start_save)
        dialog.finished.connect(lambda: self._forget_dialog(dialog))
        self.review_dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: ReviewDialog | ConflictDialog) -> None:
        if self.review_dialog is dialog:
            self.review_dialog = None
        if self.conflict_dialog is dialog:
            self.conflict_dialog = None
        dialog.deleteLater()

    def _clear_messages(self) -> None:
        _show(self.notice, None)
        _show(self.problem, None)

    def _start_save(self) -> None:
        self.context.spawn(self.save())

    async def save(self) -> None:
        """Write the reviewed text, unless the file is no longer the one it was made from."""
        draft = self.draft
        if draft is None:
            return
        base, new = draft.base, draft.text

        def edit(text: str) -> str:
            if text != base:
                raise ConfigConflictError(
                    f"{CONFIG_NAME} is not the file the change was made on",
                    fix="reload the file, then make the change again (nothing was written)",
                )
            return new

        self._saving = True
        self._refresh()
        try:
            result = await self.context.edit_config(edit)
        except ConfigConflictError as exc:
            self._ask_about_conflict(exc.one_line())
            return
        except HFTrayError as exc:
            self._show_save_problem(exc)
            return
        else:
            self.draft = RoutingDraft(result.after.text, self._entry_for)
            self._clear_messages()
            lines = [self.tr("Saved. CoderClaw picks up the change by itself."), *result.warnings]
            _show(self.notice, "\n".join(lines))
        finally:
            self._saving = False
            self._refresh()

    def _show_save_problem(self, exc: HFTrayError) -> None:
        _show(
            self.problem,
            self.tr("Not saved: {reason}").format(reason=exc.one_line()),
        )

    def _ask_about_conflict(self, reason: str) -> None:
        config = self.context.config
        name = config.path.name if config is not None else CONFIG_NAME
        dialog = ConflictDialog(name, reason, self)
        dialog.chosen.connect(self._conflict_resolved)
        dialog.finished.connect(lambda: self._forget_dialog(dialog))
        self.conflict_dialog = dialog
        dialog.open()

    def _conflict_resolved(self, choice: str) -> None:
        if choice == ConflictChoice.RELOAD.value:
            self.context.spawn(self.reload_discarding())
        elif choice == ConflictChoice.REAPPLY.value:
            self.context.spawn(self.reload_and_reapply())

    async def reload_discarding(self) -> None:
        self.draft = None
        await self.context.reload_config()

    async def reload_and_reapply(self) -> None:
        """Read the file again, replay the same changes on it, and show the new diff."""
        draft = self.draft
        self._saving = True  # keeps the reload from replacing the draft
        try:
            await self.context.reload_config()
        finally:
            self._saving = False
        config = self.context.config
        if draft is None or config is None:
            self.draft = None
            self._config_changed()
            return
        failed = draft.rebase(config.text)
        self.draft = draft
        if failed:
            lines = [self.tr("Some of your changes no longer fit the file and were dropped:")]
            lines += [exc.one_line() for _, exc in failed]
            _show(self.problem, "\n".join(lines))
        else:
            self._clear_messages()
        self._refresh()
        if not draft.dirty and not failed:
            _show(self.notice, self.tr("The file already holds your changes; nothing to save."))
        elif draft.dirty and self.editor.isEnabled():
            self.review_and_save()

    # -- the unreadable file --------------------------------------------------------------------

    def _open_in_editor(self) -> None:
        path = self._config_path()
        if path is not None and not open_in_editor(path):
            _show(
                self.problem,
                self.tr("No editor could be opened for {path}.").format(path=str(path)),
            )

    def _reload(self) -> None:
        self.context.spawn(self.reload_discarding())
