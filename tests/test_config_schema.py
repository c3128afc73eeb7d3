from __future__ import annotations

import copy
from typing import Any

import json5
import pytest

from hftray.core.config_schema import (
    check_change,
    env_references,
    format_path,
    validate,
)

VALID_EXAMPLE = """
// The example from coderclaw.md §4, as a user writes it.
{
  $schema: "https://coderclaw.ai/config.json",
  meta: { lastTouchedVersion: "2026.1.5", lastTouchedAt: "2026-01-05T10:00:00Z" },
  gateway: { port: 18789, somethingWeDoNotKnow: true },
  agents: {
    defaults: {
      model: {
        primary: "huggingface/deepseek-ai/DeepSeek-R1",
        fallbacks: ["huggingface/Qwen/Qwen3-8B:cheapest"],
      },
      models: {
        "huggingface/deepseek-ai/DeepSeek-R1": { alias: "DeepSeek R1" },
        "huggingface/Qwen/Qwen3-8B:cheapest": { alias: "Qwen3 8B (cheapest)" },
        "huggingface/openai/gpt-oss-120b": {},
      },
    },
  },
  models: {
    mode: "merge",
    providers: {
      huggingface: {
        baseUrl: "https://router.huggingface.co/v1",
        api: "openai-completions",
        models: [
          { id: "deepseek-ai/DeepSeek-R1", name: "DeepSeek R1", reasoning: true,
            input: ["text"], contextWindow: 163840, maxTokens: 8192,
            cost: { input: 3, output: 7, cacheRead: 0, cacheWrite: 0 } },
          { id: "Qwen/Qwen3-8B:cheapest", name: "Qwen3 8B (cheapest)", input: ["text"],
            contextWindow: 40960, maxTokens: 8192 },
        ],
      },
      other: { whatever: 1 },
    },
  },
}
"""


@pytest.fixture
def config() -> dict[str, Any]:
    data = json5.loads(VALID_EXAMPLE)
    assert isinstance(data, dict)
    return data


def hf(config: dict[str, Any]) -> dict[str, Any]:
    provider: dict[str, Any] = config["models"]["providers"]["huggingface"]
    return provider


def test_documented_example_and_unknown_sections_are_valid(config: dict[str, Any]):
    assert validate(config) == []


def test_empty_document_is_valid():
    assert validate(None) == []


def test_top_level_must_be_an_object():
    assert validate([1, 2]) == ["the config must be an object ({ … }) at the top level"]


def test_bare_string_model_is_rejected(config: dict[str, Any]):
    config["agents"]["defaults"]["model"] = "huggingface/deepseek-ai/DeepSeek-R1"
    assert validate(config) == [
        "agents.defaults.model: must be an object { primary, fallbacks }, not a bare string"
    ]


def test_unknown_key_in_model_choice_is_rejected(config: dict[str, Any]):
    config["agents"]["defaults"]["model"]["fallback"] = []
    assert validate(config) == [
        "agents.defaults.model.fallback: unknown key (CoderClaw rejects unknown keys)"
    ]


def test_fallbacks_must_be_strings(config: dict[str, Any]):
    config["agents"]["defaults"]["model"]["fallbacks"] = ["a/b", 3]
    assert validate(config) == ["agents.defaults.model.fallbacks[1]: must be a string"]


def test_allowlist_entry_keys_and_types_are_checked(config: dict[str, Any]):
    entry = config["agents"]["defaults"]["models"]["huggingface/openai/gpt-oss-120b"]
    entry.update(streaming="yes", params=[], nickname="x")
    assert sorted(validate(config)) == [
        'agents.defaults.models["huggingface/openai/gpt-oss-120b"].nickname: '
        "unknown key (CoderClaw rejects unknown keys)",
        'agents.defaults.models["huggingface/openai/gpt-oss-120b"].params: must be an object',
        'agents.defaults.models["huggingface/openai/gpt-oss-120b"].streaming: '
        "must be true or false",
    ]


def test_duplicate_alias_ignoring_case_and_spaces_is_rejected(config: dict[str, Any]):
    models = config["agents"]["defaults"]["models"]
    models["huggingface/openai/gpt-oss-120b"] = {"alias": "  deepseek r1 "}
    problems = validate(config)
    assert len(problems) == 1
    assert problems[0].startswith('agents.defaults.models["huggingface/openai/gpt-oss-120b"].alias')
    assert "huggingface/deepseek-ai/DeepSeek-R1" in problems[0]
    assert "unique" in problems[0]


