"""Catalog records: a model, its provider offers, and the figures the Models page shows.

Unknown stays unknown: every figure the router may leave out is `None`, never 0, so a missing
price is not shown as free and a missing context length does not pass a context filter.

Records are named tuples: immutable like frozen dataclasses, but three times cheaper to create,
which counts at 10 000 models and 35 000 offers per refresh (benchmarks/bench_catalog.py).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Origin = Literal["live", "builtin"]
LIVE = "live"


class Offer(NamedTuple):
    """One provider serving one model, as `/v1/models` lists it (prices in USD per million)."""

    provider: str
    status: str
    is_model_author: bool = False
    context_length: int | None = None
    input_price: float | None = None
    output_price: float | None = None
    supports_tools: bool | None = None
    supports_structured_output: bool | None = None
    latency_ms: float | None = None
    throughput: float | None = None

    @property
    def live(self) -> bool:
        """Only a `live` offer can be used; `error` and `staging` ones cannot."""
        return self.status == LIVE


class CatalogModel(NamedTuple):
    """A model of the catalog, from the live list (`origin="live"`) or the built-in one.

    `context_window`, `max_tokens` and `reasoning` come from the built-in list only: the router
    does not report them per model. `input_modalities` is None when nobody said.
    """

    id: str
    display_name: str
    owner: str
    input_modalities: tuple[str, ...] | None = None
    offers: tuple[Offer, ...] = ()
    origin: Origin = "live"
    name_is_derived: bool = True
    context_window: int | None = None
    max_tokens: int | None = None
    reasoning: bool | None = None

    @property
    def live_offers(self) -> tuple[Offer, ...]:
        return tuple(offer for offer in self.offers if offer.live)

    def offer(self, provider: str) -> Offer | None:
        for offer in self.offers:
            if offer.provider == provider:
                return offer
        return None

    @property
    def live_providers(self) -> tuple[str, ...]:
        """Names of the providers that serve this model now, in the router's order."""
        return tuple(offer.provider for offer in self.offers if offer.status == LIVE)

    @property
    def accepts_images(self) -> bool:
        return self.input_modalities is not None and "image" in self.input_modalities

    def figures(self) -> ModelFigures:
        """The per-model figures of the Models page, over live offers, in one pass."""
        providers: list[str] = []
        contexts: list[int] = []
        inputs: list[float] = []
        outputs: list[float] = []
        throughputs: list[float] = []
        latencies: list[float] = []
        tools = structured = False
        for offer in self.offers:
            if offer.status != LIVE:
                continue
            providers.append(offer.provider)
            if offer.context_length:
                contexts.append(offer.context_length)
            if offer.input_price is not None:
                inputs.append(offer.input_price)
            if offer.output_price is not None:
                outputs.append(offer.output_price)
            if offer.throughput is not None:
                throughputs.append(offer.throughput)
            if offer.latency_ms is not None:
                latencies.append(offer.latency_ms)
            tools = tools or offer.supports_tools is True
            structured = structured or offer.supports_structured_output is True
        return ModelFigures(
            live_providers=tuple(providers),
            best_context=max(contexts) if contexts else self.context_window,
            smallest_context=min(contexts) if contexts else None,
            cheapest_input_price=min(inputs) if inputs else None,
            cheapest_output_price=min(outputs) if outputs else None,
            fastest_throughput=max(throughputs) if throughputs else None,
            lowest_latency=min(latencies) if latencies else None,
            supports_tools=tools,
            supports_structured_output=structured,
        )


class ModelFigures(NamedTuple):
    """What a model offers now, summed up over its live offers; None when no offer says.

    `best_context` falls back to the built-in context window, so the built-in list still
    shows one; `smallest_context` (what any router-chosen provider can take) does not.
    `supports_tools` means at least one live provider supports tool calls.
    """

    live_providers: tuple[str, ...]
    best_context: int | None
    smallest_context: int | None
    cheapest_input_price: float | None
    cheapest_output_price: float | None
    fastest_throughput: float | None
    lowest_latency: float | None
    supports_tools: bool
    supports_structured_output: bool


_DIGIT_UNDERSCORE = re.compile(r"(?<=\d)_(?=\d)")


def derive_display_name(model_id: str) -> str:
    """A readable name from the id, as CoderClaw's docs promise: `DeepSeek-R1` → "DeepSeek R1".

    Version tokens keep their case and dots ("V3.2", "3.3", "70B"); an underscore between digits
    is a version dot in Hugging Face names (`Llama-3_3-Nemotron` → "Llama 3.3 Nemotron").
    """
    last = model_id.rsplit("/", 1)[-1]
    if "_" in last:
        last = _DIGIT_UNDERSCORE.sub(".", last).replace("_", " ")
    return " ".join(last.replace("-", " ").split()) or model_id
