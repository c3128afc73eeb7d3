"""TokenStore against in-memory, failing and hanging keyrings; the session and file stores."""

from __future__ import annotations

import asyncio
import logging
import stat
import subprocess
import sys
import textwrap
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, Windows, chainer, fail, kwallet, macOS, null
from keyring.errors import (
    InitError,
    KeyringLocked,
    NoKeyringError,
    PasswordSetError,
)
from secretstorage.exceptions import LockedException

from hftray.core.token_store import (
    SERVICE,
    USERNAME,
    BackendInfo,
    KeyringFailedError,
    KeyringLockedError,
    KeyringTimeoutError,
    KeyringUnavailableError,
    PlaintextFileTokenStore,
    SessionTokenStore,
    TokenFileError,
    TokenStore,
    TokenStoreError,
)
from tests.support.memory_keyring import MemoryKeyring

TOKEN = "hf_SecretTokenValue1234567890abcd"


class FailingKeyring(KeyringBackend):
    """Raises the given exception from every call, counting them."""

    priority = 1

    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        raise self.exc

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        raise self.exc

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        raise self.exc


class HangingKeyring(MemoryKeyring):
    """Blocks every call until released, like a Secret Service waiting on an unseen prompt."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def _block(self) -> None:
        self.calls += 1
        self.entered.set()
        self.release.wait(10)

    def get_password(self, service: str, username: str) -> str | None:
        self._block()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._block()
        super().set_password(service, username, password)


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backend, which a careless fallback would pick."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


def chain_of(*chained: KeyringBackend) -> KeyringBackend:
    class FixedChainer(chainer.ChainerBackend):
        backends = tuple(chained)

    return FixedChainer()


@pytest.fixture
def hanging() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    yield backend
    backend.release.set()


@pytest.fixture
def memory() -> MemoryKeyring:
    backend = keyring.get_keyring()
    assert isinstance(backend, MemoryKeyring)
    return backend


def test_token_roundtrips_through_the_default_keyring(memory: MemoryKeyring) -> None:
    store = TokenStore()
    assert store.get() is None
    store.set(TOKEN)
    assert memory.secrets == {(SERVICE, USERNAME): TOKEN}
    assert store.get() == TOKEN
    store.remove()
    assert store.get() is None
    assert memory.secrets == {}


def test_removing_when_nothing_is_stored_succeeds() -> None:
    TokenStore().remove()


def test_set_strips_whitespace_and_rejects_an_empty_token(memory: MemoryKeyring) -> None:
    store = TokenStore()
    store.set(f"  {TOKEN}\n")
    assert memory.secrets[(SERVICE, USERNAME)] == TOKEN
    with pytest.raises(ValueError):
        store.set(" \n")


def test_async_methods_roundtrip() -> None:
    async def scenario() -> tuple[str | None, str | None]:
        store = TokenStore()
        await store.aset(TOKEN)
        stored = await store.aget()
        await store.aremove()
        return stored, await store.aget()

    assert asyncio.run(scenario()) == (TOKEN, None)


@pytest.mark.parametrize(
    ("backend_type", "name"),
    [
        (SecretService.Keyring, "Secret Service"),
        (kwallet.DBusKeyring, "KWallet"),
        (kwallet.DBusKeyringKWallet4, "KWallet"),
        (Windows.WinVaultKeyring, "Windows Credential Manager"),
        (macOS.Keyring, "macOS Keychain"),
    ],
)
def test_vetted_os_keyrings_are_named_for_humans_and_secure(
    backend_type: Callable[[], KeyringBackend], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    store = TokenStore(backend=backend_type())
    assert store.describe() == BackendInfo(name, is_secure=True)
    assert (store.backend_name, store.is_secure) == (name, True)


def test_an_unvetted_backend_is_used_but_not_called_secure(memory: MemoryKeyring) -> None:
    store = TokenStore()
    assert store.describe() == BackendInfo("memory keyring MemoryKeyring", is_secure=False)
    store.set(TOKEN)
    assert memory.secrets


@pytest.mark.parametrize(
    "make_backend",
    [fail.Keyring, null.Keyring, chain_of],
    ids=["fail", "null", "empty-chainer"],
)
def test_no_keyring_raises_unavailable_with_the_fix(
    make_backend: Callable[[], KeyringBackend],
) -> None:
    keyring.set_keyring(make_backend())
    store = TokenStore()
    info = store.describe()
    assert not info.available
    assert not info.is_secure
    for call in (store.get, lambda: store.set(TOKEN), store.remove):
        with pytest.raises(KeyringUnavailableError) as caught:
            call()
        assert "no usable keyring" in str(caught.value)
        assert caught.value.fix is not None
        assert "GNOME Keyring or KWallet" in caught.value.fix
        assert "this session only" in caught.value.fix


def test_a_chainer_is_described_and_used_as_the_backend_it_writes_to() -> None:
    first, second = MemoryKeyring(), MemoryKeyring()
    store = TokenStore(backend=chain_of(first, second))
    store.set(TOKEN)
    assert first.secrets == {(SERVICE, USERNAME): TOKEN}
    assert second.secrets == {}
    assert store.describe().name == "memory keyring MemoryKeyring"

    vault = TokenStore(backend=chain_of(Windows.WinVaultKeyring(), MemoryKeyring()))
    assert vault.describe() == BackendInfo("Windows Credential Manager", is_secure=True)


def test_a_plaintext_keyring_is_never_chosen_silently() -> None:
    plaintext = PlaintextKeyring()
    keyring.set_keyring(plaintext)
    store = TokenStore()
    with pytest.raises(KeyringUnavailableError) as caught:
        store.set(TOKEN)
    assert plaintext.secrets == {}
    assert caught.value.fix is not None
    assert "plain-text file explicitly" in caught.value.fix
    assert "this session only" in caught.value.fix
    info = store.describe()
    assert (info.available, info.is_secure) == (False, False)
    assert "not a secure store" in info.name


def test_a_plaintext_keyring_the_user_chose_is_used_and_named_as_such() -> None:
    plaintext = PlaintextKeyring()
    store = TokenStore(backend=plaintext)
    store.set(TOKEN)
    assert plaintext.secrets == {(SERVICE, USERNAME): TOKEN}
    assert store.describe() == BackendInfo(
        "keyrings.alt PlaintextKeyring (a file, not a secure store)", is_secure=False
    )


@pytest.mark.parametrize(
    ("exc", "expected", "fix_says"),
    [
        (KeyringLocked("Failed to unlock the collection!"), KeyringLockedError, "unlock"),
        (LockedException("Item is locked!"), KeyringLockedError, "unlock"),
        (
            InitError("Failed to create the collection: Prompt dismissed.."),
            KeyringLockedError,
            "unlock",
        ),
        (NoKeyringError("No recommended backend"), KeyringUnavailableError, "GNOME Keyring"),
        (
            InitError("Failed to create the collection: no service"),
            KeyringUnavailableError,
            "GNOME",
        ),
        (PasswordSetError("Can't store password"), KeyringFailedError, "retry"),
        (RuntimeError("boom"), KeyringFailedError, "retry"),
    ],
)
def test_backend_errors_become_typed_errors_that_say_what_to_do(
    exc: Exception, expected: type[TokenStoreError], fix_says: str
) -> None:
    store = TokenStore(backend=FailingKeyring(exc))
    for call in (store.get, lambda: store.set(TOKEN)):
        with pytest.raises(expected) as caught:
            call()
        assert type(caught.value) is expected
        assert "FailingKeyring" in str(caught.value)  # names the backend
        assert caught.value.fix is not None
        assert fix_says in caught.value.fix
        assert "this session only" in caught.value.fix


def test_a_locked_secret_service_says_how_to_unlock_it() -> None:
    class LockedSecretService(SecretService.Keyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise KeyringLocked("Failed to unlock the collection!")

    with pytest.raises(KeyringLockedError) as caught:
        TokenStore(backend=LockedSecretService()).get()
    assert str(caught.value).startswith("Secret Service")
    assert "is locked" in str(caught.value)
    assert caught.value.fix is not None
    assert "Passwords and Keys" in caught.value.fix


def test_the_token_never_appears_in_errors_reprs_or_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    other = "hf_AnotherTokenSeenByTheBackend99"
    backend = FailingKeyring(RuntimeError(f"rejected {TOKEN!r} (previous {other})"))
    store = TokenStore(backend=backend)
    with pytest.raises(KeyringFailedError) as caught:
        store.set(TOKEN)
    exc = caught.value
    shown = [
        str(exc),
        repr(exc),
        exc.one_line(),
        "".join(traceback.format_exception(exc)),
        repr(store),
        caplog.text,
    ]
    for text in shown:
        assert TOKEN not in text
        assert other not in text
    assert "RuntimeError" in str(exc)

    session = SessionTokenStore(TOKEN)
    assert TOKEN not in repr(session)


def test_a_hung_keyring_times_out_and_is_not_asked_again(hanging: HangingKeyring) -> None:
    store = TokenStore(timeout=0.2, backend=hanging)
    with pytest.raises(KeyringTimeoutError) as caught:
        store.get()
    assert "did not answer within 0.2 s" in str(caught.value)
    assert caught.value.fix is not None
    assert "this session only" in caught.value.fix
    for call in (store.get, lambda: store.set(TOKEN), store.remove):
        with pytest.raises(KeyringTimeoutError):
            call()
    assert hanging.calls == 1
    assert hanging.secrets == {}


def test_a_hung_keyring_probe_times_out(
    monkeypatch: pytest.MonkeyPatch, hanging: HangingKeyring
) -> None:
    def slow_get_keyring() -> KeyringBackend:
        hanging.release.wait(10)
        return hanging

    monkeypatch.setattr(keyring, "get_keyring", slow_get_keyring)
    store = TokenStore(timeout=0.1)
    with pytest.raises(KeyringTimeoutError) as caught:
        store.describe()
    assert str(caught.value).startswith("the keyring did not answer")


def test_the_event_loop_keeps_running_while_a_keyring_call_is_pending(
    hanging: HangingKeyring,
) -> None:
    hanging.secrets[(SERVICE, USERNAME)] = TOKEN
    store = TokenStore(timeout=10, backend=hanging)

    async def release_from_the_loop() -> None:
        # Only a loop that is not blocked by aget() can get here and let the backend answer.
        while not hanging.entered.is_set():
            await asyncio.sleep(0.001)
        hanging.release.set()

    async def scenario() -> str | None:
        token, _ = await asyncio.gather(store.aget(), release_from_the_loop())
        return token

    assert asyncio.run(scenario()) == TOKEN


def test_async_calls_time_out_and_then_fail_fast(hanging: HangingKeyring) -> None:
    store = TokenStore(timeout=0.1, backend=hanging)

    async def scenario() -> None:
        with pytest.raises(KeyringTimeoutError):
            await store.aset(TOKEN)
        with pytest.raises(KeyringTimeoutError):
            await store.aget()

    asyncio.run(scenario())
    assert hanging.calls == 1


def test_keyring_calls_run_one_at_a_time_off_the_callers_thread() -> None:
    class Recording(MemoryKeyring):
        def __init__(self) -> None:
            super().__init__()
            self.running = 0
            self.most = 0
            self.threads: set[str] = set()

        def get_password(self, service: str, username: str) -> str | None:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.add(threading.current_thread().name)
            threading.Event().wait(0.01)
            self.running -= 1
            return None

    backend = Recording()
    store = TokenStore(backend=backend)

    async def scenario() -> None:
        await asyncio.gather(*(store.aget() for _ in range(5)))

    asyncio.run(scenario())
    store.get()
    assert backend.most == 1
    assert backend.threads == {"hftray-keyring"}


def test_a_hung_keyring_does_not_keep_the_process_from_exiting() -> None:
    script = textwrap.dedent(
        """
        import threading
        from tests.support.memory_keyring import MemoryKeyring
        from hftray.core.token_store import KeyringTimeoutError, TokenStore

        class Hang(MemoryKeyring):
            def get_password(self, service, username):
                threading.Event().wait()

        try:
            TokenStore(timeout=0.1, backend=Hang()).get()
        except KeyringTimeoutError:
            print("timed out")
        """
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "timed out"


def test_session_store_keeps_the_token_in_memory_only(tmp_path: Path) -> None:
    store = SessionTokenStore()
    assert store.get() is None
    store.set(TOKEN)
    assert store.get() == TOKEN
    assert asyncio.run(store.aget()) == TOKEN
    assert store.describe() == BackendInfo("this session only (not saved)", is_secure=False)
    assert not store.is_secure
    store.remove()
    assert store.get() is None
    assert not any(
        TOKEN in p.read_text(errors="ignore") for p in tmp_path.rglob("*") if p.is_file()
    )


def test_plaintext_file_store_writes_a_private_file_and_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "hf-token"
    store = PlaintextFileTokenStore(path)
    assert store.get() is None
    store.set(TOKEN)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == TOKEN + "\n"
    assert store.get() == TOKEN
    assert store.describe() == BackendInfo(f"plain-text file {path}", is_secure=False)
    assert TOKEN not in repr(store)
    asyncio.run(store.aremove())
    assert not path.exists()
    store.remove()


def test_plaintext_file_store_reports_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "hf-token"
    path.mkdir()
    with pytest.raises(TokenFileError) as caught:
        PlaintextFileTokenStore(path).get()
    assert str(path) in str(caught.value)
    with pytest.raises(TokenFileError):
        PlaintextFileTokenStore(path).set(TOKEN)
