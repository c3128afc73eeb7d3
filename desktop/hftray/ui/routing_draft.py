"""The Routing page's unsaved changes: the text it loaded plus the operations the user made.

The page keeps the operations, not only the text they produce, so that when `coderclaw.json`
changed on disk meanwhile the same changes can be replayed on the new file ("Re-apply my
changes") instead of overwriting it. An operation names what it works on by value (a ref, a
fallback as written), never by a position that may mean something else in the new file.

Qt-free: every edit is a `hftray.core.routing` op on text, cheap enough to run per click.
"""

from __future__ import annotations

from dataclasses import dataclass

from hftray.core import json5text
from hftray.core.catalog import Catalog, RefWarning
from hftray.core.config_edit import aliases_by_name
from hftray.core.errors import HFTrayError
from hftray.core.refs import PROVIDER, ModelRef, RefError, config_ref, parse_ref
from hftray.core.routing import (
    FALLBACKS,
    EntryFor,
    Routing,
    add_fallback,
    move_fallback,
    read_routing,
    remove_alias,
    remove_fallback,
    set_alias,
    set_primary,
)

NOT_IN_ALLOWLIST = "not-in-allowlist"
BAD_REF = "bad-ref"


class StaleEditError(HFTrayError):
    """An operation no longer fits the file it is replayed on."""


def _fallback_index(text: str, entry: str) -> int:
    fallbacks = read_routing(json5text.parse(text)).fallbacks
    if entry not in fallbacks:
        raise StaleEditError(
            f"{entry} is no longer a fallback", fix="look at the list again and redo the change"
        )
    return fallbacks.index(entry)


def hf_ref(entry: str, routing: Routing) -> ModelRef | None:
    """The Hugging Face ref a ref written in the file stands for (aliases resolved), else None.

    Unlike what a user types, a ref in the file always names its provider: `org/model` there
    is model `model` of provider `org`, not a Hugging Face id.
    """
    try:
        return config_ref(entry, aliases_by_name(routing))
    except RefError:
        return None


@dataclass(frozen=True)
class SetPrimary:
    ref: ModelRef

    def apply(self, text: str, entry_for: EntryFor) -> str:
        return set_primary(text, self.ref, entry_for)


@dataclass(frozen=True)
class AddFallback:
    ref: ModelRef

    def apply(self, text: str, entry_for: EntryFor) -> str:
        return add_fallback(text, self.ref, entry_for)


@dataclass(frozen=True)
class RemoveFallback:
    entry: str  # as written in the file: a full ref, an alias, another provider's ref

    def apply(self, text: str, entry_for: EntryFor) -> str:
        index = _fallback_index(text, self.entry)
        ref = hf_ref(self.entry, read_routing(json5text.parse(text)))
        if ref is not None:
            return remove_fallback(text, ref)
        return json5text.remove_array_item(text, FALLBACKS, index)


@dataclass(frozen=True)
class MoveFallback:
    entry: str
    dst: int

    def apply(self, text: str, entry_for: EntryFor) -> str:
        src = _fallback_index(text, self.entry)
        count = len(read_routing(json5text.parse(text)).fallbacks)
        dst = max(0, min(self.dst, count - 1))
        return text if src == dst else move_fallback(text, src, dst)


@dataclass(frozen=True)
class SetAlias:
    ref: ModelRef
    alias: str

    def apply(self, text: str, entry_for: EntryFor) -> str:
        return set_alias(text, self.ref, self.alias)


@dataclass(frozen=True)
class RemoveAlias:
    ref: ModelRef

    def apply(self, text: str, entry_for: EntryFor) -> str:
        return remove_alias(text, self.ref)


Op = SetPrimary | AddFallback | RemoveFallback | MoveFallback | SetAlias | RemoveAlias


class RoutingDraft:
    """Edits on a copy of the config text; nothing here touches the disk."""

    def __init__(self, base: str, entry_for: EntryFor) -> None:
        self.base = base
        self.text = base
        self.ops: list[Op] = []
        self._entry_for = entry_for
        self._routing: tuple[str, Routing] | None = None

    @property
    def dirty(self) -> bool:
        return self.text != self.base

    def routing(self) -> Routing:
        """The routing of the edited text; raises RoutingError for a shape CoderClaw refuses."""
        if self._routing is None or self._routing[0] != self.text:
            self._routing = (self.text, read_routing(json5text.parse(self.text)))
        return self._routing[1]

    def apply(self, op: Op) -> bool:
        """Apply `op`; False when it changes nothing. Raises HFTrayError, keeping the draft."""
        new = op.apply(self.text, self._entry_for)
        if new == self.text:
            return False
        self.ops.append(op)
        self.text = new
        return True

    def discard(self) -> None:
        self.ops.clear()
        self.text = self.base

    def rebase(self, base: str) -> list[tuple[Op, HFTrayError]]:
        """Replay the operations on a newer file; returns those that no longer apply."""
        ops, failed = list(self.ops), []
        self.base, self.text, self.ops = base, base, []
        for op in ops:
            try:
                self.apply(op)
            except HFTrayError as exc:
                failed.append((op, exc))
        return failed


def entry_warnings(
    entry: str, routing: Routing, catalog: Catalog | None, *, primary: str | None = None
) -> list[RefWarning]:
    """What is wrong with a primary or fallback (`primary` given for a fallback).

    The catalog's checks (not served, provider gone, no live provider, same provider as the
    primary) plus CoderClaw's allowlist rule: once `agents.defaults.models` is non-empty, a ref
    missing from it is silently dropped.
    """
    warnings: list[RefWarning] = []
    ref = hf_ref(entry, routing)
    if ref is None and entry.strip().startswith(PROVIDER + "/"):
        try:
            parse_ref(entry)
        except RefError as exc:
            warnings.append(RefWarning(BAD_REF, exc.one_line()))
    full = ref.full if ref is not None else entry.strip()
    if routing.allowlist and full not in routing.allowlist:
        warnings.append(
            RefWarning(
                NOT_IN_ALLOWLIST,
                f"{full} is not in agents.defaults.models, so CoderClaw ignores it",
            )
        )
    if ref is not None and catalog is not None:
        primary_ref = hf_ref(primary, routing) if primary is not None else None
        warnings[:0] = catalog.check_ref(ref, primary_ref)
    return warnings


def alias_rows(routing: Routing) -> list[str]:
    """Refs the aliases table lists: every allowlist entry, then refs in use without one."""
    rows = list(routing.allowlist)
    for entry in [routing.primary, *routing.fallbacks]:
        ref = None if entry is None else hf_ref(entry, routing)
        if ref is not None and ref.full not in rows:
            rows.append(ref.full)
    return rows


def completion_words(catalog: Catalog | None) -> list[str]:
    """What the ref fields offer as you type: each model id and its policy variants."""
    if catalog is None:
        return []
    words: list[str] = []
    for model in catalog.models:
        words.append(model.id)
        words.extend(f"{model.id}:{policy}" for policy in catalog.policies_for(model.id))
    return words
