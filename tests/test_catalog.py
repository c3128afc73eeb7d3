"""Policies, saved-ref checks and the model entries written to coderclaw.json."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hftray.core.catalog import Catalog, CatalogSource, policy_label
from hftray.core.config_schema import validate
from hftray.core.refs import ModelRef, parse_ref

FIXTURE = Path(__file__).parent / "data" / "router-models.json"
ENTRY_KEYS = {
    "id",
    "name",
    "api",
    "reasoning",
    "input",
    "cost",
    "contextWindow",
    "maxTokens",
    "headers",
    "compat",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_body(FIXTURE.read_bytes(), "live", datetime(2026, 5, 1, tzinfo=UTC))


def ref(text: str) -> ModelRef:
    return parse_ref(text)


def codes(catalog: Catalog, text: str, primary: str | None = None) -> list[str]:
    warnings = catalog.check_ref(ref(text), ref(primary) if primary else None)
    assert all(w.message for w in warnings)
    return [w.code for w in warnings]


def assert_valid_entry(entry: dict[str, Any]) -> None:
    """The shape coderclaw.md §4 allows for a models.providers.huggingface.models entry."""
    assert set(entry) <= ENTRY_KEYS
    assert isinstance(entry["id"], str) and entry["id"]
    assert isinstance(entry["name"], str) and entry["name"].strip()
    if "reasoning" in entry:
        assert type(entry["reasoning"]) is bool
    if "input" in entry:
        assert entry["input"] and set(entry["input"]) <= {"text", "image"}
    for key in ("contextWindow", "maxTokens"):
        if key in entry:
            assert type(entry[key]) is int and entry[key] > 0
    if "cost" in entry:
        cost = entry["cost"]
        assert set(cost) == {"input", "output", "cacheRead", "cacheWrite"}
        assert all(type(v) is float and v >= 0 for v in cost.values())
    if "contextWindow" in entry:
        assert entry["maxTokens"] <= entry["contextWindow"]
    config = {
        "models": {
            "providers": {
                "huggingface": {
                    "baseUrl": "https://router.huggingface.co/v1",
                    "api": "openai-completions",
                    "models": [entry],
                }
            }
        }
    }
    assert validate(config, environ={}) == []


def test_from_body_keeps_source_and_merges_builtin(catalog: Catalog) -> None:
    assert catalog.source == CatalogSource("live", datetime(2026, 5, 1, tzinfo=UTC))
    assert catalog.is_live_data and len(catalog) == 122
    assert "openai/gpt-oss-120b" in catalog
    assert catalog.get("openai/gpt-oss-120b").display_name == "GPT-OSS 120B"  # type: ignore[union-attr]
    assert "baseten" in catalog.providers() and "sambanova" not in catalog.providers()


def test_builtin_catalog_says_why_and_holds_builtin_models() -> None:
    builtin = Catalog.builtin("no connection")
    assert builtin.source == CatalogSource("builtin", None, "no connection")
    assert not builtin.is_live_data
    assert {m.origin for m in builtin.models} == {"builtin"}


def test_policies_are_the_router_words_then_live_providers(catalog: Catalog) -> None:
    assert catalog.policies_for("deepseek-ai/DeepSeek-R1") == [
        "fastest",
        "cheapest",
        "preferred",
        "deepinfra",
        "featherless-ai",
        "fireworks-ai",
        "novita",
        "together",
    ]
    assert catalog.policies_for("Qwen/Qwen2.5-Math-72B-Instruct") == [
        "fastest",
        "cheapest",
        "preferred",
    ]
    assert catalog.policies_for("nobody/nothing") == []
    assert Catalog.builtin().policies_for("Qwen/Qwen3-8B") == ["fastest", "cheapest", "preferred"]


def test_policy_labels() -> None:
    assert policy_label(None) == ""
    assert policy_label("cheapest") == " (cheapest)"
    assert policy_label("novita") == " (via novita)"


def test_served_refs_have_no_warnings(catalog: Catalog) -> None:
    for text in (
        "deepseek-ai/DeepSeek-R1",
        "deepseek-ai/DeepSeek-R1:cheapest",
        "deepseek-ai/DeepSeek-R1:novita",
        "deepseek-ai/DeepSeek-R1:featherless-ai",
    ):
        assert codes(catalog, text) == [], text


def test_model_missing_from_the_live_list_is_not_served(catalog: Catalog) -> None:
    assert codes(catalog, "meta-llama/Llama-3.3-70B-Instruct-Turbo") == ["not-served"]
    assert codes(catalog, "meta-llama/Llama-3.3-70B-Instruct-Turbo:together") == ["not-served"]


def test_pinned_provider_that_left_or_failed_is_gone(catalog: Catalog) -> None:
    assert codes(catalog, "deepseek-ai/DeepSeek-R1:sambanova") == ["provider-gone"]
    (warning,) = catalog.check_ref(ref("deepseek-ai/DeepSeek-R1:nscale"))
    assert warning.code == "provider-gone" and "error" in warning.message


def test_model_without_live_provider(catalog: Catalog) -> None:
    assert codes(catalog, "Qwen/Qwen2.5-Math-72B-Instruct") == ["no-live-provider"]
    assert codes(catalog, "meta-llama/Llama-4-Maverick-17B-128E-Instruct:fastest") == [
        "no-live-provider"
    ]


def test_fallback_pinned_to_the_primarys_provider_is_no_real_fallback(catalog: Catalog) -> None:
    primary = "deepseek-ai/DeepSeek-R1:novita"
    assert codes(catalog, "Qwen/Qwen3-8B:novita", primary) == ["same-provider-as-primary"]
    assert codes(catalog, "Qwen/Qwen3-8B:nscale", primary) == []
    assert codes(catalog, "Qwen/Qwen3-8B", primary) == []
    assert codes(catalog, primary, primary) == []


def test_fallback_whose_only_live_provider_is_the_primarys_is_no_real_fallback(
    catalog: Catalog,
) -> None:
    only_novita = "inclusionAI/Ling-1T"
    assert catalog.get(only_novita).live_providers == ("novita",)  # type: ignore[union-attr]
    assert codes(catalog, only_novita, "deepseek-ai/DeepSeek-R1:novita") == [
        "same-provider-as-primary"
    ]
    assert codes(catalog, "deepseek-ai/DeepSeek-V3.2-Exp:novita", only_novita) == [
        "same-provider-as-primary"
    ]
    assert codes(catalog, only_novita, "deepseek-ai/DeepSeek-R1") == []


def test_builtin_catalog_cannot_tell_what_is_served_but_compares_pins() -> None:
    builtin = Catalog.builtin()
    assert codes(builtin, "someone/unknown-model") == []
    assert codes(builtin, "Qwen/Qwen3-8B:together", "deepseek-ai/DeepSeek-R1:together") == [
        "same-provider-as-primary"
    ]
    assert codes(builtin, "Qwen/Qwen3-8B", "deepseek-ai/DeepSeek-R1:together") == []


def test_entry_for_a_pinned_provider_uses_that_providers_figures(catalog: Catalog) -> None:
    assert catalog.entry_for(ref("deepseek-ai/DeepSeek-R1:together")) == {
        "id": "deepseek-ai/DeepSeek-R1:together",
        "name": "DeepSeek R1 (via together)",
        "reasoning": True,
        "input": ["text"],
        "cost": {"input": 3.0, "output": 7.0, "cacheRead": 3.0, "cacheWrite": 3.0},
        "contextWindow": 163840,
        "maxTokens": 8192,
    }


def test_entry_for_a_pinned_provider_without_pricing_has_no_cost(catalog: Catalog) -> None:
    entry = catalog.entry_for(ref("deepseek-ai/DeepSeek-R1:fireworks-ai"))
    assert entry is not None and "cost" not in entry
    assert entry["contextWindow"] == 163840


def test_entry_for_cheapest_uses_the_cheapest_live_output_price(catalog: Catalog) -> None:
    entry = catalog.entry_for(ref("deepseek-ai/DeepSeek-V3.2:cheapest"))
    assert entry is not None
    assert entry["name"] == "DeepSeek V3.2 (cheapest)"
    assert entry["cost"] == {"input": 0.26, "output": 0.39, "cacheRead": 0.26, "cacheWrite": 0.26}
    assert entry["contextWindow"] == 131072  # together's is the smallest live window


def test_entry_for_bare_and_fastest_use_the_fastest_provider(catalog: Catalog) -> None:
    bare = catalog.entry_for(ref("deepseek-ai/DeepSeek-V3.2"))
    fastest = catalog.entry_for(ref("deepseek-ai/DeepSeek-V3.2:fastest"))
    assert bare is not None and fastest is not None
    assert bare["cost"]["output"] == fastest["cost"]["output"] == 1.68  # fireworks-ai
    assert bare["name"] == "DeepSeek V3.2" and fastest["name"] == "DeepSeek V3.2 (fastest)"


def test_entry_for_preferred_has_cost_only_when_all_providers_agree(catalog: Catalog) -> None:
    differ = catalog.entry_for(ref("deepseek-ai/DeepSeek-V3.2:preferred"))
    assert differ is not None and "cost" not in differ
    same = catalog.entry_for(ref("inclusionAI/Ling-1T:preferred"))
    assert same is not None and same["cost"]["output"] == 2.28


def test_entry_for_keeps_router_names_and_image_input(catalog: Catalog) -> None:
    entry = catalog.entry_for(ref("moonshotai/Kimi-K2.5:novita"))
    assert entry is not None
    assert entry["name"] == "Kimi K2.5 — 月之暗面 Moonshot AI (via novita)"
    assert entry["input"] == ["text", "image"]


def test_entry_for_unknown_reasoning_and_modalities_leaves_them_out(catalog: Catalog) -> None:
    entry = catalog.entry_for(ref("NousResearch/Hermes-3-Llama-3.1-70B"))
    assert entry is not None and "reasoning" not in entry and "input" not in entry


def test_entry_for_small_context_leaves_room_for_the_prompt(catalog: Catalog) -> None:
    entry = catalog.entry_for(ref("google/gemma-2-2b-it"))
    assert entry is not None and entry["contextWindow"] == 8192 and entry["maxTokens"] == 4096


def test_entry_for_model_without_live_offers_uses_builtin_figures() -> None:
    entry = Catalog.builtin().entry_for(ref("deepseek-ai/DeepSeek-R1:cheapest"))
    assert entry == {
        "id": "deepseek-ai/DeepSeek-R1:cheapest",
        "name": "DeepSeek R1 (cheapest)",
        "reasoning": True,
        "input": ["text"],
        "contextWindow": 131072,
        "maxTokens": 8192,
    }


def test_entry_for_unknown_model_is_none(catalog: Catalog) -> None:
    assert catalog.entry_for(ref("nobody/nothing")) is None


def test_every_entry_of_the_fixture_fits_coderclaws_schema(catalog: Catalog) -> None:
    for model in catalog.models:
        for policy in [None, *catalog.policies_for(model.id), "gone-provider"]:
            entry = catalog.entry_for(ModelRef(model.id, policy))
            assert entry is not None
            assert_valid_entry(entry)
            json.dumps(entry, allow_nan=False)
