"""Account page: token entry and check, results in words, stale copies fixed, first-run guide."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from hftray.core.catalog import Catalog
from hftray.core.envfile import EnvFile
from hftray.core.token_store import KeyringLockedError, SessionTokenStore
from hftray.core.whoami import INFERENCE_TOKEN_URL
from hftray.ui.context import AppContext
from hftray.ui.pages.account import AccountPage
from tests.fakehf import TOKENS, FakeHF, generate_catalog
from tests.support.fake_coderclaw import FakeCoderClaw, fake_coderclaw_fixture  # noqa: F401
from tests.support.focus import tab_chain
from tests.support.ui import context_fixture, qt_loop_fixture, run  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

R1 = "huggingface/deepseek-ai/DeepSeek-R1"
OLD = "hf_" + "Stale" * 6 + "Copy"


@pytest.fixture
def served(isolated_home: Path, fake_hf_env: FakeHF) -> FakeHF:
    """A config naming the fake router; HF_ENDPOINT names the fake hub."""
    config = isolated_home / ".coderclaw" / "coderclaw.json"
    config.parent.mkdir()
    config.write_text(
        "// mine\n{\n  models: {providers: {huggingface: {\n"
        f'    baseUrl: "{fake_hf_env.router_base}", api: "openai-completions", models: [],\n'
        "  }}},\n}\n",
        encoding="utf-8",
    )
    return fake_hf_env


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url).toString()))
    return urls


def make_page(qtbot: QtBot, context: AppContext, loop: asyncio.AbstractEventLoop) -> AccountPage:
    run(loop, context.load_local())
    run(loop, context.load_token())
    page = AccountPage(context)
    qtbot.addWidget(page)
    page.show()
    run(loop, context.wait_idle())
    return page


def enter_token(
    page: AccountPage, context: AppContext, loop: asyncio.AbstractEventLoop, token: str
) -> None:
    page.token_field.edit.setText(token)
    page.save_button.click()
    run(loop, context.wait_idle())


def shown_text(page: QWidget) -> str:
    """Everything a screenshot could show: labels, buttons, line edits as displayed."""
    parts = [label.text() for label in page.findChildren(QLabel)]
    parts += [b.text() + b.accessibleName() for b in page.findChildren(QAbstractButton)]
    parts += [e.displayText() for e in page.findChildren(QLineEdit)]
    return "\n".join(parts)


def test_the_token_field_is_masked_until_shown(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop
) -> None:
    page = make_page(qtbot, context, qt_loop)
    page.token_field.edit.setText(TOKENS["classic_read"])
    assert page.token_field.is_masked()
    assert TOKENS["classic_read"] not in shown_text(page)
    page.token_field.show_button.click()
    assert not page.token_field.is_masked()
    page.token_field.show_button.click()
    assert page.token_field.is_masked()


def test_a_fine_grained_token_with_inference_is_stored_and_described(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    served: FakeHF,
    isolated_home: Path,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    token = TOKENS["fine_grained_with_inference"]
    enter_token(page, context, qt_loop, token)
    assert context.token_store.get() == token
    assert page.user_label.text() == "Signed in as Zoë Ångström (zoe-angstrom)."
    assert page.type_label.text() == "Fine-grained token “tray-gateway”."
    assert page.inference_label.text() == "This token may call Inference Providers."
    assert page.permission_button.isHidden()
    assert page.token_field.text() == ""
    assert "The gateway uses the stored token" in page.effective_label.text()
    assert token not in shown_text(page)
    assert context.settings.path.exists() is False or token not in context.settings.path.read_text()


def test_a_token_without_inference_offers_the_token_page_with_the_permission(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    served: FakeHF,
    opened: list[str],
) -> None:
    page = make_page(qtbot, context, qt_loop)
    enter_token(page, context, qt_loop, TOKENS["fine_grained_without_inference"])
    assert "may not call Inference Providers" in page.inference_label.text()
    assert page.permission_button.isVisible()
    page.permission_button.click()
    assert opened == [INFERENCE_TOKEN_URL]


@pytest.mark.parametrize(
    ("case", "kind"),
    [
        ("classic_read", "Classic read token “laptop-read”."),
        ("classic_write", "Classic write token “ci-write”."),
    ],
)
def test_classic_tokens_are_named_by_their_role(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    served: FakeHF,
    case: str,
    kind: str,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    enter_token(page, context, qt_loop, TOKENS[case])
    assert page.user_label.text() == "Signed in as 李伟 (li-wei)."
    assert page.type_label.text() == kind
    assert page.inference_label.text() == "This token may call Inference Providers."
    assert page.permission_button.isHidden()


def test_a_rejected_token_is_not_stored_unless_the_user_insists(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    served: FakeHF,
    isolated_home: Path,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    token = TOKENS["unknown"]
    enter_token(page, context, qt_loop, token)
    assert "Token rejected by Hugging Face" in page.token_status.text()
    assert context.token_store.get() is None
    env = isolated_home / ".coderclaw" / ".env"
    assert not env.exists()
    assert page.store_anyway_button.isVisible()
    assert token not in shown_text(page)

    page.store_anyway_button.click()
    run(qt_loop, context.wait_idle())
    assert context.token_store.get() == token
    assert EnvFile.load(env).get("HF_TOKEN") == token
    assert page.store_anyway_button.isHidden()


def test_stale_env_and_auth_profile_copies_are_fixed_by_their_buttons(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    served: FakeHF,
    isolated_home: Path,
) -> None:
    state = isolated_home / ".coderclaw"
    (state / ".env").write_text(f"# mine\nHUGGINGFACE_HUB_TOKEN={OLD}\n", encoding="utf-8")
    profiles = state / "agents" / "main" / "agent" / "auth-profiles.json"
    profiles.parent.mkdir(parents=True)
    profiles.write_text(
        json.dumps(
            {
                "version": 1,
                "profiles": {
                    "huggingface:default": {
                        "type": "api_key",
                        "provider": "huggingface",
                        "key": OLD,
                    },
                    "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-x"},
                },
            }
        ),
        encoding="utf-8",
    )
    page = make_page(qtbot, context, qt_loop)
    token = TOKENS["classic_write"]
    enter_token(page, context, qt_loop, token)
    assert "different token" in page.effective_label.text()
    names = [b.accessibleName() for b in page._fix_buttons]
    assert names == [
        "Replace with the stored token: huggingface:default",
        "Remove this copy: huggingface:default",
        "Replace with the stored token: HUGGINGFACE_HUB_TOKEN",
        "Remove this copy: HUGGINGFACE_HUB_TOKEN",
    ]
    assert OLD not in shown_text(page) and token not in shown_text(page)

    page._fix_buttons[0].click()  # update the auth profile with the stored token
    run(qt_loop, context.wait_idle())
    data = json.loads(profiles.read_text(encoding="utf-8"))
    assert data["profiles"]["huggingface:default"]["key"] == token
    assert data["profiles"]["openai:default"]["key"] == "sk-x"

    (remove_env,) = [b for b in page._fix_buttons if b.accessibleName().startswith("Remove")]
    remove_env.click()
    run(qt_loop, context.wait_idle())
    env = EnvFile.load(state / ".env")
    assert env.get("HUGGINGFACE_HUB_TOKEN") is None
    assert env.get("HF_TOKEN") == token
    assert env.text.startswith("# mine\n")
    assert page._fix_buttons == []
    assert "The gateway uses the stored token" in page.effective_label.text()


def test_after_saving_the_gateway_restart_is_offered_and_run(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    served: FakeHF,
    fake_coderclaw: FakeCoderClaw,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    enter_token(page, context, qt_loop, TOKENS["classic_read"])
    assert page.restart_button.isVisible()
    page.restart_button.click()
    run(qt_loop, context.wait_idle())
    assert fake_coderclaw.calls() == [["gateway", "restart"], ["gateway", "status", "--json"]]
    assert "now: running (pid 4242, port 18789)" in page.restart_label.text()
    assert all(TOKENS["classic_read"] not in arg for call in fake_coderclaw.calls() for arg in call)


def test_without_coderclaw_the_restart_is_left_to_the_user(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    page = make_page(qtbot, context, qt_loop)
    enter_token(page, context, qt_loop, TOKENS["classic_read"])
    assert page.restart_button.isHidden()
    assert "coderclaw is not on PATH" in page.restart_label.text()


def test_remove_takes_the_token_out_of_the_store_and_env(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    served: FakeHF,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = make_page(qtbot, context, qt_loop)
    enter_token(page, context, qt_loop, TOKENS["classic_read"])
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    page.remove_button.click()
    run(qt_loop, context.wait_idle())
    assert context.token_store.get() is None
    assert EnvFile.load(isolated_home / ".coderclaw" / ".env").get("HF_TOKEN") is None
    assert page.user_label.isHidden()
    assert not page.remove_button.isEnabled()


def test_paste_checks_the_clipboard_token_at_once(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    page = make_page(qtbot, context, qt_loop)
    QGuiApplication.clipboard().setText("  " + TOKENS["classic_read"] + "\n")
    page.token_field.paste_button.click()
    run(qt_loop, context.wait_idle())
    QGuiApplication.clipboard().clear()
    assert context.token_store.get() == TOKENS["classic_read"]


class LockedStore(SessionTokenStore):
    def set(self, token: str) -> None:
        raise KeyringLockedError("Secret Service is locked", fix="unlock it and retry")


def test_a_locked_keyring_says_which_and_offers_this_session_only(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, served: FakeHF, context: AppContext
) -> None:
    ctx = AppContext(context.settings, token_store=LockedStore())
    page = make_page(qtbot, ctx, qt_loop)
    enter_token(page, ctx, qt_loop, TOKENS["classic_read"])
    assert "Secret Service is locked" in page.token_status.text()
    assert page.session_button.isVisible()
    page.session_button.click()
    run(qt_loop, ctx.wait_idle())
    assert isinstance(ctx.token_store, SessionTokenStore)
    assert ctx.token_store.get() == TOKENS["classic_read"]
    assert "this session only" in page.backend_label.text()


def test_first_run_guide_proposes_coderclaws_default_and_sets_it(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    isolated_home: Path,
    opened: list[str],
) -> None:
    page = make_page(qtbot, context, qt_loop)
    assert page.guide.isVisible()
    assert page.model_combo.currentData() == R1
    assert "Built-in list" in page.model_source.text()
    page.guide_create_button.click()
    assert opened == [INFERENCE_TOKEN_URL]

    index = page.model_combo.findData("huggingface/openai/gpt-oss-120b")
    page.model_combo.setCurrentIndex(index)
    page.use_model_button.click()
    run(qt_loop, context.wait_idle())
    config = (isolated_home / ".coderclaw" / "coderclaw.json").read_text(encoding="utf-8")
    assert '"huggingface/openai/gpt-oss-120b"' in config
    assert "now CoderClaw's default model" in page.guide_status.text()


def test_with_a_token_stored_the_guide_stays_hidden(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, context: AppContext
) -> None:
    ctx = AppContext(context.settings, token_store=SessionTokenStore(TOKENS["classic_read"]))
    page = make_page(qtbot, ctx, qt_loop)
    assert page.guide.isHidden()
    assert page.check_button.isEnabled() and page.remove_button.isEnabled()
    assert page.user_label.text().startswith("A token is stored. Check it")
    assert "this session only" in page.backend_label.text()


def test_tab_visits_the_guide_then_the_token_controls_then_the_fixes(
    qtbot: QtBot,
    context: AppContext,
    qt_loop: asyncio.AbstractEventLoop,
    served: FakeHF,
    isolated_home: Path,
    fake_coderclaw: FakeCoderClaw,
) -> None:
    (isolated_home / ".coderclaw" / ".env").write_text(
        f"HUGGINGFACE_HUB_TOKEN={OLD}\n", encoding="utf-8"
    )
    page = make_page(qtbot, context, qt_loop)
    enter_token(page, context, qt_loop, TOKENS["fine_grained_without_inference"])
    expected = [
        page.guide_create_button,
        page.model_combo,
        page.use_model_button,
        page.hide_guide_button,
        page.token_field.edit,
        page.token_field.show_button,
        page.token_field.paste_button,
        page.save_button,
        page.check_button,
        page.remove_button,
        page.permission_button,
        *page._fix_buttons,
        page.restart_button,
    ]
    assert len(page._fix_buttons) == 2
    chain = tab_chain(page)
    assert [w for w in chain if w in expected] == expected


def test_an_empty_field_is_refused_next_to_it_without_calling_anyone(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    page = make_page(qtbot, context, qt_loop)
    enter_token(page, context, qt_loop, "   ")
    assert page.token_status.text() == "Paste a token first."
    assert served.requests_to("/api/whoami-v2") == []


def test_the_guide_lists_every_live_model_of_a_large_catalog_sorted_by_name(
    qtbot: QtBot, context: AppContext, qt_loop: asyncio.AbstractEventLoop
) -> None:
    page = make_page(qtbot, context, qt_loop)
    live = Catalog.from_body(json.dumps(generate_catalog(3_000)).encode())
    context.catalog = live
    context.catalogChanged.emit()
    served = [m for m in live.models if m.live_offers]
    # every live model, plus CoderClaw's default proposed first when the list lacks it
    assert page.model_combo.count() in (len(served), len(served) + 1)
    assert page.model_combo.currentData() == "huggingface/deepseek-ai/DeepSeek-R1"
    labels = (page.model_combo.itemText(i) for i in range(1, page.model_combo.count()))
    names = [label.split(" — ")[0].casefold() for label in labels]
    assert names == sorted(names)
    assert "List from the Hugging Face router." in page.model_source.text()
