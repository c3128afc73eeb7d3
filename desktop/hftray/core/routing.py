"""The tray's routing edits on `coderclaw.json`: primary, fallbacks and aliases.

Every operation takes the config text and returns new text, edited in place by `json5text`.
Two CoderClaw rules shape the edits (see docs/coderclaw.md §4):

- `agents.defaults.models` doubles as an allowlist: once it is non-empty, a primary or fallback
  missing from it is silently dropped. So every ref in use gets an entry (`{}` is enough).
- a suffixed id (`org/model:cheapest`) only resolves if `models.providers.huggingface.models`
  lists it, so every Hugging Face ref in use gets an explicit entry with the exact id.

How we know what we added: each allowlist or provider entry we create has the line
`// added by CoderClaw HF Tray` written above it. Only marked entries are ever removed, and only
when no ref uses them any more (and, for the allowlist, when nobody gave them an alias or
params). Entries without the mark are the user's and are never changed or removed. If
CoderClaw's own writer rewrites the file, the marks are lost with every other comment; those
entries are then simply kept for good, which is safe.

Favourites are the tray's own setting and never written here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hftray.core import json5text
from hftray.core.catalog import policy_label
from hftray.core.catalog_model import derive_display_name
from hftray.core.errors import HFTrayError
from hftray.core.refs import PROVIDER, ModelRef, RefError, config_ref

MARK = "added by CoderClaw HF Tray"
BASE_URL = "https://router.huggingface.co/v1"
API = "openai-completions"

MODEL = ("agents", "defaults", "model")
PRIMARY = (*MODEL, "primary")
FALLBACKS = (*MODEL, "fallbacks")
ALLOWLIST = ("agents", "defaults", "models")
PROVIDER_BLOCK = ("models", "providers", PROVIDER)
PROVIDER_MODELS = (*PROVIDER_BLOCK, "models")

EntryFor = Callable[[ModelRef], dict[str, Any] | None]


class RoutingError(HFTrayError):
    """The config holds routing settings in a shape CoderClaw does not accept."""


class AliasError(HFTrayError):
    """An alias that cannot be used: empty, or already taken."""


@dataclass
class Routing:
    """The routing settings as CoderClaw reads them."""

    primary: str | None = None
    fallbacks: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # full ref -> alias
    allowlist: dict[str, dict[str, Any]] = field(default_factory=dict)
    provider_models: list[dict[str, Any]] = field(default_factory=list)


def _dotted(path: Sequence[str]) -> str:
    return ".".join(path)


def _get(data: Any, path: Sequence[str], kind: type, kind_name: str) -> Any:
    """The value at `path`, None when missing, RoutingError when it has the wrong type."""
    node = data
    for depth, key in enumerate(path):
        if node is None:
            return None
        if not isinstance(node, dict):
            where = _dotted(path[:depth])
            raise RoutingError(
                f"{where} in coderclaw.json is not an object",
                fix=f"correct {where} by hand; CoderClaw expects an object there",
            )
        node = node.get(key)
    if node is not None and not isinstance(node, kind):
        raise RoutingError(
            f"{_dotted(path)} in coderclaw.json is not {kind_name}",
            fix=_shape_fix(path, kind_name),
        )
    return node


def _shape_fix(path: Sequence[str], kind_name: str) -> str:
    if tuple(path) == MODEL:
        return 'write it as model: { primary: "huggingface/org/model" } (CoderClaw needs an object)'
    return f"correct {_dotted(path)} by hand: CoderClaw expects {kind_name} there"


def read_routing(data: Any) -> Routing:
    """The routing settings in parsed config data (None for an empty file)."""
    if data is not None and not isinstance(data, dict):
        raise RoutingError(
            "coderclaw.json does not hold an object", fix="restore a backup or fix the file"
        )
    model = _get(data, MODEL, dict, "an object")
    allowlist = _get(data, ALLOWLIST, dict, "an object") or {}
    provider_models = _get(data, PROVIDER_MODELS, list, "an array") or []
    primary = None if model is None else model.get("primary")
    fallbacks = [] if model is None else model.get("fallbacks", [])
    if primary is not None and not isinstance(primary, str):
        raise RoutingError(f"{_dotted(PRIMARY)} is not a string", fix=_shape_fix(PRIMARY, "a ref"))
    if not isinstance(fallbacks, list) or not all(isinstance(f, str) for f in fallbacks):
        raise RoutingError(
            f"{_dotted(FALLBACKS)} is not a list of refs", fix=_shape_fix(FALLBACKS, "a list")
        )
    return Routing(
        primary=primary,
        fallbacks=list(fallbacks),
        aliases={
            ref: entry["alias"]
            for ref, entry in allowlist.items()
            if isinstance(entry, dict) and isinstance(entry.get("alias"), str)
        },
        allowlist={ref: entry for ref, entry in allowlist.items() if isinstance(entry, dict)},
        provider_models=[entry for entry in provider_models if isinstance(entry, dict)],
    )


def _alias_targets(routing: Routing) -> dict[str, str]:
    return {alias.strip().casefold(): ref for ref, alias in routing.aliases.items()}


def _resolve(text: str, routing: Routing) -> str | None:
    """The ref a primary or fallback string stands for (aliases resolved), or None."""
    target = _alias_targets(routing).get(text.strip().casefold())
    if target is not None:
        return target
    return text.strip() if "/" in text else None


def _used_refs(routing: Routing) -> list[str]:
    """Refs in use by the primary and fallbacks, in order, without repeats."""
    used: list[str] = []
    for text in [routing.primary, *routing.fallbacks]:
        ref = None if text is None else _resolve(text, routing)
        if ref is not None and ref not in used:
            used.append(ref)
    return used


def _hf_ref(full: str) -> ModelRef | None:
    try:
        return config_ref(full, {})
    except RefError:
        return None


def _routing(text: str) -> Routing:
    return read_routing(json5text.parse_shared(text))


def _ensure_object(text: str, path: Sequence[str]) -> str:
    if _get(json5text.parse_shared(text), path, dict, "an object") is None:
        return json5text.set_value(text, path, {})
    return text


def _ensure_allowlist(text: str) -> str:
    """Give every ref in use an allowlist entry (marked), so none is dropped."""
    data = json5text.parse_shared(text)
    present = _get(data, ALLOWLIST, dict, "an object") or {}
    for ref in _used_refs(read_routing(data)):
        if ref not in present:
            text = _ensure_object(text, ALLOWLIST)
            text = json5text.set_value(text, [*ALLOWLIST, ref], {}, comment=MARK)
    return text


def _ensure_provider(text: str, entry_for: EntryFor) -> str:
    """Give every Hugging Face ref in use an explicit provider model entry with its exact id."""
    routing = _routing(text)
    wanted = [ref for ref in map(_hf_ref, _used_refs(routing)) if ref is not None]
    if not wanted:
        return text
    block = _get(json5text.parse_shared(text), PROVIDER_BLOCK, dict, "an object")
    if block is None:
        text = json5text.set_value(
            text, PROVIDER_BLOCK, {"baseUrl": BASE_URL, "api": API, "models": []}
        )
    else:
        for key, value in (("baseUrl", BASE_URL), ("api", API), ("models", [])):
            if key not in block or (key == "baseUrl" and not block[key]):
                text = json5text.set_value(text, [*PROVIDER_BLOCK, key], value)
    known = {entry.get("id") for entry in _routing(text).provider_models}
    for ref in wanted:
        if ref.provider_model_id in known:
            continue
        entry = dict(entry_for(ref) or {})
        entry["id"] = ref.provider_model_id
        entry.setdefault("name", derive_display_name(ref.model_id) + policy_label(ref.policy))
        count = len(_routing(text).provider_models)
        text = json5text.insert_array_item(text, PROVIDER_MODELS, count, entry, comment=MARK)
        known.add(ref.provider_model_id)
    return text


def _marked(text: str, path: Sequence[str]) -> set[str | int]:
    """The members at `path` we added (they have our mark above them)."""
    return json5text.members_with_comment(text, path, MARK)


def _prune(text: str) -> str:
    """Remove entries we added that no ref uses any more (never the user's own)."""
    data = json5text.parse_shared(text)
    routing = read_routing(data)
    used = set(_used_refs(routing)) | _agent_list_refs(data)
    marked = _marked(text, ALLOWLIST)
    for ref, entry in routing.allowlist.items():
        if ref not in used and not entry and ref in marked:
            text = json5text.delete_key(text, [*ALLOWLIST, ref], comment=MARK)
            marked = _marked(text, ALLOWLIST)
    data = json5text.parse_shared(text)
    kept = set(_get(data, ALLOWLIST, dict, "an object") or {}) | used
    entries = _get(data, PROVIDER_MODELS, list, "an array") or []
    marked = _marked(text, PROVIDER_MODELS)
    for index in reversed(range(len(entries))):
        entry = entries[index]
        if not isinstance(entry, dict) or f"{PROVIDER}/{entry.get('id')}" in kept:
            continue
        if index in marked:
            text = json5text.remove_array_item(text, PROVIDER_MODELS, index, comment=MARK)
            marked = _marked(text, PROVIDER_MODELS)
    return text


def _agent_list_refs(data: Any) -> set[str]:
    """Refs that agents in `agents.list` name: ours must not be pruned while they do."""
    agents = _get(data, ("agents", "list"), list, "an array") or []
    found: set[str] = set()
    for agent in agents:
        model = agent.get("model") if isinstance(agent, dict) else None
        if isinstance(model, dict):
            model = [model.get("primary"), *(model.get("fallbacks") or [])]
        for text in model if isinstance(model, list) else [model]:
            if isinstance(text, str):
                found.add(text.strip())
    return found


def _after_change(text: str, entry_for: EntryFor | None) -> str:
    text = _ensure_allowlist(text)
    if entry_for is not None:
        text = _ensure_provider(text, entry_for)
    return _prune(text)


def set_primary(text: str, ref: ModelRef, entry_for: EntryFor) -> str:
    """Make `ref` the primary model, with its allowlist and provider entries."""
    _routing(text)  # refuses a config whose model setting has the wrong shape
    text = json5text.set_value(text, PRIMARY, ref.full)
    return _after_change(text, entry_for)


def _same_ref(text: str, ref: ModelRef, routing: Routing) -> bool:
    return _resolve(text, routing) == ref.full


def set_fallbacks(text: str, refs: Sequence[ModelRef], entry_for: EntryFor) -> str:
    """Make the fallbacks exactly `refs`, by the fewest item edits (comments stay in place)."""
    routing = _routing(text)
    current = list(routing.fallbacks)
    if not refs and not current:
        return text
    for index, ref in enumerate(refs):
        found = next(
            (j for j in range(index, len(current)) if _same_ref(current[j], ref, routing)), None
        )
        if found is None:
            text = json5text.insert_array_item(text, FALLBACKS, index, ref.full)
            current.insert(index, ref.full)
        elif found != index:
            text = json5text.move_array_item(text, FALLBACKS, found, index)
            current.insert(index, current.pop(found))
    for index in reversed(range(len(refs), len(current))):
        text = json5text.remove_array_item(text, FALLBACKS, index)
    return _after_change(text, entry_for)


def add_fallback(text: str, ref: ModelRef, entry_for: EntryFor) -> str:
    """Append `ref` to the fallbacks (no change if it is already one)."""
    routing = _routing(text)
    if any(_same_ref(f, ref, routing) for f in routing.fallbacks):
        return _after_change(text, entry_for)
    text = json5text.insert_array_item(text, FALLBACKS, len(routing.fallbacks), ref.full)
    return _after_change(text, entry_for)


def remove_fallback(text: str, ref: ModelRef) -> str:
    """Remove `ref` from the fallbacks, and our entries for it unless still in use."""
    routing = _routing(text)
    for index in reversed(range(len(routing.fallbacks))):
        if _same_ref(routing.fallbacks[index], ref, routing):
            text = json5text.remove_array_item(text, FALLBACKS, index)
    return _after_change(text, None)


def move_fallback(text: str, src: int, dst: int) -> str:
    """Move a fallback from index `src` to `dst`, keeping its comments with it."""
    _routing(text)
    return json5text.move_array_item(text, FALLBACKS, src, dst)


def set_alias(text: str, ref: ModelRef, alias: str) -> str:
    """Give `ref` an alias; aliases are trimmed and unique regardless of case, as in CoderClaw."""
    alias = alias.strip()
    if not alias:
        raise AliasError("the alias is empty", fix="type a short name, or remove the alias")
    if "/" in alias:
        raise AliasError(
            f"'{alias}' contains '/', so it would be read as a model id",
            fix="choose an alias without '/'",
        )
    routing = _routing(text)
    owner = _alias_targets(routing).get(alias.casefold())
    if owner is not None and owner != ref.full:
        raise AliasError(
            f"the alias '{alias}' is already used by {owner}",
            fix=f"choose another alias, or remove it from {owner} first",
        )
    if routing.aliases.get(ref.full) == alias:
        return text
    if ref.full not in routing.allowlist:
        text = _ensure_object(text, ALLOWLIST)
        text = json5text.set_value(text, [*ALLOWLIST, ref.full], {}, comment=MARK)
    text = json5text.set_value(text, [*ALLOWLIST, ref.full, "alias"], alias)
    return _after_change(text, None)


def remove_alias(text: str, ref: ModelRef) -> str:
    """Remove the alias of `ref`; an entry we added and nothing uses then goes too."""
    if ref.full not in _routing(text).aliases:
        return text
    text = json5text.delete_key(text, [*ALLOWLIST, ref.full, "alias"])
    return _after_change(text, None)
