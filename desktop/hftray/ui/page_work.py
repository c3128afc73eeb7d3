"""One piece of background work at a time per page, with its outcome shown beside the controls.

A page hands over a coroutine factory and the `StatusLabel` its result belongs to; the runner
shows the "working" text, reports the page busy (so it can disable its buttons), and shows an
`HFTrayError` in words with its fix instead of letting it reach the window's problem bar.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from hftray.core.errors import HFTrayError
from hftray.ui.context import AppContext
from hftray.ui.status_label import StatusLabel


class PageWork:
    def __init__(self, context: AppContext, on_busy: Callable[[bool], None]) -> None:
        self.context = context
        self.busy = False
        self._on_busy = on_busy

    def run(
        self,
        work: Callable[[], Awaitable[Any]],
        status: StatusLabel,
        working: str,
        on_error: Callable[[HFTrayError], None] | None = None,
    ) -> bool:
        """Start `work` unless something is already running; False when it was not started."""
        if self.busy:
            return False
        self._set_busy(True)
        status.show_text(working)

        async def guarded() -> None:
            try:
                await work()
            except HFTrayError as exc:
                status.show_error(exc)
                if on_error is not None:
                    on_error(exc)
            finally:
                self._set_busy(False)

        self.context.spawn(guarded())
        return True

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._on_busy(busy)
