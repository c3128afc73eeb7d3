"""The compact cache form reads back as exactly the catalog that parsing the body gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hftray.core import catalog_compact
from hftray.core.catalog import Catalog, CatalogSource
from hftray.core.catalog_model import CatalogModel, Offer
from hftray.core.catalog_parse import load_builtin, merge, parse_models_body
from tests.fakehf.catalog_gen import generate_catalog

FIXTURE = (Path(__file__).parent / "data" / "router-models.json").read_bytes()
GENERATED = json.dumps(generate_catalog(2_000)).encode()


def assert_same_catalog(ours: Catalog, expected: Catalog) -> None:
    assert ours.models == expected.models  # ids, names, owners, offers and every figure
    assert all(type(m) is CatalogModel for m in ours.models)
    assert all(type(o) is Offer for m in ours.models for o in m.offers)
    assert [m.figures() for m in ours.models] == [m.figures() for m in expected.models]
    assert [m.display_name for m in ours.models] == [m.display_name for m in expected.models]
    assert ours.providers() == expected.providers()


@pytest.mark.parametrize("body", [FIXTURE, GENERATED], ids=["fixture", "generated-2000"])
def test_cached_form_gives_the_same_catalog_as_parsing_the_body(body: bytes) -> None:
    source = CatalogSource("cached")
    expected = Catalog.from_body(body, "cached")
    live = catalog_compact.decode(catalog_compact.encode(parse_models_body(body)))
    assert_same_catalog(Catalog.from_live(live, source), expected)


def test_merged_models_with_built_in_figures_survive_the_round_trip() -> None:
    merged = merge(parse_models_body(FIXTURE), load_builtin())
    assert any(m.context_window is not None for m in merged)  # the fixture meets the built-ins
    assert catalog_compact.decode(catalog_compact.encode(merged)) == merged
    builtin = load_builtin()
    assert catalog_compact.decode(catalog_compact.encode(builtin)) == builtin


def test_repeated_values_are_one_object_each() -> None:
    models = catalog_compact.decode(catalog_compact.encode(parse_models_body(GENERATED)))
    offers = [o for m in models for o in m.offers]
    assert len({id(o.provider) for o in offers}) == len({o.provider for o in offers})
    assert len({id(o.status) for o in offers}) == len({o.status for o in offers})
    assert len({id(m.owner) for m in models}) == len({m.owner for m in models})
    modalities = [m.input_modalities for m in models if m.input_modalities is not None]
    assert len({id(t) for t in modalities}) == len(set(modalities))
    prices = [o.input_price for o in offers if o.input_price is not None]
    assert len({id(p) for p in prices}) == len(set(prices))


def test_names_in_any_script_and_lone_surrogates_survive() -> None:
    odd = CatalogModel("org/odd", "Zoë 托盘 \ud800 name", "org", ("text",), name_is_derived=False)
    assert catalog_compact.decode(catalog_compact.encode([odd])) == [odd]


def test_a_column_with_too_many_distinct_values_is_kept_as_a_plain_array(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(catalog_compact, "_TABLE_LIMIT", 2)
    models = parse_models_body(FIXTURE)
    data = catalog_compact.encode(models)
    assert type(json.loads(data)["offers"]["input_price"]) is list
    assert catalog_compact.decode(data) == models


def test_an_empty_list_round_trips() -> None:
    assert catalog_compact.decode(catalog_compact.encode([])) == []


def damaged_forms() -> list[bytes]:
    good = json.loads(catalog_compact.encode(parse_models_body(FIXTURE)))
    forms = [b"", b"{", b"[]", b"null", json.dumps({**good, "format": 0}).encode()]
    short = json.loads(json.dumps(good))
    short["models"]["id"].pop()
    low = json.loads(json.dumps(good))
    low["offers"]["provider"]["index"] = "\x1f" + low["offers"]["provider"]["index"][1:]
    extra = json.loads(json.dumps(good))
    extra["offer_counts"]["index"] = " " * len(extra["offer_counts"]["index"])  # offers left over
    missing = json.loads(json.dumps(good))
    del missing["offers"]["status"]
    bad_column = json.loads(json.dumps(good))
    bad_column["models"]["origin"] = "live"
    return forms + [json.dumps(d).encode() for d in (short, low, extra, missing, bad_column)]


@pytest.mark.parametrize("data", damaged_forms())
def test_damaged_or_foreign_data_raises_value_error(data: bytes) -> None:
    with pytest.raises(ValueError):
        catalog_compact.decode(data)
