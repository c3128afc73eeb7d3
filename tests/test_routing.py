from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from hftray.core.json5text import parse, set_value
from hftray.core.refs import ModelRef, parse_ref
from hftray.core.routing import (
    API,
    BASE_URL,
    MARK,
    AliasError,
    RoutingError,
    add_fallback,
    move_fallback,
    read_routing,
    remove_alias,
    remove_fallback,
    set_alias,
    set_fallbacks,
    set_primary,
)
from tests.support.json5data import config_text

QWEN_CHEAP = parse_ref("Qwen/Qwen3-8B:cheapest")
QWEN_FAST = parse_ref("Qwen/Qwen3-8B:fastest")
R1 = parse_ref("deepseek-ai/DeepSeek-R1")
GPT = parse_ref("openai/gpt-oss-120b")
LLAMA = parse_ref("meta-llama/Llama-3.3-70B-Instruct:groq")
UNKNOWN = parse_ref("someone/unlisted-model")
EDITABLE = [
    "full.json5",
    "no_model.json5",
    "no_agents.json5",
    "coderclaw_written.json5",
    "empty.json5",
    "comments_only.json5",
    "one_line.json5",
]
R1_HAND_ENTRY = """          {
            id: "deepseek-ai/DeepSeek-R1",
            name: "DeepSeek R1 (mine)",
            reasoning: true,
            input: ["text"],
            contextWindow: 163840,
            maxTokens: 0x2000,
            cost: { input: 3, output: 7, cacheRead: 0, cacheWrite: 0, },
          },"""


def entry_for(ref: ModelRef) -> dict[str, Any] | None:
    """A stand-in catalog: knows every model but UNKNOWN; prices depend on the policy."""
    if ref == UNKNOWN:
        return None
    price = 0.1 if ref.policy == "cheapest" else 1.5
    return {
        "id": ref.provider_model_id,
        "name": f"Catalog {ref.name}",
        "reasoning": False,
        "input": ["text"],
        "contextWindow": 32768,
        "maxTokens": 8192,
        "cost": {"input": price, "output": price * 2, "cacheRead": price, "cacheWrite": price},
    }


COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)


def comments(text: str) -> Counter[str]:
    return Counter(COMMENT.findall(text))


def removed_lines(before: str, after: str) -> list[str]:
    remaining = Counter(after.splitlines())
    removed = []
    for line in before.splitlines():
        if remaining[line]:
            remaining[line] -= 1
        else:
            removed.append(line)
    return removed


def provider_entry(data: Any, model_id: str) -> dict[str, Any]:
    found = [e for e in data["models"]["providers"]["huggingface"]["models"] if e["id"] == model_id]
    assert len(found) == 1, found
    return found[0]


def assert_routable(text: str) -> None:
    """Every primary and fallback has an allowlist entry and an exact provider entry."""
    data = parse(text)
    routing = read_routing(data)
    for ref in [routing.primary, *routing.fallbacks]:
        assert ref is not None
        assert ref in routing.allowlist
        if ref.startswith("huggingface/"):
            provider_entry(data, ref.removeprefix("huggingface/"))
    block = data["models"]["providers"]["huggingface"]
    assert block["baseUrl"] == BASE_URL and block["api"] == API


# --- read_routing -------------------------------------------------------------------------


def test_read_routing_reads_primary_fallbacks_aliases_and_entries() -> None:
    routing = read_routing(parse(config_text("full.json5")))
    assert routing.primary == "huggingface/deepseek-ai/DeepSeek-R1"
    assert routing.fallbacks == [
        "huggingface/Qwen/Qwen3-8B:cheapest",
        "huggingface/openai/gpt-oss-120b",
    ]
    assert routing.aliases == {
        "huggingface/deepseek-ai/DeepSeek-R1": "R1",
        "huggingface/openai/gpt-oss-120b": "gpt",
    }
    assert "anthropic/claude-sonnet-4-5" in routing.allowlist
    assert [e["id"] for e in routing.provider_models] == ["deepseek-ai/DeepSeek-R1"]


