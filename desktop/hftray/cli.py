"""The `hftray` command: the tray with no subcommand, the headless commands otherwise."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

# Options that only start the tray; anything else on the command line means a subcommand.
UI_FLAGS = frozenset({"--exit-when-ready"})
UI_OPTIONS_WITH_VALUE = frozenset({"--page", "--config"})


def is_ui_invocation(args: Sequence[str]) -> bool:
    """True when `args` hold nothing but the tray's own options (or nothing at all)."""
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name = arg.split("=", 1)[0]
        if arg in UI_FLAGS or (name in UI_OPTIONS_WITH_VALUE and "=" in arg):
            continue
        if arg in UI_OPTIONS_WITH_VALUE and rest:
            rest.pop(0)
            continue
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if is_ui_invocation(args):
        # Start-up allocates much and frees little: the collector only slows it down, so it is
        # off until run_app has the first surface up (and then spares it what start-up made).
        gc.disable()
        from hftray.ui.app import run_app  # Qt is imported only for the tray

        return run_app(args)
    return run_cli(args)


def run_cli(args: list[str]) -> int:
    """The headless commands: 0 on success, 1 with one line on stderr on failure, 2 on misuse."""
    from hftray.commands import run

    return run(args)
