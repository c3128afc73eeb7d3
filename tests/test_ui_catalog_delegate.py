"""The Models table's delegate paints from the model's texts without asking Qt for each role;
what it puts in a cell's style option must be what Qt's own path would have put there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView
from pytestqt.qtbot import QtBot

from hftray.core.catalog import Catalog
from hftray.ui.catalog_table import CatalogDelegate, CatalogTableModel, Column

pytestmark = pytest.mark.gui

FIXTURE = Path(__file__).parent / "data" / "router-models.json"


class Probe(CatalogDelegate):
    """Exposes the option the delegate prepares for a cell."""

    def option_for(self, view: QTableView, row: int, column: int) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        option.initFrom(view)
        self.initStyleOption(option, view.model().index(row, column))
        return option


@pytest.fixture
def table(qtbot: QtBot) -> tuple[QTableView, CatalogTableModel, Probe]:
    catalog = Catalog.from_body(FIXTURE.read_bytes())
    model = CatalogTableModel()
    model.set_catalog(catalog, catalog.index())
    model.set_show_all(True)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = Probe(model, view)
    view.setItemDelegate(delegate)
    return view, model, delegate


def test_each_cell_gets_the_display_text_and_alignment_of_the_model(
    table: tuple[QTableView, CatalogTableModel, Probe],
) -> None:
    view, model, delegate = table
    qt_path = QStyledItemDelegate()
    for row in range(0, model.rowCount(), 7):
        for column in Column:
            ours = delegate.option_for(view, row, column)
            theirs = QStyleOptionViewItem()
            theirs.initFrom(view)
            qt_path.initStyleOption(theirs, model.index(row, column))
            assert ours.text == theirs.text == model.index(row, column).data()
            if model.index(row, column).data(Qt.ItemDataRole.TextAlignmentRole) is not None:
                assert ours.displayAlignment == theirs.displayAlignment


def test_sizing_a_column_to_its_contents_still_measures_the_texts(
    table: tuple[QTableView, CatalogTableModel, Probe],
) -> None:
    view, model, _delegate = table
    view.horizontalHeader().resizeSection(Column.NAME, 10)
    view.resizeColumnToContents(Column.NAME)
    longest = max(
        view.fontMetrics().horizontalAdvance(model.index(row, Column.NAME).data())
        for row in range(model.rowCount())
    )
    assert view.columnWidth(Column.NAME) >= longest


def test_a_keystroke_keeps_the_selected_model_selected(
    table: tuple[QTableView, CatalogTableModel, Probe],
) -> None:
    view, model, _delegate = table
    view.selectRow(5)
    chosen = model.ref_at(5)
    assert chosen is not None
    model.set_search(chosen.model_id.split("/")[1])
    rows = view.selectionModel().selectedRows()
    assert [model.ref_at(index.row()) for index in rows] == [chosen]