@pytest.mark.parametrize("name", ["empty.json5", "no_model.json5", "no_agents.json5"])
def test_read_routing_of_a_config_without_a_model(name: str) -> None:
    routing = read_routing(parse(config_text(name)))
    assert (routing.primary, routing.fallbacks, routing.aliases) == (None, [], {})


def test_a_bare_string_model_is_refused_not_guessed() -> None:
    text = config_text("bare_string_model.json5")
    with pytest.raises(RoutingError, match=r"agents\.defaults\.model .* not an object") as caught:
        set_primary(text, R1, entry_for)
    assert caught.value.fix and "primary" in caught.value.fix
    with pytest.raises(RoutingError):
        read_routing(parse(text))


# --- set_primary --------------------------------------------------------------------------


@pytest.mark.parametrize("name", EDITABLE)
def test_set_primary_writes_ref_allowlist_and_exact_provider_entry(name: str) -> None:
    text = config_text(name)
    new = set_primary(text, QWEN_FAST, entry_for)
    data = parse(new)
    assert data["agents"]["defaults"]["model"]["primary"] == "huggingface/Qwen/Qwen3-8B:fastest"
    assert provider_entry(data, "Qwen/Qwen3-8B:fastest") == entry_for(QWEN_FAST)
    assert_routable(new)
    assert comments(text) - comments(new) == Counter()
    for line in removed_lines(text, new):  # only the old primary and empty {} / [] expanded
        assert "primary" in line or line.endswith(("{}", "[]")), line
    assert read_routing(data).fallbacks == read_routing(parse(text) or {}).fallbacks


def test_set_primary_changes_only_the_primary_line_when_entries_exist() -> None:
    text = config_text("full.json5")
    first = set_primary(text, GPT, entry_for)
    again = set_primary(first, R1, entry_for)
    assert removed_lines(first, again) == ['        primary: "huggingface/openai/gpt-oss-120b",']


def test_set_primary_creates_the_provider_block_when_missing() -> None:
    data = parse(set_primary(config_text("no_model.json5"), R1, entry_for))
    assert data["models"] == {
        "providers": {"huggingface": {"baseUrl": BASE_URL, "api": API, "models": [entry_for(R1)]}}
    }
    assert data["agents"]["defaults"]["models"] == {"huggingface/deepseek-ai/DeepSeek-R1": {}}


def test_provider_block_missing_models_gets_an_empty_array_first() -> None:
    text = (
        '{\n  models: {\n    providers: {\n      huggingface: { baseUrl: "https://x.test/v1" },\n'
    )
    text += "    },\n  },\n}\n"
    data = parse(set_primary(text, GPT, entry_for))
    block = data["models"]["providers"]["huggingface"]
    assert block["baseUrl"] == "https://x.test/v1"
    assert block["api"] == API
    assert block["models"] == [entry_for(GPT)]


def test_unknown_model_gets_a_minimal_entry_with_a_derived_name() -> None:
    data = parse(set_primary(config_text("no_model.json5"), UNKNOWN, entry_for))
    assert provider_entry(data, "someone/unlisted-model") == {
        "id": "someone/unlisted-model",
        "name": "unlisted model",
    }


def test_policy_suffix_stays_in_the_provider_entry_id() -> None:
    data = parse(set_primary(config_text("full.json5"), LLAMA, entry_for))
    entry = provider_entry(data, "meta-llama/Llama-3.3-70B-Instruct:groq")
    assert entry["cost"]["input"] == 1.5


def test_hand_written_provider_entry_is_never_changed() -> None:
    text = config_text("full.json5")
    assert R1_HAND_ENTRY in text
    new = set_primary(text, R1, entry_for)
    new = set_primary(new, GPT, entry_for)
    new = remove_fallback(new, QWEN_CHEAP)
    assert R1_HAND_ENTRY in new
    assert "// tuned by hand: longer context than the catalog says\n" + R1_HAND_ENTRY in new


