"""Fixtures for the Qt shell's tests: a qasync loop on pytest-qt's app and an AppContext.

Import the fixtures by their function names (`from tests.support.ui import context_fixture`);
they register as `qt_loop` and `context`. Drive coroutines with `run(loop, coro)`:
`qtbot.waitUntil` does not run asyncio callbacks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from hftray.core.app_settings import AppSettings
from hftray.core.token_store import SessionTokenStore
from hftray.ui.context import AppContext

T = TypeVar("T")


@pytest.fixture(name="qt_loop")
def qt_loop_fixture(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """The loop as `qasync.run` sets it up in the app, its event loop policy included."""
    policy = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(qasync.DefaultQEventLoopPolicy())
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(asyncio.sleep(0))
    asyncio.set_event_loop(None)
    loop.close()
    asyncio.set_event_loop_policy(policy)


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T], timeout: float = 20) -> T:
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


@pytest.fixture(name="context")
def context_fixture(qapp: QApplication) -> Iterator[AppContext]:
    """A context on the isolated home, with a memory-only token store and no network."""
    ctx = AppContext(AppSettings.load(), token_store=SessionTokenStore())
    yield ctx
    ctx.deleteLater()
