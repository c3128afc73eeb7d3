"""Search, filters and sorts of the Models page, on the fixture and on a large generated list."""

from __future__ import annotations

import itertools
import json
import math
import random
from pathlib import Path

import pytest

from hftray.core.catalog import Catalog, CatalogIndex, CatalogModel, Filters, SortColumn
from tests.fakehf.catalog_gen import generate_catalog

FIXTURE = Path(__file__).parent / "data" / "router-models.json"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_body(FIXTURE.read_bytes())


@pytest.fixture(scope="module")
def large() -> Catalog:
    return Catalog.from_body(json.dumps(generate_catalog(1500, seed=11)).encode())


def ids(catalog: Catalog, rows: list[int]) -> list[str]:
    return [catalog.models[row].id for row in rows]


def reference_filter(model: CatalogModel, query: str, filters: Filters) -> bool:
    """The rules in plain words, computed from scratch for each model."""
    live = [o for o in model.offers if o.live]
    text = " ".join(
        [model.id, model.display_name, model.owner, *(o.provider for o in model.offers)]
    ).casefold()
    if not all(word in text for word in query.casefold().split()):
        return False
    if filters.live_only and not live:
        return False
    if filters.provider and filters.provider not in {o.provider for o in live}:
        return False
    if filters.tools and not any(o.supports_tools for o in live):
        return False
    if filters.structured_output and not any(o.supports_structured_output for o in live):
        return False
    if filters.image_input and "image" not in (model.input_modalities or ()):
        return False
    contexts = [o.context_length for o in live if o.context_length]
    best = max(contexts) if contexts else model.context_window
    if filters.min_context is not None and (best is None or best < filters.min_context):
        return False
    prices = [o.output_price for o in live if o.output_price is not None]
    limit = filters.max_output_price
    return limit is None or (bool(prices) and min(prices) <= limit)


def test_search_matches_id_name_owner_and_provider(catalog: Catalog) -> None:
    index = catalog.index()
    assert "zai-org/GLM-4.7" in ids(catalog, index.filter("智谱"))
    assert "moonshotai/Kimi-K2.5" in ids(catalog, index.filter("moonshot ai"))
    assert set(ids(catalog, index.filter("cohere"))) >= {"CohereLabs/c4ai-command-r-08-2024"}
    by_provider = ids(catalog, index.filter("baseten"))
    assert by_provider and all(catalog.get(i).offer("baseten") for i in by_provider)  # type: ignore[union-attr]


def test_search_needs_every_word_in_any_order_and_case(catalog: Catalog) -> None:
    index = catalog.index()
    assert ids(catalog, index.filter("8B QWEN3")) == ids(catalog, index.filter("qwen3 8b"))
    assert "Qwen/Qwen3-8B" in ids(catalog, index.filter("8B QWEN3"))
    assert index.filter("qwen3 deepseek-ai/") == []
    assert index.filter("   ") == list(range(len(catalog)))


def test_search_finds_aliases_given_to_the_index(catalog: Catalog) -> None:
    index = catalog.index({"huggingface/Qwen/Qwen3-8B:cheapest": "Little Helper"})
    assert ids(catalog, index.filter("little help")) == ["Qwen/Qwen3-8B"]
    assert index.aliases == {"Qwen/Qwen3-8B": ["Little Helper"]}
    assert catalog.index().filter("little help") == []


def test_index_is_reused_until_the_aliases_change(catalog: Catalog) -> None:
    first = catalog.index({"huggingface/a/b": "x"})
    assert catalog.index({"huggingface/a/b": "x"}) is first
    assert catalog.index({"huggingface/a/b": "y"}) is not first


def test_each_filter_alone_matches_the_rules(catalog: Catalog) -> None:
    index = catalog.index()
    for filters in (
        Filters(live_only=True),
        Filters(provider="cerebras"),
        Filters(tools=True),
        Filters(structured_output=True),
        Filters(image_input=True),
        Filters(min_context=200_000),
        Filters(max_output_price=0.5),
    ):
        expected = [row for row, m in enumerate(catalog.models) if reference_filter(m, "", filters)]
        assert index.filter("", filters) == expected, filters
        assert 0 < len(expected) < len(catalog), filters


def test_unknown_figures_fail_context_and_price_filters(catalog: Catalog) -> None:
    index = catalog.index()
    cheap = ids(catalog, index.filter("", Filters(max_output_price=1000)))
    assert "Qwen/Qwen2.5-Math-72B-Instruct" not in cheap  # no offers at all
    assert "ServiceNow-AI/Apriel-1.5-15b-Thinker" not in cheap  # zero price marked not free
    assert "swiss-ai/Apertus-8B-Instruct-2509" in cheap  # really free
    roomy = ids(catalog, index.filter("", Filters(min_context=1)))
    assert "Qwen/Qwen2.5-Math-72B-Instruct" not in roomy


