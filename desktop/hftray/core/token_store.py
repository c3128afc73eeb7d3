"""Where the Hugging Face token lives: the OS keyring, this session's memory, or a file.

The keyring is the source of truth, but a keyring call can block forever (a Secret Service
waiting on a prompt nobody sees, a daemon that stopped answering), be locked, or be missing. So
`TokenStore` runs every call on one daemon thread and waits a bounded time, turns each failure
into an error that says which store and what to do, and never falls back to a plain-text file on
its own: `SessionTokenStore` and `PlaintextFileTokenStore` exist for the user to choose.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from hftray.core.atomic import WriteFailedError, atomic_write_text
from hftray.core.errors import HFTrayError
from hftray.core.logs import redact_tokens

SERVICE = "coderclaw-hf-tray"
USERNAME = "huggingface"
DEFAULT_TIMEOUT = 2.0
_OPEN = "open the keyring"

log = logging.getLogger(__name__)
T = TypeVar("T")

_OR_SESSION = "or keep the token for this session only"
_INSTALL_FIX = f"install and unlock GNOME Keyring or KWallet, {_OR_SESSION}"


class TokenStoreError(HFTrayError):
    """The token could not be read, stored or removed."""


class KeyringUnavailableError(TokenStoreError):
    """There is no keyring the token may be kept in."""


class KeyringLockedError(TokenStoreError):
    """The keyring exists but is locked and was not unlocked."""


class KeyringTimeoutError(TokenStoreError):
    """The keyring did not answer in time; it is not asked again this session."""


class KeyringFailedError(TokenStoreError):
    """The keyring answered with an error we have no better words for."""


class TokenFileError(TokenStoreError):
    """The plain-text token file the user chose could not be used."""


@dataclass(frozen=True)
class BackendInfo:
    """What to tell the user about where the token is kept."""

    name: str
    is_secure: bool
    available: bool = True


class TokenStorage(Protocol):
    """What the UI and the CLI need from any place that keeps the token."""

    def get(self) -> str | None: ...
    def set(self, token: str) -> None: ...
    def remove(self) -> None: ...
    async def aget(self) -> str | None: ...
    async def aset(self, token: str) -> None: ...
    async def aremove(self) -> None: ...
    def describe(self) -> BackendInfo: ...
    async def adescribe(self) -> BackendInfo: ...
    @property
    def backend_name(self) -> str: ...
    @property
    def is_secure(self) -> bool: ...


class _DescribedStore:
    """`backend_name` and `is_secure`, as every store's `describe()` answers them."""

    def describe(self) -> BackendInfo:
        raise NotImplementedError

    @property
    def backend_name(self) -> str:
        return self.describe().name

    @property
    def is_secure(self) -> bool:
        return self.describe().is_secure


@dataclass(frozen=True)
class _Kind:
    name: str
    unlock: str = "unlock it"


# Known backends by qualified class name (matched along the MRO, so nothing platform-specific
# has to be imported to recognise it).
_SECURE = {
    "keyring.backends.macOS.Keyring": _Kind("macOS Keychain", "unlock it in Keychain Access"),
    "keyring.backends.Windows.WinVaultKeyring": _Kind("Windows Credential Manager"),
    "keyring.backends.SecretService.Keyring": _Kind(
        "Secret Service", "unlock it (log in again or open Passwords and Keys)"
    ),
    "keyring.backends.libsecret.Keyring": _Kind(
        "Secret Service (libsecret)", "unlock it (log in again or open Passwords and Keys)"
    ),
    "keyring.backends.kwallet.DBusKeyring": _Kind("KWallet", "unlock it in KWallet Manager"),
}
_NO_KEYRING = {
    "keyring.backends.fail.Keyring": "no keyring",
    "keyring.backends.null.Keyring": "the disabled keyring (keyring.backends.null)",
}
_CHAINER = "keyring.backends.chainer.ChainerBackend"
_SECRET_SERVICE_PROGRAMS = {
    "gnome-keyring": "GNOME Keyring",
    "kwalletd": "KWallet",
    "ksecretd": "KWallet",
    "keepassxc": "KeePassXC",
}

