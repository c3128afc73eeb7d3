"""Start the tray: one instance per user, the tray shown at once, then an asyncio loop in Qt's.

Order matters for start-up time and for never blocking: the icon (or, without a tray, the window)
appears first while the cached or built-in catalog loads off the UI thread — that is "ready",
where `--exit-when-ready` quits. Only then are the log file, asyncio and qasync set up (their
imports cost about a third of a bare Qt program's start); the config loads next, off the UI
thread, and the keyring and the router are asked in the background afterwards.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from hftray import APP_NAME, __version__
from hftray.core.app_settings import LANGUAGE, REFRESH_INTERVAL, AppSettings
from hftray.ui.context import AppContext
from hftray.ui.i18n import install_translations
from hftray.ui.icons import app_icon
from hftray.ui.single_instance import SHOW_SETTINGS, SingleInstance, server_name
from hftray.ui.theme import apply_scheme_override
from hftray.ui.tray import Tray

if TYPE_CHECKING:  # the window is imported when first opened: the tray starts without it
    from hftray.ui.settings_window import SettingsWindow

logger = logging.getLogger(__name__)

APP_ID = "coderclaw-hf-tray"


@dataclass(frozen=True)
class UiOptions:
    exit_when_ready: bool = False
    page: str | None = None
    config: Path | None = None


def page_names() -> tuple[str, ...]:
    from hftray.ui.settings_window import PAGE_NAMES

    return PAGE_NAMES


def ui_argument_parser() -> argparse.ArgumentParser:
    """The options `hftray` takes when it starts the tray (the CLI dispatches on them)."""
    parser = argparse.ArgumentParser(prog="hftray", add_help=False)
    parser.add_argument("--exit-when-ready", action="store_true")
    parser.add_argument("--page")  # checked in parse_ui_options, where it imports the window
    parser.add_argument("--config", type=Path)
    return parser


def parse_ui_options(argv: Sequence[str]) -> tuple[UiOptions, list[str]]:
    """Our options, and the rest (left for Qt, e.g. `-platform offscreen`)."""
    parser = ui_argument_parser()
    known, rest = parser.parse_known_args(list(argv))
    if known.page is not None and known.page not in page_names():
        choices = ", ".join(map(repr, page_names()))
        parser.error(f"argument --page: invalid choice: {known.page!r} (choose from {choices})")
    return UiOptions(known.exit_when_ready, known.page, known.config), rest


class TrayApp:
    """Wires the context, the tray and the window together for one run."""

    def __init__(
        self,
        app: QApplication,
        settings: AppSettings,
        options: UiOptions,
        *,
        context: AppContext | None = None,
    ) -> None:
        self.app = app
        self.options = options
        self.has_tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.context = context or AppContext(settings, config_override=options.config)
        self._window: SettingsWindow | None = None
        self.tray: Tray | None = None
        self.refresh_timer = QTimer()
        self.refresh_timer.timeout.connect(self._refresh)
        self.context.settingsChanged.connect(self._schedule_refresh)

    def window(self) -> SettingsWindow:
        if self._window is None:
            from hftray.ui.settings_window import SettingsWindow

            self._window = SettingsWindow(self.context)
            if not self.has_tray:
                self._window.set_notice(
                    QCoreApplication.translate(
                        "TrayApp",
                        "No system tray was found on this desktop, so CoderClaw HF Tray runs "
                        "in this window. Closing it quits the app.",
                    )
                )
        return self._window

    def open_settings(self, page: str | None = None) -> None:
        self.window().present(page)

    def on_message(self, message: str) -> None:
        """A second `hftray` asked us to show ourselves (`show-settings [page]`)."""
        command, _, page = message.partition(" ")
        if command == SHOW_SETTINGS:
            self.open_settings(page if page in page_names() else None)

    def show_first_surface(self) -> None:
        """The tray icon, or the window when there is no tray; both when a page was asked for."""
        if self.has_tray:
            self.tray = Tray(self.context, self.open_settings)
            self.tray.show()
        if not self.has_tray or self.options.page:
            self.open_settings(self.options.page)

    def come_up(self) -> bool:
        """The first surface shown and the start-up catalog loaded: "ready", before asyncio
        runs. False when the app was told to quit meanwhile."""
        self.show_first_surface()
        return self.context.load_startup_catalog()

    async def start(self) -> None:
        """After "ready": the config, then the slow parts."""
        await self.context.reload_config()
        self.watch_first_run()
        self.context.spawn(self.context.load_token())
        self.context.spawn(self.context.refresh_catalog())
        self._schedule_refresh()

    def watch_first_run(self) -> None:
        self.context.tokenChanged.connect(self._first_run_guide)

    def _first_run_guide(self) -> None:
        """No token stored: open Settings on the Account page, once."""
        self.context.tokenChanged.disconnect(self._first_run_guide)
        if self.context.has_token is False:
            self.open_settings("account")

    def _schedule_refresh(self) -> None:
        minutes = int(self.context.settings.get(REFRESH_INTERVAL))
        if minutes > 0:
            self.refresh_timer.start(minutes * 60_000)
        else:
            self.refresh_timer.stop()

    def _refresh(self) -> None:
        if not self.context.busy:
            self.context.spawn(self.context.refresh_catalog())


def _make_application(qt_args: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(qt_args)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CoderClaw")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


async def _run(tray_app: TrayApp) -> int:
    import asyncio

    quitting = asyncio.Event()
    tray_app.app.aboutToQuit.connect(quitting.set)
    await tray_app.start()
    await quitting.wait()
    return 0


def run_app(argv: Sequence[str]) -> int:
    """Run the tray until the user quits; `argv` excludes the program name."""
    from hftray.core.logs import configure_logging, hold_records

    held = hold_records()  # the log file is set up after "ready"
    try:
        return _run_app(argv)
    finally:
        if held.records and held in logging.getLogger().handlers:
            configure_logging()  # an exit before then: what was logged still reaches the file


def _run_app(argv: Sequence[str]) -> int:
    from hftray.core.logs import configure_logging

    options, qt_rest = parse_ui_options(argv)
    app = _make_application([sys.argv[0] if sys.argv else "hftray", *qt_rest])
    settings = AppSettings.load()
    install_translations(app, str(settings.get(LANGUAGE)))
    instance = SingleInstance(server_name(str(settings.path.parent)))
    if not instance.acquire():
        message = SHOW_SETTINGS + (f" {options.page}" if options.page else "")
        if not instance.send(message):
            print("hftray: another instance is starting; try again", file=sys.stderr)
            return 1
        return 0
    apply_scheme_override(app, os.environ)
    tray_app = TrayApp(app, settings, options)
    app.setQuitOnLastWindowClosed(not tray_app.has_tray)
    instance.messageReceived.connect(tray_app.on_message)
    for problem in settings.problems:
        logger.warning("%s", problem)
    # What start-up made lives as long as the app: spare every later full collection (and
    # the one at exit) rescanning it. The command line turned the collector off for start-up.
    gc.freeze()
    gc.enable()
    try:
        if not tray_app.come_up() or options.exit_when_ready:
            return 0
        configure_logging()
        import qasync

        return int(qasync.run(_run(tray_app)))
    finally:
        instance.release()
