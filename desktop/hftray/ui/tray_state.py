"""The tray menu as plain data, built from a plain snapshot of the app's state.

No Qt here: `build_menu(state)` is tested without a screen, and `tray.py` turns the result into a
`QMenu` each time the menu opens. Texts are English literals marked for Qt's translation tools; the
caller passes `tr` (context "TrayMenu") so this module never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum

from hftray.core.refs import PROVIDER, RefError, config_ref, parse_ref, resolve_alias
from hftray.core.translatable import QT_TRANSLATE_NOOP

TRANSLATION_CONTEXT = "TrayMenu"
Translate = Callable[[str], str]


class IconState(Enum):
    READY = "ready"
    WORKING = "working"
    ATTENTION = "attention"


class Action(StrEnum):
    """What a menu item does; `tray.py` maps each to a handler."""

    STATUS = "status"
    SET_PRIMARY = "set-primary"
    PRIMARY_MENU = "primary-menu"
    NO_MODELS = "no-models"
    REFRESH = "refresh"
    SETTINGS = "settings"
    RESTART_GATEWAY = "restart-gateway"
    OPEN_CONFIG_FOLDER = "open-config-folder"
    QUIT = "quit"
    SEPARATOR = "separator"


@dataclass(frozen=True)
class MenuItem:
    action: Action
    text: str = ""
    checked: bool | None = None  # None: not checkable
    enabled: bool = True
    children: tuple[MenuItem, ...] = ()
    ref: str | None = None  # the full model ref for SET_PRIMARY
    tooltip: str = ""


SEPARATOR = MenuItem(Action.SEPARATOR)


@dataclass(frozen=True)
class TrayState:
    """What the tray needs to know; the AppContext fills it from config, token and catalog."""

    user: str | None = None
    has_token: bool | None = None  # None: not known yet (keyring still answering)
    problem: str | None = None  # what is wrong, in words; puts the icon in "attention"
    busy: bool = False
    primary: str | None = None
    fallbacks: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)  # full ref -> alias
    favourites: tuple[str, ...] = ()
    display_names: Mapping[str, str] = field(default_factory=dict)  # model id -> catalog name
    config_editable: bool = True  # False when the config is unreadable or read-only (Nix mode)
    has_gateway_service: bool = False


@dataclass(frozen=True)
class ConfiguredModel:
    ref: str
    label: str
    current: bool
    pickable: bool  # False for refs the tray cannot write (another provider, unreadable)


def icon_state(state: TrayState) -> IconState:
    """Work under way shows as "working" even over a problem: it is brief and was asked for."""
    if state.busy:
        return IconState.WORKING
    if state.problem:
        return IconState.ATTENTION
    return IconState.READY


def _normalise(ref: str, aliases: Mapping[str, str]) -> tuple[str, bool]:
    """The full ref `ref` stands for (aliases resolved, trimmed and case-insensitively, as
    CoderClaw does), and whether it is a Hugging Face ref the tray can make primary.

    Config refs are `provider/model`: without the `huggingface/` prefix a ref belongs to
    another provider, even when it looks like a bare `org/model`.
    """
    by_name = {alias: full for full, alias in aliases.items()}
    try:
        found = config_ref(ref, by_name)
    except RefError:
        found = None
    return (found.full, True) if found is not None else (resolve_alias(ref, by_name) or ref, False)


def model_label(ref: str, state: TrayState) -> str:
    """Alias first, else the catalog's display name (with the policy), else the id."""
    alias = state.aliases.get(ref)
    if alias and alias.strip():
        return alias.strip()
    try:
        parsed = parse_ref(ref)
    except RefError:
        return ref.removeprefix(PROVIDER + "/")
    name = state.display_names.get(parsed.model_id) or parsed.model_id
    return f"{name} :{parsed.policy}" if parsed.policy else name