def test_models_mode_must_be_merge_or_replace(config: dict[str, Any]):
    config["models"]["mode"] = "append"
    assert validate(config) == ['models.mode: must be "merge" or "replace"']


@pytest.mark.parametrize("missing", ["baseUrl", "models"])
def test_provider_required_keys(config: dict[str, Any], missing: str):
    del hf(config)[missing]
    assert validate(config) == [f"models.providers.huggingface.{missing}: is required"]


def test_provider_base_url_must_not_be_empty(config: dict[str, Any]):
    hf(config)["baseUrl"] = "  "
    assert validate(config) == ["models.providers.huggingface.baseUrl: must be a non-empty string"]


def test_provider_unknown_key_and_bad_types(config: dict[str, Any]):
    hf(config).update(token="x", authHeader="yes", auth="password", models={})
    assert sorted(validate(config)) == [
        "models.providers.huggingface.auth: must be one of api-key, aws-sdk, oauth, token",
        "models.providers.huggingface.authHeader: must be true or false",
        "models.providers.huggingface.models: must be a list of model entries",
        "models.providers.huggingface.token: unknown key (CoderClaw rejects unknown keys)",
    ]


def test_provider_accepts_optional_documented_keys(config: dict[str, Any]):
    hf(config).update(apiKey="${HF_TOKEN}", auth="api-key", headers={"X-A": "b"}, authHeader=True)
    assert validate(config) == []


def test_model_entry_requires_id_and_name(config: dict[str, Any]):
    hf(config)["models"].append({"contextWindow": 10})
    assert sorted(validate(config)) == [
        "models.providers.huggingface.models[2].id: is required",
        "models.providers.huggingface.models[2].name: is required",
    ]


def test_model_entry_field_types(config: dict[str, Any]):
    hf(config)["models"][1].update(
        reasoning="no",
        input=["text", "audio"],
        contextWindow=0,
        maxTokens=-5,
        cost={"input": 1, "output": "2", "cacheRead": 0},
        compat="x",
        description="hand-written",
    )
    path = "models.providers.huggingface.models[1]"
    assert sorted(validate(config)) == sorted(
        [
            f"{path}.reasoning: must be true or false",
            f'{path}.input[1]: must be "text" or "image"',
            f"{path}.contextWindow: must be a number greater than 0",
            f"{path}.maxTokens: must be a number greater than 0",
            f"{path}.cost.output: must be a number",
            f"{path}.cost.cacheWrite: is required",
            f"{path}.compat: must be an object",
            f"{path}.description: unknown key (CoderClaw rejects unknown keys)",
        ]
    )


def test_booleans_are_not_numbers(config: dict[str, Any]):
    hf(config)["models"][1]["maxTokens"] = True
    assert validate(config) == [
        "models.providers.huggingface.models[1].maxTokens: must be a number greater than 0"
    ]


def test_meta_is_strict(config: dict[str, Any]):
    config["meta"]["editedBy"] = "me"
    assert validate(config) == ["meta.editedBy: unknown key (CoderClaw rejects unknown keys)"]


def test_include_is_kept_and_suspends_required_keys(config: dict[str, Any]):
    hf(config).clear()
    hf(config)["$include"] = "hf-provider.json5"
    config["$include"] = ["a.json5", "b.json5"]
    assert validate(config) == []


def test_include_must_name_files(config: dict[str, Any]):
    config["$include"] = 5
    assert validate(config) == ["$include: must be a file name or a list of file names"]


def test_missing_env_var_makes_config_invalid_only_when_environment_given(
    config: dict[str, Any],
):
    hf(config)["apiKey"] = "${HF_TOKEN}"
    assert validate(config) == []
    problems = validate(config, environ={"HF_TOKEN": ""})
    assert problems == [
        "models.providers.huggingface.apiKey: refers to ${HF_TOKEN}, which is not set; "
        "CoderClaw then rejects the whole config"
    ]
    assert validate(config, environ={"HF_TOKEN": "hf_x"}) == []


def test_env_var_from_config_env_block_counts_as_set(config: dict[str, Any]):
    config["env"] = {"vars": {"ROUTER": "https://router.huggingface.co/v1"}, "OTHER": "1"}
    hf(config)["baseUrl"] = "${ROUTER}"
    hf(config)["headers"] = {"X-Other": "${OTHER}"}
    assert validate(config, environ={}) == []


