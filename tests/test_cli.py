"""`hftray` subcommands run in-process against the fake Hugging Face, with an in-memory keyring.

Each test gets a fresh HOME (conftest). The config points `baseUrl` at the fake router and
HF_ENDPOINT at the fake hub, as a user would to test against a local server.
"""

from __future__ import annotations

import io
import json
import socket
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from hftray import commands
from hftray.cli import main
from hftray.core import config_edit
from hftray.core.catalog_cache import CatalogCache
from hftray.core.catalog_loader import CatalogLoader
from hftray.core.router_client import RouterClient
from hftray.core.token_flow import DEFAULT_PRIMARY
from tests.fakehf import TOKENS, FakeHF
from tests.support.file_keyring import LockedKeyring

GOOD = TOKENS["classic_read"]
NO_INFERENCE = TOKENS["fine_grained_without_inference"]
REJECTED = TOKENS["unknown"]
SERVICE, USER = "coderclaw-hf-tray", "huggingface"


class Run:
    """Runs `hftray ARGS` in-process and keeps what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.out = self.err = ""

    def __call__(self, *args: str, stdin: str = "") -> int:
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        captured = self.capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        return code

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def fake_hf() -> Iterator[FakeHF]:
    with FakeHF() as hf:
        yield hf


@pytest.fixture
def hftray(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(capsys, monkeypatch)


@pytest.fixture
def home(isolated_home: Path) -> Path:
    return isolated_home


@pytest.fixture
def coderclaw(home: Path) -> Path:
    folder = home / ".coderclaw"
    folder.mkdir(mode=0o700)
    return folder


def write_config(folder: Path, base_url: str, body: str = "") -> Path:
    path = folder / "coderclaw.json"
    path.write_text(
        "{\n  // my own comment\n"
        f'  models: {{ providers: {{ huggingface: {{ baseUrl: "{base_url}", '
        'api: "openai-completions", models: [] } } },\n'
        f"{body}}}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def online(
    fake_hf: FakeHF,
    coderclaw: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """A config whose router is the fake one, and HF_ENDPOINT at the fake hub."""
    monkeypatch.setenv("HF_ENDPOINT", fake_hf.url)
    return write_config(coderclaw, fake_hf.router_base)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def offline(coderclaw: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The network cut: router and hub on a port nobody listens on."""
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("HF_ENDPOINT", url)
    return write_config(coderclaw, url + "/v1")


def keyring_token() -> str | None:
    return keyring.get_keyring().get_password(SERVICE, USER)


def store_token(token: str) -> None:
    keyring.get_keyring().set_password(SERVICE, USER, token)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def assert_token_nowhere(token: str, run: Run, home: Path) -> None:
    """Not in what was printed, nor in any file but the keyring's (which is in memory here)."""
    assert token not in run.out and token not in run.err
    for path in home.rglob("*"):
        if path.is_file() and path.name != ".env":
            assert token.encode() not in path.read_bytes(), path


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def error_line(err: str) -> str:
    """The one line naming the failure; warnings printed before it are allowed."""
    lines = [line for line in err.splitlines() if not line.startswith("hftray: warning:")]
    assert len(lines) == 1, err
    return lines[0]


# ---- token ----------------------------------------------------------------------------------


def test_token_set_checks_stores_writes_env_and_sets_default_primary(
    hftray: Run, online: Path, coderclaw: Path, home: Path
) -> None:
    assert hftray("token", "set", stdin=GOOD + "\n") == 0

    assert keyring_token() == GOOD
    env = coderclaw / ".env"
    assert env.read_text() == f"HF_TOKEN={GOOD}\n"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert "li-wei" in hftray.out
    assert f"now {DEFAULT_PRIMARY}" in hftray.out
    text = online.read_text()
    assert f'primary: "{DEFAULT_PRIMARY}"' in text
    assert "// my own comment" in text
    assert_token_nowhere(GOOD, hftray, home)