def configured_models(state: TrayState) -> list[ConfiguredModel]:
    """Primary, fallbacks, aliased, then favourites, each once, in that order."""
    primary = _normalise(state.primary, state.aliases)[0] if state.primary else None
    found: dict[str, bool] = {}
    for ref in (
        *((state.primary,) if state.primary else ()),
        *state.fallbacks,
        *state.aliases,
        *state.favourites,
    ):
        full, pickable = _normalise(ref, state.aliases)
        found.setdefault(full, pickable)
    aliases = {_normalise(ref, {})[0]: alias for ref, alias in state.aliases.items()}
    view = TrayState(aliases=aliases, display_names=state.display_names)
    return [
        ConfiguredModel(ref, model_label(ref, view), ref == primary, pickable)
        for ref, pickable in found.items()
    ]


def status_text(state: TrayState, tr: Translate) -> str:
    if state.problem:
        return state.problem
    if state.user:
        return tr(QT_TRANSLATE_NOOP("TrayMenu", "Signed in to Hugging Face as {name}")).format(
            name=state.user
        )
    if state.has_token is False:
        return tr(QT_TRANSLATE_NOOP("TrayMenu", "No Hugging Face token — open Settings"))
    if state.has_token is None:
        return tr(QT_TRANSLATE_NOOP("TrayMenu", "Reading the keyring…"))
    return tr(QT_TRANSLATE_NOOP("TrayMenu", "Token stored, not checked yet"))


def tooltip_text(state: TrayState, tr: Translate) -> str:
    """The icon's tooltip: the app, the primary model, and what is wrong if anything."""
    lines = ["CoderClaw HF Tray"]
    current = next((model for model in configured_models(state) if model.current), None)
    if current:
        lines.append(
            tr(QT_TRANSLATE_NOOP("TrayMenu", "Primary: {model}")).format(model=current.label)
        )
    if state.busy:
        lines.append(tr(QT_TRANSLATE_NOOP("TrayMenu", "Working…")))
    if state.problem:
        lines.append(state.problem)
    return "\n".join(lines)


def _primary_menu(state: TrayState, tr: Translate) -> MenuItem:
    models = configured_models(state)
    children: tuple[MenuItem, ...]
    if models:
        children = tuple(
            MenuItem(
                Action.SET_PRIMARY,
                model.label,
                checked=model.current,
                enabled=state.config_editable and model.pickable,
                ref=model.ref,
                tooltip=model.ref,
            )
            for model in models
        )
    else:
        children = (
            MenuItem(
                Action.NO_MODELS,
                tr(QT_TRANSLATE_NOOP("TrayMenu", "No models configured yet")),
                enabled=False,
            ),
        )
    return MenuItem(
        Action.PRIMARY_MENU, tr(QT_TRANSLATE_NOOP("TrayMenu", "Primary model")), children=children
    )


def build_menu(state: TrayState, tr: Translate = str) -> tuple[MenuItem, ...]:
    """The whole menu, top to bottom."""
    items: list[MenuItem] = [
        MenuItem(Action.STATUS, status_text(state, tr), enabled=False),
        SEPARATOR,
        _primary_menu(state, tr),
        SEPARATOR,
        MenuItem(
            Action.REFRESH,
            tr(QT_TRANSLATE_NOOP("TrayMenu", "Refresh model list")),
            enabled=not state.busy,
        ),
        MenuItem(Action.SETTINGS, tr(QT_TRANSLATE_NOOP("TrayMenu", "Settings…"))),
    ]
    if state.has_gateway_service:
        items.append(
            MenuItem(Action.RESTART_GATEWAY, tr(QT_TRANSLATE_NOOP("TrayMenu", "Restart gateway")))
        )
    items += [
        MenuItem(
            Action.OPEN_CONFIG_FOLDER, tr(QT_TRANSLATE_NOOP("TrayMenu", "Open config folder"))
        ),
        SEPARATOR,
        MenuItem(Action.QUIT, tr(QT_TRANSLATE_NOOP("TrayMenu", "Quit"))),
    ]
    return tuple(items)