def test_env_references_follow_coderclaw_substitution_rules():
    assert env_references("${A} and ${B_2}") == ["A", "B_2"]
    assert env_references("$${ESCAPED} ${lower} ${NOT CLOSED") == []
    assert env_references("pre${X}post$${Y}") == ["X"]


def test_format_path_quotes_keys_with_slashes():
    assert format_path(["a", "b/c", 2, "d"]) == 'a["b/c"][2].d'


# ---- check_change: what our change introduced ---------------------------------------------


def test_change_that_breaks_a_valid_file_is_reported(config: dict[str, Any]):
    after = copy.deepcopy(config)
    after["agents"]["defaults"]["model"]["primary"] = 42
    assert check_change(config, after).introduced == [
        "agents.defaults.model.primary: must be a string"
    ]


def test_existing_problem_elsewhere_is_not_blamed_on_us(config: dict[str, Any]):
    config["models"]["mode"] = "append"  # the user's own mistake
    after = copy.deepcopy(config)
    after["agents"]["defaults"]["model"]["fallbacks"].append("huggingface/openai/gpt-oss-120b")
    assert validate(after) == ['models.mode: must be "merge" or "replace"']
    assert check_change(config, after).introduced == []


def test_existing_problem_in_a_value_we_change_is_ours(config: dict[str, Any]):
    config["agents"]["defaults"]["model"]["fallbacks"] = ["a", 1]
    after = copy.deepcopy(config)
    after["agents"]["defaults"]["model"]["fallbacks"][0] = "b"
    assert check_change(config, after).introduced == [
        "agents.defaults.model.fallbacks[1]: must be a string"
    ]


def test_existing_problem_in_an_object_we_edit_is_ours(config: dict[str, Any]):
    hf(config)["token"] = "x"
    after = copy.deepcopy(config)
    after["models"]["providers"]["huggingface"]["api"] = "openai-responses"
    assert check_change(config, after).introduced == [
        "models.providers.huggingface.token: unknown key (CoderClaw rejects unknown keys)"
    ]


def test_appending_to_a_list_does_not_blame_an_untouched_bad_item(config: dict[str, Any]):
    hf(config)["models"][0]["description"] = "hand-written"
    after = copy.deepcopy(config)
    hf(after)["models"].append({"id": "openai/gpt-oss-120b", "name": "GPT-OSS 120B"})
    assert check_change(config, after).introduced == []
    hf(after)["models"].append({"id": "x/y"})
    assert check_change(config, after).introduced == [
        "models.providers.huggingface.models[3].name: is required"
    ]


def test_inserting_at_the_front_does_not_blame_a_bad_item_further_down(config: dict[str, Any]):
    hf(config)["models"][1]["description"] = "hand-written"
    after = copy.deepcopy(config)
    hf(after)["models"].insert(0, {"id": "openai/gpt-oss-120b", "name": "GPT-OSS 120B"})
    result = check_change(config, after)
    assert result.introduced == [
        "models.providers.huggingface.models[2].description: "
        "unknown key (CoderClaw rejects unknown keys)"
    ]  # the index moved, so the text is new: conservative, the path alone would not blame us
    hf(config)["models"][1].pop("description")
    hf(after)["models"][2].pop("description")
    hf(config)["models"][0]["description"] = "x"
    hf(after)["models"][1]["description"] = "x"
    hf(after)["models"].pop(0)
    hf(after)["models"].insert(1, {"id": "openai/gpt-oss-120b", "name": "GPT-OSS 120B"})
    result = check_change(config, after)
    assert result.introduced == []
    assert result.remaining == [
        "models.providers.huggingface.models[0].description: "
        "unknown key (CoderClaw rejects unknown keys)"
    ]


def test_new_missing_env_reference_is_ours(config: dict[str, Any]):
    after = copy.deepcopy(config)
    hf(after)["apiKey"] = "${HF_TOKEN}"
    assert check_change(config, after, environ={}).introduced == [
        "models.providers.huggingface.apiKey: refers to ${HF_TOKEN}, which is not set; "
        "CoderClaw then rejects the whole config"
    ]


def test_no_change_means_no_new_problems_even_in_an_invalid_file(config: dict[str, Any]):
    config["agents"]["defaults"]["model"] = "bare"
    assert check_change(config, copy.deepcopy(config)).introduced == []
