"""The UI's event loop keeps ticking while the server answers slowly and the keyring hangs.

This is the one timed assertion the project allows (the issue demands it): a 10 ms QTimer
records the gaps between its ticks while AppContext operations wait on a slow fake Hugging Face,
a keyring backend that never answers, and a slow file write. A loop blocked by any of them would
show a gap of at least the slow part (0.6 s and more); the bound is 50 ms. A busy shared machine
can stretch one run, so up to three runs are made and the best one must stay under the bound —
a real stall fails all three.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QTimer

from hftray.core.app_settings import AppSettings
from hftray.core.token_store import KeyringTimeoutError, TokenStore
from hftray.ui.context import AppContext
from tests.fakehf import TOKENS, FakeHF
from tests.support.ui import qt_loop_fixture, run  # noqa: F401 - fixture

pytestmark = pytest.mark.gui

MAX_GAP_S = 0.050
SLOW_S = 0.8
KEYRING_TIMEOUT_S = 0.6
TICK_MS = 10


class HangingKeyring(KeyringBackend):
    """A keyring whose every call waits until the test ends, like a Secret Service prompt."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(30)


def measure(loop: asyncio.AbstractEventLoop, context: AppContext) -> tuple[float, list[object]]:
    """Worst gap between ticks while the slow operations run, and their outcomes."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    async def everything() -> list[object]:
        timer.start()
        await asyncio.sleep(0.05)  # the first ticks, so a stall at the very start shows too
        outcomes = await asyncio.gather(
            context.load_token(),  # the keyring hangs: bounded by the store's timeout
            context.refresh_catalog(),  # the router answers after SLOW_S
            context.check_token(TOKENS["classic_read"]),  # whoami answers after SLOW_S
            context.run_blocking(time.sleep, SLOW_S),  # a slow file write
            return_exceptions=True,
        )
        await asyncio.sleep(0.05)
        timer.stop()
        return list(outcomes)

    started = time.perf_counter()
    outcomes = run(loop, everything(), timeout=30)
    assert time.perf_counter() - started >= SLOW_S, "the slow parts were not slow"
    assert len(ticks) > 20
    return max(b - a for a, b in itertools.pairwise(ticks)), outcomes


def test_event_loop_never_stalls_while_network_keyring_and_disk_are_slow(
    qt_loop: asyncio.AbstractEventLoop,
    fake_hf_env: FakeHF,
    isolated_home: Path,
) -> None:
    config = isolated_home / ".coderclaw" / "coderclaw.json"
    config.parent.mkdir()
    config.write_text(
        f'{{models: {{providers: {{huggingface: {{baseUrl: "{fake_hf_env.router_base}"}}}}}}}}'
    )
    release = threading.Event()
    gaps: list[float] = []
    try:
        for _ in range(3):
            fake_hf_env.set_failure("*", "slow", delay=SLOW_S)
            store = TokenStore(timeout=KEYRING_TIMEOUT_S, backend=HangingKeyring(release))
            context = AppContext(AppSettings.load(), token_store=store)
            run(qt_loop, context.load_local())
            gap, outcomes = measure(qt_loop, context)
            gaps.append(gap)
            assert isinstance(context.token_error, KeyringTimeoutError)
            assert context.catalog is not None and context.catalog.source.kind == "live"
            assert getattr(outcomes[2], "name", None), outcomes[2]  # whoami answered
            if gap < MAX_GAP_S:
                break
    finally:
        release.set()
    assert min(gaps) < MAX_GAP_S, f"worst gaps per run (s): {gaps}"
