"""The Routing page's draft: operations by value, replayable on a file changed meanwhile."""

from __future__ import annotations

import pytest

from hftray.core import json5text
from hftray.core.catalog import Catalog
from hftray.core.refs import parse_ref
from hftray.core.routing import AliasError
from hftray.ui.routing_draft import (
    NOT_IN_ALLOWLIST,
    AddFallback,
    MoveFallback,
    RemoveFallback,
    RoutingDraft,
    SetAlias,
    alias_rows,
    completion_words,
    entry_warnings,
    hf_ref,
)
from tests.support.json5data import config_text

QWEN_CHEAP = "huggingface/Qwen/Qwen3-8B:cheapest"
GPT = "huggingface/openai/gpt-oss-120b"
V31 = "huggingface/deepseek-ai/DeepSeek-V3.1"


def no_entry(ref: object) -> None:
    return None


def fallbacks_of(text: str) -> list[str]:
    return list(json5text.parse(text)["agents"]["defaults"]["model"]["fallbacks"])


def test_a_refused_op_leaves_the_draft_as_it_was() -> None:
    draft = RoutingDraft(config_text("full.json5"), no_entry)
    with pytest.raises(AliasError):
        draft.apply(SetAlias(parse_ref(QWEN_CHEAP), "R1"))
    assert not draft.dirty and draft.ops == []


def test_an_op_that_changes_nothing_is_not_kept() -> None:
    draft = RoutingDraft(config_text("full.json5"), no_entry)
    assert draft.apply(MoveFallback(GPT, 1)) is False  # already second
    assert draft.ops == []


def test_rebase_replays_moves_by_value_on_a_file_changed_meanwhile() -> None:
    base = config_text("full.json5")
    draft = RoutingDraft(base, no_entry)
    draft.apply(MoveFallback(GPT, 0))
    draft.apply(AddFallback(parse_ref(V31)))
    # Someone else put a fallback in front of the list meanwhile.
    outside = base.replace("fallbacks: [\n", 'fallbacks: [\n          "huggingface/a/b",\n', 1)
    assert fallbacks_of(outside)[0] == "huggingface/a/b"

    failed = draft.rebase(outside)

    assert failed == []
    assert draft.base == outside
    assert fallbacks_of(draft.text) == [GPT, "huggingface/a/b", QWEN_CHEAP, V31]


def test_rebase_reports_the_ops_that_no_longer_fit_and_keeps_the_others() -> None:
    base = config_text("full.json5")
    draft = RoutingDraft(base, no_entry)
    draft.apply(RemoveFallback(QWEN_CHEAP))
    draft.apply(SetAlias(parse_ref(GPT), "oss"))
    outside = base.replace('"huggingface/Qwen/Qwen3-8B:cheapest", // cheap and quick\n', "")
    assert QWEN_CHEAP not in fallbacks_of(outside)

    failed = draft.rebase(outside)

    assert [op for op, _ in failed] == [RemoveFallback(QWEN_CHEAP)]
    assert "no longer a fallback" in str(failed[0][1])
    assert json5text.parse(draft.text)["agents"]["defaults"]["models"][GPT]["alias"] == "oss"


def test_another_providers_fallback_can_be_removed() -> None:
    text = '{ agents: { defaults: { model: { fallbacks: ["anthropic/claude", "' + GPT + '"] } } } }'
    draft = RoutingDraft(text, no_entry)
    assert hf_ref("anthropic/claude", draft.routing()) is None
    draft.apply(RemoveFallback("anthropic/claude"))
    assert fallbacks_of(draft.text) == [GPT]


def test_refs_in_the_file_name_their_provider_and_aliases_resolve() -> None:
    routing = RoutingDraft(config_text("full.json5"), no_entry).routing()
    assert hf_ref(" r1 ", routing) == parse_ref("deepseek-ai/DeepSeek-R1")
    assert hf_ref("anthropic/claude-sonnet-4-5", routing) is None
    assert alias_rows(routing)[-1] == "anthropic/claude-sonnet-4-5"


def test_a_ref_missing_from_a_non_empty_allowlist_is_flagged() -> None:
    routing = RoutingDraft(config_text("full.json5"), no_entry).routing()
    assert [w.code for w in entry_warnings(V31, routing, None)] == [NOT_IN_ALLOWLIST]
    assert entry_warnings(GPT, routing, None) == []


def test_completion_offers_ids_and_their_policy_variants() -> None:
    words = completion_words(Catalog.builtin())
    assert "deepseek-ai/DeepSeek-R1" in words
    assert "deepseek-ai/DeepSeek-R1:cheapest" in words
    assert completion_words(None) == []
