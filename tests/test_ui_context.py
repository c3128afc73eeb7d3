"""AppContext: loads local state first, refreshes in the background, keeps errors as state."""

from __future__ import annotations

import asyncio
import gc
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hftray.core.app_settings import AppSettings
from hftray.core.catalog import Catalog
from hftray.core.catalog_loader import CatalogLoader
from hftray.core.errors import HFTrayError
from hftray.core.refs import parse_ref
from hftray.core.router_client import TokenRejectedError
from hftray.core.token_store import SessionTokenStore
from hftray.ui.context import AppContext
from hftray.ui.tray_state import Action, build_menu
from tests.fakehf import TOKENS, FakeHF
from tests.support.ui import context_fixture, qt_loop_fixture, run  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

R1 = "huggingface/deepseek-ai/DeepSeek-R1"


def write_config(home: Path, text: str) -> Path:
    config = home / ".coderclaw" / "coderclaw.json"
    config.parent.mkdir(exist_ok=True)
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture
def served(isolated_home: Path, fake_hf_env: FakeHF) -> FakeHF:
    """The fake Hugging Face, named by the config (router) and HF_ENDPOINT (hub)."""
    write_config(
        isolated_home,
        "// mine\n{\n  models: {providers: {huggingface: {\n"
        f'    baseUrl: "{fake_hf_env.router_base}", api: "openai-completions", models: [],\n'
        "  }}},\n}\n",
    )
    return fake_hf_env