def test_changing_primary_removes_only_the_entries_we_added_for_the_old_one() -> None:
    text = config_text("no_model.json5")
    first = set_primary(text, QWEN_FAST, entry_for)
    assert f"// {MARK}" in first
    second = set_primary(first, GPT, entry_for)
    data = parse(second)
    assert list(data["agents"]["defaults"]["models"]) == ["huggingface/openai/gpt-oss-120b"]
    assert [e["id"] for e in data["models"]["providers"]["huggingface"]["models"]] == [
        "openai/gpt-oss-120b"
    ]
    assert second.count(f"// {MARK}") == 2
    assert comments(text) - comments(second) == Counter()


def test_changing_primary_keeps_the_old_ones_hand_written_entries() -> None:
    new = set_primary(config_text("full.json5"), GPT, entry_for)
    data = parse(new)
    assert data["agents"]["defaults"]["models"]["huggingface/deepseek-ai/DeepSeek-R1"] == {
        "alias": "R1"
    }
    provider_entry(data, "deepseek-ai/DeepSeek-R1")


def test_entries_lose_their_mark_when_coderclaw_rewrites_the_file_and_are_then_kept() -> None:
    first = set_primary(config_text("no_model.json5"), QWEN_FAST, entry_for)
    rewritten = json.dumps(parse(first), indent=2)
    data = parse(set_primary(rewritten, GPT, entry_for))
    assert "huggingface/Qwen/Qwen3-8B:fastest" in data["agents"]["defaults"]["models"]
    provider_entry(data, "Qwen/Qwen3-8B:fastest")


def test_a_non_hugging_face_primary_joins_the_allowlist_when_it_becomes_non_empty() -> None:
    text = '{\n  agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-5" } } },\n}\n'
    data = parse(add_fallback(text, GPT, entry_for))
    assert set(data["agents"]["defaults"]["models"]) == {
        "anthropic/claude-sonnet-4-5",
        "huggingface/openai/gpt-oss-120b",
    }
    assert [e["id"] for e in data["models"]["providers"]["huggingface"]["models"]] == [
        "openai/gpt-oss-120b"
    ]


def test_entries_an_agent_in_agents_list_names_are_not_pruned() -> None:
    text = set_primary(config_text("no_model.json5"), QWEN_FAST, entry_for)
    text = set_value(
        text, ["agents", "list"], [{"id": "coder", "model": "huggingface/Qwen/Qwen3-8B:fastest"}]
    )
    data = parse(set_primary(text, GPT, entry_for))
    assert "huggingface/Qwen/Qwen3-8B:fastest" in data["agents"]["defaults"]["models"]
    provider_entry(data, "Qwen/Qwen3-8B:fastest")


# --- fallbacks ----------------------------------------------------------------------------


def test_set_fallbacks_reorders_adds_and_removes_keeping_comments_with_items() -> None:
    text = config_text("full.json5")
    new = set_fallbacks(text, [GPT, QWEN_CHEAP, LLAMA], entry_for)
    assert read_routing(parse(new)).fallbacks == [GPT.full, QWEN_CHEAP.full, LLAMA.full]
    assert (
        "        fallbacks: [\n          'huggingface/openai/gpt-oss-120b',\n"
        '          "huggingface/Qwen/Qwen3-8B:cheapest", // cheap and quick\n'
        '          "huggingface/meta-llama/Llama-3.3-70B-Instruct:groq",\n        ],'
    ) in new
    assert_routable(new)
    assert comments(text) - comments(new) == Counter()
    shorter = set_fallbacks(new, [LLAMA], entry_for)
    assert read_routing(parse(shorter)).fallbacks == [LLAMA.full]
    assert set_fallbacks(shorter, [LLAMA], entry_for) == shorter


def test_set_fallbacks_to_none_empties_the_list() -> None:
    new = set_fallbacks(config_text("full.json5"), [], entry_for)
    assert read_routing(parse(new)).fallbacks == []
    assert "fallbacks: []," in new


def test_add_fallback_appends_once() -> None:
    text = config_text("coderclaw_written.json5")
    once = add_fallback(text, QWEN_CHEAP, entry_for)
    assert add_fallback(once, QWEN_CHEAP, entry_for) == once
    assert read_routing(parse(once)).fallbacks == [QWEN_CHEAP.full]
    assert_routable(once)


