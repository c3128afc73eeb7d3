"""The Gateway page: which files CoderClaw uses and why, the gateway service's state and Restart,
the config backups with a diff and Restore, and the app's own preferences.

The service state comes from `coderclaw gateway status --json` (off the UI thread, bounded by a
timeout), asked when the page opens and on request — never polled. A backup is restored only
after its diff was shown, and only over the file that diff was made from. Preferences are
rendered from the declarative list in `hftray.core.app_settings` and saved as soon as they
change; a new language applies after the app is restarted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hftray.core import app_settings
from hftray.core.app_settings import LANGUAGE, PREFERENCES, START_AT_LOGIN, Preference
from hftray.core.errors import HFTrayError
from hftray.ui.context import AppContext
from hftray.ui.page_frame import build_page_frame
from hftray.ui.page_work import PageWork
from hftray.ui.review_dialog import DiffHighlighter
from hftray.ui.status_label import StatusLabel, Tone

if TYPE_CHECKING:
    from hftray.core.backup_review import BackupReview
    from hftray.core.config_file import Backup
    from hftray.core.gateway_service import GatewayStatus

# Languages with a translation shipped; names in their own language, so never translated.
LANGUAGES: tuple[tuple[str, str], ...] = (("en", "English"), ("zh_CN", "简体中文"))
_EDITABLE_KINDS = (bool, int, str)  # list preferences (favourites) are edited on the Models page


class GatewayPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.service_work = PageWork(context, lambda _: self._update_enabled())
        self.backup_work = PageWork(context, lambda _: self._update_enabled())
        self._review: BackupReview | None = None
        self._review_generation = 0
        self._program_found = False
        self.preference_widgets: dict[str, QWidget] = {}

        layout = build_page_frame(self, self.tr("Gateway"))
        layout.addWidget(self._build_paths_box())
        layout.addWidget(self._build_service_box())
        layout.addWidget(self._build_backups_box())
        layout.addWidget(self._build_settings_box())
        layout.addStretch(1)

        context.configChanged.connect(self._on_config_changed)
        context.settingsChanged.connect(self._load_preferences)
        self._on_config_changed()
        self.refresh_status()

    # -- files in use ---------------------------------------------------------------------------

    def _build_paths_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Files in use"))
        self.paths_form = QFormLayout(box)
        self.paths_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.config_path_label = self._path_label()
        self.env_path_label = self._path_label()
        self.state_dir_label = self._path_label()
        self.auth_path_label = self._path_label()
        self.service_path_label = self._path_label()
        self.paths_form.addRow(self.tr("Config file"), self.config_path_label)
        self.paths_form.addRow(self.tr("Environment file"), self.env_path_label)
        self.paths_form.addRow(self.tr("State folder"), self.state_dir_label)
        self.paths_form.addRow(self.tr("Auth profiles"), self.auth_path_label)
        self.paths_form.addRow(self.tr("Service definition"), self.service_path_label)
        self.paths_notes = StatusLabel()
        self.paths_form.addRow(self.paths_notes)
        return box

    @staticmethod
    def _path_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _show_paths(self) -> None:
        paths = self.context.paths
        if paths is None:
            for label in (
                self.config_path_label,
                self.env_path_label,
                self.state_dir_label,
                self.auth_path_label,
                self.service_path_label,
            ):
                label.setText(self.tr("Not known yet."))
            if self.context.config_error is not None:
                self.paths_notes.show_error(self.context.config_error)
            return
        for label, resolved in (
            (self.config_path_label, paths.config),
            (self.env_path_label, paths.env_file),
            (self.state_dir_label, paths.state_dir),
            (self.auth_path_label, paths.auth_profiles),
        ):
            label.setText(
                self.tr("{path}\nWhy: {reason}").format(
                    path=resolved.path,
                    # the core marks its fixed reasons for translation; others stay as they are
                    reason=QCoreApplication.translate("PathReason", resolved.reason),
                )
            )
        if paths.service is None:
            self.service_path_label.setText(
                self.tr("None found: the gateway reads the paths above from its environment.")
            )
        else:
            self.service_path_label.setText(
                self.tr("{path} ({kind}); its environment settings win.").format(
                    path=paths.service.path, kind=paths.service.kind
                )
            )
        notes = list(paths.notes)
        if paths.nix_mode:
            notes.insert(
                0,
                self.tr(
                    "CODERCLAW_NIX_MODE is on: the config is read-only, so the app never "
                    "writes it and backups cannot be restored here."
                ),
            )
        if self.context.config_error is not None:
            notes.append(self.context.config_error.one_line())
        self.paths_notes.show_text("\n".join(notes), Tone.PROBLEM if paths.nix_mode else Tone.INFO)

    # -- service --------------------------------------------------------------------------------

    def _build_service_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Gateway service"))
        layout = QVBoxLayout(box)
        self.service_status = StatusLabel()
        layout.addWidget(self.service_status)
        self.refresh_status_button = QPushButton(self.tr("Check status"))
        self.refresh_status_button.clicked.connect(self.refresh_status)
        self.restart_button = QPushButton(self.tr("Restart gateway"))
        self.restart_button.setEnabled(False)
        self.restart_button.clicked.connect(self._restart)
        row = QHBoxLayout()
        row.addWidget(self.refresh_status_button)
        row.addWidget(self.restart_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def refresh_status(self) -> None:
        """Ask `coderclaw gateway status --json` once, in the background."""
        from hftray.core.gateway_service import find_program, gateway_status

        environ = self.context.environ
        self._program_found = find_program(environ) is not None
        if not self._program_found:
            self.service_status.show_text(
                self.tr(
                    "coderclaw is not on PATH, so the app cannot ask about the gateway or "
                    "restart it. Install CoderClaw, or start the app from a session where "
                    "coderclaw runs."
                ),
                Tone.PROBLEM,
            )
            self._update_enabled()
            return

        async def work() -> None:
            status = await self.context.run_blocking(lambda: gateway_status(environ))
            self._show_status(status)

        self.service_work.run(
            work, self.service_status, self.tr("Asking coderclaw for the gateway state…")
        )

    def _show_status(self, status: GatewayStatus, prefix: str = "") -> None:
        if status.running is True:
            text, tone = self.tr("The gateway is running."), Tone.INFO
        elif status.running is False:
            text, tone = self.tr("The gateway is not running."), Tone.PROBLEM
        else:
            text = self.tr("The gateway's state is unknown: {details}.").format(
                details=status.summary
            )
            tone = Tone.INFO
        if status.pid is not None:
            text += " " + self.tr("Process ID: {pid}.").format(pid=status.pid)
        if status.port is not None:
            text += " " + self.tr("Port: {port}.").format(port=status.port)
        if status.reachable is False:
            text += " " + self.tr("It does not answer on its port.")
            tone = Tone.PROBLEM
        self.service_status.show_text(f"{prefix}{text}", tone)

    def _restart(self) -> None:
        from hftray.core.gateway_service import gateway_status

        environ = self.context.environ

        async def work() -> None:
            await self.context.restart_gateway()
            status = await self.context.run_blocking(lambda: gateway_status(environ))
            self._show_status(status, self.tr("Restarted.") + " ")

        self.service_work.run(work, self.service_status, self.tr("Restarting the gateway…"))

    # -- backups --------------------------------------------------------------------------------

    def _build_backups_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Config backups"))
        layout = QVBoxLayout(box)
        intro = QLabel(
            self.tr(
                "CoderClaw and this app keep the last five versions of the config. Select one "
                "to see how it differs from the current file."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName(self.tr("Backups"))
        self.backup_list.setMaximumHeight(120)
        self.backup_list.currentItemChanged.connect(self._on_backup_selected)
        layout.addWidget(self.backup_list)
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setAccessibleName(self.tr("Difference from the current file"))
        self.diff_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diff_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diff_view.setMinimumHeight(160)
        self.diff_view.setPlaceholderText(
            self.tr("Select a backup to compare it with the current file.")
        )
        self.diff_highlighter = DiffHighlighter(self.diff_view.document(), self.palette())
        layout.addWidget(self.diff_view)
        self.restore_button = QPushButton(self.tr("Restore this backup"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.backup_status = StatusLabel()
        layout.addWidget(self.backup_status)
        return box

    def _load_backups(self) -> None:
        from hftray.core.config_file import list_backups

        paths = self.context.paths
        if paths is None:
            return
        config_path = paths.config.path

        async def work() -> None:
            backups = await self.context.run_blocking(list_backups, config_path)
            self._show_backups(backups)

        self.context.spawn(work())

    def _show_backups(self, backups: list[Backup]) -> None:
        selected = self._selected_backup()
        self.backup_list.blockSignals(True)
        self.backup_list.clear()
        for backup in backups:
            when = backup.modified.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            text = self.tr("{name} — {when}, {size} bytes").format(
                name=backup.path.name, when=when, size=backup.size
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, backup)
            self.backup_list.addItem(item)
            if selected is not None and backup.path == selected.path:
                self.backup_list.setCurrentItem(item)
        self.backup_list.blockSignals(False)
        if not backups:
            self.diff_view.setPlainText(self.tr("There are no backups yet."))
        self._on_backup_selected()

    def _selected_backup(self) -> Backup | None:
        item = self.backup_list.currentItem()
        if item is None:
            return None
        backup: Backup = item.data(Qt.ItemDataRole.UserRole)
        return backup

    def _on_backup_selected(self, *_: Any) -> None:
        from hftray.core.backup_review import review_backup

        self._review = None
        self._review_generation += 1
        generation = self._review_generation
        backup = self._selected_backup()
        paths = self.context.paths
        self._update_enabled()
        if backup is None or paths is None:
            if self.backup_list.count():
                self.diff_view.clear()
            return

        async def work() -> None:
            try:
                review = await self.context.run_blocking(review_backup, paths, backup)
            except HFTrayError as exc:
                if generation == self._review_generation:
                    self.backup_status.show_error(exc)
                return
            if generation != self._review_generation:
                return  # another backup was selected meanwhile
            self._review = review
            self.diff_view.setPlainText(
                review.diff or self.tr("This backup is the same as the current file.")
            )
            self._update_enabled()

        self.context.spawn(work())

    def _restore(self) -> None:
        from hftray.core.backup_review import restore_reviewed
        from hftray.core.config_file import ConfigConflictError

        review, paths, environ = self._review, self.context.paths, self.context.environ
        if review is None or paths is None:
            return

        async def work() -> None:
            await self.context.run_blocking(
                lambda: restore_reviewed(paths, review, environ=environ)
            )
            await self.context.reload_config()
            self.backup_status.show_text(
                self.tr(
                    "{backup} was restored. The file it replaced is now {name}.bak: restore "
                    "that to undo."
                ).format(backup=review.backup.path.name, name=paths.config.path.name)
            )

        def failed(error: HFTrayError) -> None:
            if isinstance(error, ConfigConflictError):
                self.backup_status.show_text(
                    self.tr(
                        "The config changed on disk after the comparison was made, so nothing "
                        "was restored. The comparison now shows the current file; check it and "
                        "restore again."
                    ),
                    Tone.PROBLEM,
                )
                self._on_backup_selected()

        self.backup_work.run(work, self.backup_status, self.tr("Restoring the backup…"), failed)

    # -- the app's own settings -----------------------------------------------------------------

    def _build_settings_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("This app"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # A number or a language needs no full-width field (the Fusion style would stretch it).
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for pref in PREFERENCES:
            if pref.kind not in _EDITABLE_KINDS:
                continue
            widget = self._preference_widget(pref)
            label = QCoreApplication.translate(app_settings.TRANSLATION_CONTEXT, pref.label)
            tip = QCoreApplication.translate(app_settings.TRANSLATION_CONTEXT, pref.tooltip)
            widget.setToolTip(tip)
            widget.setAccessibleName(label)
            widget.setAccessibleDescription(tip)
            self.preference_widgets[pref.key] = widget
            if isinstance(widget, QCheckBox):
                widget.setText(label)
                form.addRow(widget)
            else:
                form.addRow(label, widget)
        self.autostart_note = StatusLabel()
        form.addRow(self.autostart_note)
        self.language_note = StatusLabel()
        form.addRow(self.language_note)
        self.settings_status = StatusLabel()
        form.addRow(self.settings_status)
        self._load_preferences()
        return box

    def _preference_widget(self, pref: Preference) -> QWidget:
        if pref.key == LANGUAGE:
            combo = QComboBox()
            combo.addItem(self.tr("System language"), "")
            for code, name in LANGUAGES:
                combo.addItem(name, code)
            combo.activated.connect(
                lambda _=0, c=combo: self._save_preference(LANGUAGE, c.currentData())
            )
            return combo
        if pref.kind is bool:
            box = QCheckBox()
            if pref.key == START_AT_LOGIN:
                box.toggled.connect(self._set_start_at_login)
            else:
                box.toggled.connect(lambda on, k=pref.key: self._save_preference(k, on))
            return box
        if pref.kind is int:
            spin = QSpinBox()
            spin.setRange(
                pref.minimum if pref.minimum is not None else 0,
                pref.maximum if pref.maximum is not None else 1_000_000,
            )
            spin.setKeyboardTracking(False)  # save on Enter or leaving the field, not per digit
            spin.valueChanged.connect(lambda value, k=pref.key: self._save_preference(k, value))
            return spin
        edit = QLineEdit()
        edit.editingFinished.connect(lambda k=pref.key, e=edit: self._save_preference(k, e.text()))
        return edit

    def _load_preferences(self) -> None:
        """Show the stored values (and the real autostart state) without saving anything."""
        from hftray.core import autostart

        settings = self.context.settings
        for key, widget in self.preference_widgets.items():
            widget.blockSignals(True)
            value = settings.get(key)
            if isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0:
                    widget.addItem(str(value), value)
                    index = widget.count() - 1
                widget.setCurrentIndex(index)
            elif isinstance(widget, QCheckBox):
                if key == START_AT_LOGIN and autostart.is_supported():
                    value = autostart.is_enabled(self.context.environ)
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
            widget.blockSignals(False)
        if not autostart.is_supported():
            self.preference_widgets[START_AT_LOGIN].setEnabled(False)
            self.autostart_note.show_text(
                self.tr(
                    "Start at login is not available on this system yet; the installer will "
                    "offer it."
                )
            )

    def _save_preference(self, key: str, value: Any) -> None:
        settings = self.context.settings
        if settings.get(key) == value:
            return
        settings.set(key, value)
        if key == LANGUAGE:
            self.language_note.show_text(
                self.tr("The new language applies after the app is restarted.")
            )

        self._save_settings(self.settings_status)

    def _save_settings(self, status: StatusLabel, done_text: str = "") -> None:
        """Write the settings file in the background; a failure shows in `status`."""

        async def work() -> None:
            try:
                await self.context.save_settings()
            except HFTrayError as exc:
                status.show_error(exc)
                return
            status.show_text(done_text)

        self.context.spawn(work())

    def _set_start_at_login(self, enabled: bool) -> None:
        from hftray.core import autostart

        environ = self.context.environ
        box = self.preference_widgets[START_AT_LOGIN]

        async def work() -> None:
            try:
                path = await self.context.run_blocking(
                    lambda: autostart.set_start_at_login(enabled, environ=environ)
                )
            except HFTrayError as exc:
                box.blockSignals(True)
                if isinstance(box, QCheckBox):
                    box.setChecked(not enabled)
                box.blockSignals(False)
                self.autostart_note.show_error(exc)
                return
            self.context.settings.set(START_AT_LOGIN, enabled)
            self._save_settings(
                self.autostart_note,
                self.tr("The app starts at login ({path}).").format(path=path)
                if enabled
                else self.tr("The app no longer starts at login."),
            )

        self.context.spawn(work())

    # -- state ----------------------------------------------------------------------------------

    def _on_config_changed(self) -> None:
        self._show_paths()
        self._load_backups()
        self._update_enabled()

    def _update_enabled(self) -> None:
        asking = self.service_work.busy
        self.refresh_status_button.setEnabled(not asking)
        self.restart_button.setEnabled(self._program_found and not asking)
        paths = self.context.paths
        writable = paths is not None and not paths.nix_mode
        restoring = self.backup_work.busy
        self.restore_button.setEnabled(self._review is not None and writable and not restoring)
