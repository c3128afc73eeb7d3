"""Comparing parsed JSON5 data strictly: NaN equals NaN, 1 differs from 1.0 and from True."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

CONFIGS = Path(__file__).resolve().parent.parent / "data" / "configs"


def same_data(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def config_text(name: str) -> str:
    return (CONFIGS / name).read_text(encoding="utf-8")
