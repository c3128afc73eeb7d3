from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from hftray.core.paths import CoderClawPaths, resolve_paths
from hftray.core.token_copies import (
    FixAction,
    Location,
    TokenCopy,
    TokenCopyError,
    TokenHealth,
    apply_fix,
    check_token_health,
    mask_token,
    write_hf_token_to_env,
)

KEYRING = "hf_keyringTOKENvalue0000good"
STALE = "hf_staleTOKENvalue00000000bad"
OTHER = "hf_otherTOKENvalue0000000more"


def paths_for(**extra: str) -> CoderClawPaths:
    return resolve_paths({**os.environ, **extra}, platform="linux")


def health(paths: CoderClawPaths, environ: dict[str, str] | None = None, **kw: Any) -> TokenHealth:
    return check_token_health(paths, kw.pop("keyring", KEYRING), environ or {}, **kw)


def write_env(paths: CoderClawPaths, text: str) -> Path:
    path = paths.env_file.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def write_profiles(paths: CoderClawPaths, store: dict[str, Any]) -> Path:
    path = paths.auth_profiles.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(store, indent=2))
    path.chmod(0o600)
    return path


def hf_profile(key: str) -> dict[str, str]:
    return {"type": "api_key", "provider": "huggingface", "key": key}


def write_unit(home: Path, lines: str) -> Path:
    unit = home / ".config" / "systemd" / "user" / "coderclaw-gateway.service"
    unit.parent.mkdir(parents=True)
    unit.write_text(f"[Service]\nExecStart=/usr/bin/node gateway\n{lines}")
    return unit


def only(copies: tuple[TokenCopy, ...], location: Location, name: str) -> TokenCopy:
    [found] = [c for c in copies if c.location is location and c.name == name]
    return found


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- masking ----------------------------------------------------------------------------------


def test_mask_token_shows_prefix_and_last_four_only():
    assert mask_token("hf_abcdefghijklmnopwxyz") == "hf_…wxyz"
    assert mask_token("hf_short") == "hf_…"
    assert mask_token("plainsecretvalue1234") == "…1234"
    assert mask_token(None) == "(none)"


def test_health_never_contains_a_token_value(isolated_home: Path):
    paths = paths_for()
    write_env(paths, f"HUGGINGFACE_HUB_TOKEN={STALE}\nHF_TOKEN={KEYRING}\n")
    write_profiles(paths, {"version": 1, "profiles": {"huggingface:default": hf_profile(OTHER)}})
    result = health(paths, {"HF_TOKEN": STALE})
    text = repr(result) + "".join(c.describe() + c.instruction for c in result.copies)
    for secret in (KEYRING, STALE, OTHER):
        assert secret not in text


# --- which token wins -----------------------------------------------------------------------


def test_no_token_anywhere(isolated_home: Path):
    result = health(paths_for())
    assert result.effective is None
    assert result.copies == ()
    assert not result.ok


def test_hf_token_in_env_file_matching_keyring_is_healthy(isolated_home: Path):
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={KEYRING}\n")
    result = health(paths)
    assert result.effective is not None
    assert (result.effective.location, result.effective.name) == (Location.ENV_FILE, "HF_TOKEN")
    assert result.effective.matches_keyring is True
    assert result.ok


def test_auth_profile_wins_over_env_file(isolated_home: Path):
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={KEYRING}\n")
    write_profiles(paths, {"version": 1, "profiles": {"huggingface:default": hf_profile(STALE)}})
    result = health(paths)
    assert result.effective is not None
    assert result.effective.location is Location.AUTH_PROFILE
    assert result.effective.name == "huggingface:default"
    assert result.effective.matches_keyring is False
    assert result.effective.actions == (FixAction.UPDATE, FixAction.REMOVE)
    assert not result.ok


def test_default_profile_comes_before_other_huggingface_profiles(isolated_home: Path):
    paths = paths_for()
    profiles = {
        "huggingface:work": hf_profile(STALE),
        "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-x"},
        "huggingface:default": hf_profile(KEYRING),
    }
    write_profiles(paths, {"version": 1, "profiles": profiles})
    result = health(paths)
    assert [c.name for c in result.copies] == ["huggingface:default", "huggingface:work"]
    assert result.effective is not None and result.effective.matches_keyring is True


def test_hub_token_in_env_file_beats_hf_token(isolated_home: Path):
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={KEYRING}\nHUGGINGFACE_HUB_TOKEN={STALE}\n")
    result = health(paths)
    assert result.effective is not None
    assert result.effective.name == "HUGGINGFACE_HUB_TOKEN"
    assert result.effective.wins_over_hf_token
    assert [c.name for c in result.stale_copies] == ["HUGGINGFACE_HUB_TOKEN"]