def test_token_set_keeps_a_primary_that_is_already_set(
    hftray: Run,
    fake_hf: FakeHF,
    coderclaw: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_hf.url)
    body = '  agents: { defaults: { model: { primary: "huggingface/Qwen/Qwen3-8B" } } },\n'
    config = write_config(coderclaw, fake_hf.router_base, body)
    before = config.read_bytes()

    assert hftray("token", "set", stdin=GOOD) == 0

    assert config.read_bytes() == before
    assert "No primary model" not in hftray.out


def test_token_set_refuses_a_rejected_token_and_writes_nothing(
    hftray: Run, online: Path, coderclaw: Path, home: Path
) -> None:
    before = snapshot(coderclaw)

    assert hftray("token", "set", stdin=REJECTED) == 1

    assert "token rejected by Hugging Face" in one_line(hftray.err)
    assert keyring_token() is None
    assert snapshot(coderclaw) == before
    assert_token_nowhere(REJECTED, hftray, home)


def test_token_set_force_stores_a_rejected_token_with_a_warning(
    hftray: Run, online: Path, coderclaw: Path
) -> None:
    assert hftray("token", "set", "--force", stdin=REJECTED) == 0

    assert keyring_token() == REJECTED
    assert "stored anyway" in hftray.err
    assert REJECTED not in hftray.err + hftray.out


def test_token_given_as_an_argument_is_refused_and_not_echoed(
    hftray: Run, online: Path, coderclaw: Path, home: Path
) -> None:
    before = snapshot(coderclaw)

    assert hftray("token", "set", GOOD) == 2

    assert "standard input" in one_line(hftray.err)
    assert keyring_token() is None
    assert snapshot(coderclaw) == before
    assert_token_nowhere(GOOD, hftray, home)


def test_unknown_argument_errors_never_echo_a_token(hftray: Run, online: Path) -> None:
    assert hftray("status", "--token", GOOD) == 2

    assert GOOD not in one_line(hftray.err)


def test_locked_keyring_is_one_line_and_nothing_is_written_or_asked(
    hftray: Run,
    online: Path,
    coderclaw: Path,
    fake_hf: FakeHF,
) -> None:
    keyring.set_keyring(LockedKeyring())
    before = snapshot(coderclaw)

    assert hftray("token", "set", stdin=GOOD) == 1

    assert "locked" in one_line(hftray.err)
    assert snapshot(coderclaw) == before
    assert fake_hf.requests_to("/api/whoami-v2") == []


class HungKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(10)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(10)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(10)


def test_hanging_keyring_times_out_with_one_line(
    hftray: Run, online: Path, coderclaw: Path
) -> None:
    hung = HungKeyring()
    keyring.set_keyring(hung)
    before = snapshot(coderclaw)
    try:
        assert hftray("token", "set", stdin=GOOD) == 1
    finally:
        hung.release.set()

    assert "did not answer" in one_line(hftray.err)
    assert snapshot(coderclaw) == before


def test_token_set_reports_a_stale_copy_that_wins_over_hf_token(
    hftray: Run, online: Path, coderclaw: Path
) -> None:
    stale = TOKENS["classic_write"]
    (coderclaw / ".env").write_text(f"# mine\nHUGGINGFACE_HUB_TOKEN={stale}\n")

    assert hftray("token", "set", stdin=GOOD) == 0

    assert "HUGGINGFACE_HUB_TOKEN" in hftray.err
    assert "wins over HF_TOKEN" in hftray.err
    assert stale not in hftray.err and GOOD not in hftray.err
    assert (coderclaw / ".env").read_text() == (
        f"# mine\nHUGGINGFACE_HUB_TOKEN={stale}\nHF_TOKEN={GOOD}\n"
    )


def test_token_check_prints_the_user_and_json(hftray: Run, online: Path) -> None:
    store_token(GOOD)

    assert hftray("token", "check", "--json") == 0

    data = hftray.json()
    assert isinstance(data, dict)
    assert data["user"] == "li-wei"
    assert data["can_call_inference"] is True
    assert GOOD not in hftray.out