def test_removing_a_fallback_that_is_also_primary_keeps_the_shared_entries() -> None:
    text = set_primary(config_text("no_model.json5"), GPT, entry_for)
    text = add_fallback(text, GPT, entry_for)
    text = add_fallback(text, QWEN_FAST, entry_for)
    new = remove_fallback(text, GPT)
    routing = read_routing(parse(new))
    assert routing.fallbacks == [QWEN_FAST.full]
    assert_routable(new)


def test_remove_fallback_prunes_our_entries_but_not_hand_written_ones() -> None:
    text = config_text("full.json5")
    new = remove_fallback(text, QWEN_CHEAP)
    data = parse(new)
    assert read_routing(data).fallbacks == [GPT.full]
    assert "huggingface/Qwen/Qwen3-8B:cheapest" in data["agents"]["defaults"]["models"]
    with_ours = add_fallback(config_text("no_model.json5"), QWEN_CHEAP, entry_for)
    data = parse(remove_fallback(with_ours, QWEN_CHEAP))
    assert data["agents"]["defaults"]["models"] == {}
    assert data["models"]["providers"]["huggingface"]["models"] == []


def test_remove_fallback_matches_an_alias_written_as_fallback() -> None:
    text = config_text("full.json5").replace(
        "'huggingface/openai/gpt-oss-120b',\n        ]", "'GPT',\n        ]"
    )
    assert read_routing(parse(text)).fallbacks[-1] == "GPT"
    assert read_routing(parse(remove_fallback(text, GPT))).fallbacks == [QWEN_CHEAP.full]


def test_move_fallback_moves_the_line_and_its_comment() -> None:
    text = config_text("full.json5")
    new = move_fallback(text, 0, 1)
    assert read_routing(parse(new)).fallbacks == [GPT.full, QWEN_CHEAP.full]
    assert removed_lines(text, new) == [] and comments(new) == comments(text)


# --- aliases ------------------------------------------------------------------------------


def test_set_alias_is_trimmed_and_written_into_the_existing_entry() -> None:
    text = config_text("full.json5")
    new = set_alias(text, QWEN_CHEAP, "  Qwen cheap ")
    assert '"huggingface/Qwen/Qwen3-8B:cheapest": { alias: "Qwen cheap" },' in new
    assert removed_lines(text, new) == ['        "huggingface/Qwen/Qwen3-8B:cheapest": {},']


@pytest.mark.parametrize("alias", ["r1", " R1 ", "GPT"])
def test_duplicate_alias_is_refused_whatever_its_case(alias: str) -> None:
    with pytest.raises(AliasError, match="already used by huggingface/") as caught:
        set_alias(config_text("full.json5"), QWEN_CHEAP, alias)
    assert caught.value.fix


@pytest.mark.parametrize("alias", ["", "   ", "org/name"])
def test_empty_or_slashed_alias_is_refused(alias: str) -> None:
    with pytest.raises(AliasError):
        set_alias(config_text("full.json5"), QWEN_CHEAP, alias)


def test_a_ref_may_keep_its_own_alias_in_another_case() -> None:
    new = set_alias(config_text("full.json5"), R1, "r1")
    assert read_routing(parse(new)).aliases[R1.full] == "r1"


def test_alias_for_an_unlisted_ref_creates_a_marked_entry_and_lists_refs_in_use() -> None:
    text = set_primary(config_text("no_model.json5"), GPT, entry_for)
    new = set_alias(text, LLAMA, "Llama")
    data = parse(new)
    assert data["agents"]["defaults"]["models"][LLAMA.full] == {"alias": "Llama"}
    assert f'// {MARK}\n        "{LLAMA.full}": {{ alias: "Llama" }}' in new
    back = remove_alias(new, LLAMA)
    assert LLAMA.full not in parse(back)["agents"]["defaults"]["models"]
    assert back == text


def test_remove_alias_keeps_a_hand_written_entry() -> None:
    text = config_text("full.json5")
    new = remove_alias(text, R1)
    assert parse(new)["agents"]["defaults"]["models"][R1.full] == {}
    assert remove_alias(new, R1) == new