def test_process_environment_beats_env_file_without_a_service(isolated_home: Path):
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={KEYRING}\n")
    result = health(paths, {"HF_TOKEN": STALE})
    assert result.effective is not None
    assert result.effective.location is Location.PROCESS_ENV
    assert result.effective.reaches_gateway
    assert result.effective.actions == ()
    assert "environment" in result.effective.instruction


def test_service_definition_is_the_gateways_environment(isolated_home: Path):
    unit = write_unit(isolated_home, f"Environment=HUGGINGFACE_HUB_TOKEN={STALE}\n")
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={KEYRING}\n")
    result = health(paths, {"HUGGINGFACE_HUB_TOKEN": OTHER})
    assert result.effective is not None
    assert result.effective.location is Location.SERVICE
    assert result.effective.path == unit
    assert "systemctl --user daemon-reload" in result.effective.instruction
    assert str(unit) in result.effective.instruction
    session = only(result.copies, Location.PROCESS_ENV, "HUGGINGFACE_HUB_TOKEN")
    assert session.reaches_gateway is False
    assert session.stale


def test_hf_token_pinned_in_service_beats_env_file(isolated_home: Path):
    write_unit(isolated_home, f'Environment="HF_TOKEN={STALE}"\n')
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={KEYRING}\n")
    result = health(paths)
    assert result.effective is not None
    assert result.effective.location is Location.SERVICE
    assert result.effective.wins_over_hf_token
    shadowed = only(result.copies, Location.ENV_FILE, "HF_TOKEN")
    assert shadowed.matches_keyring is True and not shadowed.wins_over_hf_token


def test_config_env_vars_hub_token_beats_env_file_hf_token(isolated_home: Path):
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={KEYRING}\n")
    config = {"env": {"vars": {"HUGGINGFACE_HUB_TOKEN": STALE}}}
    result = health(paths, config_data=config)
    assert result.effective is not None
    assert result.effective.location is Location.CONFIG_ENV
    assert "env.vars.HUGGINGFACE_HUB_TOKEN" in result.effective.instruction


def test_config_api_key_literal_is_used_last(isolated_home: Path):
    paths = paths_for()
    config = {"models": {"providers": {"huggingface": {"apiKey": STALE}}}}
    alone = health(paths, config_data=config)
    assert alone.effective is not None
    assert alone.effective.location is Location.CONFIG_API_KEY
    assert alone.effective.matches_keyring is False
    write_env(paths, f"HF_TOKEN={KEYRING}\n")
    with_env = health(paths, config_data=config)
    assert with_env.effective is not None
    assert with_env.effective.location is Location.ENV_FILE
    assert not only(
        with_env.copies, Location.CONFIG_API_KEY, "models.providers.huggingface.apiKey"
    ).wins_over_hf_token


def test_api_key_reference_to_missing_variable_is_a_problem(isolated_home: Path):
    config = {"models": {"providers": {"huggingface": {"apiKey": "${HF_TOKEN}"}}}}
    result = health(paths_for(), config_data=config)
    assert result.problems and "${HF_TOKEN}" in result.problems[0]
    assert "whole config" in result.problems[0]
    assert not result.ok


def test_api_key_reference_to_another_variable_is_reported(isolated_home: Path):
    config = {"models": {"providers": {"huggingface": {"apiKey": "${MY_HF}"}}}}
    result = health(paths_for(), {"MY_HF": KEYRING}, config_data=config)
    assert result.problems == ()
    assert result.effective is not None
    assert result.effective.name == "models.providers.huggingface.apiKey (${MY_HF})"
    assert result.effective.matches_keyring is True


def test_without_keyring_token_matches_is_unknown(isolated_home: Path):
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={STALE}\n")
    result = health(paths, keyring=None)
    assert result.effective is not None
    assert result.effective.matches_keyring is None
    assert result.stale_copies == ()
    assert not result.ok


def test_broken_auth_profiles_file_is_a_problem_without_its_content(isolated_home: Path):
    paths = paths_for()
    paths.auth_profiles.path.parent.mkdir(parents=True)
    paths.auth_profiles.path.write_text('{"profiles": {"huggingface:default": {"key": "' + STALE)
    result = health(paths)
    assert result.problems and "not valid JSON" in result.problems[0]
    assert STALE not in result.problems[0]


# --- fixes ------------------------------------------------------------------------------------


def test_update_env_file_copy_keeps_other_lines_and_is_private(isolated_home: Path):
    paths = paths_for()
    path = write_env(paths, f"# mine\nA=1\nexport HUGGINGFACE_HUB_TOKEN={STALE}\n\nB=2\n")
    stale = health(paths).effective
    assert stale is not None
    apply_fix(stale, FixAction.UPDATE, KEYRING)
    assert path.read_text() == f"# mine\nA=1\nexport HUGGINGFACE_HUB_TOKEN={KEYRING}\n\nB=2\n"
    assert mode(path) == 0o600
    assert health(paths).ok