def test_provider_filter_ignores_offers_that_are_not_live(catalog: Catalog) -> None:
    rows = catalog.index().filter("deepseek-r1", Filters(provider="nscale"))
    assert "deepseek-ai/DeepSeek-R1" not in ids(catalog, rows)


def test_typing_and_deleting_gives_the_same_rows_as_a_fresh_search(large: Catalog) -> None:
    index = large.index()
    rng = random.Random(3)
    filter_choices = (
        Filters(),
        Filters(live_only=True, tools=True),
        Filters(provider="novita", min_context=65536, max_output_price=2.0),
        Filters(image_input=True, structured_output=True),
    )
    typed = ""
    for _ in range(120):
        action = rng.random()
        if action < 0.6:
            typed += rng.choice("qwen llama 70b deepseek novita instruct 托盘 -.0123")
        elif action < 0.85:
            typed = typed[: -rng.randint(1, 3)]
        else:
            typed = rng.choice(("qwen 7", "glm", "Model", "", "chat 3b"))
        filters = rng.choice(filter_choices)
        expected = [
            row for row, m in enumerate(large.models) if reference_filter(m, typed, filters)
        ]
        assert index.filter(typed, filters) == expected, (typed, filters)


def test_filter_returns_a_list_the_caller_may_change(catalog: Catalog) -> None:
    index = CatalogIndex(catalog.models)
    rows = index.filter("qwen")
    rows.clear()
    assert index.filter("qwen3") != []


def check_sorted(index: CatalogIndex, rows: list[int], column: SortColumn, desc: bool) -> None:
    values = [index.value(row, column) for row in rows]
    known = [v for v in values if v is not None]
    assert values[: len(known)] == known, "unknown values must come last"
    assert known == sorted(known, reverse=desc)  # type: ignore[type-var]


@pytest.mark.parametrize("column", list(SortColumn))
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_with_unknowns_last(
    large: Catalog, column: SortColumn, descending: bool
) -> None:
    index = large.index()
    rows = index.filter("instruct", Filters(live_only=True))
    ordered = index.sort(rows, column, descending)
    assert sorted(ordered) == sorted(rows)
    check_sorted(index, ordered, column, descending)
    if column not in (SortColumn.NAME, SortColumn.OWNER, SortColumn.PROVIDERS):
        assert any(index.value(row, column) is None for row in ordered)


def test_ties_stay_in_name_order_in_both_directions(catalog: Catalog) -> None:
    index = catalog.index()
    for descending in (False, True):
        ordered = index.sort(range(len(catalog)), SortColumn.OWNER, descending)
        for a, b in itertools.pairwise(ordered):
            if index.value(a, SortColumn.OWNER) == index.value(b, SortColumn.OWNER):
                name_a = index.value(a, SortColumn.NAME)
                name_b = index.value(b, SortColumn.NAME)
                assert name_a <= name_b  # type: ignore[operator]


def test_sort_columns_hold_the_figures_of_the_models_page(catalog: Catalog) -> None:
    index = catalog.index()
    row = [m.id for m in catalog.models].index("deepseek-ai/DeepSeek-R1")
    assert index.value(row, SortColumn.PROVIDERS) == 5  # nscale is in error
    assert index.value(row, SortColumn.CONTEXT) == 163840
    assert index.value(row, SortColumn.INPUT_PRICE) == 0.5
    assert index.value(row, SortColumn.OUTPUT_PRICE) == 2.15
    assert index.value(row, SortColumn.THROUGHPUT) == pytest.approx(119.36, abs=0.01)
    assert index.value(row, SortColumn.LATENCY) == 532
    assert index.value(row, SortColumn.NAME) == "deepseek r1"
    assert not math.isnan(float(index.value(row, SortColumn.CONTEXT) or 0))


def test_builtin_catalog_shows_builtin_context_and_no_prices() -> None:
    builtin = Catalog.builtin("no token")
    index = builtin.index()
    assert all(index.value(r, SortColumn.CONTEXT) for r in range(len(builtin)))
    assert all(index.value(r, SortColumn.OUTPUT_PRICE) is None for r in range(len(builtin)))
    assert index.filter("", Filters(live_only=True)) == []
    assert ids(builtin, index.filter("", Filters(image_input=True))) == ["moonshotai/Kimi-K2.5"]
