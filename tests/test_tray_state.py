"""The tray menu is data: built from a plain state and checked without a screen."""

from __future__ import annotations

import subprocess
import sys

from hftray.ui.tray_state import (
    Action,
    IconState,
    MenuItem,
    TrayState,
    build_menu,
    configured_models,
    icon_state,
    tooltip_text,
)

R1 = "huggingface/deepseek-ai/DeepSeek-R1"
QWEN_CHEAP = "huggingface/Qwen/Qwen3-8B:cheapest"
LLAMA = "huggingface/meta-llama/Llama-3.3-70B-Instruct"
GEMMA = "huggingface/google/gemma-3-27b-it"


def actions(items: tuple[MenuItem, ...]) -> list[Action]:
    return [item.action for item in items]


def primary_submenu(state: TrayState) -> tuple[MenuItem, ...]:
    (menu,) = [item for item in build_menu(state) if item.action is Action.PRIMARY_MENU]
    return menu.children


def test_menu_has_the_documented_items_in_order() -> None:
    menu = build_menu(TrayState(user="ada"))
    assert actions(menu) == [
        Action.STATUS,
        Action.SEPARATOR,
        Action.PRIMARY_MENU,
        Action.SEPARATOR,
        Action.REFRESH,
        Action.SETTINGS,
        Action.OPEN_CONFIG_FOLDER,
        Action.SEPARATOR,
        Action.QUIT,
    ]
    assert [item.text for item in menu if item.text][2:] == [
        "Refresh model list",
        "Settings…",
        "Open config folder",
        "Quit",
    ]


def test_restart_gateway_appears_only_with_a_gateway_service() -> None:
    assert Action.RESTART_GATEWAY not in actions(build_menu(TrayState()))
    menu = build_menu(TrayState(has_gateway_service=True))
    assert actions(menu).index(Action.RESTART_GATEWAY) == actions(menu).index(Action.SETTINGS) + 1


def test_status_line_names_the_user_or_the_problem() -> None:
    assert build_menu(TrayState(user="ada"))[0].text == "Signed in to Hugging Face as ada"
    problem = "Token rejected by Hugging Face"
    status = build_menu(TrayState(user="ada", problem=problem))[0]
    assert status.text == problem
    assert status.enabled is False
    assert "No Hugging Face token" in build_menu(TrayState(has_token=False))[0].text


def test_configured_models_are_primary_fallbacks_aliased_favourites_once_each() -> None:
    state = TrayState(
        primary=R1,
        fallbacks=(QWEN_CHEAP, R1),
        aliases={LLAMA: "Llama", QWEN_CHEAP: "Qwen cheap"},
        favourites=(GEMMA, LLAMA),
        display_names={"deepseek-ai/DeepSeek-R1": "DeepSeek R1"},
    )
    models = configured_models(state)
    assert [m.ref for m in models] == [R1, QWEN_CHEAP, LLAMA, GEMMA]
    assert [m.label for m in models] == [
        "DeepSeek R1",
        "Qwen cheap",
        "Llama",
        "google/gemma-3-27b-it",
    ]


def test_only_the_primary_is_checked_and_each_item_carries_its_ref() -> None:
    children = primary_submenu(TrayState(primary=R1, fallbacks=(QWEN_CHEAP,)))
    assert [(c.action, c.ref, c.checked) for c in children] == [
        (Action.SET_PRIMARY, R1, True),
        (Action.SET_PRIMARY, QWEN_CHEAP, False),
    ]


def test_a_config_ref_without_the_huggingface_prefix_belongs_to_another_provider() -> None:
    models = configured_models(TrayState(primary="deepseek-ai/DeepSeek-R1", favourites=(R1,)))
    assert [(m.ref, m.current, m.pickable) for m in models] == [
        ("deepseek-ai/DeepSeek-R1", True, False),
        (R1, False, True),
    ]


def test_policy_variant_without_alias_shows_its_policy() -> None:
    state = TrayState(fallbacks=(QWEN_CHEAP,), display_names={"Qwen/Qwen3-8B": "Qwen3 8B"})
    assert configured_models(state)[0].label == "Qwen3 8B :cheapest"


def test_no_configured_models_gives_a_disabled_hint() -> None:
    (child,) = primary_submenu(TrayState())
    assert child.action is Action.NO_MODELS
    assert child.enabled is False


def test_models_cannot_be_picked_when_config_is_not_editable() -> None:
    children = primary_submenu(TrayState(primary=R1, config_editable=False))
    assert [c.enabled for c in children] == [False]


def test_icon_state_follows_busy_then_problem() -> None:
    assert icon_state(TrayState()) is IconState.READY
    assert icon_state(TrayState(problem="config invalid")) is IconState.ATTENTION
    assert icon_state(TrayState(problem="config invalid", busy=True)) is IconState.WORKING


def test_refresh_is_disabled_while_busy() -> None:
    (refresh,) = [i for i in build_menu(TrayState(busy=True)) if i.action is Action.REFRESH]
    assert refresh.enabled is False


def test_texts_go_through_the_translator_with_placeholders_filled_after() -> None:
    seen: list[str] = []

    def tr(text: str) -> str:
        seen.append(text)
        return text.replace("Signed in to Hugging Face as", "已登录：")

    menu = build_menu(TrayState(user="ada"), tr)
    assert menu[0].text == "已登录： ada"
    assert "Quit" in seen
    assert "Signed in to Hugging Face as {name}" in seen


def test_tooltip_names_the_primary_by_its_alias_and_the_problem() -> None:
    text = tooltip_text(TrayState(primary=R1, aliases={R1: "R1"}, problem="offline"), str)
    assert text.splitlines() == ["CoderClaw HF Tray", "Primary: R1", "offline"]


def test_tray_state_module_does_not_import_qt() -> None:
    code = (
        "import sys, hftray.ui.tray_state, hftray.core.app_settings; "
        "sys.exit(any(m.startswith(('PySide6', 'shiboken6', 'qasync')) for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_primary_written_as_an_alias_is_the_aliased_model() -> None:
    state = TrayState(primary="deep", aliases={R1: "Deep"})
    assert [(m.ref, m.current, m.label) for m in configured_models(state)] == [(R1, True, "Deep")]


def test_models_of_other_providers_are_listed_but_cannot_be_picked() -> None:
    children = primary_submenu(TrayState(primary="openai/gpt-4o", fallbacks=(R1,)))
    assert [(c.text, c.enabled, c.checked) for c in children] == [
        ("openai/gpt-4o", False, True),
        ("deepseek-ai/DeepSeek-R1", True, False),
    ]