def test_remove_env_file_copy_keeps_other_lines(isolated_home: Path):
    paths = paths_for()
    path = write_env(paths, f"A=1\nHUGGINGFACE_HUB_TOKEN={STALE}\nHF_TOKEN={KEYRING}\n")
    apply_fix(
        only(health(paths).copies, Location.ENV_FILE, "HUGGINGFACE_HUB_TOKEN"), FixAction.REMOVE
    )
    assert path.read_text() == f"A=1\nHF_TOKEN={KEYRING}\n"
    assert mode(path) == 0o600
    assert health(paths).ok


def test_update_auth_profile_keeps_other_profiles_and_keys(isolated_home: Path):
    paths = paths_for()
    store: dict[str, Any] = {
        "version": 1,
        "profiles": {
            "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-x"},
            "huggingface:default": {**hf_profile(STALE), "email": "me@example.org"},
        },
        "lastGood": {"huggingface": "huggingface:default"},
    }
    path = write_profiles(paths, store)
    path.chmod(0o644)
    apply_fix(
        only(health(paths).copies, Location.AUTH_PROFILE, "huggingface:default"),
        FixAction.UPDATE,
        KEYRING,
    )
    saved = json.loads(path.read_text())
    store["profiles"]["huggingface:default"]["key"] = KEYRING
    assert saved == store
    assert path.read_text().endswith("\n")
    assert mode(path) == 0o600
    assert health(paths).ok


def test_remove_auth_profile_drops_it_and_its_references_only(isolated_home: Path):
    paths = paths_for()
    path = write_profiles(
        paths,
        {
            "version": 1,
            "profiles": {
                "huggingface:default": hf_profile(STALE),
                "huggingface:work": hf_profile(KEYRING),
                "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-x"},
            },
            "order": {"huggingface": ["huggingface:default", "huggingface:work"]},
            "lastGood": {"huggingface": "huggingface:default", "openai": "openai:default"},
            "usageStats": {
                "huggingface:default": {"lastUsed": 1},
                "openai:default": {"lastUsed": 2},
            },
        },
    )
    apply_fix(
        only(health(paths).copies, Location.AUTH_PROFILE, "huggingface:default"), FixAction.REMOVE
    )
    assert json.loads(path.read_text()) == {
        "version": 1,
        "profiles": {
            "huggingface:work": hf_profile(KEYRING),
            "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-x"},
        },
        "order": {"huggingface": ["huggingface:work"]},
        "lastGood": {"openai": "openai:default"},
        "usageStats": {"openai:default": {"lastUsed": 2}},
    }
    assert mode(path) == 0o600


def test_service_and_environment_copies_cannot_be_fixed_automatically(isolated_home: Path):
    write_unit(isolated_home, f"Environment=HUGGINGFACE_HUB_TOKEN={STALE}\n")
    copy = health(paths_for()).effective
    assert copy is not None
    with pytest.raises(TokenCopyError) as raised:
        apply_fix(copy, FixAction.REMOVE)
    assert raised.value.fix == copy.instruction


def test_update_without_a_token_is_refused(isolated_home: Path):
    paths = paths_for()
    write_env(paths, f"HF_TOKEN={STALE}\n")
    copy = health(paths).effective
    assert copy is not None
    with pytest.raises(TokenCopyError, match="no token"):
        apply_fix(copy, FixAction.UPDATE, "  ")


# --- env sync ---------------------------------------------------------------------------------


def test_write_hf_token_to_env_creates_private_file_and_folder(isolated_home: Path):
    paths = paths_for()
    written = write_hf_token_to_env(paths, KEYRING + "\n")
    assert written == isolated_home / ".coderclaw" / ".env"
    assert written.read_text() == f"HF_TOKEN={KEYRING}\n"
    assert mode(written) == 0o600
    assert mode(written.parent) == 0o700


def test_write_hf_token_to_env_replaces_only_hf_token(isolated_home: Path):
    paths = paths_for()
    path = write_env(paths, f"# keep\nHF_TOKEN={STALE}\nOTHER=1\n")
    write_hf_token_to_env(paths, KEYRING)
    assert path.read_text() == f"# keep\nHF_TOKEN={KEYRING}\nOTHER=1\n"


def test_write_hf_token_to_env_refuses_an_empty_token(isolated_home: Path):
    with pytest.raises(TokenCopyError):
        write_hf_token_to_env(paths_for(), "   ")
    assert not paths_for().env_file.path.exists()
