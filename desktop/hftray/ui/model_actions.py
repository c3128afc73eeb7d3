"""What the Models page asks of the config: which refs are in use, and the routing edits.

Kept apart from the widgets so the page only lays out and reacts. The edits go through
`AppContext.edit_config`, so they are saved off the UI thread and refused, writing nothing, on
a conflict, an invalid result or a bad alias (the errors propagate to the page).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from hftray.core import routing
from hftray.core.config_edit import EditResult, aliases_by_name
from hftray.core.errors import HFTrayError
from hftray.core.refs import ModelRef, RefError, config_ref
from hftray.ui.catalog_table import Marks
from hftray.ui.context import AppContext

ALIAS_RANK = 1000
FAVOURITE_RANK = 2000


def _hf_ref(text: str, aliases: dict[str, str]) -> ModelRef | None:
    """The Hugging Face ref a config string stands for (aliases resolved, as CoderClaw does);
    None for another provider's model or a malformed ref (the Routing page explains those)."""
    try:
        return config_ref(text, aliases)
    except RefError:
        return None


def read_marks(context: AppContext) -> tuple[Marks, HFTrayError | None]:
    """Primary, fallbacks, aliases and favourites as the table shows them.

    When the config holds routing in a shape CoderClaw refuses, only favourites are marked and
    the error is returned for the page to show.
    """
    favourites = context.settings.favourites
    error: HFTrayError | None = None
    try:
        current = context.routing()
    except HFTrayError as exc:
        current, error = None, exc
    roles: dict[str, list[str]] = {}
    ranks: dict[str, int] = {}
    order: list[ModelRef] = []

    def mark(ref: ModelRef | None, role: str | None, rank: int) -> None:
        if ref is None:
            return
        if ref not in order:
            order.append(ref)
        if role:
            roles.setdefault(ref.full, []).append(role)
        ranks[ref.full] = min(rank, ranks.get(ref.full, rank))

    if current is not None:
        aliases = aliases_by_name(current)
        if current.primary:
            mark(
                _hf_ref(current.primary, aliases),
                QCoreApplication.translate("ModelActions", "primary"),
                0,
            )
        for number, text in enumerate(current.fallbacks, start=1):
            role = QCoreApplication.translate("ModelActions", "fallback {number}").format(
                number=number
            )
            mark(_hf_ref(text, aliases), role, number)
        for full, alias in current.aliases.items():
            role = QCoreApplication.translate("ModelActions", "alias “{alias}”").format(alias=alias)
            mark(_hf_ref(full, {}), role, ALIAS_RANK)
    for full in favourites:
        mark(_hf_ref(full, {}), None, FAVOURITE_RANK)
    marks = Marks(
        roles={ref: ", ".join(labels) for ref, labels in roles.items()},
        ranks=ranks,
        favourites=frozenset(favourites),
        configured=tuple(order),
    )
    return marks, error


def alias_of(context: AppContext, ref: ModelRef) -> str | None:
    try:
        current = context.routing()
    except HFTrayError:
        return None
    return None if current is None else current.aliases.get(ref.full)


def _entry_for(context: AppContext) -> routing.EntryFor:
    catalog = context.catalog

    def entry_for(ref: ModelRef) -> dict[str, Any] | None:
        return catalog.entry_for(ref) if catalog is not None else None

    return entry_for


async def add_fallback(context: AppContext, ref: ModelRef) -> EditResult:
    entry_for = _entry_for(context)
    return await context.edit_config(lambda text: routing.add_fallback(text, ref, entry_for))


async def set_alias(context: AppContext, ref: ModelRef, alias: str) -> EditResult:
    """Raises `routing.AliasError` (empty, contains '/', taken) before anything is written."""
    return await context.edit_config(lambda text: routing.set_alias(text, ref, alias))


async def remove_alias(context: AppContext, ref: ModelRef) -> EditResult:
    return await context.edit_config(lambda text: routing.remove_alias(text, ref))