def test_token_check_fails_for_a_token_without_the_inference_permission(
    hftray: Run, online: Path
) -> None:
    store_token(NO_INFERENCE)

    assert hftray("token", "check") == 1

    assert "may not call Inference Providers" in error_line(hftray.err)
    assert "ownUserPermissions=inference.serverless.write" in hftray.err


def test_token_check_without_a_stored_token_says_how_to_add_one(hftray: Run, online: Path) -> None:
    assert hftray("token", "check") == 1

    assert "hftray token set" in one_line(hftray.err)


def test_token_check_offline_names_the_connection_problem(hftray: Run, offline: Path) -> None:
    store_token(GOOD)

    assert hftray("token", "check") == 1

    assert "cannot reach" in one_line(hftray.err)


def test_token_remove_clears_the_keyring_and_our_env_line(
    hftray: Run, online: Path, coderclaw: Path
) -> None:
    store_token(GOOD)
    (coderclaw / ".env").write_text(f"OTHER=1\nHF_TOKEN={GOOD}\n")

    assert hftray("token", "remove") == 0

    assert keyring_token() is None
    assert (coderclaw / ".env").read_text() == "OTHER=1\n"


def test_env_sync_writes_the_stored_token_into_env(
    hftray: Run, offline: Path, coderclaw: Path, home: Path
) -> None:
    store_token(GOOD)

    assert hftray("env", "sync") == 0

    assert (coderclaw / ".env").read_text() == f"HF_TOKEN={GOOD}\n"
    assert_token_nowhere(GOOD, hftray, home)


def test_env_sync_without_a_token_fails_and_writes_nothing(
    hftray: Run, offline: Path, coderclaw: Path
) -> None:
    assert hftray("env", "sync") == 1

    assert "no Hugging Face token is stored" in one_line(hftray.err)
    assert not (coderclaw / ".env").exists()


# ---- status ---------------------------------------------------------------------------------

STATUS_CONFIG = """  agents: { defaults: {
    model: {
      primary: "huggingface/google/gemma-2-2b-it",
      fallbacks: [
        "huggingface/Qwen/Qwen3-8B:nscale",
        "huggingface/Qwen/Qwen3-8B:sambanova",
        "huggingface/meta-llama/Llama-4-Maverick-17B-128E-Instruct",
        "huggingface/acme/retired-model",
      ],
    },
    models: { "huggingface/google/gemma-2-2b-it": { alias: "gemma" } },
  } },
"""


def test_status_lists_every_token_copy_and_ref_warning(
    hftray: Run,
    fake_hf: FakeHF,
    coderclaw: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_hf.url)
    write_config(coderclaw, fake_hf.router_base, STATUS_CONFIG)
    (coderclaw / ".env").write_text(f"HUGGINGFACE_HUB_TOKEN={TOKENS['classic_write']}\n")
    store_token(GOOD)
    assert hftray("models", "--refresh") == 0  # a live list in the cache

    assert hftray("status", "--json") == 0

    report = hftray.json()
    assert isinstance(report, dict)
    found = {(w["code"], w["subject"]) for w in report["warnings"]}
    assert ("stale-token-copy", "HUGGINGFACE_HUB_TOKEN") in found
    assert ("same-provider-as-primary", "huggingface/Qwen/Qwen3-8B:nscale") in found
    assert ("provider-gone", "huggingface/Qwen/Qwen3-8B:sambanova") in found
    no_live = "huggingface/meta-llama/Llama-4-Maverick-17B-128E-Instruct"
    assert ("no-live-provider", no_live) in found
    assert ("not-served", "huggingface/acme/retired-model") in found
    assert ("not-in-allowlist", "huggingface/Qwen/Qwen3-8B:sambanova") in found
    assert report["primary"] == "huggingface/google/gemma-2-2b-it"
    assert report["aliases"] == {"huggingface/google/gemma-2-2b-it": "gemma"}
    assert report["token"]["stored"] is True
    assert GOOD not in hftray.out and TOKENS["classic_write"] not in hftray.out

    assert hftray("status") == 0
    assert f"warnings ({len(report['warnings'])}):" in hftray.out
    assert str(coderclaw / ".env") in hftray.out


