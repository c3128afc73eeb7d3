"""The Models page: the configured view and "All", search and filters, the detail pane and chart,
and the actions that write coderclaw.json (primary, fallback, alias, favourite, conflicts)."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from hftray.core.catalog import Catalog, CatalogSource
from hftray.core.catalog_loader import CatalogLoad
from hftray.core.refs import ModelRef
from hftray.ui.catalog_table import UNKNOWN, Column
from hftray.ui.context import AppContext
from hftray.ui.pages import models as models_page
from hftray.ui.pages.models import ModelsPage
from tests.support.ui import context_fixture, qt_loop_fixture, run  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

DATA = Path(__file__).parent / "data"
R1 = ModelRef("deepseek-ai/DeepSeek-R1")
QWEN = ModelRef("Qwen/Qwen3-8B")
CONFIG = """// my routing, keep this comment
{
  agents: {
    defaults: {
      model: {
        primary: "huggingface/deepseek-ai/DeepSeek-R1",
        fallbacks: ["huggingface/Qwen/Qwen3-8B:cheapest"],
      },
      models: {
        "huggingface/deepseek-ai/DeepSeek-R1": {},
        "huggingface/Qwen/Qwen3-8B:cheapest": {},
        "huggingface/Qwen/Qwen3-8B": { alias: "qwen" },
      },
    },
  },
}
"""


class StubLoader:
    """Hands the context a fixed catalog, as the disk cache would."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def load_startup(self, reason: str | None = None) -> Catalog:
        return self.catalog

    async def refresh(self, config_data: object, token: str | None) -> CatalogLoad:
        await asyncio.sleep(0)
        return CatalogLoad(self.catalog)


def live_catalog(minutes_ago: float = 2) -> Catalog:
    body = (DATA / "router-models.json").read_bytes()
    when = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return Catalog.from_body(body, "live", when)


@pytest.fixture
def config_path(isolated_home: Path) -> Path:
    path = isolated_home / ".coderclaw" / "coderclaw.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def page(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, qtbot: QtBot, config_path: Path
) -> ModelsPage:
    context._catalog_loader = StubLoader(live_catalog())  # type: ignore[assignment]
    run(qt_loop, context.load_local())
    widget = ModelsPage(context)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    run(qt_loop, context.wait_idle())
    return widget


def texts(page: ModelsPage, column: Column) -> list[str]:
    model = page.table_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def show_all(page: ModelsPage) -> None:
    page.view_choice.setCurrentIndex(page.view_choice.findData(True))


def finish(page: ModelsPage, loop: asyncio.AbstractEventLoop) -> None:
    run(loop, page.context.wait_idle())


# -- the list ----------------------------------------------------------------------------------


def test_default_view_lists_configured_variants_and_favourites_each_once(
    page: ModelsPage, context: AppContext, qt_loop: asyncio.AbstractEventLoop
) -> None:
    run(qt_loop, context.set_favourite("huggingface/zai-org/GLM-4.6", True))
    model = page.table_model
    refs = [model.ref_at(row) for row in range(model.rowCount())]
    assert refs == [
        R1,
        QWEN.with_policy("cheapest"),
        QWEN,
        ModelRef("zai-org/GLM-4.6"),
    ]
    roles = texts(page, Column.ROLE)
    assert roles[:3] == ["primary", "fallback 1", "alias “qwen”"]
    assert texts(page, Column.FAVOURITE)[3] == "★"
    assert texts(page, Column.NAME)[1].endswith("(cheapest)")


def test_all_view_shows_the_whole_catalog_with_configured_models_first(page: ModelsPage) -> None:
    show_all(page)
    catalog = page.context.catalog
    assert catalog is not None
    assert page.table_model.rowCount() == len(catalog)
    assert page.table_model.ref_at(0) == R1
    assert page.count_label.text() == f"{len(catalog)} of {len(catalog)} models"


