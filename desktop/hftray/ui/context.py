"""The one object the tray and the Settings pages talk to.

`AppContext` holds what the app knows (CoderClaw paths, the loaded config, the catalog, whether a
token is stored and whose it is, the app's own settings), announces changes with signals, and
keeps the UI thread free: every flow that touches the network, parses a large body or writes a
file runs on a private event loop in a worker thread (`in_worker`), plain blocking calls run on
the loop's executor (`run_blocking`), and keyring calls are bounded by `TokenStore`'s timeout.
The flows themselves are the core's (`catalog_loader`, `config_edit`, `token_flow`), shared with
the command line; this class only schedules them and keeps their results.

A failed background operation never raises into Qt: `spawn` reports it once through `problem`.
Core modules, and asyncio itself, are imported inside the methods that need them, so start-up
only pays for Qt: the start-up catalog is read before asyncio runs (`load_startup_catalog`).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Signal

from hftray.core.app_settings import AppSettings
from hftray.core.errors import HFTrayError
from hftray.ui.tray_state import TrayState

if TYPE_CHECKING:
    import asyncio

    from hftray.core.catalog import Catalog
    from hftray.core.catalog_loader import CatalogLoader
    from hftray.core.config_edit import EditResult, TextEdit
    from hftray.core.config_file import LoadedConfig
    from hftray.core.paths import CoderClawPaths
    from hftray.core.refs import ModelRef
    from hftray.core.routing import Routing
    from hftray.core.token_flow import Checker, TokenChecked, TokenRemoved, TokenSaved
    from hftray.core.token_store import TokenStorage
    from hftray.core.whoami import WhoAmI

logger = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")

GATEWAY_PROGRAM = "coderclaw"
# Ref warnings that mean CoderClaw's request for that model would fail.
UNSERVED_CODES = frozenset({"not-served", "provider-gone", "no-live-provider"})
GATEWAY_RESTART_TIMEOUT = 60.0


async def _awaited(factory: Callable[[], Awaitable[T]]) -> T:
    return await factory()


def _run_on_private_loop(factory: Callable[[], Awaitable[T]]) -> T:
    """A plain asyncio loop: the installed policy (qasync's) would make a Qt loop, which only
    the main thread may run."""
    import asyncio

    with asyncio.Runner(loop_factory=asyncio.DefaultEventLoopPolicy().new_event_loop) as runner:
        return runner.run(_awaited(factory))


def settle_long_lived() -> None:
    """Keep what exists now (above all a new catalog: tens of thousands of acyclic records)
    out of the cyclic collector's full passes, which would otherwise stop every thread for
    50–100 ms during later work such as a save (benchmarks/bench_event_loop.py). Frozen
    objects are still freed by reference counting when the next catalog replaces them."""
    import gc

    gc.freeze()


class GatewayRestartError(HFTrayError):
    """`coderclaw gateway restart` failed or could not be run."""


class AppContext(QObject):
    """State and operations shared by the tray and the Settings pages; see the module docstring.

    Read these attributes, never assign them (call the methods, which emit the signals):
      settings, environ, paths, config, config_error, catalog, catalog_error, token_store,
      has_token, token_error, whoami, busy.
    """

    catalogChanged = Signal()
    configChanged = Signal()
    tokenChanged = Signal()
    settingsChanged = Signal()
    busyChanged = Signal(bool)
    problem = Signal(str)
    notification = Signal(str, str)  # title, text: shown by the tray when notifications are on
    _startupCatalogRead = Signal()  # from the thread `load_startup_catalog` starts

    def __init__(
        self,
        settings: AppSettings,
        *,
        environ: Mapping[str, str] | None = None,
        config_override: Path | None = None,
        token_store: TokenStorage | None = None,
        catalog_loader: CatalogLoader | None = None,
        checker: Checker | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self.config_override = config_override
        self._token_store = token_store
        self._catalog_loader = catalog_loader
        self._checker = checker
        self.paths: CoderClawPaths | None = None
        self.config: LoadedConfig | None = None
        self.config_error: HFTrayError | None = None
        self.catalog: Catalog | None = None
        self.catalog_error: HFTrayError | None = None
        self.has_token: bool | None = None  # None until the store answered
        self.token_error: HFTrayError | None = None
        self.whoami: WhoAmI | None = None
        self._busy_count = 0
        self._tasks: set[asyncio.Task[Any]] = set()
        self._told_unserved: set[tuple[str, str]] = set()  # (ref, warning code) said once

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy_count > 0

    @property
    def token_store(self) -> TokenStorage:
        """The keyring store, created on first use (importing keyring is not free)."""
        if self._token_store is None:
            from hftray.core.token_store import TokenStore

            self._token_store = TokenStore()
        return self._token_store

    def use_token_store(self, store: TokenStorage) -> None:
        """The user chose another store (e.g. this session only) after a keyring failure."""
        self._token_store = store
        self.token_error = None
        self.tokenChanged.emit()

    @property
    def catalog_loader(self) -> CatalogLoader:
        if self._catalog_loader is None:
            from hftray.core.catalog_loader import CatalogLoader

            self._catalog_loader = CatalogLoader(environ=self.environ)
        return self._catalog_loader

    def checker(self) -> Checker:
        """Asks Hugging Face who a token belongs to (the hub HF_ENDPOINT names)."""
        if self._checker is not None:
            return self._checker
        from hftray.core.token_flow import whoami_checker

        return whoami_checker(self.config_data(), self.environ)

    @asynccontextmanager
    async def working(self) -> AsyncIterator[None]:
        """Marks a stretch of work: the tray shows "working" while any is under way."""
        self._busy_count += 1
        if self._busy_count == 1:
            self.busyChanged.emit(True)
        try:
            yield
        finally:
            self._busy_count -= 1
            if self._busy_count == 0:
                self.busyChanged.emit(False)

    async def run_blocking(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking call (file I/O, a subprocess) on the loop's executor."""
        import asyncio

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, lambda: fn(*args, **kwargs))

    async def in_worker(self, factory: Callable[[], Awaitable[T]]) -> T:
        """Run the coroutine `factory()` makes on its own event loop in a worker thread.

        For the core's async flows: their network waits, JSON parsing and file writes then
        never hold up the UI's loop. `factory` is called in the worker.
        """
        return await self.run_blocking(_run_on_private_loop, factory)

    def spawn(
        self, coro: Coroutine[Any, Any, T], *, on_done: Callable[[T], None] | None = None
    ) -> asyncio.Task[T]:
        """Start `coro` in the background; an error becomes one `problem` signal, not a crash."""
        import asyncio

        task = asyncio.ensure_future(coro)
        self._tasks.add(task)

        def finished(done: asyncio.Task[T]) -> None:
            self._tasks.discard(done)
            if done.cancelled():
                return
            exc = done.exception()
            if exc is None:
                if on_done is not None:
                    on_done(done.result())
            elif isinstance(exc, HFTrayError):
                self.problem.emit(exc.one_line())
            else:
                logger.error("background task failed", exc_info=exc)
                self.problem.emit(self.tr("Unexpected error: {error}").format(error=exc))

        task.add_done_callback(finished)
        return task

    async def wait_idle(self) -> None:
        """Wait for every spawned task (tests)."""
        import asyncio

        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- start-up -------------------------------------------------------------------------------

    async def load_local(self) -> None:
        """Paths, config and the cached (or built-in) catalog; never touches the network."""
        await self.reload_config()
        await self.load_cached_catalog()

    async def reload_config(self) -> None:
        """Resolve the paths and read the config again (after an outside change, a restore)."""
        from hftray.core.config_file import load_config
        from hftray.core.paths import resolve_paths

        try:
            self.paths = await self.run_blocking(
                resolve_paths, self.environ, config_override=self.config_override
            )
            self.config = await self.run_blocking(load_config, self.paths.config.path)
            self.config_error = None
        except HFTrayError as exc:
            self.config = None
            self.config_error = exc
            self.problem.emit(exc.one_line())
        self.configChanged.emit()

    async def load_cached_catalog(self) -> None:
        self.catalog = await self.run_blocking(self.catalog_loader.load_startup)
        self.catalogChanged.emit()

    def load_startup_catalog(self) -> bool:
        """`load_cached_catalog` for start-up, before asyncio runs: the list is read on a plain
        thread while Qt's loop keeps turning (painting, but holding user input back for the
        app's own loop). False when the loop was ended before the list arrived; the thread's
        error is raised here."""
        read: list[Catalog] = []
        failed: list[BaseException] = []

        def work() -> None:
            try:
                read.append(self.catalog_loader.load_startup())
            except BaseException as exc:  # handed to the UI thread, which raises it
                failed.append(exc)
            self._startupCatalogRead.emit()

        waiting = QEventLoop()
        self._startupCatalogRead.connect(waiting.quit)  # queued: the emit comes from `work`
        worker = threading.Thread(target=work, name="startup-catalog")
        worker.start()
        waiting.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        arrived = bool(read or failed)
        # The quit can be delivered before `emit` returns in the worker: a thread still inside
        # Qt's code when the interpreter shuts down aborts the process, so wait for it to leave.
        worker.join()
        self._startupCatalogRead.disconnect(waiting.quit)
        if failed:
            raise failed[0]
        if not arrived:
            return False
        self.catalog = read[0]
        self.catalogChanged.emit()
        return True

    # -- catalog --------------------------------------------------------------------------------

    async def refresh_catalog(self) -> None:
        """Ask the router for the list; on failure show the cache or built-in list and say why.

        A failure is kept in `catalog_error` for the Models page's banner, not raised: being
        offline is not something to interrupt the user about.
        """
        async with self.working():
            token = await self._token_or_none()
            data = self.config_data()
            loader = self.catalog_loader
            load = await self.in_worker(lambda: loader.refresh(data, token))
        was_rejected = self._token_rejected(self.catalog_error)
        self.catalog = load.catalog
        self.catalog_error = load.error
        self.catalogChanged.emit()
        settle_long_lived()
        if self._token_rejected(load.error) and not was_rejected:
            self.notification.emit(
                self.tr("Token rejected by Hugging Face"),
                self.tr("Open Settings › Account and paste a new token."),
            )
        self._tell_unserved_models()

    @staticmethod
    def _token_rejected(error: HFTrayError | None) -> bool:
        from hftray.core.router_client import TokenRejectedError

        return isinstance(error, TokenRejectedError)

    def _tell_unserved_models(self) -> None:
        """One notification per configured ref that the live list no longer serves."""
        from hftray.core.routing import RoutingError
        from hftray.core.status import ref_warnings

        catalog = self.catalog
        if catalog is None or catalog.source.kind != "live":
            return
        try:
            routing = self.routing()
        except RoutingError:
            return
        if routing is None:
            return
        for warning in ref_warnings(routing, catalog):
            key = (warning.subject, warning.code)
            if warning.code in UNSERVED_CODES and key not in self._told_unserved:
                self._told_unserved.add(key)
                self.notification.emit(self.tr("A configured model is not served"), warning.message)

    # -- token ----------------------------------------------------------------------------------

    async def _token_or_none(self) -> str | None:
        """The stored token, or None when there is none or the keyring cannot give it."""
        try:
            return await self.token_store.aget()
        except HFTrayError as exc:
            self.token_error = exc
            return None

    async def load_token(self) -> None:
        """Whether a token is stored, and the cached whoami answer for it (no network)."""
        from hftray.core.whoami import WhoAmICache

        try:
            token = await self.token_store.aget()
        except HFTrayError as exc:
            self.has_token = None
            self.token_error = exc
            self.tokenChanged.emit()
            self.problem.emit(exc.one_line())
            return
        self.token_error = None
        self.has_token = token is not None
        self.whoami = await self.run_blocking(WhoAmICache().get, token) if token else None
        self.tokenChanged.emit()

    async def check_token(self, text: str) -> WhoAmI:
        """Ask Hugging Face who the pasted token belongs to; nothing is stored."""
        from hftray.core.token_flow import clean_token

        token = clean_token(text)
        checker = self.checker()
        async with self.working():
            return await self.in_worker(lambda: checker(token))

    async def save_token(self, text: str, *, force: bool = False) -> TokenSaved:
        """Check, store, write `.env`, find stale copies, set the default primary if none."""
        from hftray.core.token_flow import save_token

        paths = self._require_paths()
        store, checker, catalog = self.token_store, self.checker(), self.catalog
        async with self.working():
            saved = await self.in_worker(
                lambda: save_token(
                    text,
                    store=store,
                    paths=paths,
                    checker=checker,
                    environ=self.environ,
                    catalog=catalog,
                    force=force,
                )
            )
        self.has_token, self.token_error, self.whoami = True, None, saved.who
        self.tokenChanged.emit()
        if saved.primary_set:
            await self.reload_config()
        return saved

    async def check_stored_token(self) -> TokenChecked:
        """A fresh whoami for the stored token, and the gateway-side token health."""
        from hftray.core.token_flow import check_stored_token

        paths, store, checker = self._require_paths(), self.token_store, self.checker()
        data = self.config_data()
        async with self.working():
            checked = await self.in_worker(
                lambda: check_stored_token(
                    store=store,
                    paths=paths,
                    checker=checker,
                    environ=self.environ,
                    config_data=data,
                )
            )
        self.whoami, self.token_error = checked.who, None
        self.tokenChanged.emit()
        return checked

    async def remove_token(self) -> TokenRemoved:
        from hftray.core.token_flow import remove_token

        paths, store, data = self._require_paths(), self.token_store, self.config_data()
        async with self.working():
            removed = await self.in_worker(
                lambda: remove_token(
                    store=store, paths=paths, environ=self.environ, config_data=data
                )
            )
        self.has_token, self.whoami = False, None
        self.tokenChanged.emit()
        return removed

    # -- config ---------------------------------------------------------------------------------

    def _require_paths(self) -> CoderClawPaths:
        if self.paths is None:
            raise self.config_error or HFTrayError(self.tr("The config is not loaded yet."))
        return self.paths

    def config_data(self) -> Any:
        """The parsed config (None when missing, empty or unreadable)."""
        return self.config.data if self.config is not None else None

    def routing(self) -> Routing | None:
        """Primary, fallbacks, aliases of the loaded config; None when it could not be read.

        Raises RoutingError when the config holds them in a shape CoderClaw does not accept.
        """
        if self.config is None:
            return None
        from hftray.core.routing import read_routing

        return read_routing(self.config.data)

    async def edit_config(self, edit: TextEdit) -> EditResult:
        """Patch the config text with `edit` (e.g. a `hftray.core.routing` op) and save it.

        Refuses, writing nothing, when the file changed on disk since it was loaded
        (ConfigConflictError), is invalid afterwards, or is read-only; raises those errors.
        """
        from hftray.core.config_edit import apply_edit

        paths, loaded = self._require_paths(), self.config
        async with self.working():
            try:
                result = await self.run_blocking(
                    apply_edit, paths, edit, environ=self.environ, loaded=loaded
                )
            except HFTrayError as exc:
                self.notification.emit(self.tr("coderclaw.json was not saved"), exc.one_line())
                raise
        self.config, self.config_error = result.after, None
        self.configChanged.emit()
        return result

    async def set_primary(self, ref: ModelRef) -> EditResult:
        """Make `ref` the primary model, with its allowlist and model entries, and say so."""
        from hftray.core.routing import set_primary

        catalog = self.catalog

        def entry_for(r: ModelRef) -> dict[str, Any] | None:
            return catalog.entry_for(r) if catalog is not None else None

        result = await self.edit_config(lambda text: set_primary(text, ref, entry_for))
        self.notification.emit(
            self.tr("Primary model changed"),
            self.tr("CoderClaw now uses {model}.").format(model=ref.provider_model_id),
        )
        return result

    def config_folder(self) -> Path | None:
        return self.paths.config.path.parent if self.paths is not None else None

    # -- app settings and gateway ---------------------------------------------------------------

    async def save_settings(self) -> None:
        await self.run_blocking(self.settings.save)
        self.settingsChanged.emit()

    async def set_favourite(self, full_ref: str, starred: bool) -> None:
        self.settings.set_favourite(full_ref, starred)
        await self.save_settings()

    @property
    def has_gateway_service(self) -> bool:
        return self.paths is not None and self.paths.service is not None

    async def restart_gateway(self) -> str:
        """Run `coderclaw gateway restart`; returns its output, raises GatewayRestartError."""
        import shutil
        import subprocess

        program = shutil.which(GATEWAY_PROGRAM, path=self.environ.get("PATH"))
        if program is None:
            raise GatewayRestartError(
                self.tr("The coderclaw program is not on PATH."),
                fix=self.tr("Restart the gateway service yourself, or add coderclaw to PATH."),
            )
        async with self.working():
            try:
                done = await self.run_blocking(
                    subprocess.run,
                    [program, "gateway", "restart"],
                    capture_output=True,
                    text=True,
                    timeout=GATEWAY_RESTART_TIMEOUT,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise GatewayRestartError(
                    self.tr("The gateway restart did not finish: {error}").format(error=exc)
                ) from exc
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
            raise GatewayRestartError(
                self.tr("coderclaw gateway restart failed ({code}): {reason}").format(
                    code=done.returncode, reason=last[0]
                )
            )
        self.notification.emit(self.tr("Gateway restarted"), done.stdout.strip()[:200])
        return done.stdout

    # -- the tray's view ------------------------------------------------------------------------

    def current_problem(self) -> str | None:
        """The most important thing that needs the user, in words; None when all is well."""
        if self.config_error is not None:
            return self.config_error.one_line()
        if self.token_error is not None:
            return self.token_error.one_line()
        if self.whoami is not None and not self.whoami.can_call_inference:
            return self.tr("The token may not call Inference Providers")
        return self._primary_problem()

    def _primary_problem(self) -> str | None:
        """A primary the router no longer serves; judged only on a list that came from it."""
        catalog = self.catalog
        if catalog is None or not catalog.is_live_data:
            return None
        routing = self._routing_or_none()
        if routing is None or not routing.primary:
            return None
        from hftray.core.config_edit import aliases_by_name
        from hftray.core.refs import RefError, config_ref

        try:
            ref = config_ref(routing.primary, aliases_by_name(routing))
        except RefError:
            return None  # the Routing page explains a malformed ref
        if ref is None:
            return None  # another provider's model: not ours to judge
        if ref.model_id not in catalog:
            return self.tr("The primary model {model} is no longer served").format(
                model=ref.model_id
            )
        return None

    def _routing_or_none(self) -> Routing | None:
        try:
            return self.routing()
        except HFTrayError:
            return None

    def tray_state(self) -> TrayState:
        routing = self._routing_or_none()
        favourites = tuple(self.settings.favourites)
        refs = [*favourites]
        if routing is not None:
            refs += [routing.primary or "", *routing.fallbacks, *routing.aliases]
        return TrayState(
            user=self.whoami.name if self.whoami is not None else None,
            has_token=self.has_token,
            problem=self.current_problem(),
            busy=self.busy,
            primary=routing.primary if routing else None,
            fallbacks=tuple(routing.fallbacks) if routing else (),
            aliases=dict(routing.aliases) if routing else {},
            favourites=favourites,
            display_names=self._display_names(refs),
            config_editable=self.config is not None
            and not (self.paths is not None and self.paths.nix_mode),
            has_gateway_service=self.has_gateway_service,
        )

    def _display_names(self, refs: list[str]) -> dict[str, str]:
        """Catalog names of the models behind `refs` (only those: the catalog may be huge)."""
        from hftray.core.refs import RefError, parse_ref

        names: dict[str, str] = {}
        for text in refs:
            try:
                model_id = parse_ref(text).model_id
            except RefError:
                continue
            model = self.catalog.get(model_id) if self.catalog is not None else None
            if model is not None:
                names[model_id] = model.display_name
        return names
