"""The Models page: browse the catalog, compare providers, and put a model to use.

The table shows the configured models and favourites by default, the whole catalog with "All".
Typing filters at once (`CatalogTableModel.set_search`: the index's row numbers, a layout
change, never a rebuild). The search index of a new catalog (or of new aliases) is built on the
loop's executor, so a 10 000-model refresh never freezes the window; meanwhile a progress bar
says the list is loading. The detail pane shows the selected model's providers as a table and
a chart, and the actions apply to the chosen policy variant of it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hftray.core.catalog import Catalog, CatalogIndex, CatalogModel, Filters, SortColumn
from hftray.core.config_file import ConfigConflictError
from hftray.core.errors import HFTrayError
from hftray.core.refs import POLICY_WORDS, ModelRef
from hftray.core.routing import AliasError
from hftray.ui import model_actions
from hftray.ui.catalog_table import (
    UNKNOWN,
    CatalogDelegate,
    CatalogTableModel,
    Column,
    Marks,
    format_context,
    format_latency,
    format_price,
    format_throughput,
)
from hftray.ui.context import AppContext
from hftray.ui.page_frame import build_page_frame
from hftray.ui.provider_chart import ProviderChart

PROVIDER_POLICY = "provider"  # the policy combo's "a specific provider" choice
ROW_HEIGHT_EXTRA = 8


def _build_index(catalog: Catalog, aliases: dict[str, str]) -> tuple[CatalogIndex, list[str]]:
    """The slow part of a new catalog (≈0.2 s at 10 000 models), run off the UI thread."""
    index = catalog.index(aliases)
    index.sort(range(len(index)), SortColumn.NAME)  # the first sort builds the name order
    return index, catalog.providers()


MAX_ROLE_WIDTH_EM = 13


class ModelsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._generation = 0
        self._loading = False
        self._refreshing = False
        self._saving = False
        self._shown_catalog: Catalog | None = None
        self._shown_aliases: dict[str, str] | None = None
        self.conflict_box: QMessageBox | None = None

        self._build_banner()
        self._build_filters()
        self._build_table()
        self._build_detail()

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([3_000, 2_000])  # 3:2 from the start, not the table's size hint
        splitter.setChildrenCollapsible(False)

        layout = build_page_frame(self, self.tr("Models"))
        layout.addLayout(self.banner_row)
        layout.addWidget(self.page_error)
        layout.addLayout(self.search_row)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.count_label)
        layout.addWidget(splitter, 1)
        self._set_tab_order()

        context.catalogChanged.connect(self._catalog_changed)
        context.configChanged.connect(self._config_changed)
        context.settingsChanged.connect(self._update_marks)
        context.busyChanged.connect(self._update_progress)
        self._catalog_changed()

    # -- construction ---------------------------------------------------------------------------

    def _build_banner(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("catalogBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator: how long a fetch takes is not known
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Loading"))
        self.progress.hide()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Fetch the model list from Hugging Face again"))
        self.refresh_button.clicked.connect(self.refresh)
        self.banner_row = QHBoxLayout()
        self.banner_row.addWidget(self.banner, 1)
        self.banner_row.addWidget(self.progress)
        self.banner_row.addWidget(self.refresh_button)
        self.page_error = QLabel()
        self.page_error.setObjectName("pageError")
        self.page_error.setWordWrap(True)
        self.page_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page_error.hide()

    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by id, name, owner or provider"))
        self.search.setAccessibleName(self.tr("Search models"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_search)
        self.view_choice = QComboBox()
        self.view_choice.addItem(self.tr("Configured and favourites"), False)
        self.view_choice.addItem(self.tr("All models"), True)
        self.view_choice.setAccessibleName(self.tr("Which models to list"))
        self.view_choice.currentIndexChanged.connect(self._view_changed)
        self.search_row = QHBoxLayout()
        self.search_row.addWidget(self.search, 1)
        self.search_row.addWidget(self.view_choice)

        self.provider_filter = QComboBox()
        self.provider_filter.setAccessibleName(self.tr("Provider"))
        self.provider_filter.addItem(self.tr("Any provider"), None)
        self.live_only = QCheckBox(self.tr("Live only"))
        self.tools_only = QCheckBox(self.tr("Tools"))
        self.structured_only = QCheckBox(self.tr("Structured output"))
        self.images_only = QCheckBox(self.tr("Image input"))
        self.min_context = QSpinBox()
        self.min_context.setRange(0, 4096)
        self.min_context.setSingleStep(8)
        self.min_context.setSpecialValueText(self.tr("Any context"))
        self.min_context.setSuffix(self.tr(" K tokens or more"))
        self.min_context.setAccessibleName(self.tr("Minimum context length, thousands of tokens"))
        self.max_price = QDoubleSpinBox()
        self.max_price.setRange(0, 1000)
        self.max_price.setDecimals(2)
        self.max_price.setSingleStep(0.5)
        self.max_price.setSpecialValueText(self.tr("Any price"))
        self.max_price.setPrefix(self.tr("≤ $"))
        self.max_price.setSuffix(self.tr(" /M output"))
        self.max_price.setAccessibleName(
            self.tr("Maximum output price, US dollars per million tokens")
        )
        self.provider_filter.currentIndexChanged.connect(self._apply_search)
        for box in (self.live_only, self.tools_only, self.structured_only, self.images_only):
            box.toggled.connect(self._apply_search)
        self.min_context.valueChanged.connect(self._apply_search)
        self.max_price.valueChanged.connect(self._apply_search)
        self.filter_widgets: tuple[QWidget, ...] = (
            self.provider_filter,
            self.live_only,
            self.tools_only,
            self.structured_only,
            self.images_only,
            self.min_context,
            self.max_price,
        )
        self.filter_row = QHBoxLayout()
        for widget in self.filter_widgets:
            self.filter_row.addWidget(widget)
        self.filter_row.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)

    def _build_table(self) -> None:
        self.table_model = CatalogTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Models"))
        self.table.setModel(self.table_model)
        self.table.setItemDelegate(CatalogDelegate(self.table_model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        # Speed at 10 000 rows: fixed row heights, no word wrap, no size-to-contents anywhere.
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + ROW_HEIGHT_EXTRA)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        self._size_columns(header)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.ROLE, Qt.SortOrder.AscendingOrder)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)

    def _size_columns(self, header: QHeaderView) -> None:
        """Widths from the widest text a column usually holds (once, never per keystroke);
        the name takes the rest of the width."""
        metrics, header_metrics = self.fontMetrics(), header.fontMetrics()
        em = metrics.horizontalAdvance("M")
        samples = {
            Column.FAVOURITE: "★",
            Column.OWNER: "deepseek-ai",
            Column.ROLE: self.tr("fallback 12"),
            Column.PROVIDERS: "12",
            Column.CONTEXT: format_context(1_048_576),
            Column.INPUT_PRICE: format_price(10.0),
            Column.OUTPUT_PRICE: format_price(10.0),
            Column.THROUGHPUT: format_throughput(2_048),
            Column.LATENCY: max(format_latency(1_975), format_latency(999), key=len),
        }
        for column, sample in samples.items():
            title = str(self.table_model.headerData(column, Qt.Orientation.Horizontal))
            # Room for the sort arrow beside the title, and a margin either side of the text.
            needed = max(
                metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title) + em
            )
            header.resizeSection(column, needed + em)
        header.resizeSection(Column.NAME, 16 * em)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)

    def _build_detail(self) -> None:
        self.detail_title = QLabel()
        self.detail_title.setObjectName("modelTitle")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextFormat(Qt.TextFormat.RichText)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.providers_table = QTableWidget(0, 8)
        self.providers_table.setAccessibleName(self.tr("Providers of the selected model"))
        self.providers_table.setHorizontalHeaderLabels(
            [
                self.tr("Provider"),
                self.tr("Status"),
                self.tr("Context"),
                self.tr("Input $/M"),
                self.tr("Output $/M"),
                self.tr("Tools"),
                self.tr("Latency"),
                self.tr("Speed"),
            ]
        )
        self.providers_table.verticalHeader().hide()
        self.providers_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.providers_table.setTabKeyNavigation(False)
        self.providers_table.setWordWrap(False)
        self.providers_table.setMinimumHeight(120)
        self.chart = ProviderChart()
        self.chart_note = QLabel()
        self.chart_note.setWordWrap(True)
        charts = QVBoxLayout()
        charts.addWidget(self.chart, 1)
        charts.addWidget(self.chart_note)
        figures = QHBoxLayout()
        figures.addWidget(self.providers_table, 3)
        figures.addLayout(charts, 2)

        self.policy = QComboBox()
        self.policy.setAccessibleName(self.tr("Routing policy"))
        self.policy.addItem(self.tr("Router default"), None)
        self.policy.addItem(self.tr("Fastest (the router picks)"), "fastest")
        self.policy.addItem(self.tr("Cheapest (the router picks)"), "cheapest")
        self.policy.addItem(self.tr("Preferred (your provider order)"), "preferred")
        self.policy.addItem(self.tr("A specific provider"), PROVIDER_POLICY)
        self.policy.currentIndexChanged.connect(self._policy_changed)
        self.provider_choice = QComboBox()
        self.provider_choice.setAccessibleName(self.tr("Provider to use"))
        self.provider_choice.currentIndexChanged.connect(self._variant_changed)
        self.provider_choice.hide()
        policy_row = QHBoxLayout()
        policy_row.addWidget(self.policy)
        policy_row.addWidget(self.provider_choice)
        policy_row.addStretch(1)
        self.ref_label = QLabel()
        self.ref_label.setWordWrap(True)
        self.ref_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.primary_button = QPushButton(self.tr("Set as primary"))
        self.primary_button.clicked.connect(self._set_primary)
        self.fallback_button = QPushButton(self.tr("Add as fallback"))
        self.fallback_button.clicked.connect(self._add_fallback)
        self.favourite_button = QPushButton(self.tr("☆ Favourite"))
        self.favourite_button.setCheckable(True)
        self.favourite_button.setAccessibleName(self.tr("Favourite"))
        self.favourite_button.clicked.connect(self._toggle_favourite)
        buttons = QHBoxLayout()
        buttons.addWidget(self.primary_button)
        buttons.addWidget(self.fallback_button)
        buttons.addWidget(self.favourite_button)
        buttons.addStretch(1)

        self.alias_field = QLineEdit()
        self.alias_field.setPlaceholderText(self.tr("Short name, e.g. fast"))
        self.alias_field.setAccessibleName(self.tr("Alias"))
        self.alias_field.returnPressed.connect(self._set_alias)
        self.alias_button = QPushButton(self.tr("Set alias"))
        self.alias_button.clicked.connect(self._set_alias)
        self.remove_alias_button = QPushButton(self.tr("Remove alias"))
        self.remove_alias_button.clicked.connect(self._remove_alias)
        self.alias_error = QLabel()
        self.alias_error.setObjectName("aliasError")
        self.alias_error.setWordWrap(True)
        self.alias_error.hide()
        alias_row = QHBoxLayout()
        alias_row.addWidget(self.alias_field, 1)
        alias_row.addWidget(self.alias_button)
        alias_row.addWidget(self.remove_alias_button)
        alias_box = QVBoxLayout()
        alias_box.addLayout(alias_row)
        alias_box.addWidget(self.alias_error)

        self.action_message = QLabel()
        self.action_message.setObjectName("actionMessage")
        self.action_message.setWordWrap(True)
        self.action_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_message.hide()

        self.actions_box = QGroupBox(self.tr("Use this model"))
        form = QFormLayout(self.actions_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Policy:"), policy_row)
        form.addRow(self.ref_label)
        form.addRow(buttons)
        form.addRow(self.tr("Alias:"), alias_box)
        form.addRow(self.action_message)

        self.empty_detail = QLabel(self.tr("Select a model to see its providers."))
        self.empty_detail.setWordWrap(True)
        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addLayout(figures, 1)
        detail_layout.addWidget(self.actions_box)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.empty_detail)
        holder_layout.addWidget(self.detail)
        self.detail.hide()
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setWidget(holder)

    def _set_tab_order(self) -> None:
        chain = [
            self.refresh_button,
            self.search,
            self.view_choice,
            *self.filter_widgets,  # in the order the filter row shows them
            self.table,
            self.providers_table,
            self.policy,
            self.provider_choice,
            self.primary_button,
            self.fallback_button,
            self.favourite_button,
            self.alias_field,
            self.alias_button,
            self.remove_alias_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- catalog and config ---------------------------------------------------------------------

    def _aliases(self) -> dict[str, str]:
        try:
            current = self.context.routing()
        except HFTrayError:
            return {}
        return dict(current.aliases) if current is not None else {}

    def _catalog_changed(self) -> None:
        self._update_banner()
        self._load_index()

    def _config_changed(self) -> None:
        if self._aliases() != self._shown_aliases:
            self._load_index()  # aliases are search keys
        self._update_marks()

    def _load_index(self) -> None:
        """Build the search index off the UI thread; a newer request makes older ones moot."""
        catalog = self.context.catalog
        if catalog is None:
            self._set_loading(True)
            return
        aliases = self._aliases()
        self._generation += 1
        generation = self._generation
        self._set_loading(True)

        def done(result: tuple[CatalogIndex, list[str]]) -> None:
            if generation == self._generation:
                self._show_catalog(catalog, aliases, *result)

        self.context.spawn(self.context.run_blocking(_build_index, catalog, aliases), on_done=done)

    def _show_catalog(
        self, catalog: Catalog, aliases: dict[str, str], index: CatalogIndex, providers: list[str]
    ) -> None:
        selected = self.selected_ref()
        self._shown_catalog, self._shown_aliases = catalog, aliases
        self._apply_marks()
        self.table_model.set_catalog(catalog, index)
        self.table_model.set_search(self.search.text(), self.filters())
        current = self.provider_filter.currentData()
        self.provider_filter.blockSignals(True)
        self.provider_filter.clear()
        self.provider_filter.addItem(self.tr("Any provider"), None)
        for provider in providers:
            self.provider_filter.addItem(provider, provider)
        found = self.provider_filter.findData(current) if current else 0
        self.provider_filter.setCurrentIndex(max(0, found))
        self.provider_filter.blockSignals(False)
        self._set_loading(False)
        self._update_count()
        if selected is not None:
            self.select_ref(selected)
        else:
            self._show_detail()

    def _update_marks(self) -> None:
        if self._shown_catalog is None:
            return
        self._apply_marks()
        self._update_count()
        self._show_detail()

    def _apply_marks(self) -> None:
        """New roles and favourites; the "In use" column grows to its longest label."""
        marks, error = model_actions.read_marks(self.context)
        self._show_page_error(error)
        self.table_model.set_marks(marks)
        em = self.fontMetrics().horizontalAdvance("M")
        longest = max(
            (self.fontMetrics().horizontalAdvance(r) for r in marks.roles.values()), default=0
        )
        header = self.table.horizontalHeader()
        wanted = min(longest + em, MAX_ROLE_WIDTH_EM * em)
        if wanted > header.sectionSize(Column.ROLE):
            header.resizeSection(Column.ROLE, wanted)

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self.table.setEnabled(not loading or self._shown_catalog is not None)
        self._update_progress()
        self._update_banner()

    def _update_progress(self, _busy: bool = False) -> None:
        working = self._loading or self._refreshing or self._saving or self.context.busy
        self.progress.setVisible(working)
        self.refresh_button.setEnabled(not self._refreshing)
        for button in (
            self.primary_button,
            self.fallback_button,
            self.alias_button,
            self.remove_alias_button,
        ):
            button.setEnabled(not self._saving and self.selected_ref() is not None)
        if self._saving:
            self.remove_alias_button.setEnabled(False)
        elif self.selected_ref() is not None:
            self.remove_alias_button.setEnabled(self._current_alias() is not None)

    def _update_banner(self) -> None:
        """Where the list came from and how old it is; refreshed whenever the page is shown."""
        catalog = self.context.catalog
        if catalog is None or (self._loading and self._shown_catalog is None):
            text = self.tr("Loading the model list…")
        else:
            text = self.source_text(catalog)
        if self._refreshing:
            text += " " + self.tr("Fetching the list from Hugging Face…")
        self.banner.setText(text)
        fetched = catalog.source.fetched_at if catalog is not None else None
        self.banner.setToolTip(
            fetched.astimezone().strftime("%Y-%m-%d %H:%M:%S") if fetched else ""
        )

    def source_text(self, catalog: Catalog, now: datetime | None = None) -> str:
        """The banner's words: "Live list, fetched 2 min ago.", "Cached list from … (why).",
        "Built-in list (why)."; with the fix when the last refresh failed with one."""
        source = catalog.source
        if source.kind == "live":
            if source.fetched_at is None:
                return self.tr("Live list, fetched just now.")
            return self.tr("Live list, fetched {age}.").format(
                age=self.age_text(source.fetched_at, now)
            )
        reason = source.reason
        if source.kind == "cached" and source.fetched_at is not None:
            when = source.fetched_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if reason:
                text = self.tr("Cached list from {date} ({reason}).").format(
                    date=when, reason=reason
                )
            else:
                text = self.tr("Cached list from {date}.").format(date=when)
        elif reason:
            text = self.tr("Built-in list ({reason}).").format(reason=reason)
        elif self.context.has_token is False:
            text = self.tr("Built-in list (no token).")
        else:
            text = self.tr("Built-in list (no connection).")
        error = self.context.catalog_error
        if error is not None and error.fix:
            text += " " + error.fix
        return text

    def age_text(self, when: datetime, now: datetime | None = None) -> str:
        seconds = max(0.0, ((now or datetime.now(UTC)) - when).total_seconds())
        if seconds < 60:
            return self.tr("just now")
        if seconds < 3600:
            return self.tr("{count} min ago").format(count=int(seconds // 60))
        if seconds < 48 * 3600:
            return self.tr("{count} h ago").format(count=int(seconds // 3600))
        return self.tr("{count} days ago").format(count=int(seconds // 86400))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_banner()  # the age moves on; no timer, so an idle app stays idle

    def refresh(self) -> None:
        """Fetch the list again; the banner and the progress bar say it is under way."""
        if self._refreshing:
            return
        self._refreshing = True
        self._update_progress()
        self._update_banner()

        def finished(_task: object) -> None:
            self._refreshing = False
            self._update_progress()
            self._update_banner()

        self.context.spawn(self.context.refresh_catalog()).add_done_callback(finished)

    def _show_page_error(self, error: HFTrayError | None) -> None:
        if error is None:
            self.page_error.hide()
            return
        self.page_error.setText(error.one_line())
        self.page_error.setForegroundRole(QPalette.ColorRole.BrightText)
        self.page_error.show()

    # -- search ---------------------------------------------------------------------------------

    def filters(self) -> Filters:
        context = self.min_context.value()
        price = self.max_price.value()
        return Filters(
            provider=self.provider_filter.currentData(),
            live_only=self.live_only.isChecked(),
            tools=self.tools_only.isChecked(),
            structured_output=self.structured_only.isChecked(),
            image_input=self.images_only.isChecked(),
            min_context=context * 1024 if context else None,
            max_output_price=price if price else None,
        )

    def _apply_search(self, *_: Any) -> None:
        self.table_model.set_search(self.search.text(), self.filters())
        self._update_count()

    def _view_changed(self, _index: int = 0) -> None:
        selected = self.selected_ref()
        self.table_model.set_show_all(bool(self.view_choice.currentData()))
        self._update_count()
        if selected is not None:
            self.select_ref(selected)
        else:
            self._show_detail()

    def _update_count(self) -> None:
        shown = self.table_model.rowCount()
        catalog = self.table_model.catalog
        if self.table_model.show_all:
            total = len(catalog) if catalog is not None else 0
            self.count_label.setText(
                self.tr("{shown} of {total} models").format(shown=shown, total=total)
            )
        elif shown == 0 and not self.search.text() and self.filters() == Filters():
            self.count_label.setText(
                self.tr("No model is configured or starred yet. Choose “All models” to browse.")
            )
        else:
            self.count_label.setText(
                self.tr("{shown} configured or starred models").format(shown=shown)
            )

    # -- selection and detail -------------------------------------------------------------------

    def selected_ref(self) -> ModelRef | None:
        """The ref the actions apply to: the selected line with the chosen policy."""
        row = self._selected_row()
        if row is None:
            return None
        ref = self.table_model.ref_at(row)
        if ref is None:
            return None
        return ref.with_policy(self._chosen_policy())

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_ref(self, ref: ModelRef) -> bool:
        """Select the line of `ref` (its model in "All"); False when it is not listed."""
        row = self.table_model.row_of(ref)
        if row is None:
            self.table.clearSelection()
            self._show_detail()
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.table_model.index(row, Column.NAME))
        self._show_detail(policy=ref.policy)
        return True

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self._selected_row()
        ref = self.table_model.ref_at(row) if row is not None else None
        self._show_detail(policy=ref.policy if ref is not None else None)

    def _chosen_policy(self) -> str | None:
        policy = self.policy.currentData()
        if policy == PROVIDER_POLICY:
            provider = self.provider_choice.currentData()
            return str(provider) if provider else None
        return str(policy) if policy else None

    def _show_detail(self, policy: str | bool | None = False) -> None:
        """Fill the pane for the selected line; `policy` (when given) preselects the variant."""
        row = self._selected_row()
        ref = self.table_model.ref_at(row) if row is not None else None
        model = self.table_model.model_at(row) if row is not None else None
        self.empty_detail.setVisible(ref is None)
        self.detail.setVisible(ref is not None)
        if ref is None:
            self._update_progress()
            return
        if model is None:
            self.detail_title.setText(
                self.tr("{model} — not in the current model list").format(model=ref.model_id)
            )
        else:
            self.detail_title.setText(f"<b>{_escape(model.display_name)}</b> · {_escape(model.id)}")
        self._fill_providers(model)
        if policy is not False:
            self._preselect_policy(model, policy if isinstance(policy, str) else None)
        self._variant_changed()

    def _fill_providers(self, model: CatalogModel | None) -> None:
        offers = model.offers if model is not None else ()
        table = self.providers_table
        table.setRowCount(len(offers))
        yes, no = self.tr("yes"), self.tr("no")
        for row, offer in enumerate(offers):
            tools = (
                UNKNOWN if offer.supports_tools is None else (yes if offer.supports_tools else no)
            )
            cells = (
                offer.provider,
                self.tr("live") if offer.live else offer.status,
                format_context(offer.context_length),
                format_price(offer.input_price),
                format_price(offer.output_price),
                tools,
                format_latency(offer.latency_ms),
                format_throughput(offer.throughput),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        self.chart.set_offers(offers)
        self.chart.setToolTip(self.chart.summary())
        self.chart_note.setText(self.chart.note())
        self.chart_note.setVisible(bool(self.chart.note()))

    def _preselect_policy(self, model: CatalogModel | None, policy: str | None) -> None:
        """Provider choices are the model's live providers (plus a pinned one no longer live)."""
        providers = list(model.live_providers) if model is not None else []
        if policy and policy not in POLICY_WORDS and policy not in providers:
            providers.append(policy)
        for widget in (self.policy, self.provider_choice):
            widget.blockSignals(True)
        self.provider_choice.clear()
        for provider in sorted(providers):
            self.provider_choice.addItem(provider, provider)
        specific = self.policy.findData(PROVIDER_POLICY)
        item = self.policy.model().item(specific)  # type: ignore[attr-defined]
        item.setEnabled(bool(providers))
        if policy and policy not in POLICY_WORDS:
            self.policy.setCurrentIndex(specific)
            self.provider_choice.setCurrentIndex(self.provider_choice.findData(policy))
        else:
            self.policy.setCurrentIndex(max(0, self.policy.findData(policy)))
        for widget in (self.policy, self.provider_choice):
            widget.blockSignals(False)

    def _policy_changed(self, _index: int = 0) -> None:
        self._variant_changed()

    def _variant_changed(self, _index: int = 0) -> None:
        """The chosen variant moved: its ref, its star and its alias."""
        self.provider_choice.setVisible(self.policy.currentData() == PROVIDER_POLICY)
        ref = self.selected_ref()
        if ref is None:
            self._update_progress()
            return
        marks = self._marks()
        role = marks.roles.get(ref.full)
        if role:
            self.ref_label.setText(
                self.tr("Applies to {ref} (now: {role}).").format(ref=ref.full, role=role)
            )
        else:
            self.ref_label.setText(self.tr("Applies to {ref}.").format(ref=ref.full))
        starred = ref.full in marks.favourites
        self.favourite_button.setChecked(starred)
        self.favourite_button.setText(self.tr("★ Favourite") if starred else self.tr("☆ Favourite"))
        alias = self._current_alias()
        self.alias_field.setText(alias or "")
        self.alias_error.hide()
        self._update_progress()

    def _marks(self) -> Marks:
        return model_actions.read_marks(self.context)[0]

    def _current_alias(self) -> str | None:
        ref = self.selected_ref()
        return model_actions.alias_of(self.context, ref) if ref is not None else None

    # -- actions --------------------------------------------------------------------------------

    def _set_primary(self) -> None:
        ref = self.selected_ref()
        if ref is not None:
            self._run_edit(
                lambda: self.context.set_primary(ref),
                self.tr("{ref} is now the primary model.").format(ref=ref.full),
            )

    def _add_fallback(self) -> None:
        ref = self.selected_ref()
        if ref is not None:
            self._run_edit(
                lambda: model_actions.add_fallback(self.context, ref),
                self.tr("{ref} is a fallback now.").format(ref=ref.full),
            )

    def _set_alias(self) -> None:
        ref = self.selected_ref()
        if ref is not None:
            alias = self.alias_field.text()
            self._run_edit(
                lambda: model_actions.set_alias(self.context, ref, alias),
                self.tr("{ref} can now be called “{alias}”.").format(
                    ref=ref.full, alias=alias.strip()
                ),
            )

    def _remove_alias(self) -> None:
        ref = self.selected_ref()
        if ref is not None:
            self._run_edit(
                lambda: model_actions.remove_alias(self.context, ref),
                self.tr("The alias of {ref} was removed.").format(ref=ref.full),
            )

    def _toggle_favourite(self, checked: bool) -> None:
        ref = self.selected_ref()
        if ref is not None:
            self.context.spawn(self.context.set_favourite(ref.full, checked))

    def _run_edit(self, start: Callable[[], Awaitable[Any]], success: str) -> None:
        """Run one config edit in the background, with its outcome shown on the page."""
        if self._saving:
            return
        self._saving = True
        self.alias_error.hide()
        self._show_action_message(self.tr("Saving…"), error=False)
        self._update_progress()

        async def edit() -> None:
            try:
                await start()
            except AliasError as exc:
                self._show_alias_error(exc)
                self.action_message.hide()
            except ConfigConflictError as exc:
                self.action_message.hide()
                self._ask_reload(exc)
            except HFTrayError as exc:
                self._show_action_message(exc.one_line(), error=True)
            else:
                self._show_action_message(success, error=False)
            finally:
                self._saving = False
                self._update_progress()

        self.context.spawn(edit())

    def _show_action_message(self, text: str, *, error: bool) -> None:
        self.action_message.setText(text)
        self.action_message.setForegroundRole(
            QPalette.ColorRole.BrightText if error else QPalette.ColorRole.WindowText
        )
        self.action_message.show()

    def _show_alias_error(self, exc: HFTrayError) -> None:
        self.alias_error.setText(exc.one_line())
        self.alias_error.setForegroundRole(QPalette.ColorRole.BrightText)
        self.alias_error.show()
        self.alias_field.setFocus()

    def _ask_reload(self, exc: HFTrayError) -> None:
        """The file changed outside the app: nothing was written; offer to read it again."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Config changed outside the app"))
        box.setText(
            self.tr("coderclaw.json changed outside the app since it was read. Nothing was saved.")
        )
        box.setInformativeText(
            self.tr("Reload it, then apply your change again.") + "\n" + exc.one_line()
        )
        reload_button = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(reload_button)

        def answered() -> None:
            if box.clickedButton() is reload_button:
                self.context.spawn(self.context.reload_config())
            self.conflict_box = None

        box.finished.connect(answered)
        self.conflict_box = box
        box.open()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
