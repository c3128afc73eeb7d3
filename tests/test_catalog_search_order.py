"""A search in a sort order (what the Models table asks per keystroke) and a search among a few
rows (its configured view) give exactly what filtering and sorting separately give."""

from __future__ import annotations

import json
import random

import pytest

from hftray.core.catalog import Catalog, CatalogIndex, Filters, SortColumn
from tests.fakehf.catalog_gen import generate_catalog

FILTERS = (
    Filters(),
    Filters(live_only=True, tools=True),
    Filters(provider="novita", min_context=65536, max_output_price=2.0),
)


@pytest.fixture(scope="module")
def large() -> Catalog:
    return Catalog.from_body(json.dumps(generate_catalog(1500, seed=5)).encode())


def test_typing_and_deleting_in_a_sort_order_gives_the_sorted_fresh_search(
    large: Catalog,
) -> None:
    index = large.index()
    plain = CatalogIndex(large.models)  # only ever asked in catalog order, then sorted
    rng = random.Random(8)
    typed = ""
    for _ in range(150):
        action = rng.random()
        if action < 0.6:
            typed += rng.choice("qwen llama 70b deepseek novita instruct -.0123")
        elif action < 0.9:
            typed = typed[: -rng.randint(1, 3)]
        else:
            typed = rng.choice(("qwen 7", "glm", "", "chat 3b"))
        filters = rng.choice(FILTERS)
        order = (rng.choice(list(SortColumn)), rng.random() < 0.5)
        expected = plain.sort(plain.filter(typed, filters), *order)
        assert index.filter(typed, filters, order) == expected, (typed, filters, order)


def test_a_result_found_again_is_a_new_list_the_caller_may_change(large: Catalog) -> None:
    index = large.index()
    order = (SortColumn.NAME, False)
    first = index.filter("qwen", None, order)
    first.clear()
    index.filter("qwen3", None, order)
    assert index.filter("qwen", None, order) != []


def test_matching_keeps_those_rows_the_filter_returns_in_their_given_order(
    large: Catalog,
) -> None:
    index = large.index()
    rng = random.Random(2)
    rows = rng.sample(range(len(large)), 200)
    plain = CatalogIndex(large.models)
    for query in ("", "qwen", "llama 8b", "novita"):
        for filters in FILTERS:
            wanted = set(plain.filter(query, filters))
            assert index.matching(rows, query, filters) == [r for r in rows if r in wanted]
