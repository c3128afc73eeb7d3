"""The Models page's table: a `QAbstractTableModel` over the catalog's search index.

The model holds only a list of row numbers into `CatalogIndex` (plus, in the "configured" view,
the ref each line stands for): a keystroke asks the index for the matching rows already in the
sort column's order and announces a rows-only layout change, so no record is copied, nothing is
sorted, the column header is left alone and the view keeps its selection. Cell texts are
formatted once per catalog row, on first display, and painted by `CatalogDelegate`.

Two views: "configured" lists refs in use (primary, fallbacks, aliased) and favourites, one line
per policy variant, even when the catalog no longer has the model; "all" lists every model once.
Unknown figures show as "—": a missing price is never shown as free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from hftray.core.catalog import Catalog, CatalogIndex, CatalogModel, Filters, SortColumn
from hftray.core.refs import POLICY_WORDS, ModelRef
from hftray.core.translatable import QT_TRANSLATE_NOOP

UNKNOWN = "—"
MISSING_ROW = -1
_CONTEXT = "CatalogTable"


class Column(IntEnum):
    FAVOURITE = 0
    NAME = 1
    OWNER = 2
    ROLE = 3
    PROVIDERS = 4
    CONTEXT = 5
    INPUT_PRICE = 6
    OUTPUT_PRICE = 7
    THROUGHPUT = 8
    LATENCY = 9


_SORT_COLUMNS = {
    Column.NAME: SortColumn.NAME,
    Column.OWNER: SortColumn.OWNER,
    Column.PROVIDERS: SortColumn.PROVIDERS,
    Column.CONTEXT: SortColumn.CONTEXT,
    Column.INPUT_PRICE: SortColumn.INPUT_PRICE,
    Column.OUTPUT_PRICE: SortColumn.OUTPUT_PRICE,
    Column.THROUGHPUT: SortColumn.THROUGHPUT,
    Column.LATENCY: SortColumn.LATENCY,
}

_HEADERS = {
    Column.FAVOURITE: (
        QT_TRANSLATE_NOOP("CatalogTable", "★"),
        QT_TRANSLATE_NOOP("CatalogTable", "Favourite"),
    ),
    Column.NAME: (
        QT_TRANSLATE_NOOP("CatalogTable", "Name"),
        QT_TRANSLATE_NOOP("CatalogTable", "Model name"),
    ),
    Column.OWNER: (
        QT_TRANSLATE_NOOP("CatalogTable", "Owner"),
        QT_TRANSLATE_NOOP("CatalogTable", "Organisation that publishes the model"),
    ),
    Column.ROLE: (
        QT_TRANSLATE_NOOP("CatalogTable", "In use"),
        QT_TRANSLATE_NOOP("CatalogTable", "Primary, fallback or alias in coderclaw.json"),
    ),
    Column.PROVIDERS: (
        QT_TRANSLATE_NOOP("CatalogTable", "Providers"),
        QT_TRANSLATE_NOOP("CatalogTable", "Number of providers serving the model now"),
    ),
    Column.CONTEXT: (
        QT_TRANSLATE_NOOP("CatalogTable", "Context"),
        QT_TRANSLATE_NOOP("CatalogTable", "Best context length in tokens over live providers"),
    ),
    Column.INPUT_PRICE: (
        QT_TRANSLATE_NOOP("CatalogTable", "Input $/M"),
        QT_TRANSLATE_NOOP("CatalogTable", "Cheapest input price, US dollars per million tokens"),
    ),
    Column.OUTPUT_PRICE: (
        QT_TRANSLATE_NOOP("CatalogTable", "Output $/M"),
        QT_TRANSLATE_NOOP("CatalogTable", "Cheapest output price, US dollars per million tokens"),
    ),
    Column.THROUGHPUT: (
        QT_TRANSLATE_NOOP("CatalogTable", "Speed"),
        QT_TRANSLATE_NOOP("CatalogTable", "Fastest throughput, tokens per second"),
    ),
    Column.LATENCY: (
        QT_TRANSLATE_NOOP("CatalogTable", "Latency"),
        QT_TRANSLATE_NOOP("CatalogTable", "Lowest time to first token"),
    ),
}

# `data()` runs about seven times per visible cell per repaint: plain ints keep it cheap.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole.value
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
_CENTER = Qt.AlignmentFlag.AlignCenter.value
_COLUMN_COUNT = len(Column)
# Only rows change on a keystroke: the hint lets the column header skip the layout change.
_ROWS_ONLY = QAbstractTableModel.LayoutChangeHint.VerticalSortHint
_LAYOUT_ARGS = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")
_FAVOURITE, _NAME, _ROLE = int(Column.FAVOURITE), int(Column.NAME), int(Column.ROLE)
_ALIGNMENTS = (_CENTER, None, None, None, _RIGHT, _RIGHT, _RIGHT, _RIGHT, _RIGHT, _RIGHT)
_RIGHT_FLAG = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGNMENT_FLAGS = (Qt.AlignmentFlag.AlignCenter, None, None, None) + (_RIGHT_FLAG,) * 6


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def format_price(price: float | None, locale: QLocale | None = None) -> str:
    """US dollars per million tokens; None is unknown, never "free"."""
    if price is None:
        return UNKNOWN
    return "$" + (locale or QLocale()).toString(price, "f", 2 if price >= 0.1 or price == 0 else 3)


def format_context(tokens: int | None, locale: QLocale | None = None) -> str:
    if not tokens:
        return UNKNOWN
    locale = locale or QLocale()
    if tokens >= 1_000_000 and tokens % 1000 == 0:
        return QCoreApplication.translate("CatalogTable", "{count}M").format(
            count=locale.toString(tokens / 1_000_000, "g", 3)
        )
    if tokens >= 1000:
        return QCoreApplication.translate("CatalogTable", "{count}K").format(
            count=locale.toString(round(tokens / 1024))
        )
    return locale.toString(tokens)


def format_throughput(tokens_per_second: float | None, locale: QLocale | None = None) -> str:
    if tokens_per_second is None:
        return UNKNOWN
    value = (locale or QLocale()).toString(round(tokens_per_second))
    return QCoreApplication.translate("CatalogTable", "{value} tok/s").format(value=value)


def format_latency(milliseconds: float | None, locale: QLocale | None = None) -> str:
    if milliseconds is None:
        return UNKNOWN
    locale = locale or QLocale()
    if milliseconds >= 1000:
        return QCoreApplication.translate("CatalogTable", "{value} s").format(
            value=locale.toString(milliseconds / 1000, "f", 1)
        )
    return QCoreApplication.translate("CatalogTable", "{value} ms").format(
        value=locale.toString(round(milliseconds))
    )


def policy_label(policy: str | None) -> str:
    """The words after a name for a policy variant, translated: "(cheapest)", "(via groq)"."""
    if policy is None:
        return ""
    if policy in POLICY_WORDS:
        return QCoreApplication.translate("CatalogTable", "({policy})").format(policy=policy)
    return QCoreApplication.translate("CatalogTable", "(via {provider})").format(provider=policy)


@dataclass(frozen=True)
class Marks:
    """What the config and the app's settings say about refs: roles and favourites.

    `roles` maps full refs to a short label ("primary", "fallback 2", "alias: fast") and
    `ranks` to their order in the configured view; `favourites` holds full refs.
    """

    roles: dict[str, str]
    ranks: dict[str, int]
    favourites: frozenset[str]
    configured: tuple[ModelRef, ...]

    @classmethod
    def empty(cls) -> Marks:
        return cls({}, {}, frozenset(), ())


class CatalogTableModel(QAbstractTableModel):
    """Rows are catalog index positions (see the module docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog: Catalog | None = None
        self._index: CatalogIndex | None = None
        self._marks = Marks.empty()
        self._show_all = False
        self._query = ""
        self._filters = Filters()
        self._sort_column = Column.ROLE
        self._descending = False
        self._rows: list[int] = []
        self._refs: list[ModelRef] | None = None  # configured view: the ref of each line
        self._texts: dict[int, tuple[str, ...]] = {}
        self._model_roles: dict[str, str] = {}
        self._model_favourites: frozenset[str] = frozenset()
        self._model_ranks: dict[str, int] = {}
        self._positions: dict[str, int] = {}
        self._ranks: dict[tuple[SortColumn, bool], list[int]] = {}
        self._headers = [(_tr(label), _tr(tip)) for label, tip in _HEADERS.values()]

    # -- what the page sets ---------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog

    @property
    def show_all(self) -> bool:
        return self._show_all

    def set_catalog(self, catalog: Catalog | None, index: CatalogIndex | None) -> None:
        """A new list (a refresh, or new aliases in the search keys): the one full reset."""
        self.beginResetModel()
        self._catalog, self._index = catalog, index
        self._texts.clear()
        self._ranks.clear()
        self._update_positions()
        self._rows, self._refs = self._compute()
        self.endResetModel()

    def set_marks(self, marks: Marks) -> None:
        """Roles and favourites changed (a config save, a star)."""
        self._marks = marks
        self._model_roles = {}
        self._model_ranks = {}
        for ref in marks.configured:
            role = marks.roles.get(ref.full)
            if role:
                known = self._model_roles.get(ref.model_id)
                self._model_roles[ref.model_id] = f"{known}; {role}" if known else role
            rank = marks.ranks.get(ref.full, len(marks.ranks))
            self._model_ranks[ref.model_id] = min(rank, self._model_ranks.get(ref.model_id, rank))
        self._model_favourites = frozenset(
            ref.model_id for ref in marks.configured if ref.full in marks.favourites
        )
        self._update_positions()
        self._update_rows()

    def set_show_all(self, show_all: bool) -> None:
        if show_all != self._show_all:
            self._show_all = show_all
            self.beginResetModel()
            self._rows, self._refs = self._compute()
            self.endResetModel()

    def set_search(self, query: str, filters: Filters | None = None) -> None:
        """Called per keystroke: a new row list and a layout change, never a reset."""
        self._query = query
        self._filters = filters or Filters()
        self._update_rows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = Column(column)
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._update_rows()

    # -- what the page reads --------------------------------------------------------------------

    def ref_at(self, row: int) -> ModelRef | None:
        """The ref a line stands for: a configured variant, or the bare model in "all"."""
        if not 0 <= row < len(self._rows):
            return None
        if self._refs is not None:
            return self._refs[row]
        return ModelRef(self._models()[self._rows[row]].id)

    def model_at(self, row: int) -> CatalogModel | None:
        if not 0 <= row < len(self._rows) or self._rows[row] == MISSING_ROW:
            return None
        return self._models()[self._rows[row]]

    def row_of(self, ref: ModelRef) -> int | None:
        """The line showing `ref` (or, in "all", its model); None when filtered out."""
        for row in range(len(self._rows)):
            found = self.ref_at(row)
            if found is not None and (
                found == ref if self._refs is not None else found.model_id == ref.model_id
            ):
                return row
        return None

    def _models(self) -> Sequence[CatalogModel]:
        return self._index.models if self._index is not None else ()

    # -- rows -----------------------------------------------------------------------------------

    def _update_rows(self) -> None:
        """New rows for the same catalog: a layout change keeps the selection where it can."""
        self.layoutAboutToBeChanged[_LAYOUT_ARGS].emit([], _ROWS_ONLY)  # type: ignore[index]
        persistent = self.persistentIndexList()
        old_keys = [self._key(p.row()) for p in persistent]
        self._rows, self._refs = self._compute()
        if persistent:
            new = []
            for index, key in zip(persistent, old_keys, strict=True):
                row = self._find(key)
                new.append(QModelIndex() if row is None else self.index(row, index.column()))
            self.changePersistentIndexList(persistent, new)
        self.layoutChanged[_LAYOUT_ARGS].emit([], _ROWS_ONLY)  # type: ignore[index]

    def _key(self, row: int) -> int | ModelRef | None:
        if not 0 <= row < len(self._rows):
            return None
        return self._refs[row] if self._refs is not None else self._rows[row]

    def _find(self, key: int | ModelRef | None) -> int | None:
        try:
            if isinstance(key, ModelRef) and self._refs is not None:
                return self._refs.index(key)
            if isinstance(key, int) and self._refs is None:
                return self._rows.index(key)
        except ValueError:
            pass
        return None

    def _compute(self) -> tuple[list[int], list[ModelRef] | None]:
        index = self._index
        if index is None:
            return [], None
        if self._show_all:
            return self._all_rows(index), None
        return self._configured(index)

    def _all_rows(self, index: CatalogIndex) -> list[int]:
        """The matching models, already in the sort column's order (see `CatalogIndex.filter`);
        "In use" and "★" put the few configured or starred models first, the rest by name."""
        column = self._sort_column
        query, filters = self._query, self._filters
        if column in _SORT_COLUMNS:
            return index.filter(query, filters, (_SORT_COLUMNS[column], self._descending))
        by_name = index.filter(query, filters, (SortColumn.NAME, False))
        positions = self._positions
        if column == Column.ROLE:
            ranks = self._model_ranks
            ranked = [positions[model_id] for model_id in ranks if model_id in positions]
            top_rows = index.matching(ranked, query, filters)
            top_rows.sort(key=lambda row: ranks[index.models[row].id], reverse=self._descending)
            chosen = set(top_rows)
            return top_rows + [row for row in by_name if row not in chosen] if chosen else by_name
        starred = {positions[m] for m in self._model_favourites if m in positions}
        if not starred:
            return by_name
        favourites = [row for row in by_name if row in starred]
        rest = [row for row in by_name if row not in starred]
        return rest + favourites if self._descending else favourites + rest

    def _sort_by(
        self, rows: list[int], column: SortColumn, descending: bool | None = None
    ) -> list[int]:
        """The index's order; a short result is sorted by rank instead of a pass over all rows."""
        index = self._index
        assert index is not None
        direction = self._descending if descending is None else descending
        if len(rows) * 8 >= len(index):
            return index.sort(rows, column, direction)
        key = (column, direction)
        rank = self._ranks.get(key)
        if rank is None:
            rank = [0] * len(index)
            for position, row in enumerate(index.sort(range(len(index)), column, direction)):
                rank[row] = position
            self._ranks[key] = rank
        return sorted(rows, key=rank.__getitem__)

    def _update_positions(self) -> None:
        """Model id -> index row for the few models the config and favourites name."""
        wanted = {ref.model_id for ref in self._marks.configured}
        self._positions = {}
        if wanted:
            self._positions = {
                model.id: row for row, model in enumerate(self._models()) if model.id in wanted
            }

    def _configured(self, index: CatalogIndex) -> tuple[list[int], list[ModelRef]]:
        refs = list(self._marks.configured)
        rows = [self._positions.get(ref.model_id, MISSING_ROW) for ref in refs]
        present = [row for row in rows if row != MISSING_ROW]
        matching = set(index.matching(present, self._query, self._filters))
        query = self._query.casefold()
        plain = self._filters == Filters()
        kept = [
            (row, ref)
            for row, ref in zip(rows, refs, strict=True)
            if row in matching
            or (
                row == MISSING_ROW
                and plain
                and all(w in ref.full.casefold() for w in query.split())
            )
        ]
        order = self._configured_order([row for row, _ in kept if row != MISSING_ROW], kept)
        return [kept[i][0] for i in order], [kept[i][1] for i in order]

    def _configured_order(self, present: list[int], kept: list[tuple[int, ModelRef]]) -> list[int]:
        """Positions in `kept`, ordered by the sort column; missing models go last."""
        column = self._sort_column
        ranks = self._marks.ranks
        if column == Column.ROLE or self._index is None:
            keys: list[float] = [float(ranks.get(ref.full, len(ranks))) for _, ref in kept]
            order = sorted(range(len(kept)), key=keys.__getitem__, reverse=self._descending)
            return order
        if column == Column.FAVOURITE:
            favs = self._marks.favourites
            flags = [0 if ref.full in favs else 1 for _, ref in kept]
            return sorted(range(len(kept)), key=flags.__getitem__, reverse=self._descending)
        sorted_rows = self._sort_by(present, _SORT_COLUMNS[column])
        place = {row: i for i, row in enumerate(sorted_rows)}
        last = len(place)
        return sorted(range(len(kept)), key=lambda i: place.get(kept[i][0], last))

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < _COLUMN_COUNT:
            return None
        if role == _DISPLAY:
            return self._headers[section][0]
        if role in (_TOOLTIP, _ACCESSIBLE):
            return self._headers[section][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> object:
        if role == _DISPLAY:
            return self._display(index.row(), index.column())
        if role == _ALIGN:
            return _ALIGNMENTS[index.column()]
        if role == _TOOLTIP:
            ref = self.ref_at(index.row())
            if ref is None:
                return None
            if self.model_at(index.row()) is None:
                return QCoreApplication.translate(
                    "CatalogTable", "{ref} is not in the model list"
                ).format(ref=ref.full)
            return ref.full
        if role == _ACCESSIBLE and index.column() == _FAVOURITE:
            return (
                QCoreApplication.translate("CatalogTable", "Favourite")
                if self._display(index.row(), 0)
                else QCoreApplication.translate("CatalogTable", "Not a favourite")
            )
        return None

    def text(self, row: int, column: int) -> str:
        """What a cell shows (its display role), without a call through Qt."""
        return self._display(row, column)

    def _display(self, row: int, column: int) -> str:
        catalog_row = self._rows[row]
        refs = self._refs
        if column == _FAVOURITE:
            if refs is not None:
                return "★" if refs[row].full in self._marks.favourites else ""
            return "★" if models_id(self._index, catalog_row) in self._model_favourites else ""
        if column == _ROLE:
            if refs is not None:
                return self._marks.roles.get(refs[row].full, "")
            return self._model_roles.get(models_id(self._index, catalog_row), "")
        if catalog_row == MISSING_ROW:
            assert refs is not None
            return refs[row].model_id if column == _NAME else UNKNOWN
        texts = self._texts.get(catalog_row)
        if texts is None:
            texts = self._texts[catalog_row] = self._format(catalog_row)
        if column == _NAME and refs is not None and refs[row].policy:
            return f"{texts[_NAME]} {policy_label(refs[row].policy)}"
        return texts[column]

    def _format(self, catalog_row: int) -> tuple[str, ...]:
        model = self._models()[catalog_row]
        figures = model.figures()
        locale = QLocale()
        return (
            "",
            model.display_name,
            model.owner,
            "",
            locale.toString(len(figures.live_providers)),
            format_context(figures.best_context, locale),
            format_price(figures.cheapest_input_price, locale),
            format_price(figures.cheapest_output_price, locale),
            format_throughput(figures.fastest_throughput, locale),
            format_latency(figures.lowest_latency, locale),
        )


class CatalogDelegate(QStyledItemDelegate):
    """Paints a cell with one call into Python instead of seven.

    Qt's `initStyleOption` asks the model for seven roles per cell, each a call from C++ into
    Python (a few µs apiece with PySide6, over 1 000 per repaint of the Models table).
    The table's cells only have a text and an alignment, so painting sets those two and leaves
    the rest of the option as the view made it (no font, colour, icon or check state). The
    feature flags stay untouched (Qt paints any non-empty text): converting enum flags per cell
    costs about as much as the calls saved. Sizing (a double-click on a column edge) takes
    Qt's full path, which reads every role.
    """

    def __init__(self, model: CatalogTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._sizing = False

    def initStyleOption(
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if self._sizing:
            super().initStyleOption(option, index)
            return
        column = index.column()
        option.text = self._model.text(index.row(), column)
        alignment = _ALIGNMENT_FLAGS[column]
        if alignment is not None:
            option.displayAlignment = alignment

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self._sizing = True
        try:
            return super().sizeHint(option, index)
        finally:
            self._sizing = False


def models_id(index: CatalogIndex | None, row: int) -> str:
    if index is None or row == MISSING_ROW:
        return ""
    return index.models[row].id


__all__ = [
    "UNKNOWN",
    "CatalogDelegate",
    "CatalogTableModel",
    "Column",
    "Marks",
    "format_context",
    "format_latency",
    "format_price",
    "format_throughput",
    "policy_label",
]
