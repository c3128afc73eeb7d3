"""TokenStore against a real gnome-keyring over a private D-Bus session (see toolchain.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import secretstorage
from keyring.backends import SecretService

from hftray.core.token_store import (
    SERVICE,
    USERNAME,
    BackendInfo,
    KeyringLockedError,
    KeyringTimeoutError,
    KeyringUnavailableError,
    TokenStore,
)
from tests.support import secret_service as fixtures
from tests.support.secret_service import SecretServiceSession

pytestmark = pytest.mark.secretservice
secret_service = fixtures.secret_service
secret_service_bus = fixtures.secret_service_bus

TOKEN = "hf_RealSecretServiceToken0123456789"


def stored_items() -> list[tuple[dict[str, str], bytes]]:
    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        query = {"service": SERVICE, "username": USERNAME}
        return [
            (item.get_attributes(), item.get_secret()) for item in collection.search_items(query)
        ]
    finally:
        connection.close()


def test_token_roundtrips_through_gnome_keyring(secret_service: SecretServiceSession) -> None:
    store = TokenStore(backend=SecretService.Keyring())
    assert store.get() is None
    store.set(TOKEN)
    assert secret_service.secret_tool_lookup("service", SERVICE, "username", USERNAME) == TOKEN
    assert [secret for _, secret in stored_items()] == [TOKEN.encode()]
    assert store.get() == TOKEN
    store.set(TOKEN + "x")  # replaces, never duplicates
    assert [secret for _, secret in stored_items()] == [(TOKEN + "x").encode()]
    store.remove()
    assert store.get() is None
    assert secret_service.secret_tool_lookup("service", SERVICE, "username", USERNAME) is None


def test_gnome_keyring_is_named_and_counted_secure(secret_service: SecretServiceSession) -> None:
    store = TokenStore(backend=SecretService.Keyring())
    assert store.describe() == BackendInfo("Secret Service (GNOME Keyring)", is_secure=True)


def test_a_locked_keyring_raises_locked_with_the_fix(secret_service: SecretServiceSession) -> None:
    TokenStore(backend=SecretService.Keyring()).set(TOKEN)
    secret_service.lock_default_collection()
    store = TokenStore(backend=SecretService.Keyring())
    for call in (store.get, lambda: store.set(TOKEN), store.remove):
        with pytest.raises(KeyringLockedError) as caught:
            call()
        assert str(caught.value).startswith("Secret Service (GNOME Keyring) is locked")
        assert caught.value.fix is not None
        assert "unlock it (log in again or open Passwords and Keys)" in caught.value.fix
        assert "this session only" in caught.value.fix
        assert TOKEN not in caught.value.one_line()


def test_a_keyring_unlocked_with_the_wrong_password_raises_locked(
    secret_service: SecretServiceSession,
) -> None:
    TokenStore(backend=SecretService.Keyring()).set(TOKEN)
    secret_service.start_keyring(password="not-the-password")
    with pytest.raises(KeyringLockedError):
        TokenStore(backend=SecretService.Keyring()).get()


def test_a_hung_secret_service_times_out_and_is_not_asked_again(
    secret_service: SecretServiceSession,
) -> None:
    store = TokenStore(timeout=0.5, backend=SecretService.Keyring())
    store.set(TOKEN)
    secret_service.pause_keyring()
    with pytest.raises(KeyringTimeoutError) as caught:
        store.get()
    assert str(caught.value).startswith("Secret Service (GNOME Keyring) did not answer")
    with pytest.raises(KeyringTimeoutError):
        store.remove()


def test_no_secret_service_on_the_bus_raises_unavailable(
    secret_service_bus: SecretServiceSession,
) -> None:
    with pytest.raises(KeyringUnavailableError) as caught:
        TokenStore(backend=SecretService.Keyring()).get()
    assert caught.value.fix is not None
    assert "GNOME Keyring or KWallet" in caught.value.fix


def test_without_a_session_bus_the_app_gets_no_keyring_and_says_what_to_do(
    tmp_path: Path,
) -> None:
    # A fresh interpreter, because keyring picks and caches its backend once per process.
    script = textwrap.dedent(
        """
        import json
        from keyring.backends import SecretService
        from hftray.core.token_store import KeyringUnavailableError, TokenStore

        store = TokenStore()
        outcome = {"describe": list(vars(store.describe()).values())}
        for name, store in [("default", store), ("secret-service", TokenStore(
                backend=SecretService.Keyring()))]:
            try:
                store.set("hf_NeverStoredAnywhere123456")
            except KeyringUnavailableError as exc:
                outcome[name] = [str(exc), exc.fix]
        print(json.dumps(outcome))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "no-runtime-dir")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["describe"] == ["no keyring", False, False]
    message, fix = outcome["default"]
    assert message == "no usable keyring: no keyring"
    assert fix == (
        "install and unlock GNOME Keyring or KWallet, or keep the token for this session only"
    )
    message, fix = outcome["secret-service"]
    assert message.startswith("Secret Service is not available")
    assert "GNOME Keyring or KWallet" in fix
