"""The Account page: the token (masked entry, check, store, remove), who it belongs to, where it
is kept, and which token the gateway will really use, with a fix for every stale copy.

With no token stored the page opens on a three-step guide, CoderClaw's onboarding without a
terminal: create a token with the inference permission, paste it (checked at once), choose the
default model. Every check, keyring call and file change runs through the context, off the UI
thread; the page only shows what came back. The token itself never reaches a label: results
carry masked copies only, and the entry is cleared once the token is stored.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hftray.core.errors import HFTrayError
from hftray.core.token_flow import DEFAULT_PRIMARY
from hftray.core.whoami import INFERENCE_TOKEN_URL, WhoAmI
from hftray.ui.context import AppContext
from hftray.ui.page_frame import build_page_frame
from hftray.ui.page_work import PageWork
from hftray.ui.status_label import StatusLabel, Tone
from hftray.ui.token_field import TokenField

if TYPE_CHECKING:
    from hftray.core.catalog import Catalog
    from hftray.core.token_copies import FixAction, TokenCopy, TokenHealth
    from hftray.core.token_store import BackendInfo


# -- flows the context does not have, written on its public methods ------------------------------


async def read_token_health(context: AppContext) -> tuple[BackendInfo, TokenHealth]:
    """Where the token is kept and which copy the gateway uses; local files only, no network."""
    from hftray.core.token_copies import check_token_health

    store, paths, environ = context.token_store, context.paths, context.environ
    if paths is None:
        raise context.config_error or HFTrayError("the CoderClaw paths are not known yet")
    backend = await store.adescribe()
    token = await store.aget()
    data = context.config_data()
    health = await context.run_blocking(
        lambda: check_token_health(paths, token, environ, config_data=data)
    )
    return backend, health


async def fix_token_copy(context: AppContext, copy: TokenCopy, action: FixAction) -> None:
    """Update a stale copy with the stored token, or remove it (`.env` and auth profiles)."""
    from hftray.core.token_copies import apply_fix

    token = await context.token_store.aget()
    await context.run_blocking(apply_fix, copy, action, token)


def open_inference_token_page() -> None:
    """Hugging Face's new-token page with "Make calls to Inference Providers" preselected."""
    QDesktopServices.openUrl(QUrl(INFERENCE_TOKEN_URL))