def test_typing_filters_at_once_and_deleting_brings_rows_back(
    page: ModelsPage, qtbot: QtBot
) -> None:
    show_all(page)
    everything = page.table_model.rowCount()
    QTest.keyClicks(page.search, "qwen3")
    names = texts(page, Column.NAME)
    assert names and all("qwen3" in (n + str(page.table_model.ref_at(i))).lower()
                          for i, n in enumerate(names))  # fmt: skip
    fewer = page.table_model.rowCount()
    assert fewer < everything
    page.search.clear()
    assert page.table_model.rowCount() == everything


def test_search_matches_provider_names_and_keeps_the_selected_model(page: ModelsPage) -> None:
    show_all(page)
    assert page.select_ref(ModelRef("zai-org/GLM-4.6"))
    QTest.keyClicks(page.search, "cerebras")
    assert page.selected_ref() == ModelRef("zai-org/GLM-4.6")
    for row in range(page.table_model.rowCount()):
        model = page.table_model.model_at(row)
        assert model is not None and "cerebras" in [o.provider for o in model.offers]


def test_filters_narrow_the_list_and_unknown_prices_never_pass_a_price_limit(
    page: ModelsPage,
) -> None:
    show_all(page)
    everything = page.table_model.rowCount()
    page.tools_only.setChecked(True)
    with_tools = page.table_model.rowCount()
    assert 0 < with_tools < everything
    page.tools_only.setChecked(False)
    page.max_price.setValue(0.5)
    cheap = [page.table_model.model_at(r) for r in range(page.table_model.rowCount())]
    assert cheap
    for model in cheap:
        assert model is not None
        prices = [o.output_price for o in model.live_offers if o.output_price is not None]
        assert prices and min(prices) <= 0.5
    page.max_price.setValue(0)
    page.provider_filter.setCurrentIndex(page.provider_filter.findData("groq"))
    for row in range(page.table_model.rowCount()):
        model = page.table_model.model_at(row)
        assert model is not None and "groq" in model.live_providers


def test_unknown_figures_show_a_dash_and_sort_last(page: ModelsPage) -> None:
    show_all(page)
    page.table.sortByColumn(Column.OUTPUT_PRICE, Qt.SortOrder.AscendingOrder)
    prices = texts(page, Column.OUTPUT_PRICE)
    assert UNKNOWN in prices
    first_unknown = prices.index(UNKNOWN)
    assert all(p == UNKNOWN for p in prices[first_unknown:])
    known = [float(p.lstrip("$")) for p in prices[:first_unknown]]
    assert known == sorted(known)
    assert "$0.00" not in prices[first_unknown:]


# -- detail pane and chart -------------------------------------------------------------------


def test_detail_pane_lists_every_provider_and_the_chart_marks_cheap_and_fast(
    page: ModelsPage,
) -> None:
    assert page.select_ref(R1)
    table = page.providers_table
    providers = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert providers == ["novita", "together", "fireworks-ai", "deepinfra", "featherless-ai",
                         "nscale"]  # fmt: skip
    assert table.item(providers.index("nscale"), 1).text() == "error"
    assert table.item(providers.index("fireworks-ai"), 4).text() == UNKNOWN
    chart = page.chart
    assert chart.cheapest is not None and chart.cheapest.provider == "deepinfra"
    assert chart.fastest is not None and chart.fastest.provider == "together"
    assert chart.omitted == ["fireworks-ai", "featherless-ai"]
    assert "fireworks-ai" in page.chart_note.text()
    assert "deepinfra" in chart.accessibleDescription()
    chart.grab()  # paints without error


def test_policy_choice_offers_only_live_providers_and_names_the_variant(page: ModelsPage) -> None:
    show_all(page)
    assert page.select_ref(ModelRef("meta-llama/Llama-4-Maverick-17B-128E-Instruct"))
    specific = page.policy.findData("provider")
    assert not page.policy.model().item(specific).isEnabled()  # type: ignore[attr-defined]
    assert page.select_ref(R1)
    page.policy.setCurrentIndex(page.policy.findData("cheapest"))
    assert page.provider_choice.isHidden()
    assert page.selected_ref() == R1.with_policy("cheapest")
    page.policy.setCurrentIndex(specific)
    assert not page.provider_choice.isHidden()
    choices = [page.provider_choice.itemData(i) for i in range(page.provider_choice.count())]
    assert choices == sorted(["novita", "together", "fireworks-ai", "deepinfra", "featherless-ai"])
    page.provider_choice.setCurrentIndex(page.provider_choice.findData("novita"))
    assert page.selected_ref() == R1.with_policy("novita")
    assert "huggingface/deepseek-ai/DeepSeek-R1:novita" in page.ref_label.text()