_LOCKED_ERRORS = {
    "keyring.errors.KeyringLocked",
    "secretstorage.exceptions.LockedException",
    "secretstorage.exceptions.PromptDismissedException",
}
_UNAVAILABLE_ERRORS = {
    "keyring.errors.NoKeyringError",
    "keyring.errors.InitError",
    "secretstorage.exceptions.SecretServiceNotAvailableException",
}


def _qualified_names(cls: type) -> set[str]:
    return {f"{c.__module__}.{c.__qualname__}" for c in cls.__mro__}


@dataclass(frozen=True)
class _Resolved:
    backend: KeyringBackend
    info: BackendInfo
    unlock_hint: str
    refusal: Callable[[], TokenStoreError] | None


def _resolve(backend: KeyringBackend, *, chosen_by_user: bool) -> _Resolved:
    """Classify a backend; runs on the worker because probing a backend may touch D-Bus."""
    names = _qualified_names(type(backend))
    if _CHAINER in names:
        chained = list(getattr(backend, "backends", []))
        if not chained:
            from keyring.backends import fail

            no_keyring = fail.Keyring()  # type: ignore[no-untyped-call]
            return _resolve(no_keyring, chosen_by_user=chosen_by_user)
        # The chainer writes to its first backend: that is the store the user must hear about.
        return _resolve(chained[0], chosen_by_user=chosen_by_user)
    for qualified, kind in _SECURE.items():
        if qualified in names:
            name = kind.name
            if qualified == "keyring.backends.SecretService.Keyring":
                program = _secret_service_program()
                name = f"Secret Service ({program})" if program else name
            return _Resolved(backend, BackendInfo(name, is_secure=True), kind.unlock, None)
    for qualified, name in _NO_KEYRING.items():
        if qualified in names:
            info = BackendInfo(name, is_secure=False, available=False)
            return _Resolved(backend, info, "", _unavailable(info.name))
    module = type(backend).__module__
    if module.startswith("keyrings.alt"):
        name = f"keyrings.alt {type(backend).__name__} (a file, not a secure store)"
        if chosen_by_user:
            return _Resolved(backend, BackendInfo(name, is_secure=False), "", None)
        info = BackendInfo(name, is_secure=False, available=False)
        return _Resolved(backend, info, "", _refused_plaintext(name))
    # A backend someone configured on purpose (a keyringrc, a test double): usable, not vetted.
    return _Resolved(backend, BackendInfo(str(backend.name), is_secure=False), "unlock it", None)


def _secret_service_program() -> str | None:
    """Name the program serving org.freedesktop.secrets: "GNOME Keyring" tells a user more."""
    try:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import unwrap_msg

        with open_dbus_connection("SESSION") as connection:
            reply = connection.send_and_get_reply(
                message_bus.GetConnectionUnixProcessID("org.freedesktop.secrets"), timeout=1.0
            )
        pid = int(unwrap_msg(reply)[0])
        program = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8").strip()
    except Exception:  # any failure only costs the detail, never the call
        return None
    for prefix, name in _SECRET_SERVICE_PROGRAMS.items():
        if program.startswith(prefix):
            return name
    return program or None


def _unavailable(name: str) -> Callable[[], TokenStoreError]:
    return lambda: KeyringUnavailableError(f"no usable keyring: {name}", fix=_INSTALL_FIX)


def _refused_plaintext(name: str) -> Callable[[], TokenStoreError]:
    return lambda: KeyringUnavailableError(
        f"the only keyring found is {name}; the token is not put there unless you choose it",
        fix="install and unlock GNOME Keyring or KWallet, keep the token for this session "
        "only, or choose a plain-text file explicitly",
    )


