"""A parsed model list as compact JSON, so start-up reads it back without re-parsing `/v1/models`.

The router's body is about 900 bytes per model of repeated keys; `json.loads` on 10 000 models
makes some 50 000 short-lived dicts, which is most of start-up's time and memory peak. Here each
record field is one JSON array (column), so the file is a handful of long flat lists, a sixth the
size of the body. Columns whose values repeat (providers, statuses, owners, prices, context
lengths) are stored once in a `values` table with an `index` per record: reading them back gives
every record the same string, tuple or number object, which is what keeps 35 000 offers small in
memory. JSON rather than pickle or marshal: the file is data, and loading it must never run code.

`decode(encode(models)) == models` for any list of `CatalogModel`; a file of another format
version or shape raises `ValueError`, which the cache treats as "nothing cached".
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
import sys
from collections.abc import Iterator, Sequence
from itertools import islice, repeat
from typing import Any

from hftray.core.catalog_model import CatalogModel, Offer

FORMAT = 1
"""Bumped whenever the layout or the record fields change: an older file then reads as no cache."""

_UNIQUE = frozenset({"id", "display_name", "latency_ms", "throughput"})
"""Fields whose values seldom repeat: stored as plain arrays. Every other field is a table."""

_TUPLES = frozenset({"input_modalities"})
"""Fields holding tuples, which JSON brings back as lists."""

_INDEX_BASE = 32  # index i is the character chr(32 + i): printable, one byte while i < 95
_TABLE_LIMIT = 0xD800 - _INDEX_BASE  # beyond, the characters would be UTF-16 surrogates
_BELOW_BASE = re.compile(f"[\\x00-\\x{_INDEX_BASE - 1:02x}]")


def encode(models: Sequence[CatalogModel]) -> bytes:
    """The compact JSON of `models` (in order)."""
    offers = [offer for model in models for offer in model.offers]
    document = {
        "format": FORMAT,
        "models": _columns(models, CatalogModel._fields),
        "offer_counts": _table([len(model.offers) for model in models]),
        "offers": _columns(offers, Offer._fields),
    }
    # ASCII escapes: a name may hold a lone surrogate, which UTF-8 cannot encode.
    return json.dumps(document, separators=(",", ":")).encode()


def decode(data: bytes) -> list[CatalogModel]:
    """The models `encode` wrote; `ValueError` when `data` is not that format."""
    try:
        with _collector_paused():
            return _decode(data)
    except (TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"damaged compact model list: {exc!r}") from exc


def _decode(data: bytes) -> list[CatalogModel]:
    document = json.loads(data)
    if type(document) is not dict or document.get("format") != FORMAT:
        raise ValueError(f"not a compact model list of format {FORMAT}")
    counts = _column(document["offer_counts"], "offer_counts")
    offers = _records(Offer, Offer._fields, document["offers"], sum(counts))
    remaining = iter(offers)  # exactly sum(counts) of them, in model order
    groups = list(map(tuple, map(islice, repeat(remaining), counts)))
    columns = {**document["models"], "offers": groups}
    return _records(CatalogModel, CatalogModel._fields, columns, len(counts))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Without the cyclic garbage collector: the 45 000 new records trigger collections that
    find nothing to free (every record is kept) yet cost a third of the decoding time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _columns(records: Sequence[tuple[Any, ...]], fields: Sequence[str]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for position, field in enumerate(fields):
        if field == "offers":  # stored as a table of their own
            continue
        values = [record[position] for record in records]
        columns[field] = values if field in _UNIQUE else _table(values)
    return columns


def _table(values: list[Any]) -> dict[str, Any] | list[Any]:
    """Each distinct value once, and per record its position as one character of a string:
    a string is one JSON token however long, where a list costs `json.loads` one per item."""
    # Keyed by value: every value of one column has one type, so 1 and True never meet.
    slots: dict[Any, int] = {}
    index = [slots.setdefault(value, len(slots)) for value in values]
    if len(slots) > _TABLE_LIMIT:
        return values
    return {"values": list(slots), "index": "".join([chr(_INDEX_BASE + i) for i in index])}


def _records(
    kind: type[tuple[Any, ...]], fields: Sequence[str], columns: Any, count: int
) -> list[Any]:
    """`count` records of `kind` from their stored columns, one per field."""
    table: list[list[Any]] = []
    for field in fields:
        column = _column(columns[field], field)
        if len(column) != count:
            raise ValueError(f"column {field!r} does not have {count} entries")
        table.append(column)
    # tuple.__new__ straight from the zipped rows: a named tuple's own __new__ is a Python call.
    return list(map(tuple.__new__, repeat(kind), zip(*table, strict=True)))


def _column(stored: Any, field: str) -> list[Any]:
    """A column's values, one per record, from a plain array or a table."""
    if type(stored) is list:
        return [_shared(value) for value in stored] if field in _TUPLES else stored
    if type(stored) is not dict:
        raise ValueError("a column is neither an array nor a table")
    index = stored["index"]
    if _BELOW_BASE.search(index):  # such an index would count from the end of the table
        raise ValueError("a table index below the first value")
    # Padded so that character code c is table[c]: the lookups stay in C, no arithmetic.
    table = [None] * _INDEX_BASE + [_shared(value) for value in stored["values"]]
    return list(map(table.__getitem__, map(ord, index)))


def _shared(value: Any) -> Any:
    """A table value as the record holds it: names interned, modality lists as tuples."""
    if type(value) is str:
        return sys.intern(value)
    if type(value) is list:
        return tuple(_shared(item) for item in value)
    return value