def test_status_of_an_unparsable_config_reports_line_and_column(
    hftray: Run, coderclaw: Path
) -> None:
    (coderclaw / "coderclaw.json").write_text('{\n  agents: {\n    "x": ,\n  }\n}\n')

    assert hftray("status") == 0

    assert "line 3, column 10" in hftray.out


# ---- models ---------------------------------------------------------------------------------


def test_models_refresh_shows_the_live_list_and_caches_it(
    hftray: Run,
    online: Path,
    fake_hf: FakeHF,
) -> None:
    assert hftray("models", "--refresh", "--json") == 0

    data = hftray.json()
    assert isinstance(data, dict)
    assert data["source"]["kind"] == "live"
    assert data["error"] is None
    assert len(data["models"]) > 100
    assert CatalogCache().load() is not None

    assert hftray("models", "--refresh", "--search", "qwen3 8b") == 0
    assert hftray.out.startswith("Source: live, fetched just now")
    assert "Qwen/Qwen3-8B " in hftray.out
    assert "DeepSeek" not in hftray.out
    last = fake_hf.requests_to("/v1/models")[-1]
    assert last.header("if-none-match")  # the second refresh was conditional


def test_models_offline_uses_the_built_in_list_without_any_request(
    hftray: Run,
    online: Path,
    fake_hf: FakeHF,
) -> None:
    assert hftray("models", "--offline") == 0

    assert hftray.out.startswith("Source: built-in list (offline mode)")
    assert "deepseek-ai/DeepSeek-R1" in hftray.out
    assert fake_hf.requests == []


def test_models_with_the_network_cut_shows_the_built_in_list_and_why(
    hftray: Run, offline: Path
) -> None:
    assert hftray("models", "--refresh") == 0

    assert "cannot reach 127.0.0.1" in one_line(hftray.err)
    assert hftray.out.startswith("Source: built-in list (offline: cannot reach")


FAILURES: list[tuple[str, dict[str, object], str]] = [
    ("status", {"status": 401}, "token"),
    ("status", {"status": 402}, "credits"),
    ("status", {"status": 403}, "may not call Inference Providers"),
    ("status", {"status": 429, "retry_after": 7}, "try again in 7 s"),
    ("status", {"status": 500}, "HTTP 500"),
    ("status", {"status": 503, "shape": "object"}, "HTTP 503"),
    ("html", {"status": 502}, "HTTP 502"),
    ("malformed", {}, "not valid JSON"),
    ("wrong_shape", {}, "no list of models"),
    ("drop", {}, "closed the connection"),
    ("redirect", {"to": "other"}, ""),
]


@pytest.mark.parametrize(("kind", "opts", "expected"), FAILURES)
def test_models_refresh_failure_names_the_problem_and_shows_the_cached_list(
    hftray: Run,
    online: Path,
    fake_hf: FakeHF,
    kind: str,
    opts: dict[str, object],
    expected: str,
) -> None:
    assert hftray("models", "--refresh") == 0  # fills the cache
    fake_hf.set_failure("models", kind, **opts)

    code = hftray("models", "--refresh")

    assert code == 0
    if kind == "redirect":  # followed to the other origin, which serves the list
        assert hftray.out.startswith("Source: live")
        return
    warning = one_line(hftray.err)
    assert warning.startswith("hftray: warning:")
    assert expected in warning
    assert hftray.out.startswith("Source: cached from")
    assert "deepseek-ai/DeepSeek-V3.2" in hftray.out  # a live-only model: the cached list


def short_timeouts(base_url: str, hub_url: str, token: str | None) -> RouterClient:
    return RouterClient(
        base_url, hub_url, token, total_timeout=1.0, connect_timeout=1.0, max_body_bytes=2**20
    )