# -- actions -----------------------------------------------------------------------------------


def test_set_as_primary_writes_the_chosen_variant_and_keeps_comments(
    page: ModelsPage, qt_loop: asyncio.AbstractEventLoop, config_path: Path
) -> None:
    show_all(page)
    assert page.select_ref(ModelRef("zai-org/GLM-4.6"))
    page.policy.setCurrentIndex(page.policy.findData("fastest"))
    page.primary_button.click()
    finish(page, qt_loop)
    text = config_path.read_text(encoding="utf-8")
    assert 'primary: "huggingface/zai-org/GLM-4.6:fastest"' in text
    assert "// my routing, keep this comment" in text
    assert '"huggingface/zai-org/GLM-4.6:fastest"' in text.split("models:")[1]
    assert "is now the primary model" in page.action_message.text()
    ref = ModelRef("zai-org/GLM-4.6", "fastest")
    assert page.table_model.row_of(ref) is not None  # still shown, now marked primary
    page.view_choice.setCurrentIndex(0)
    assert texts(page, Column.ROLE)[0] == "primary"


def test_add_as_fallback_appends_to_the_fallbacks(
    page: ModelsPage, qt_loop: asyncio.AbstractEventLoop, config_path: Path
) -> None:
    show_all(page)
    assert page.select_ref(ModelRef("google/gemma-2-2b-it"))
    page.fallback_button.click()
    finish(page, qt_loop)
    routing = page.context.routing()
    assert routing is not None
    assert routing.fallbacks == [
        "huggingface/Qwen/Qwen3-8B:cheapest",
        "huggingface/google/gemma-2-2b-it",
    ]


def test_duplicate_alias_is_refused_beside_the_field_and_nothing_is_written(
    page: ModelsPage, qt_loop: asyncio.AbstractEventLoop, config_path: Path
) -> None:
    before = config_path.read_bytes()
    assert page.select_ref(R1)
    page.alias_field.setText("QWEN ")
    page.alias_button.click()
    finish(page, qt_loop)
    assert not page.alias_error.isHidden()
    assert "already used" in page.alias_error.text()
    assert config_path.read_bytes() == before


def test_alias_is_saved_for_the_variant_and_searchable(
    page: ModelsPage, qt_loop: asyncio.AbstractEventLoop, config_path: Path
) -> None:
    assert page.select_ref(QWEN.with_policy("cheapest"))
    page.alias_field.setText("cheapqwen")
    page.alias_button.click()
    finish(page, qt_loop)
    routing = page.context.routing()
    assert routing is not None
    assert routing.aliases["huggingface/Qwen/Qwen3-8B:cheapest"] == "cheapqwen"
    assert routing.aliases["huggingface/Qwen/Qwen3-8B"] == "qwen"
    assert page.alias_error.isHidden()
    page.search.setText("cheapqwen")
    assert page.table_model.rowCount() >= 1
    assert page.table_model.ref_at(0) is not None
    assert page.table_model.ref_at(0).model_id == QWEN.model_id  # type: ignore[union-attr]


def test_star_marks_a_favourite_in_the_settings_and_the_table(
    page: ModelsPage, qt_loop: asyncio.AbstractEventLoop
) -> None:
    show_all(page)
    assert page.select_ref(ModelRef("google/gemma-2-2b-it"))
    page.favourite_button.click()
    finish(page, qt_loop)
    assert "huggingface/google/gemma-2-2b-it" in page.context.settings.favourites
    row = page.table_model.row_of(ModelRef("google/gemma-2-2b-it"))
    assert row is not None
    assert page.table_model.index(row, Column.FAVOURITE).data() == "★"
    assert page.favourite_button.isChecked()


