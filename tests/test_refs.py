from __future__ import annotations

import pytest

from hftray.core.refs import ModelRef, RefError, config_ref, parse_ref, resolve_alias


@pytest.mark.parametrize(
    ("text", "model_id", "policy"),
    [
        ("huggingface/deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-R1", None),
        ("deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-R1", None),
        ("Qwen/Qwen3-8B:cheapest", "Qwen/Qwen3-8B", "cheapest"),
        ("huggingface/Qwen/Qwen3-8B:novita", "Qwen/Qwen3-8B", "novita"),
        ("  Qwen/Qwen2.5-7B-Instruct  ", "Qwen/Qwen2.5-7B-Instruct", None),
        ("huggingface/SmolLM3-3B", "huggingface/SmolLM3-3B", None),
    ],
)
def test_parse_accepts_full_bare_and_policy_forms(text: str, model_id: str, policy: str | None):
    ref = parse_ref(text)
    assert (ref.model_id, ref.policy) == (model_id, policy)


def test_full_and_provider_ids_keep_the_suffix():
    ref = parse_ref("Qwen/Qwen3-8B:cheapest")
    assert ref.full == "huggingface/Qwen/Qwen3-8B:cheapest"
    assert ref.provider_model_id == "Qwen/Qwen3-8B:cheapest"
    assert ref.pinned_provider is None
    assert parse_ref("Qwen/Qwen3-8B:together").pinned_provider == "together"


def test_alias_resolves_trimmed_and_case_insensitively():
    aliases = {"Fast Qwen": "huggingface/Qwen/Qwen3-8B:fastest"}
    assert parse_ref("  fast qwen ", aliases=aliases) == ModelRef("Qwen/Qwen3-8B", "fastest")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Qwen//x", "not a model id"),
        ("/Qwen3-8B", "not a model id"),
        ("Qwen/", "not a model id"),
        ("Qwen/Qwen3 8B", "spaces"),
        ("Qwen/Qwen3-8B:a:b", "more than one"),
        ("Qwen/Qwen3-8B:", "empty policy"),
        ("Qwen/Qwen3-8B:Fast!", "not a policy"),
        ("openai/gpt/x/y", "belongs to provider"),
        ("anthropic/claude/x", "belongs to provider"),
        ("nonsense", "neither a model id nor a known alias"),
    ],
)
def test_malformed_refs_are_refused_with_the_reason(text: str, reason: str):
    with pytest.raises(RefError) as info:
        parse_ref(text)
    assert reason in str(info.value)
    assert info.value.fix


def test_unknown_provider_is_refused_when_providers_are_known():
    with pytest.raises(RefError, match="unknown provider 'sambanova'"):
        parse_ref("Qwen/Qwen3-8B:sambanova", known_providers={"novita", "together"})
    assert parse_ref("Qwen/Qwen3-8B:cheapest", known_providers=set()).policy == "cheapest"


def test_config_refs_need_the_provider_prefix_and_resolve_aliases():
    aliases = {"Fast Qwen": "huggingface/Qwen/Qwen3-8B:fastest"}
    assert config_ref(" fast qwen", aliases) == ModelRef("Qwen/Qwen3-8B", "fastest")
    assert config_ref("huggingface/zai-org/GLM-4.7", aliases) == ModelRef("zai-org/GLM-4.7")
    # in the file, `org/model` is model `model` of provider `org` (CoderClaw splits at the first /)
    assert config_ref("Qwen/Qwen3-8B", aliases) is None
    assert config_ref("anthropic/claude-sonnet-4-5", aliases) is None
    with pytest.raises(RefError):
        config_ref("huggingface/Qwen/Qwen3 8B", aliases)


def test_resolve_alias_matches_trimmed_and_case_insensitively():
    aliases = {" R1 ": "huggingface/deepseek-ai/DeepSeek-R1"}
    assert resolve_alias("r1", aliases) == "huggingface/deepseek-ai/DeepSeek-R1"
    assert resolve_alias("r2", aliases) is None