@pytest.mark.parametrize(
    ("kind", "opts", "expected"),
    [
        ("slow", {"delay": 3}, "did not answer"),
        ("trickle", {"interval": 0.2, "duration": 3}, "did not answer"),
        ("huge", {"limit_mb": 4}, "more than 1 MB"),
    ],
)
def test_slow_or_endless_answers_fall_back_to_the_built_in_list_within_the_timeout(
    hftray: Run,
    online: Path,
    fake_hf: FakeHF,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    opts: dict[str, object],
    expected: str,
) -> None:
    fake_hf.set_failure("models", kind, **opts)
    loader = CatalogLoader(environ={"HF_ENDPOINT": fake_hf.url}, client_factory=short_timeouts)

    code = commands.run(["models", "--refresh"], loader=loader)

    out, err = capsys.readouterr()
    assert code == 0
    assert expected in one_line(err)
    assert out.startswith("Source: built-in list")


# ---- routing edits --------------------------------------------------------------------------


def test_primary_accepts_a_bare_id_a_full_ref_and_an_alias(hftray: Run, online: Path) -> None:
    assert hftray("primary", "Qwen/Qwen3-8B:cheapest") == 0
    assert 'primary: "huggingface/Qwen/Qwen3-8B:cheapest"' in online.read_text()
    assert hftray("alias", "huggingface/Qwen/Qwen3-8B:cheapest", "qwen cheap") == 0
    assert hftray("primary", "huggingface/deepseek-ai/DeepSeek-R1") == 0
    assert 'primary: "huggingface/deepseek-ai/DeepSeek-R1"' in online.read_text()

    assert hftray("primary", "QWEN CHEAP") == 0

    text = online.read_text()
    assert 'primary: "huggingface/Qwen/Qwen3-8B:cheapest"' in text
    assert 'id: "Qwen/Qwen3-8B:cheapest"' in text  # its explicit model entry
    assert "// my own comment" in text


def test_fallbacks_set_add_and_remove(hftray: Run, online: Path) -> None:
    assert hftray("primary", "deepseek-ai/DeepSeek-R1") == 0

    assert hftray("fallbacks", "set", "Qwen/Qwen3-8B", "deepseek-ai/DeepSeek-V3.2") == 0
    assert hftray("fallbacks", "add", "Qwen/Qwen3-8B:fastest") == 0
    assert hftray("fallbacks", "remove", "huggingface/Qwen/Qwen3-8B") == 0

    assert hftray("status", "--json") == 0
    report = hftray.json()
    assert isinstance(report, dict)
    assert report["fallbacks"] == [
        "huggingface/deepseek-ai/DeepSeek-V3.2",
        "huggingface/Qwen/Qwen3-8B:fastest",
    ]


def test_alias_set_and_remove(hftray: Run, online: Path) -> None:
    assert hftray("alias", "Qwen/Qwen3-8B", "small") == 0
    assert 'alias: "small"' in online.read_text()

    assert hftray("alias", "--remove", "small") == 0

    assert "small" not in online.read_text()


def test_an_edit_that_changes_nothing_writes_nothing(hftray: Run, online: Path) -> None:
    assert hftray("primary", "Qwen/Qwen3-8B") == 0
    before = snapshot(online.parent)

    assert hftray("primary", "Qwen/Qwen3-8B") == 0

    assert "nothing written" in hftray.out
    assert snapshot(online.parent) == before


def _conflict(monkeypatch: pytest.MonkeyPatch, config: Path) -> None:
    """Another program saves the config while the command is editing it."""
    real = config_edit.apply_edit

    def edit_while_someone_saves(*args: object, **kwargs: object) -> object:
        config.write_text(config.read_text() + "\n// saved by someone else\n")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(commands, "apply_edit", edit_while_someone_saves)


