"""Reading the router's model list and the built-in one, and merging them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from hftray.core import resources
from hftray.core.catalog_model import CatalogModel, derive_display_name
from hftray.core.catalog_parse import (
    CatalogFormatError,
    load_builtin,
    merge,
    parse_models_body,
)
from hftray.core.resources import ResourceMissingError, resource_path

FIXTURE = Path(__file__).parent / "data" / "router-models.json"

DOCS_IDS = {
    "deepseek-ai/DeepSeek-R1",
    "deepseek-ai/DeepSeek-V3.2",
    "Qwen/Qwen3-8B",
    "Qwen/Qwen2.5-7B-Instruct",
    "Qwen/Qwen3-32B",
    "meta-llama/Llama-3.3-70B-Instruct",
    "meta-llama/Llama-3.1-8B-Instruct",
    "openai/gpt-oss-120b",
    "zai-org/GLM-4.7",
    "moonshotai/Kimi-K2.5",
}
CODERCLAW_IDS = {
    "deepseek-ai/DeepSeek-R1",
    "deepseek-ai/DeepSeek-V3.1",
    "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "openai/gpt-oss-120b",
}


@pytest.fixture(scope="module")
def fixture_models() -> dict[str, CatalogModel]:
    return {model.id: model for model in parse_models_body(FIXTURE.read_bytes())}


def body(*models: dict[str, Any]) -> bytes:
    return json.dumps({"object": "list", "data": list(models)}).encode()


def one(model: dict[str, Any]) -> CatalogModel:
    (parsed,) = parse_models_body(body(model))
    return parsed


def test_fixture_parses_every_model_in_order(fixture_models: dict[str, CatalogModel]) -> None:
    ids = [m["id"] for m in json.loads(FIXTURE.read_bytes())["data"]]
    assert list(fixture_models) == ids


def test_offer_without_pricing_has_unknown_price_not_zero(
    fixture_models: dict[str, CatalogModel],
) -> None:
    offer = fixture_models["deepseek-ai/DeepSeek-R1"].offer("fireworks-ai")
    assert offer is not None
    assert offer.input_price is None and offer.output_price is None
    assert offer.context_length == 163840 and offer.throughput is not None


def test_offer_with_only_required_fields_keeps_everything_unknown(
    fixture_models: dict[str, CatalogModel],
) -> None:
    offer = fixture_models["deepseek-ai/DeepSeek-R1"].offer("featherless-ai")
    assert offer is not None and offer.live
    assert offer[3:] == (None,) * 7


def test_error_and_staging_offers_are_not_live(fixture_models: dict[str, CatalogModel]) -> None:
    r1 = fixture_models["deepseek-ai/DeepSeek-R1"]
    assert "nscale" not in r1.live_providers
    assert r1.offer("nscale") is not None
    staging = [o for m in fixture_models.values() for o in m.offers if o.status == "staging"]
    assert staging and not any(o.live for o in staging)


def test_model_with_empty_providers_has_no_offers(fixture_models: dict[str, CatalogModel]) -> None:
    model = fixture_models["Qwen/Qwen2.5-Math-72B-Instruct"]
    assert model.offers == ()
    assert model.figures().cheapest_output_price is None


def test_api_display_names_are_kept_with_non_ascii_text(
    fixture_models: dict[str, CatalogModel],
) -> None:
    assert fixture_models["zai-org/GLM-4.7"].display_name == "GLM‑4.7 · 智谱 Z.ai"
    assert fixture_models["moonshotai/Kimi-K2.5"].display_name == "Kimi K2.5 — 月之暗面 Moonshot AI"
    assert fixture_models["meta-llama/Llama-3.1-8B-Instruct"].display_name.startswith("🦙")
    assert fixture_models["Qwen/Qwen3-8B"].display_name == "Qwen3 8B"


def test_empty_api_name_falls_back_to_the_derived_name(
    fixture_models: dict[str, CatalogModel],
) -> None:
    model = fixture_models["zai-org/GLM-5.1"]
    assert model.display_name == "GLM 5.1" and model.name_is_derived


def test_name_fields_are_read_in_order_name_title_display_name() -> None:
    model = one({"id": "a/b", "name": "  ", "title": "Title", "display_name": "Display"})
    assert model.display_name == "Title"


def test_missing_architecture_leaves_input_modalities_unknown(
    fixture_models: dict[str, CatalogModel],
) -> None:
    model = fixture_models["NousResearch/Hermes-3-Llama-3.1-70B"]
    assert model.input_modalities is None and not model.accepts_images
    assert fixture_models["moonshotai/Kimi-K2.5"].accepts_images


def test_zero_price_on_an_offer_marked_not_free_is_unknown(
    fixture_models: dict[str, CatalogModel],
) -> None:
    offer = fixture_models["ServiceNow-AI/Apriel-1.5-15b-Thinker"].offer("together")
    assert offer is not None and offer.output_price is None


def test_offer_marked_free_costs_zero(fixture_models: dict[str, CatalogModel]) -> None:
    offer = fixture_models["swiss-ai/Apertus-8B-Instruct-2509"].offer("publicai")
    assert offer is not None and (offer.input_price, offer.output_price) == (0.0, 0.0)
    free_without_pricing = one(
        {"id": "a/b", "providers": [{"provider": "p", "status": "live", "is_free": True}]}
    )
    assert free_without_pricing.offers[0].output_price == 0.0


def test_missing_owner_is_taken_from_the_id() -> None:
    assert one({"id": "org/model", "owned_by": ""}).owner == "org"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("context_length", True),
        ("context_length", -5),
        ("context_length", "131072"),
        ("context_length", 1.5),
        ("throughput", 0),
        ("first_token_latency_ms", float("inf")),
        ("supports_tools", "yes"),
    ],
)
def test_bad_offer_figures_become_unknown(field: str, value: Any) -> None:
    offer_raw = {"provider": "p", "status": "live", field: value}
    offer = one({"id": "a/b", "providers": [offer_raw]}).offers[0]
    assert offer[3:] == (None,) * 7


def test_bad_prices_become_unknown_and_nan_is_refused() -> None:
    raw = b'{"data": [{"id": "a/b", "providers": [{"provider": "p", "status": "live",'
    raw += b' "pricing": {"input": NaN, "output": -1}}]}]}'
    (model,) = parse_models_body(raw)
    assert (model.offers[0].input_price, model.offers[0].output_price) == (None, None)


def test_integral_float_context_and_int_prices_are_accepted() -> None:
    offer_raw = {
        "provider": "p",
        "status": "live",
        "context_length": 8192.0,
        "pricing": {"input": 1, "output": 2},
    }
    offer = one({"id": "a/b", "providers": [offer_raw]}).offers[0]
    assert offer.context_length == 8192 and type(offer.context_length) is int
    assert (offer.input_price, offer.output_price) == (1.0, 2.0)


def test_malformed_entries_are_skipped_and_duplicates_dropped() -> None:
    models = parse_models_body(
        body(
            {"id": "good/one", "providers": [{"provider": "p"}, "junk", {"status": "live"}]},
            {"id": "no-slash"},
            {"id": 5},
            "junk",
            {"id": "good/one", "owned_by": "second"},
            {"id": "good/two", "providers": {"not": "a list"}},
        )
    )
    assert [m.id for m in models] == ["good/one", "good/two"]
    assert models[0].offers == () and models[0].owner == "good"


@pytest.mark.parametrize(
    "raw", [b"<html>502</html>", b"[]", b'{"data": {}}', b"\xff\xfe", b'{"object": "list"}']
)
def test_a_body_that_is_not_a_model_list_raises(raw: bytes) -> None:
    with pytest.raises(CatalogFormatError) as caught:
        parse_models_body(raw)
    assert caught.value.fix


@pytest.mark.parametrize(
    ("model_id", "name"),
    [
        ("deepseek-ai/DeepSeek-R1", "DeepSeek R1"),
        ("deepseek-ai/DeepSeek-V3.2", "DeepSeek V3.2"),
        ("meta-llama/Llama-3.3-70B-Instruct", "Llama 3.3 70B Instruct"),
        ("nvidia/Llama-3_3-Nemotron-Super-49B-v1_5", "Llama 3.3 Nemotron Super 49B v1.5"),
        ("org/snake_case__name", "snake case name"),
        ("org/---", "org/---"),
    ],
)
def test_derived_display_names(model_id: str, name: str) -> None:
    assert derive_display_name(model_id) == name


def test_builtin_list_has_the_docs_models_and_coderclaws_own() -> None:
    builtin = load_builtin()
    ids = [model.id for model in builtin]
    assert set(ids) == DOCS_IDS | CODERCLAW_IDS and len(ids) == len(set(ids))
    for model in builtin:
        assert model.origin == "builtin" and model.offers == ()
        assert not model.name_is_derived and model.display_name
        assert model.context_window and model.context_window > 0
        assert model.max_tokens == 8192 and model.reasoning is not None
        assert model.input_modalities and "text" in model.input_modalities


def test_builtin_list_keeps_coderclaws_own_names_and_windows() -> None:
    builtin = {model.id: model for model in load_builtin()}
    r1 = builtin["deepseek-ai/DeepSeek-R1"]
    assert (r1.display_name, r1.context_window, r1.reasoning) == ("DeepSeek R1", 131072, True)
    turbo = builtin["meta-llama/Llama-3.3-70B-Instruct-Turbo"]
    assert turbo.display_name == "Llama 3.3 70B Instruct Turbo"


def test_merge_keeps_only_live_models_in_live_order(
    fixture_models: dict[str, CatalogModel],
) -> None:
    merged = merge(fixture_models.values(), load_builtin())
    assert [m.id for m in merged] == list(fixture_models)
    assert all(m.origin == "live" for m in merged)
    assert "meta-llama/Llama-3.3-70B-Instruct-Turbo" not in {m.id for m in merged}


def test_merge_fills_gaps_from_builtin_but_api_names_win(
    fixture_models: dict[str, CatalogModel],
) -> None:
    merged = {m.id: m for m in merge(fixture_models.values(), load_builtin())}
    gpt = merged["openai/gpt-oss-120b"]
    assert fixture_models["openai/gpt-oss-120b"].display_name == "gpt oss 120b"
    assert gpt.display_name == "GPT-OSS 120B" and not gpt.name_is_derived
    assert gpt.reasoning is True and gpt.context_window == 131072 and gpt.max_tokens == 8192
    assert gpt.offers == fixture_models["openai/gpt-oss-120b"].offers
    assert merged["zai-org/GLM-4.7"].display_name == "GLM‑4.7 · 智谱 Z.ai"
    unknown = merged["MiniMaxAI/MiniMax-M2.5"]
    assert unknown == fixture_models["MiniMaxAI/MiniMax-M2.5"]
    assert unknown.reasoning is None and unknown.context_window is None


def test_merge_takes_input_modalities_from_builtin_when_the_router_gives_none() -> None:
    live = parse_models_body(body({"id": "moonshotai/Kimi-K2.5", "providers": []}))
    (merged,) = merge(live, load_builtin())
    assert merged.input_modalities == ("text", "image")


def test_resource_path_finds_the_repository_resources() -> None:
    path = resource_path("catalog", "builtin.json")
    assert path == Path(__file__).resolve().parent.parent / "resources/catalog/builtin.json"


def test_resource_path_prefers_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "resources" / "catalog" / "builtin.json"
    bundled.parent.mkdir(parents=True)
    bundled.write_text("{}")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("catalog", "builtin.json") == bundled


def test_missing_resource_raises_with_a_fix() -> None:
    with pytest.raises(ResourceMissingError) as caught:
        resource_path("catalog", "no-such-file.json")
    assert "resources/catalog/no-such-file.json" in str(caught.value)
    assert caught.value.fix
    assert resources.resource_roots()[-1].parts[-3:] == ("share", "coderclaw-hf-tray", "resources")


def test_parsed_provider_status_and_owner_names_are_shared_strings() -> None:
    models = parse_models_body(FIXTURE.read_bytes())
    offers = [offer for model in models for offer in model.offers]
    assert len({id(o.provider) for o in offers}) == len({o.provider for o in offers})
    assert len({id(o.status) for o in offers}) == len({o.status for o in offers})
    assert len({id(m.owner) for m in models}) == len({m.owner for m in models})
