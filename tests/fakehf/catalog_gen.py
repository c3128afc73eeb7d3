"""Large synthetic `/v1/models` bodies for scale tests and benchmarks.

The mix follows the real list: most offers live, some in error, prices and context lengths often
missing, a few models without `architecture` or providers, some display names in other scripts.
"""

from __future__ import annotations

import random
from typing import Any

PROVIDERS = (
    "novita",
    "featherless-ai",
    "together",
    "deepinfra",
    "nscale",
    "fireworks-ai",
    "groq",
    "scaleway",
    "ovhcloud",
    "zai-org",
    "cerebras",
    "hf-inference",
    "cohere",
    "publicai",
    "baseten",
    "nebius",
    "hyperbolic",
    "sambanova",
)
ORGS = ("meta-llama", "Qwen", "deepseek-ai", "mistralai", "google", "zai-org", "moonshotai",
        "openai", "CohereLabs", "tray-lab")  # fmt: skip
FAMILIES = ("Llama", "Qwen3", "DeepSeek", "Mistral", "gemma", "GLM", "Kimi", "gpt-oss", "Aya")
NAMES = ("", "Zoë Ångström's model", "托盘模型", "Модель", "モデル", "Plain Model")


def generate_catalog(n: int, seed: int = 0) -> dict[str, Any]:
    """A `{"object": "list", "data": [...]}` document with `n` distinct models."""
    rng = random.Random(seed)
    return {"object": "list", "data": [_model(rng, i) for i in range(n)]}


def _model(rng: random.Random, index: int) -> dict[str, Any]:
    org = rng.choice(ORGS)
    size = rng.choice((1, 3, 7, 8, 14, 32, 70, 235, 480))
    model_id = (
        f"{org}/{rng.choice(FAMILIES)}-{size}B-{rng.choice(('Instruct', 'Chat', 'Base'))}-{index}"
    )
    model: dict[str, Any] = {
        "id": model_id,
        "object": "model",
        "created": 1_700_000_000 + rng.randrange(60_000_000),
        "owned_by": org,
    }
    if rng.random() > 0.05:
        inputs = ["text", "image"] if rng.random() < 0.2 else ["text"]
        model["architecture"] = {"input_modalities": inputs, "output_modalities": ["text"]}
    if rng.random() < 0.05:
        model["name"] = rng.choice(NAMES)
    count = 0 if rng.random() < 0.03 else rng.randint(1, 6)
    model["providers"] = [_offer(rng, org, p) for p in rng.sample(PROVIDERS, count)]
    return model


def _offer(rng: random.Random, org: str, provider: str) -> dict[str, Any]:
    offer: dict[str, Any] = {
        "provider": provider,
        "status": "live" if rng.random() < 0.9 else "error",
        "is_model_author": provider == org.lower(),
    }
    if rng.random() < 0.8:
        offer["context_length"] = rng.choice((8192, 32768, 65536, 131072, 163840, 262144))
    if rng.random() < 0.7:
        price_in = round(rng.uniform(0.02, 3.0), 2)
        offer["pricing"] = {"input": price_in, "output": round(price_in * rng.uniform(1, 4), 2)}
    if rng.random() < 0.05:
        offer["is_free"] = True
    if rng.random() < 0.8:
        offer["supports_tools"] = rng.random() < 0.7
        offer["supports_structured_output"] = rng.random() < 0.5
    if rng.random() < 0.6:
        offer["first_token_latency_ms"] = round(rng.uniform(100, 3000), 1)
        offer["throughput"] = round(rng.uniform(5, 2000), 2)
    return offer