def test_local_load_gives_builtin_catalog_without_network(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    with qtbot.waitSignals([context.configChanged, context.catalogChanged]):
        run(qt_loop, context.load_local())
    assert context.config is not None and not context.config.exists
    assert context.catalog is not None and context.catalog.source.kind == "builtin"
    assert context.current_problem() is None


def test_refresh_fetches_the_live_list_and_marks_busy_meanwhile(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    busy: list[bool] = []
    context.busyChanged.connect(busy.append)
    run(qt_loop, context.load_local())
    run(qt_loop, context.refresh_catalog())
    assert context.catalog is not None and context.catalog.source.kind == "live"
    assert context.catalog_error is None
    assert busy == [True, False]
    assert served.requests_to("/v1/models")


def test_failed_refresh_keeps_a_list_and_the_reason(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    served.set_failure("models", "html", status=502)
    run(qt_loop, context.load_local())
    run(qt_loop, context.refresh_catalog())
    assert context.catalog is not None and context.catalog.source.kind == "builtin"
    assert context.catalog_error is not None
    assert context.busy is False


def test_setting_the_primary_writes_the_config_and_notifies(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF, qtbot: QtBot
) -> None:
    run(qt_loop, context.load_local())
    with qtbot.waitSignal(context.notification) as note:
        run(qt_loop, context.set_primary(parse_ref(R1)))
    assert note.args is not None and "deepseek-ai/DeepSeek-R1" in note.args[1]
    assert context.config is not None
    assert context.config.text.startswith("// mine\n")
    menu = build_menu(context.tray_state())
    (primary_menu,) = [item for item in menu if item.action is Action.PRIMARY_MENU]
    assert [(c.ref, c.checked) for c in primary_menu.children] == [(R1, True)]


def test_saving_a_token_checks_it_stores_it_and_names_the_user(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    run(qt_loop, context.load_local())
    saved = run(qt_loop, context.save_token(TOKENS["classic_read"]))
    assert saved.who is not None
    assert context.has_token is True
    assert context.whoami == saved.who
    assert build_menu(context.tray_state())[0].text.endswith(saved.who.name)
    assert context.token_store.get() == TOKENS["classic_read"]


def test_a_rejected_token_is_reported_and_not_stored(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    run(qt_loop, context.load_local())
    with pytest.raises(TokenRejectedError):
        run(qt_loop, context.check_token(TOKENS["unknown"]))
    assert context.token_store.get() is None


def test_unparsable_config_is_the_problem_and_blocks_model_picks(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, isolated_home: Path, qtbot: QtBot
) -> None:
    write_config(isolated_home, "{\n  agents: {\n    defaults: [,\n")
    with qtbot.waitSignal(context.problem) as problem:
        run(qt_loop, context.load_local())
    assert problem.args is not None and "line 3" in problem.args[0]
    state = context.tray_state()
    assert state.problem == problem.args[0]
    assert state.config_editable is False


def test_a_primary_the_router_no_longer_serves_needs_attention(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    run(qt_loop, context.load_local())
    run(qt_loop, context.set_primary(parse_ref("huggingface/gone-org/Gone-Model")))
    run(qt_loop, context.refresh_catalog())
    assert context.current_problem() == "The primary model gone-org/Gone-Model is no longer served"


def test_a_failing_background_task_becomes_one_problem_signal(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def fails() -> None:
        raise TokenRejectedError("token rejected by Hugging Face", fix="paste a new one")

    with qtbot.waitSignal(context.problem) as problem:
        context.spawn(fails())
        run(qt_loop, context.wait_idle())
    assert problem.args == ["token rejected by Hugging Face — paste a new one"]


def test_a_session_store_without_token_reads_as_no_token(
    qapp: object, qt_loop: asyncio.AbstractEventLoop
) -> None:
    from hftray.core.app_settings import AppSettings

    ctx = AppContext(AppSettings.load(), token_store=SessionTokenStore())
    run(qt_loop, ctx.load_token())
    assert ctx.has_token is False
    assert "No Hugging Face token" in build_menu(ctx.tray_state())[0].text


class RecordingLoader(CatalogLoader):
    """Reads the start-up list as usual, noting the thread; or fails as told."""

    def __init__(self, error: HFTrayError | None = None) -> None:
        super().__init__()
        self.error = error
        self.threads: list[threading.Thread] = []

    def load_startup(self, reason: str | None = None) -> Catalog:
        self.threads.append(threading.current_thread())
        if self.error is not None:
            raise self.error
        return super().load_startup(reason)


def test_startup_catalog_is_read_off_the_ui_thread_before_asyncio_runs(
    qapp: object, qtbot: QtBot
) -> None:
    loader = RecordingLoader()
    ctx = AppContext(AppSettings.load(), catalog_loader=loader)
    with qtbot.waitSignal(ctx.catalogChanged, timeout=0):  # emitted before the call returns
        assert ctx.load_startup_catalog() is True
    assert ctx.catalog is not None and ctx.catalog.source.kind == "builtin"
    assert loader.threads and loader.threads[0] is not threading.main_thread()


def test_startup_catalog_failure_is_raised_on_the_ui_thread(qapp: object) -> None:
    broken = HFTrayError("the built-in list is unreadable", fix="reinstall")
    ctx = AppContext(AppSettings.load(), catalog_loader=RecordingLoader(broken))
    with pytest.raises(HFTrayError, match="built-in list is unreadable"):
        ctx.load_startup_catalog()
    assert ctx.catalog is None


def collect_notes(context: AppContext) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    context.notification.connect(lambda title, text: notes.append((title, text)))
    return notes


def test_a_model_no_longer_served_is_notified_once(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    run(qt_loop, context.load_local())
    run(qt_loop, context.set_primary(parse_ref("huggingface/gone-org/Gone-Model")))
    notes = collect_notes(context)
    run(qt_loop, context.refresh_catalog())
    run(qt_loop, context.refresh_catalog())
    unserved = [text for title, text in notes if title == "A configured model is not served"]
    assert len(unserved) == 1
    assert "gone-org/Gone-Model" in unserved[0]


def test_a_token_the_router_rejects_is_notified_once(
    qt_loop: asyncio.AbstractEventLoop, served: FakeHF, context: AppContext
) -> None:
    ctx = AppContext(context.settings, token_store=SessionTokenStore(TOKENS["unknown"]))
    served.set_failure("models", "status", status=401, shape="string")
    run(qt_loop, ctx.load_local())
    notes = collect_notes(ctx)
    run(qt_loop, ctx.refresh_catalog())
    run(qt_loop, ctx.refresh_catalog())
    assert [title for title, _ in notes] == ["Token rejected by Hugging Face"]
    assert isinstance(ctx.catalog_error, TokenRejectedError)


def test_a_failed_save_is_notified_and_the_file_kept(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF, isolated_home: Path
) -> None:
    run(qt_loop, context.load_local())
    config = isolated_home / ".coderclaw" / "coderclaw.json"
    before = config.read_bytes()
    config.write_text(before.decode() + "// edited elsewhere\n", encoding="utf-8")
    changed = config.read_bytes()
    notes = collect_notes(context)
    with pytest.raises(HFTrayError):
        run(qt_loop, context.set_primary(parse_ref(R1)))
    assert config.read_bytes() == changed
    assert [title for title, _ in notes] == ["coderclaw.json was not saved"]
    assert "changed" in notes[0][1]


def test_a_refreshed_catalog_is_kept_out_of_full_collections(
    context: AppContext, qt_loop: asyncio.AbstractEventLoop, served: FakeHF
) -> None:
    run(qt_loop, context.load_local())
    gc.unfreeze()
    try:
        run(qt_loop, context.refresh_catalog())
        assert context.catalog is not None and context.catalog.source.kind == "live"
        assert gc.get_freeze_count() >= len(context.catalog.models)
    finally:
        gc.unfreeze()