def test_config_changed_outside_offers_reload_and_writes_nothing(
    page: ModelsPage, qt_loop: asyncio.AbstractEventLoop, config_path: Path
) -> None:
    outside = CONFIG.replace("keep this comment", "edited elsewhere")
    config_path.write_text(outside, encoding="utf-8")
    assert page.select_ref(R1)
    page.fallback_button.click()
    finish(page, qt_loop)
    assert config_path.read_text(encoding="utf-8") == outside
    box = page.conflict_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    reload_button = next(b for b in box.buttons() if b.text() == "Reload")
    reload_button.click()
    finish(page, qt_loop)
    assert page.context.config is not None
    assert "edited elsewhere" in page.context.config.text


# -- banner and loading ------------------------------------------------------------------------


def test_banner_says_where_the_list_comes_from_and_how_old_it_is(page: ModelsPage) -> None:
    assert page.banner.text() == "Live list, fetched 2 min ago."
    fetched = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    cached = Catalog((), CatalogSource("cached", fetched, "offline: no network"))
    assert page.source_text(cached).startswith("Cached list from ")
    assert page.source_text(cached).endswith(" (offline: no network).")
    builtin = Catalog((), CatalogSource("builtin", None, None))
    assert page.source_text(builtin) == "Built-in list (no connection)."


def test_loading_shows_progress_until_the_index_is_ready(
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
    config_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    real_build = models_page._build_index

    def slow_build(catalog: Catalog, aliases: dict[str, str]) -> object:
        assert threading.current_thread() is not threading.main_thread()
        release.wait(10)
        return real_build(catalog, aliases)

    monkeypatch.setattr(models_page, "_build_index", slow_build)
    widget = ModelsPage(context)
    qtbot.addWidget(widget)
    assert widget.banner.text() == "Loading the model list…"
    assert not widget.progress.isHidden()
    context._catalog_loader = StubLoader(live_catalog())  # type: ignore[assignment]
    run(qt_loop, context.load_local())
    run(qt_loop, asyncio.sleep(0.05))  # the UI loop keeps running while the index is built
    assert not widget.progress.isHidden()
    assert widget.table_model.rowCount() == 0
    release.set()
    run(qt_loop, context.wait_idle())
    assert widget.progress.isHidden()
    assert widget.table_model.rowCount() == 3


def test_refresh_button_shows_progress_while_fetching(
    page: ModelsPage, qt_loop: asyncio.AbstractEventLoop
) -> None:
    page.refresh_button.click()
    assert not page.progress.isHidden()
    assert not page.refresh_button.isEnabled()
    assert "Fetching" in page.banner.text()
    finish(page, qt_loop)
    assert page.refresh_button.isEnabled()
    assert page.progress.isHidden()


# -- keyboard ----------------------------------------------------------------------------------


def test_tab_walks_search_filters_table_and_actions_in_order(page: ModelsPage) -> None:
    page.show()
    assert page.select_ref(R1)
    page.policy.setCurrentIndex(page.policy.findData("provider"))
    expected = [
        page.search,
        page.view_choice,
        page.provider_filter,
        page.live_only,
        page.tools_only,
        page.structured_only,
        page.images_only,
        page.min_context,
        page.max_price,
        page.table,
        page.providers_table,
        page.policy,
        page.provider_choice,
        page.primary_button,
        page.fallback_button,
        page.favourite_button,
        page.alias_field,
        page.alias_button,
    ]
    seen: list[QWidget] = []
    widget: QWidget = page.search
    for _ in range(200):
        if widget in expected and widget not in seen:
            seen.append(widget)
        widget = widget.nextInFocusChain()
        if widget is page.search:
            break
    assert seen == expected
    assert page.favourite_button.accessibleName()
    assert page.search.accessibleName()
    assert QApplication.instance() is not None


def test_column_titles_and_in_use_labels_fit_without_eliding(page: ModelsPage) -> None:
    header = page.table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in Column:
        if column == Column.NAME:
            continue
        title = str(page.table_model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) > metrics.horizontalAdvance(title), title
    roles = [page.table_model.index(row, Column.ROLE).data() for row in range(3)]
    widest = max(page.fontMetrics().horizontalAdvance(role) for role in roles)
    assert header.sectionSize(Column.ROLE) > widest