class ModelChoices(QAbstractListModel):
    """The guide's model list as (label, full ref) pairs: one reset per catalog, no item
    objects, so a 10 000-model catalog costs a sort, not 10 000 `addItem` calls."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[tuple[str, str]] = []

    def set_entries(self, entries: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def row_of(self, ref: str) -> int:
        return next((row for row, (_, full) in enumerate(self.entries) if full == ref), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        label, full = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == Qt.ItemDataRole.UserRole:
            return full
        return None


# -- the page -----------------------------------------------------------------------------------


class AccountPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.work = PageWork(context, self._set_busy)
        self._health: TokenHealth | None = None
        self._fix_buttons: list[QPushButton] = []

        layout = build_page_frame(self, self.tr("Account"))

        self.guide = self._build_guide()
        layout.addWidget(self.guide)
        layout.addWidget(self._build_token_box())
        layout.addWidget(self._build_health_box())
        layout.addStretch(1)

        context.tokenChanged.connect(self._on_token_changed)
        context.configChanged.connect(self._on_config_changed)
        context.catalogChanged.connect(self._fill_models)
        self._on_token_changed()
        self._fill_models()

    # -- layout -----------------------------------------------------------------------------------

    def _build_guide(self) -> QGroupBox:
        box = QGroupBox(self.tr("Get started"))
        layout = QVBoxLayout(box)
        intro = QLabel(
            self.tr(
                "Three steps connect CoderClaw to Hugging Face Inference Providers. "
                "You can change each of them later on these pages."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.step1 = QLabel(
            self.tr(
                "1. Create a fine-grained token with the permission "
                "“Make calls to Inference Providers”."
            )
        )
        self.step1.setWordWrap(True)
        self.guide_create_button = QPushButton(self.tr("Create a token on Hugging Face"))
        self.guide_create_button.clicked.connect(open_inference_token_page)
        row = QHBoxLayout()
        row.addWidget(self.step1, 1)
        row.addWidget(self.guide_create_button)
        layout.addLayout(row)

        self.step2 = QLabel(
            self.tr("2. Paste the token into the field below; it is checked at once.")
        )
        self.step2.setWordWrap(True)
        layout.addWidget(self.step2)

        self.step3 = QLabel(self.tr("3. Choose the default model CoderClaw uses."))
        self.step3.setWordWrap(True)
        layout.addWidget(self.step3)
        self.model_combo = QComboBox()
        self.model_choices = ModelChoices()
        self.model_combo.setModel(self.model_choices)
        self.model_combo.setAccessibleName(self.tr("Default model"))
        self.model_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_combo.setMinimumContentsLength(24)
        self.use_model_button = QPushButton(self.tr("Use as default model"))
        self.use_model_button.clicked.connect(self._use_model)
        row = QHBoxLayout()
        row.addWidget(self.model_combo, 1)
        row.addWidget(self.use_model_button)
        layout.addLayout(row)
        self.model_source = QLabel()
        self.model_source.setWordWrap(True)
        layout.addWidget(self.model_source)
        self.guide_status = StatusLabel()
        layout.addWidget(self.guide_status)

        self.hide_guide_button = QPushButton(self.tr("Hide this guide"))
        self.hide_guide_button.clicked.connect(lambda: box.hide())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.hide_guide_button)
        layout.addLayout(row)
        box.hide()
        return box

    def _build_token_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Hugging Face token"))
        layout = QVBoxLayout(box)
        self.token_field = TokenField()
        self.token_field.submitted.connect(lambda: self._save())
        layout.addWidget(self.token_field)

        self.save_button = QPushButton(self.tr("Check and save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self._save())
        self.check_button = QPushButton(self.tr("Check stored token"))
        self.check_button.clicked.connect(self._check_stored)
        self.remove_button = QPushButton(self.tr("Remove token"))
        self.remove_button.clicked.connect(self._remove)
        row = QHBoxLayout()
        for button in (self.save_button, self.check_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        self.token_status = StatusLabel()
        layout.addWidget(self.token_status)
        self.store_anyway_button = QPushButton(self.tr("Store anyway"))
        self.store_anyway_button.clicked.connect(self._store_anyway)
        self.session_button = QPushButton(self.tr("Keep the token for this session only"))
        self.session_button.clicked.connect(self._keep_for_session)
        row = QHBoxLayout()
        row.addWidget(self.store_anyway_button)
        row.addWidget(self.session_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.store_anyway_button.hide()
        self.session_button.hide()

        self.user_label = QLabel()
        self.type_label = QLabel()
        self.inference_label = StatusLabel()
        for label in (self.user_label, self.type_label):
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.inference_label)
        self.permission_button = QPushButton(self.tr("Create a token with this permission"))
        self.permission_button.clicked.connect(open_inference_token_page)
        self.permission_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.permission_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.backend_label = StatusLabel()
        layout.addWidget(self.backend_label)
        return box

    def _build_health_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Token used by the gateway"))
        layout = QVBoxLayout(box)
        self.effective_label = StatusLabel()
        layout.addWidget(self.effective_label)
        self.copies_layout = QVBoxLayout()
        layout.addLayout(self.copies_layout)
        self.restart_label = StatusLabel()
        layout.addWidget(self.restart_label)
        self.restart_button = QPushButton(self.tr("Restart gateway"))
        self.restart_button.clicked.connect(self._restart)
        self.restart_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.restart_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # -- running work ---------------------------------------------------------------------------

    def _action_buttons(self) -> list[QPushButton]:
        return [
            self.save_button,
            self.check_button,
            self.remove_button,
            self.store_anyway_button,
            self.session_button,
            self.use_model_button,
            self.restart_button,
            *self._fix_buttons,
        ]

    def _set_busy(self, busy: bool) -> None:
        for button in self._action_buttons():
            button.setEnabled(not busy)
        if not busy:
            self._update_enabled()

    def _update_enabled(self) -> None:
        has_token = self.context.has_token is True
        self.check_button.setEnabled(has_token)
        self.remove_button.setEnabled(has_token)

    # -- token ----------------------------------------------------------------------------------

    def _save(self, *, force: bool = False) -> None:
        text = self.token_field.text()
        if not text.strip():
            self.token_status.show_text(self.tr("Paste a token first."), Tone.PROBLEM)
            return
        self.store_anyway_button.hide()
        self.session_button.hide()

        async def work() -> None:
            saved = await self.context.save_token(text, force=force)
            self.token_field.clear()
            lines = [
                self.tr("The token was stored in {backend}.").format(backend=saved.backend.name)
            ]
            if saved.who is None and saved.check_error is not None:
                lines.append(
                    self.tr("It could not be checked: {reason}").format(
                        reason=saved.check_error.one_line()
                    )
                )
            if saved.primary_set:
                lines.append(
                    self.tr("CoderClaw's default model {model} was set as primary.").format(
                        model=saved.primary_set
                    )
                )
            lines.extend(saved.notes)
            self.token_status.show_text("\n".join(lines))
            self._show_who(saved.who)
            self._show_backend(saved.backend)
            self._show_health(saved.health)
            self._offer_restart(
                self.tr("The token was written to {path}.").format(path=saved.env_file)
            )

        self.work.run(
            work,
            self.token_status,
            self.tr("Checking the token with Hugging Face…"),
            self._save_failed,
        )

    def _store_anyway(self) -> None:
        self._save(force=True)

    def _save_failed(self, error: HFTrayError) -> None:
        from hftray.core.token_flow import TokenNotStoredError
        from hftray.core.token_store import TokenStoreError

        if isinstance(error, TokenNotStoredError):
            self.token_status.show_text(
                self.tr(
                    "Token rejected by Hugging Face. It was not stored. Copy it again from "
                    "your Hugging Face settings, or store it anyway if you are sure."
                ),
                Tone.PROBLEM,
            )
            self.store_anyway_button.show()
        elif isinstance(error, TokenStoreError):
            self.session_button.show()

    def _keep_for_session(self) -> None:
        from hftray.core.token_store import SessionTokenStore

        self.context.use_token_store(SessionTokenStore())
        self._save()

    def _check_stored(self) -> None:
        async def work() -> None:
            checked = await self.context.check_stored_token()
            self.token_status.show_text(self.tr("Hugging Face accepted the stored token."))
            self._show_who(checked.who)
            self._show_backend(checked.backend)
            self._show_health(checked.health)

        self.work.run(
            work, self.token_status, self.tr("Checking the stored token with Hugging Face…")
        )

    def _remove(self) -> None:
        if not self.confirm_remove():
            return

        async def work() -> None:
            removed = await self.context.remove_token()
            lines = [
                self.tr("The token was removed from {backend}.").format(
                    backend=removed.backend.name
                )
            ]
            self.token_status.show_text("\n".join(lines))
            self._show_who(None)
            self._show_backend(removed.backend)
            self._show_health(removed.health)
            if removed.env_file is not None:
                self._offer_restart(
                    self.tr("HF_TOKEN was removed from {path}.").format(path=removed.env_file)
                )

        self.work.run(work, self.token_status, self.tr("Removing the token…"))

    def confirm_remove(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Remove the token?"),
            self.tr(
                "The token is removed from the keyring and from the gateway's .env file. "
                "Hugging Face shows a token only once, so keep a copy if you want to use it again."
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- showing results ------------------------------------------------------------------------

    def _on_token_changed(self) -> None:
        self._update_enabled()
        if self.context.has_token is False:
            self.guide.show()
        self._show_who(self.context.whoami)
        if self.context.token_error is not None:
            self.backend_label.show_error(self.context.token_error)
            self.session_button.show()
        if self.context.has_token is not None and not self.work.busy:
            self._refresh_health()

    def _on_config_changed(self) -> None:
        self._fill_models()
        if self.context.has_token is not None and not self.work.busy:
            self._refresh_health()

    def _refresh_health(self) -> None:
        async def work() -> None:
            try:
                backend, health = await read_token_health(self.context)
            except HFTrayError as exc:
                self.effective_label.show_error(exc)
                return
            self._show_backend(backend)
            self._show_health(health)

        self.context.spawn(work())

    def _show_who(self, who: WhoAmI | None) -> None:
        if who is None:
            self.type_label.clear()
            self.type_label.hide()
            self.inference_label.clear_text()
            self.permission_button.hide()
            self.user_label.setText(
                self.tr("A token is stored. Check it to see whose it is and what it may do.")
            )
            self.user_label.setVisible(self.context.has_token is True)
            return
        if who.fullname and who.fullname != who.name:
            user = self.tr("Signed in as {fullname} ({name}).").format(
                fullname=who.fullname, name=who.name
            )
        else:
            user = self.tr("Signed in as {name}.").format(name=who.name)
        self.user_label.setText(user)
        self.type_label.setText(self._token_type(who))
        for label in (self.user_label, self.type_label):
            label.show()
        if who.can_call_inference:
            self.inference_label.show_text(self.tr("This token may call Inference Providers."))
        else:
            self.inference_label.show_text(
                self.tr(
                    "This token may not call Inference Providers. Create a fine-grained token "
                    "with “Make calls to Inference Providers” and paste it here."
                ),
                Tone.PROBLEM,
            )
        self.permission_button.setVisible(not who.can_call_inference)

    def _token_type(self, who: WhoAmI) -> str:
        name = who.token_name or self.tr("(unnamed)")
        if who.role == "fineGrained":
            return self.tr("Fine-grained token “{name}”.").format(name=name)
        if who.role == "read":
            return self.tr("Classic read token “{name}”.").format(name=name)
        if who.role == "write":
            return self.tr("Classic write token “{name}”.").format(name=name)
        return self.tr("A token of another kind (for example OAuth).")

    def _show_backend(self, backend: BackendInfo) -> None:
        if self.context.has_token is True:
            text = self.tr("The token is kept in {backend}.").format(backend=backend.name)
        else:
            text = self.tr("A token would be kept in {backend}.").format(backend=backend.name)
        if not backend.is_secure:
            text += " " + self.tr("This is not a secure keyring.")
        self.backend_label.show_text(text, Tone.INFO if backend.is_secure else Tone.PROBLEM)

    def _show_health(self, health: TokenHealth) -> None:
        self._health = health
        effective = health.effective
        if effective is None:
            text, tone = self.tr("The gateway finds no Hugging Face token."), Tone.PROBLEM
        elif effective.matches_keyring is True:
            text = self.tr("The gateway uses the stored token, from {where}.").format(
                where=effective.describe()
            )
            tone = Tone.INFO
        elif effective.matches_keyring is False:
            text = self.tr("The gateway uses a different token: {where}.").format(
                where=effective.describe()
            )
            tone = Tone.PROBLEM
        else:
            text = self.tr("The gateway uses {where}; no token is stored in the app.").format(
                where=effective.describe()
            )
            tone = Tone.INFO
        if health.problems:
            text += "\n" + "\n".join(health.problems)
            tone = Tone.PROBLEM
        self.effective_label.show_text(text, tone)
        self._show_copies(health.stale_copies)

    def _show_copies(self, copies: tuple[TokenCopy, ...]) -> None:
        while self.copies_layout.count():
            item = self.copies_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._fix_buttons = []
        for copy in copies:
            self.copies_layout.addWidget(self._copy_row(copy))
        chain: list[QWidget] = [self.permission_button, *self._fix_buttons, self.restart_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _copy_row(self, copy: TokenCopy) -> QWidget:
        from hftray.core.token_copies import FixAction

        row = QFrame()
        row.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(row)
        label = StatusLabel()
        label.show_text(
            self.tr("Stale copy: {copy}").format(copy=copy.describe()) + "\n" + copy.instruction,
            Tone.PROBLEM,
        )
        layout.addWidget(label)
        buttons = QHBoxLayout()
        for action in copy.actions:
            text = (
                self.tr("Replace with the stored token")
                if action is FixAction.UPDATE
                else self.tr("Remove this copy")
            )
            button = QPushButton(text)
            button.setAccessibleName(f"{text}: {copy.name}")
            button.clicked.connect(lambda _=False, c=copy, a=action: self._fix(c, a))
            buttons.addWidget(button)
            self._fix_buttons.append(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return row

    def _fix(self, copy: TokenCopy, action: FixAction) -> None:
        from hftray.core.token_copies import Location

        async def work() -> None:
            await fix_token_copy(self.context, copy, action)
            backend, health = await read_token_health(self.context)
            self._show_backend(backend)
            self._show_health(health)
            self.effective_label.show_text(
                self.tr("Fixed {name} in {path}.").format(name=copy.name, path=copy.path)
                + "\n"
                + self.effective_label.text(),
                self.effective_label.tone,
            )
            if copy.location is Location.ENV_FILE:
                self._offer_restart(self.tr("The gateway's .env file changed."))

        self.work.run(work, self.effective_label, self.tr("Fixing {name}…").format(name=copy.name))

    # -- gateway restart ------------------------------------------------------------------------

    def _offer_restart(self, why: str) -> None:
        """`.env` is read only when the gateway starts: offer the restart that makes it count."""
        from hftray.core.gateway_service import find_program

        if find_program(self.context.environ) is None:
            self.restart_label.show_text(
                why
                + " "
                + self.tr(
                    "Restart the gateway so it reads it: coderclaw is not on PATH, so do it "
                    "yourself."
                )
            )
            self.restart_button.hide()
            return
        self.restart_label.show_text(
            why + " " + self.tr("Restart the gateway so it reads the change.")
        )
        self.restart_button.show()

    def _restart(self) -> None:
        from hftray.core.gateway_service import gateway_status

        async def work() -> None:
            await self.context.restart_gateway()
            environ = self.context.environ
            status = await self.context.run_blocking(lambda: gateway_status(environ))
            self.restart_label.show_text(
                self.tr("The gateway was restarted; now: {state}.").format(state=status.summary)
            )
            self.restart_button.hide()

        self.work.run(work, self.restart_label, self.tr("Restarting the gateway…"))

    # -- default model --------------------------------------------------------------------------

    def _fill_models(self) -> None:
        """The guide's model list: the router's when it answered, else the built-in list."""
        if self.guide.isHidden() and self.context.has_token is not False:
            return
        from hftray.core.catalog import Catalog

        catalog: Catalog = self.context.catalog or Catalog.builtin()
        current = self._current_primary() or DEFAULT_PRIMARY
        models = [m for m in catalog.models if m.live_offers or not catalog.is_live_data]
        ordered = sorted((m.display_name.casefold(), m.display_name, m.id) for m in models)
        entries = [
            (f"{name} — {model_id}", f"huggingface/{model_id}") for _, name, model_id in ordered
        ]
        if not any(full == current for _, full in entries):
            entries.insert(0, (current, current))
        self.model_choices.set_entries(entries)
        self.model_combo.setCurrentIndex(self.model_choices.row_of(current))
        if catalog.source.kind == "builtin":
            self.model_source.setText(
                self.tr("Built-in list: the router's list could not be fetched yet.")
            )
        else:
            self.model_source.setText(self.tr("List from the Hugging Face router."))

    def _current_primary(self) -> str | None:
        try:
            routing = self.context.routing()
        except HFTrayError:
            return None
        return routing.primary if routing is not None else None

    def _use_model(self) -> None:
        from hftray.core.refs import parse_ref

        full = str(self.model_combo.currentData() or self.model_combo.currentText())

        async def work() -> None:
            ref = parse_ref(full)
            await self.context.set_primary(ref)
            self.guide_status.show_text(
                self.tr("{model} is now CoderClaw's default model.").format(
                    model=ref.provider_model_id
                )
            )

        self.work.run(work, self.guide_status, self.tr("Saving the default model…"))
