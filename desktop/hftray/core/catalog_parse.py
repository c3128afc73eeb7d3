"""Reading the router's `/v1/models` body and the built-in list, and merging the two.

The router's list decides what is served; the built-in list (from CoderClaw's docs and its own
catalog) only fills gaps: display names, context windows, output limits and reasoning flags.
Parsing runs on every refresh of a list that may hold 10 000 models, so it stays a single pass
with no per-field indirection (see benchmarks/bench_catalog.py).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Sequence
from functools import cache, partial
from sys import intern
from typing import Any

from hftray.core.catalog_model import CatalogModel, Offer, derive_display_name
from hftray.core.errors import HFTrayError
from hftray.core.resources import resource_path

log = logging.getLogger(__name__)

_NAME_FIELDS = ("name", "title", "display_name")


class CatalogFormatError(HFTrayError):
    """The model list is not the JSON the router documents."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Keeps the fix when the error comes back from the child process that parsed the body.
        return (partial(type(self), fix=self.fix), (self.message,))


_INF = math.inf


def _price(value: Any) -> float | None:
    if type(value) in (int, float) and 0 <= value < _INF:
        return float(value)
    return None


def _measure(value: Any) -> float | None:
    if type(value) in (int, float) and 0 < value < _INF:
        return float(value)
    return None


def _count(value: Any) -> int | None:
    if type(value) is int and value > 0:
        return value
    if type(value) is float and 0 < value < _INF and value.is_integer():
        return int(value)
    return None


def _parse_offer(raw: Any) -> Offer | None:
    # Each figure has a fast path for the well-formed case; the helpers handle the rest.
    if type(raw) is not dict:
        return None
    get = raw.get
    provider = get("provider")
    status = get("status")
    if type(provider) is not str or not provider or type(status) is not str:
        return None
    input_price = output_price = None
    pricing = get("pricing")
    if type(pricing) is dict:
        input_price = pricing.get("input")
        if type(input_price) is not float or not 0.0 <= input_price < _INF:
            input_price = _price(input_price)
        output_price = pricing.get("output")
        if type(output_price) is not float or not 0.0 <= output_price < _INF:
            output_price = _price(output_price)
    is_free = get("is_free")
    if is_free is True:
        # The router says so explicitly: a free offer with no pricing block costs nothing.
        input_price = 0.0 if input_price is None else input_price
        output_price = 0.0 if output_price is None else output_price
    elif is_free is False and input_price == 0.0 and output_price == 0.0:
        # Zero prices on an offer marked not free are placeholders, not a price.
        input_price = output_price = None
    context = get("context_length")
    if type(context) is not int or context <= 0:
        context = _count(context)
    tools = get("supports_tools")
    structured = get("supports_structured_output")
    latency = get("first_token_latency_ms")
    if type(latency) is not float or not 0.0 < latency < _INF:
        latency = _measure(latency)
    throughput = get("throughput")
    if type(throughput) is not float or not 0.0 < throughput < _INF:
        throughput = _measure(throughput)
    return Offer(
        intern(provider),  # one string per provider and status, not one per offer
        intern(status),
        get("is_model_author") is True,
        context,
        input_price,
        output_price,
        tools if type(tools) is bool else None,
        structured if type(structured) is bool else None,
        latency,
        throughput,
    )


def _api_name(raw: dict[str, Any]) -> str | None:
    for field in _NAME_FIELDS:
        value = raw.get(field)
        if type(value) is str and value.strip():
            return value.strip()
    return None


def _modalities(raw: dict[str, Any]) -> tuple[str, ...] | None:
    architecture = raw.get("architecture")
    if type(architecture) is not dict:
        return None
    modalities = architecture.get("input_modalities")
    if type(modalities) is not list:
        return None
    return tuple(m for m in modalities if type(m) is str)


def _parse_model(raw: Any) -> CatalogModel | None:
    if type(raw) is not dict:
        return None
    model_id = raw.get("id")
    if type(model_id) is not str or "/" not in model_id:
        return None
    owner = raw.get("owned_by")
    if type(owner) is not str or not owner:
        owner = model_id.split("/", 1)[0]
    owner = intern(owner)
    offers_raw = raw.get("providers")
    offers: tuple[Offer, ...] = ()
    if type(offers_raw) is list:
        offers = tuple([offer for offer in map(_parse_offer, offers_raw) if offer is not None])
    name = _api_name(raw)
    # Positional: a named tuple builds faster without keywords, and this runs per model.
    return CatalogModel(
        model_id,
        name or derive_display_name(model_id),
        owner,
        _modalities(raw),
        offers,
        "live",
        name is None,
    )


def parse_models_body(body: bytes) -> list[CatalogModel]:
    """Models from a `/v1/models` response; malformed entries are skipped, duplicates dropped."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise CatalogFormatError(
            "the model list from the router is not valid JSON",
            fix="try again later; the cached or built-in list is used meanwhile",
        ) from error
    data = document.get("data") if type(document) is dict else None
    if type(data) is not list:
        raise CatalogFormatError(
            "the model list from the router has no 'data' list",
            fix="check that the base URL points at the router's /v1 endpoint",
        )
    models: list[CatalogModel] = []
    seen: set[str] = set()
    skipped = 0
    for raw in data:
        model = _parse_model(raw)
        if model is None or model.id in seen:
            skipped += 1
            continue
        seen.add(model.id)
        models.append(model)
    if skipped:
        log.debug("skipped %d malformed or duplicate model entries", skipped)
    return models


def _builtin_model(raw: dict[str, Any]) -> CatalogModel:
    model_id = raw["id"]
    inputs = raw.get("input")
    return CatalogModel(
        id=model_id,
        display_name=raw.get("name") or derive_display_name(model_id),
        owner=model_id.split("/", 1)[0],
        input_modalities=tuple(inputs) if inputs else None,
        origin="builtin",
        name_is_derived=not raw.get("name"),
        context_window=raw.get("contextWindow"),
        max_tokens=raw.get("maxTokens"),
        reasoning=raw.get("reasoning"),
    )


@cache
def _builtin_models() -> tuple[CatalogModel, ...]:
    path = resource_path("catalog", "builtin.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    return tuple(_builtin_model(raw) for raw in document["models"])


def load_builtin() -> list[CatalogModel]:
    """The list shipped with the app, used offline and to fill gaps in the live one."""
    return list(_builtin_models())


def merge(live: Iterable[CatalogModel], builtin: Sequence[CatalogModel]) -> list[CatalogModel]:
    """The live models, with built-in metadata where the router said nothing.

    Built-in models the router does not list are left out: the live list decides what is served.
    """
    known = {model.id: model for model in builtin}
    merged: list[CatalogModel] = []
    for model in live:
        extra = known.get(model.id)
        if extra is None:
            merged.append(model)
            continue
        merged.append(
            model._replace(
                display_name=(
                    extra.display_name
                    if model.name_is_derived and not extra.name_is_derived
                    else model.display_name
                ),
                name_is_derived=model.name_is_derived and extra.name_is_derived,
                input_modalities=model.input_modalities or extra.input_modalities,
                context_window=extra.context_window,
                max_tokens=extra.max_tokens,
                reasoning=extra.reasoning,
            )
        )
    return merged
