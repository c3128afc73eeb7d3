"""The model catalog: what is served, which policies a model offers, and what to write for a ref.

`Catalog` is the one place that turns router data into decisions: the provider model entry
written to `coderclaw.json` for a ref (`entry_for`), the policy choices of a model
(`policies_for`) and the warnings shown beside a saved ref (`check_ref`).

Choices made for `entry_for`, so a written entry never promises more than the router delivers:
- contextWindow: a pinned provider's own context length; when the router chooses (bare ref,
  `:fastest`, `:cheapest`, `:preferred`) the smallest live one, since any provider may answer;
  the built-in context window when the router gives none.
- maxTokens: the built-in figure, else CoderClaw's own default of 8192, and at most half the
  context window so a prompt still fits.
- cost: from the offer the policy picks — the pinned provider, the cheapest live output price,
  the highest live throughput (bare and `:fastest`, the router's default since 2026-02); for
  `:preferred` only when every live provider charges the same. Omitted when unknown, never 0
  for an unknown price. cacheRead and cacheWrite repeat the input price, as CoderClaw's own
  catalog does.
- reasoning: from the built-in list only; input: from the router's input modalities.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from hftray.core.catalog_model import CatalogModel, Offer, derive_display_name
from hftray.core.catalog_parse import (
    CatalogFormatError,
    load_builtin,
    merge,
    parse_models_body,
)
from hftray.core.catalog_search import CatalogIndex, Filters, SortColumn
from hftray.core.refs import POLICY_WORDS, ModelRef

__all__ = [
    "DEFAULT_MAX_TOKENS",
    "Catalog",
    "CatalogFormatError",
    "CatalogIndex",
    "CatalogModel",
    "CatalogSource",
    "Filters",
    "Offer",
    "RefWarning",
    "SortColumn",
    "derive_display_name",
    "load_builtin",
    "merge",
    "parse_models_body",
    "policy_label",
]

DEFAULT_MAX_TOKENS = 8192
ENTRY_INPUTS = ("text", "image")

SourceKind = Literal["live", "cached", "builtin"]


@dataclass(frozen=True, slots=True)
class CatalogSource:
    """Where the list came from, for the banner: `reason` says why it is not live."""

    kind: SourceKind
    fetched_at: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RefWarning:
    """A problem with a saved ref; `code` is stable for code and tests, `message` is for people."""

    code: str
    message: str


def policy_label(policy: str | None) -> str:
    """The suffix shown after a display name for a policy variant: "(cheapest)", "(via groq)"."""
    if policy is None:
        return ""
    if policy in POLICY_WORDS:
        return f" ({policy})"
    return f" (via {policy})"


class Catalog:
    """A list of models with the source it came from; model ids are unique."""

    def __init__(self, models: Iterable[CatalogModel], source: CatalogSource) -> None:
        self.models: tuple[CatalogModel, ...] = tuple(models)
        self.source = source
        self._by_id = {model.id: model for model in self.models}
        self._index: tuple[dict[str, str], CatalogIndex] | None = None

    @classmethod
    def from_body(
        cls, body: bytes, kind: SourceKind = "live", fetched_at: datetime | None = None
    ) -> Catalog:
        """A catalog from a `/v1/models` body, merged with the built-in list."""
        return cls.from_live(parse_models_body(body), CatalogSource(kind, fetched_at))

    @classmethod
    def from_live(cls, live: Iterable[CatalogModel], source: CatalogSource) -> Catalog:
        """A catalog from the router's models as parsed (or cached), merged with the built-in
        list: merged on every load, so a new built-in list applies to a cached one too."""
        return cls(merge(live, load_builtin()), source)

    @classmethod
    def builtin(cls, reason: str | None = None) -> Catalog:
        return cls(load_builtin(), CatalogSource("builtin", None, reason))

    def __len__(self) -> int:
        return len(self.models)

    def __contains__(self, model_id: object) -> bool:
        return model_id in self._by_id

    def get(self, model_id: str) -> CatalogModel | None:
        return self._by_id.get(model_id)

    @property
    def is_live_data(self) -> bool:
        """True when the list came from the router (now or cached), so it says what is served."""
        return self.source.kind != "builtin"

    def providers(self) -> list[str]:
        """Every provider named in the list, sorted: the choices of the provider filter."""
        return sorted({offer.provider for model in self.models for offer in model.offers})

    def index(self, aliases: Mapping[str, str] | None = None) -> CatalogIndex:
        """The search index, rebuilt only when the aliases change."""
        wanted = dict(aliases or {})
        if self._index is None or self._index[0] != wanted:
            self._index = (wanted, CatalogIndex(self.models, wanted))
        return self._index[1]

    def policies_for(self, model_id: str) -> list[str]:
        """Policy suffixes (without ':') a ref to this model can carry; [] for unknown models.

        The bare ref is always possible and not listed. Providers are the live ones, sorted.
        """
        model = self.get(model_id)
        if model is None:
            return []
        return [*POLICY_WORDS, *sorted(set(model.live_providers))]

    def entry_for(self, ref: ModelRef) -> dict[str, Any] | None:
        """The `models.providers.huggingface.models` entry for `ref`; None if the model is unknown.

        Only keys CoderClaw's strict schema allows, and only figures that are known (see the
        module docstring for which provider each figure comes from).
        """
        model = self.get(ref.model_id)
        if model is None:
            return None
        entry: dict[str, Any] = {
            "id": ref.provider_model_id,
            "name": model.display_name + policy_label(ref.policy),
        }
        if model.reasoning is not None:
            entry["reasoning"] = model.reasoning
        if model.input_modalities is not None:
            inputs = [kind for kind in ENTRY_INPUTS if kind in model.input_modalities]
            if inputs:
                entry["input"] = inputs
        offer = _chosen_offer(model, ref.policy)
        if offer is not None and offer.input_price is not None and offer.output_price is not None:
            entry["cost"] = {
                "input": offer.input_price,
                "output": offer.output_price,
                "cacheRead": offer.input_price,
                "cacheWrite": offer.input_price,
            }
        context = _context_window(model, ref.pinned_provider)
        if context is not None:
            entry["contextWindow"] = context
        max_tokens = model.max_tokens or DEFAULT_MAX_TOKENS
        if context is not None:
            max_tokens = min(max_tokens, max(1, context // 2))
        entry["maxTokens"] = max_tokens
        return entry

    def check_ref(self, ref: ModelRef, primary: ModelRef | None = None) -> list[RefWarning]:
        """Warnings for a saved ref: gone from the router, provider gone, no real fallback.

        `primary` is given when `ref` is a fallback. With the built-in list nothing is known
        about what is served, so only the provider comparison of pinned refs is made.
        """
        warnings: list[RefWarning] = []
        model = self.get(ref.model_id)
        if self.is_live_data:
            if model is None:
                return [
                    RefWarning(
                        "not-served",
                        f"{ref.model_id} is not served by the Hugging Face router any more",
                    )
                ]
            warnings.extend(_provider_warnings(model, ref))
        if primary is not None and primary != ref:
            mine = self._possible_providers(ref)
            theirs = self._possible_providers(primary)
            if mine is not None and len(mine) == 1 and mine == theirs:
                (provider,) = mine
                warnings.append(
                    RefWarning(
                        "same-provider-as-primary",
                        f"{ref.provider_model_id} can only run on {provider}, like the primary:"
                        " same provider as the primary, no real fallback",
                    )
                )
        return warnings

    def _possible_providers(self, ref: ModelRef) -> frozenset[str] | None:
        """The providers that may answer `ref`; None when the catalog cannot tell."""
        if ref.pinned_provider is not None:
            return frozenset((ref.pinned_provider,))
        model = self.get(ref.model_id)
        if model is None or not self.is_live_data:
            return None
        return frozenset(model.live_providers)


def _provider_warnings(model: CatalogModel, ref: ModelRef) -> list[RefWarning]:
    pinned = ref.pinned_provider
    if pinned is not None:
        offer = model.offer(pinned)
        if offer is None:
            return [RefWarning("provider-gone", f"{pinned} no longer serves {model.id}")]
        if not offer.live:
            return [
                RefWarning(
                    "provider-gone",
                    f"{pinned} lists {model.id} but does not serve it now"
                    f" (status: {offer.status}); a pinned provider has no failover",
                )
            ]
        return []
    if not model.live_providers:
        return [RefWarning("no-live-provider", f"no provider serves {model.id} right now")]
    return []


def _chosen_offer(model: CatalogModel, policy: str | None) -> Offer | None:
    """The offer whose price applies to a ref with `policy`; None when it cannot be told."""
    live = model.live_offers
    if policy is not None and policy not in POLICY_WORDS:
        return model.offer(policy)
    if policy == "cheapest":
        priced = [o for o in live if o.output_price is not None]
        return min(priced, key=_price_order) if priced else None
    if policy == "preferred":
        prices = {(o.input_price, o.output_price) for o in live}
        return live[0] if len(prices) == 1 else None
    timed = [o for o in live if o.throughput is not None]
    return max(timed, key=lambda o: o.throughput or 0.0) if timed else None


def _price_order(offer: Offer) -> tuple[float, float]:
    inf = float("inf")
    return (
        offer.output_price if offer.output_price is not None else inf,
        offer.input_price if offer.input_price is not None else inf,
    )


def _context_window(model: CatalogModel, pinned: str | None) -> int | None:
    if pinned is not None:
        offer = model.offer(pinned)
        if offer is not None and offer.context_length:
            return offer.context_length
        return model.context_window
    return model.figures().smallest_context or model.context_window
