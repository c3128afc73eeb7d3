"""Model refs: `huggingface/org/model[:policy]`, bare `org/model[:policy]`, or an alias.

CoderClaw splits a ref at the first `/` and sends the rest (suffix included) to the router, so
the policy suffix is part of the provider model id. This module is the only place that knows
the ref grammar.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from hftray.core.errors import HFTrayError

PROVIDER = "huggingface"
POLICY_WORDS = ("fastest", "cheapest", "preferred")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_POLICY = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class RefError(HFTrayError):
    """A ref the user typed cannot be understood."""


@dataclass(frozen=True, order=True)
class ModelRef:
    """A Hugging Face model with an optional routing policy (`fastest`, ..., or a provider)."""

    model_id: str
    policy: str | None = None

    @property
    def org(self) -> str:
        return self.model_id.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.model_id.split("/", 1)[1]

    @property
    def provider_model_id(self) -> str:
        """The id CoderClaw sends to the router: `org/model[:policy]`."""
        return f"{self.model_id}:{self.policy}" if self.policy else self.model_id

    @property
    def full(self) -> str:
        """The ref as written in `coderclaw.json`: `huggingface/org/model[:policy]`."""
        return f"{PROVIDER}/{self.provider_model_id}"

    @property
    def pinned_provider(self) -> str | None:
        """The provider this ref forces, or None when the router chooses."""
        if self.policy is None or self.policy in POLICY_WORDS:
            return None
        return self.policy

    def with_policy(self, policy: str | None) -> ModelRef:
        return ModelRef(self.model_id, policy or None)

    def __str__(self) -> str:
        return self.full


def _parse_id_and_policy(text: str, original: str) -> ModelRef:
    head, sep, policy = text.partition(":")
    if sep and ":" in policy:
        raise RefError(
            f"'{original}' has more than one ':'", fix="use org/model or org/model:policy"
        )
    parts = head.split("/")
    if len(parts) != 2 or not all(parts):
        raise RefError(
            f"'{original}' is not a model id", fix="write it as org/model, e.g. Qwen/Qwen3-8B"
        )
    for part in parts:
        if not _SEGMENT.match(part):
            raise RefError(
                f"'{original}' contains characters a model id cannot have",
                fix="use letters, digits, '.', '_' and '-' only",
            )
    if sep:
        if not policy:
            raise RefError(f"'{original}' ends with an empty policy", fix="remove the ':'")
        if not _POLICY.match(policy):
            raise RefError(
                f"'{policy}' is not a policy",
                fix="use :fastest, :cheapest, :preferred or a provider name",
            )
    return ModelRef(head, policy if sep else None)


def parse_ref(
    text: str,
    *,
    aliases: Mapping[str, str] | None = None,
    known_providers: Collection[str] | None = None,
) -> ModelRef:
    """Parse what a user typed into a `ModelRef`.

    `aliases` maps alias to full ref (as in `agents.defaults.models`); aliases match trimmed and
    case-insensitively, as in CoderClaw. With `known_providers`, a provider policy outside it is
    refused as unknown.
    """
    original = text
    text = text.strip()
    if not text:
        raise RefError("the model ref is empty", fix="type a model id such as Qwen/Qwen3-8B")
    if "/" not in text and aliases:
        full = resolve_alias(text, aliases)
        if full is not None:
            return parse_ref(full)
    if any(ch.isspace() for ch in text):
        raise RefError(f"'{original}' contains spaces", fix="model ids have no spaces")
    if "/" not in text:
        raise RefError(
            f"'{original}' is neither a model id nor a known alias",
            fix="write org/model, e.g. Qwen/Qwen3-8B, or an alias you defined",
        )
    if text.startswith(PROVIDER + "/") and text.count("/") == 2:
        text = text[len(PROVIDER) + 1 :]
    elif text.split(":", 1)[0].count("/") > 1 and all(text.split(":", 1)[0].split("/")):
        provider = text.split("/", 1)[0]
        raise RefError(
            f"'{original}' belongs to provider '{provider}', not {PROVIDER}",
            fix=f"use {PROVIDER}/org/model or org/model",
        )
    ref = _parse_id_and_policy(text, original)
    if (
        known_providers is not None
        and ref.pinned_provider is not None
        and ref.pinned_provider not in known_providers
    ):
        raise RefError(
            f"unknown provider '{ref.pinned_provider}' for {ref.model_id}",
            fix="choose :fastest, :cheapest, :preferred or one of: "
            + (", ".join(sorted(known_providers)) or "(no live provider)"),
        )
    return ref


def resolve_alias(text: str, aliases: Mapping[str, str]) -> str | None:
    """The full ref an alias names (trimmed and case-insensitively, as CoderClaw matches
    aliases), or None when `text` is no alias. `aliases` maps alias to full ref."""
    wanted = text.strip().casefold()
    return next(
        (full for alias, full in aliases.items() if alias.strip().casefold() == wanted), None
    )


def config_ref(text: str, aliases: Mapping[str, str]) -> ModelRef | None:
    """The Hugging Face ref a primary, fallback or allowlist key in `coderclaw.json` names.

    Unlike what a user types, a ref in the file always starts with its provider (CoderClaw
    splits at the first `/`), so without `huggingface/` it is another provider's model: None.
    Aliases are resolved first. Raises RefError for a malformed Hugging Face ref.
    """
    target = (resolve_alias(text, aliases) or text).strip()
    if not target.startswith(PROVIDER + "/"):
        return None
    return parse_ref(target)