BAD_EDITS: list[tuple[str, list[str], str]] = [
    ("malformed ref", ["primary", "not a model"], "contains spaces"),
    ("unknown alias", ["primary", "nosuchalias"], "neither a model id nor a known alias"),
    ("other provider", ["primary", "openai/gpt-4o/x"], "belongs to provider"),
    ("unknown provider", ["primary", "Qwen/Qwen3-8B:nosuchprovider"], "unknown provider"),
    ("duplicate alias", ["alias", "deepseek-ai/DeepSeek-R1", "Gemma"], "already used"),
    ("empty alias", ["alias", "deepseek-ai/DeepSeek-R1", "  "], "alias is empty"),
    ("alias without name", ["alias", "deepseek-ai/DeepSeek-R1"], "give the alias"),
    ("remove missing alias", ["alias", "--remove", "Qwen/Qwen3-8B"], "has no alias"),
    ("not a fallback", ["fallbacks", "remove", "Qwen/Qwen3-8B"], "is not a fallback"),
    ("primary as fallback", ["fallbacks", "add", "gemma"], "is the primary model"),
    ("twice", ["fallbacks", "set", "Qwen/Qwen3-8B", "Qwen/Qwen3-8B"], "listed twice"),
    ("nix mode", ["primary", "Qwen/Qwen3-8B"], "Nix mode"),
    ("conflict", ["primary", "Qwen/Qwen3-8B"], "changed on disk"),
    ("unparsable", ["primary", "Qwen/Qwen3-8B"], "line 2, column 3"),
    ("no backup", ["restore", ".bak.3"], "no backup"),
]


@pytest.mark.parametrize(("case", "args", "expected"), BAD_EDITS, ids=[c[0] for c in BAD_EDITS])
def test_a_refused_edit_exits_non_zero_with_one_line_and_writes_nothing(
    hftray: Run,
    fake_hf: FakeHF,
    coderclaw: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    args: list[str],
    expected: str,
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_hf.url)
    config = write_config(coderclaw, fake_hf.router_base)
    assert hftray("models", "--refresh") == 0  # a live list: providers are known
    assert hftray("primary", "google/gemma-2-2b-it") == 0
    assert hftray("alias", "google/gemma-2-2b-it", "gemma") == 0
    if case == "nix mode":
        monkeypatch.setenv("CODERCLAW_NIX_MODE", "1")
    if case == "conflict":
        _conflict(monkeypatch, config)
    if case == "unparsable":
        config.write_text("{\n  ]\n")
    before = snapshot(coderclaw)
    if case == "conflict":
        before = {}

    code = hftray(*args)

    assert code in (1, 2)
    assert expected in one_line(hftray.err)
    if case == "conflict":
        assert config.read_text().endswith("// saved by someone else\n")
        assert "Qwen/Qwen3-8B" not in config.read_text()
    else:
        assert snapshot(coderclaw) == before


# ---- backups --------------------------------------------------------------------------------


def test_backups_and_restore(hftray: Run, online: Path) -> None:
    original = online.read_bytes()
    assert hftray("primary", "Qwen/Qwen3-8B") == 0
    first_edit = online.read_bytes()
    assert hftray("primary", "deepseek-ai/DeepSeek-R1") == 0

    assert hftray("backups", "--json") == 0
    listing = hftray.json()
    assert isinstance(listing, dict)
    assert [b["name"] for b in listing["backups"]] == ["coderclaw.json.bak", "coderclaw.json.bak.1"]

    assert hftray("restore") == 0  # the newest: the file before the last edit
    assert online.read_bytes() == first_edit
    assert hftray("restore", ".bak.2") == 0
    assert online.read_bytes() == original


def test_restore_repairs_an_unparsable_config(hftray: Run, online: Path) -> None:
    assert hftray("primary", "Qwen/Qwen3-8B") == 0
    good = online.read_bytes()
    online.write_text("{ broken")
    online.with_name("coderclaw.json.bak").write_bytes(good)

    assert hftray("restore", "coderclaw.json.bak") == 0

    assert online.read_bytes() == good


def test_config_option_overrides_the_config_path(hftray: Run, online: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "coderclaw.json"
    other.parent.mkdir()
    other.write_bytes(online.read_bytes())
    before = online.read_bytes()

    assert hftray("--config", str(other), "primary", "Qwen/Qwen3-8B") == 0
    assert hftray("status", "--config", str(other), "--json") == 0

    assert online.read_bytes() == before
    report = hftray.json()
    assert isinstance(report, dict)
    assert report["config"] == {"path": str(other), "reason": "--config", "exists": True}
    assert report["primary"] == "huggingface/Qwen/Qwen3-8B"