def _translate(exc: Exception, resolved: _Resolved, action: str, token: str | None) -> Exception:
    """Turn a backend's exception into one of ours, in words and without the token."""
    names = _qualified_names(type(exc))
    text = redact_tokens(str(exc), token)
    log.warning("%s could not %s: %s", resolved.info.name, action, type(exc).__name__)
    dismissed = "keyring.errors.InitError" in names and "dismissed" in text.lower()
    if names & _LOCKED_ERRORS or dismissed:
        return KeyringLockedError(
            f"{resolved.info.name} is locked, so the app could not {action}",
            fix=f"{resolved.unlock_hint} and retry, {_OR_SESSION}",
        )
    if names & _UNAVAILABLE_ERRORS:
        return KeyringUnavailableError(
            f"{resolved.info.name} is not available ({text})", fix=_INSTALL_FIX
        )
    return KeyringFailedError(
        f"{resolved.info.name} could not {action}: {type(exc).__name__}: {text}",
        fix=f"retry; if it keeps failing, restart the keyring service, {_OR_SESSION}",
    )


class _SerialWorker:
    """One daemon thread that runs calls in order.

    A daemon thread because a call stuck in a hung keyring must not keep the process alive
    (ThreadPoolExecutor joins its threads at exit, so a hung call would hang quitting).
    """

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[tuple[Callable[[], object], Future[object]] | None] = (
            queue.SimpleQueue()
        )
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, call: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="hftray-keyring", daemon=True
                )
                self._thread.start()
        self._calls.put((call, future))  # type: ignore[arg-type]
        return future

    def stop(self) -> None:
        self._calls.put(None)

    def _run(self) -> None:
        while (item := self._calls.get()) is not None:
            call, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as exc:
                future.set_exception(exc)


class TokenStore(_DescribedStore):
    """The token in the OS keyring, every call bounded by `timeout` seconds.

    After one timeout the store stops asking for the rest of the session: the stuck call still
    holds the worker, and queuing more calls behind it would only make each of them wait out the
    timeout too. Keep one store for the app's lifetime.
    """

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, backend: KeyringBackend | None = None):
        self.timeout = timeout
        self._backend = backend
        self._resolved: _Resolved | None = None
        self._hung = False
        self._worker = _SerialWorker()
        weakref.finalize(self, self._worker.stop)

    def __repr__(self) -> str:
        name = self._resolved.info.name if self._resolved else "not probed yet"
        return f"TokenStore(backend={name!r}, timeout={self.timeout:g})"

    def describe(self) -> BackendInfo:
        """Which store this is; the first call probes the keyring, bounded like any other."""
        if self._resolved is not None:
            return self._resolved.info
        return self._wait(_OPEN, self._submit(lambda: self._probe().info))

    async def adescribe(self) -> BackendInfo:
        if self._resolved is not None:
            return self._resolved.info
        return await self._await(_OPEN, self._submit(lambda: self._probe().info))

    def get(self) -> str | None:
        return self._call("read the token", _get)

    def set(self, token: str) -> None:
        token = _checked(token)
        self._call("store the token", _setter(token), token)

    def remove(self) -> None:
        self._call("remove the token", _delete)

    async def aget(self) -> str | None:
        return await self._acall("read the token", _get)

    async def aset(self, token: str) -> None:
        token = _checked(token)
        await self._acall("store the token", _setter(token), token)

    async def aremove(self) -> None:
        await self._acall("remove the token", _delete)

    def _call(self, action: str, call: Callable[[_Resolved], T], token: str | None = None) -> T:
        return self._wait(action, self._submit(lambda: self._run(action, call, token)))

    async def _acall(
        self, action: str, call: Callable[[_Resolved], T], token: str | None = None
    ) -> T:
        return await self._await(action, self._submit(lambda: self._run(action, call, token)))

    def _submit(self, work: Callable[[], T]) -> Future[T]:
        if self._hung:
            raise self._timeout_error()
        return self._worker.submit(work)

    def _probe(self) -> _Resolved:
        """Find and classify the backend once; runs on the worker, as probing may touch D-Bus."""
        if self._resolved is None:
            try:
                backend = self._backend or keyring.get_keyring()
                resolved = _resolve(backend, chosen_by_user=self._backend is not None)
            except Exception as exc:
                log.warning("no keyring backend could be loaded: %s", type(exc).__name__)
                raise _unavailable(f"the keyring library failed ({type(exc).__name__})")() from None
            log.info("token store: %s (secure: %s)", resolved.info.name, resolved.info.is_secure)
            self._resolved = resolved
        return self._resolved

    def _run(self, action: str, call: Callable[[_Resolved], T], token: str | None) -> T:
        """Runs on the worker thread."""
        resolved = self._probe()
        if resolved.refusal is not None:
            raise resolved.refusal()
        try:
            return call(resolved)
        except Exception as exc:
            raise _translate(exc, resolved, action, token) from None

    def _wait(self, action: str, future: Future[T]) -> T:
        try:
            return future.result(self.timeout)
        except TimeoutError:  # _run turns every backend error into ours, so this is the wait
            raise self._hang(action) from None

    async def _await(self, action: str, future: Future[T]) -> T:
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except TimeoutError:
            raise self._hang(action) from None

    def _hang(self, action: str) -> KeyringTimeoutError:
        self._hung = True
        log.warning("keyring did not answer within %g s trying to %s", self.timeout, action)
        return self._timeout_error()

    def _timeout_error(self) -> KeyringTimeoutError:
        name = self._resolved.info.name if self._resolved else "the keyring"
        return KeyringTimeoutError(
            f"{name} did not answer within {self.timeout:g} s; the app stops asking it "
            "until it is restarted",
            fix=f"restart the keyring service (or log out and in), then the app, {_OR_SESSION}",
        )


