"""The fake server's data: the recorded fixtures and the fake tokens that select a whoami answer.

Tokens are built here, in tests/, because they have the shape of real ones (`hf_` + 34 letters)
and the repository's checks flag token-shaped strings anywhere else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ROUTER_MODELS_FILE = DATA_DIR / "router-models.json"
WHOAMI_FILE = DATA_DIR / "whoami.json"

# whoami.json cases whose token may not call Inference Providers (the router answers 403).
NO_INFERENCE_CASES = frozenset({"fine_grained_without_inference"})


def load_whoami_cases() -> dict[str, dict[str, Any]]:
    """Every recorded whoami answer by case name: {"status", "headers", "body"}."""
    raw = json.loads(WHOAMI_FILE.read_text(encoding="utf-8"))
    return {name: case for name, case in raw.items() if not name.startswith("_")}


def _token_for(case: str) -> str:
    letters = "".join(ch for ch in case if ch.isalpha())
    return "hf_" + (letters + "Fake" * 9)[:34]


WHOAMI_CASES = load_whoami_cases()
# One token per whoami case, plus one the server has never heard of (answers 401).
TOKENS: dict[str, str] = {case: _token_for(case) for case in WHOAMI_CASES}
TOKENS["unknown"] = _token_for("unknownToken")
CASE_BY_TOKEN = {token: case for case, token in TOKENS.items() if case in WHOAMI_CASES}
assert len(set(TOKENS.values())) == len(TOKENS), "fake tokens must differ"


def default_models_body() -> bytes:
    return ROUTER_MODELS_FILE.read_bytes()