def _checked(token: str) -> str:
    token = token.strip()
    if not token:
        raise ValueError("the token is empty")
    return token


def _get(resolved: _Resolved) -> str | None:
    return resolved.backend.get_password(SERVICE, USERNAME) or None


def _setter(token: str) -> Callable[[_Resolved], None]:
    return lambda resolved: resolved.backend.set_password(SERVICE, USERNAME, token)


def _delete(resolved: _Resolved) -> None:
    # Every backend raises PasswordDeleteError for "nothing stored": the token is already gone.
    with contextlib.suppress(PasswordDeleteError):
        resolved.backend.delete_password(SERVICE, USERNAME)


class _LocalStore(_DescribedStore):
    """Stores whose calls cannot hang: the async methods simply run the sync ones."""

    def get(self) -> str | None:
        raise NotImplementedError

    def set(self, token: str) -> None:
        raise NotImplementedError

    def remove(self) -> None:
        raise NotImplementedError

    async def aget(self) -> str | None:
        return self.get()

    async def aset(self, token: str) -> None:
        self.set(token)

    async def aremove(self) -> None:
        self.remove()

    async def adescribe(self) -> BackendInfo:
        return self.describe()


class SessionTokenStore(_LocalStore):
    """The token in memory only, gone at exit: the user's choice when no keyring works."""

    def __init__(self, token: str | None = None) -> None:
        self._token = _checked(token) if token is not None else None

    def __repr__(self) -> str:
        return f"SessionTokenStore(has_token={self._token is not None})"

    def describe(self) -> BackendInfo:
        return BackendInfo("this session only (not saved)", is_secure=False)

    def get(self) -> str | None:
        return self._token

    def set(self, token: str) -> None:
        self._token = _checked(token)

    def remove(self) -> None:
        self._token = None


class PlaintextFileTokenStore(_LocalStore):
    """The token in a 0600 file, only ever used when the user asks for exactly that."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"PlaintextFileTokenStore({str(self.path)!r})"

    def describe(self) -> BackendInfo:
        return BackendInfo(f"plain-text file {self.path}", is_secure=False)

    def get(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise TokenFileError(
                f"cannot read the token file {self.path}: {type(exc).__name__}",
                fix="check the file's permissions, or save the token again",
            ) from None

    def set(self, token: str) -> None:
        try:
            atomic_write_text(self.path, _checked(token) + "\n")
        except WriteFailedError as exc:
            raise TokenFileError(exc.message, fix=exc.fix) from None

    def remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise TokenFileError(
                f"cannot remove the token file {self.path}: {exc.strerror or exc}",
                fix="check the folder's permissions, or delete the file by hand",
            ) from None
