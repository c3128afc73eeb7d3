from __future__ import annotations

import hashlib
import json
import os
import plistlib
from pathlib import Path

import pytest

from hftray.core.paths import (
    parse_gateway_cmd_environment,
    parse_systemd_environment,
    resolve_paths,
)


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


def make_npm_install(
    prefix: Path, monkeypatch: pytest.MonkeyPatch, *, package: Path | None = None
) -> Path:
    """A global npm install: bin/coderclaw -> ../lib/node_modules/@seanhogg/coderclaw/dist/entry.js.

    With `package`, node_modules/@seanhogg/coderclaw is itself a symlink to it (pnpm-style store).
    Returns the folder whose real path the install id is computed from.
    """
    link = prefix / "lib" / "node_modules" / "@seanhogg" / "coderclaw"
    root = package if package is not None else link
    (root / "dist").mkdir(parents=True)
    (root / "package.json").write_text(json.dumps({"name": "@seanhogg/coderclaw"}))
    entry = root / "dist" / "entry.js"
    entry.write_text("#!/usr/bin/env node\n")
    entry.chmod(0o755)
    if package is not None:
        link.parent.mkdir(parents=True)
        link.symlink_to(package)
    (prefix / "bin").mkdir(parents=True)
    (prefix / "bin" / "coderclaw").symlink_to(
        "../lib/node_modules/@seanhogg/coderclaw/dist/entry.js"
    )
    monkeypatch.setenv("PATH", f"{prefix / 'bin'}:{os.environ['PATH']}")
    return root


def expected_id(package_root: Path) -> str:
    return hashlib.sha256(os.path.realpath(package_root).encode()).hexdigest()[:8]


def write_config(path: Path, mtime: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}\n")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


# --- home -------------------------------------------------------------------------------------


def test_home_is_HOME_by_default(isolated_home: Path):
    paths = resolve_paths(env(), platform="linux")
    assert paths.home.path == isolated_home
    assert paths.home.reason == "HOME"


def test_coderclaw_home_expands_leading_tilde(isolated_home: Path):
    paths = resolve_paths(env(CODERCLAW_HOME="~/alt"), platform="linux")
    assert paths.home.path == isolated_home / "alt"
    assert paths.home.reason == "CODERCLAW_HOME"
    assert paths.config.path == isolated_home / "alt" / ".coderclaw" / "coderclaw.json"


def test_home_falls_back_to_userprofile_without_HOME(tmp_path: Path):
    environ = env(HOME="", USERPROFILE=str(tmp_path / "profile"))
    paths = resolve_paths(environ, platform="linux")
    assert paths.home.path == tmp_path / "profile"
    assert paths.home.reason == "USERPROFILE"


# --- config path rules ------------------------------------------------------------------------


def test_config_override_wins_over_everything(tmp_path: Path):
    environ = env(CODERCLAW_CONFIG_PATH=str(tmp_path / "a.json"), CODERCLAW_STATE_DIR=str(tmp_path))
    paths = resolve_paths(environ, config_override=tmp_path / "cli.json", platform="linux")
    assert paths.config.path == tmp_path / "cli.json"
    assert paths.config.reason == "--config"


def test_config_path_variable_wins_over_state_dir(tmp_path: Path):
    environ = env(CODERCLAW_CONFIG_PATH="~/custom.json", CODERCLAW_STATE_DIR=str(tmp_path / "s"))
    paths = resolve_paths(environ, platform="linux")
    assert paths.config.path == Path(os.environ["HOME"]) / "custom.json"
    assert paths.config.reason == "CODERCLAW_CONFIG_PATH"
    assert paths.state_dir.path == tmp_path / "s"


def test_state_dir_variable_names_config_env_and_agent_dir(tmp_path: Path, isolated_home: Path):
    write_config(isolated_home / ".coderclaw" / "coderclaw.json")  # loses to the variable
    paths = resolve_paths(env(CODERCLAW_STATE_DIR=str(tmp_path / "state")), platform="linux")
    assert paths.config.path == tmp_path / "state" / "coderclaw.json"
    assert paths.config.reason == "CODERCLAW_STATE_DIR"
    assert paths.env_file.path == tmp_path / "state" / ".env"
    assert paths.agent_dir.path == tmp_path / "state" / "agents" / "main" / "agent"


def test_existing_flat_config_wins_over_install_id_and_profile(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
):
    make_npm_install(tmp_path / "npm", monkeypatch)
    flat = write_config(isolated_home / ".coderclaw" / "coderclaw.json")
    paths = resolve_paths(env(CODERCLAW_PROFILE="work"), platform="linux")
    assert paths.config.path == flat
    assert paths.config.reason == "existing ~/.coderclaw/coderclaw.json"


def test_profile_selects_its_own_state_dir(isolated_home: Path):
    paths = resolve_paths(env(CODERCLAW_PROFILE="work"), platform="linux")
    assert paths.state_dir.path == isolated_home / ".coderclaw-work"
    assert paths.config.path == isolated_home / ".coderclaw-work" / "coderclaw.json"
    assert paths.config.reason == "CODERCLAW_PROFILE=work"


def test_profile_named_default_is_no_profile(isolated_home: Path):
    paths = resolve_paths(env(CODERCLAW_PROFILE="default"), platform="linux")
    assert paths.config.path == isolated_home / ".coderclaw" / "coderclaw.json"
    assert paths.config.reason == "default"


def test_install_id_comes_from_the_npm_package_behind_coderclaw_on_path(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
):
    root = make_npm_install(tmp_path / "npm", monkeypatch)
    install_id = expected_id(root)
    paths = resolve_paths(env(), platform="linux")
    assert paths.state_dir.path == isolated_home / ".coderclaw" / install_id
    assert paths.config.path == isolated_home / ".coderclaw" / install_id / "coderclaw.json"
    assert paths.config.reason == f"install id {install_id} from {os.path.realpath(root)}"


def test_install_id_hashes_the_real_path_of_a_symlinked_package(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
):
    store = tmp_path / "store" / "coderclaw@1.2.3"
    make_npm_install(tmp_path / "npm", monkeypatch, package=store)
    linked = tmp_path / "npm" / "lib" / "node_modules" / "@seanhogg" / "coderclaw"
    assert expected_id(store) != hashlib.sha256(str(linked).encode()).hexdigest()[:8]
    paths = resolve_paths(env(), platform="linux")
    assert paths.state_dir.path.name == expected_id(store)


def test_install_found_through_a_wrapper_script_that_is_not_a_symlink(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
):
    prefix = tmp_path / "npm"
    root = prefix / "lib" / "node_modules" / "@seanhogg" / "coderclaw"
    root.mkdir(parents=True)
    (root / "package.json").write_text(json.dumps({"name": "@seanhogg/coderclaw"}))
    (prefix / "bin").mkdir()
    wrapper = prefix / "bin" / "coderclaw"
    wrapper.write_text(
        "#!/bin/sh\nexec node ../lib/node_modules/@seanhogg/coderclaw/dist/entry.js\n"
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{prefix / 'bin'}:{os.environ['PATH']}")
    assert resolve_paths(env(), platform="linux").state_dir.path.name == expected_id(root)


def test_without_install_the_most_recent_install_id_config_is_used_and_noted(isolated_home: Path):
    base = isolated_home / ".coderclaw"
    write_config(base / "aaaaaaaa" / "coderclaw.json", mtime=1_000_000)
    newest = write_config(base / "bbbbbbbb" / "coderclaw.json", mtime=2_000_000)
    write_config(base / "not-an-id" / "coderclaw.json", mtime=3_000_000)
    paths = resolve_paths(env(), platform="linux")
    assert paths.config.path == newest
    assert paths.config.reason.startswith("existing ~/.coderclaw/bbbbbbbb/coderclaw.json")
    assert not (base / "coderclaw.json").exists()
    assert any("most recently modified" in n and "aaaaaaaa" in n for n in paths.notes)


def test_single_install_id_config_gives_no_note(isolated_home: Path):
    only = write_config(isolated_home / ".coderclaw" / "0123abcd" / "coderclaw.json")
    paths = resolve_paths(env(), platform="linux")
    assert paths.config.path == only
    assert paths.notes == []


def test_without_install_or_configs_the_default_is_flat(isolated_home: Path):
    paths = resolve_paths(env(), platform="linux")
    assert paths.state_dir.path == isolated_home / ".coderclaw"
    assert paths.config.path == isolated_home / ".coderclaw" / "coderclaw.json"
    assert paths.config.reason == "default"


def test_install_id_dir_without_config_notes_other_install_configs(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
):
    make_npm_install(tmp_path / "npm", monkeypatch)
    other = write_config(isolated_home / ".coderclaw" / "ffffffff" / "coderclaw.json")
    paths = resolve_paths(env(), platform="linux")
    assert any(str(other) in n for n in paths.notes)


# --- .env -----------------------------------------------------------------------------------


def test_env_file_stays_in_flat_state_dir_when_config_is_in_install_id_dir(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
):
    make_npm_install(tmp_path / "npm", monkeypatch)
    paths = resolve_paths(env(), platform="linux")
    assert paths.config.path.parent != isolated_home / ".coderclaw"
    assert paths.env_file.path == isolated_home / ".coderclaw" / ".env"


# --- service definitions --------------------------------------------------------------------


def write_unit(home: Path, body: str) -> Path:
    unit = home / ".config" / "systemd" / "user" / "coderclaw-gateway.service"
    unit.parent.mkdir(parents=True)
    unit.write_text(body)
    return unit


def test_systemd_unit_pins_win_over_process_environment(tmp_path: Path, isolated_home: Path):
    unit = write_unit(
        isolated_home,
        "[Service]\n"
        "ExecStart=/usr/bin/node gateway\n"
        f'Environment="CODERCLAW_STATE_DIR={tmp_path}/svc state" "HUGGINGFACE_HUB_TOKEN=hf_x"\n'
        f"Environment=CODERCLAW_CONFIG_PATH={tmp_path}/svc.json\n",
    )
    environ = env(CODERCLAW_STATE_DIR=str(tmp_path / "shell"), CODERCLAW_CONFIG_PATH="/x.json")
    paths = resolve_paths(environ, platform="linux")
    assert paths.service is not None
    assert paths.service.kind == "systemd"
    assert paths.service.path == unit
    assert paths.service.environment["HUGGINGFACE_HUB_TOKEN"] == "hf_x"
    assert paths.state_dir.path == tmp_path / "svc state"
    assert paths.env_file.path == tmp_path / "svc state" / ".env"
    assert paths.config.path == tmp_path / "svc.json"
    assert paths.config.reason == "CODERCLAW_CONFIG_PATH from the systemd unit"
    assert paths.env_file.reason == "CODERCLAW_STATE_DIR from the systemd unit"


def test_systemd_environment_lines_quoted_and_bare():
    text = (
        b"# Environment=IGNORED=1\n"
        b'Environment="A=b c" "C=d"\n'
        b"Environment=X=1 Y=2\n"
        b"Environment=X=3\n"
    )
    assert parse_systemd_environment(text) == {"A": "b c", "C": "d", "X": "3", "Y": "2"}


def test_launchd_plist_pins_win_on_macos(tmp_path: Path, isolated_home: Path):
    plist = isolated_home / "Library" / "LaunchAgents" / "ai.coderclaw.gateway.plist"
    plist.parent.mkdir(parents=True)
    plist.write_bytes(
        plistlib.dumps(
            {
                "Label": "ai.coderclaw.gateway",
                "EnvironmentVariables": {"CODERCLAW_STATE_DIR": str(tmp_path / "mac")},
            }
        )
    )
    paths = resolve_paths(env(), platform="darwin")
    assert paths.service is not None and paths.service.kind == "launchd"
    assert paths.config.path == tmp_path / "mac" / "coderclaw.json"
    assert paths.config.reason == "CODERCLAW_STATE_DIR from the launchd plist"


def test_gateway_cmd_in_state_dir_pins_win_on_windows(tmp_path: Path, isolated_home: Path):
    cmd = isolated_home / ".coderclaw" / "gateway.cmd"
    cmd.parent.mkdir()
    cmd.write_text(
        "@echo off\r\n"
        f'set "CODERCLAW_CONFIG_PATH={tmp_path}/win.json"\r\n'
        "set HUGGINGFACE_HUB_TOKEN=hf_y\r\n"
        "node gateway\r\n"
    )
    paths = resolve_paths(env(), platform="win32")
    assert paths.service is not None and paths.service.kind == "windows"
    assert paths.service.environment["HUGGINGFACE_HUB_TOKEN"] == "hf_y"
    assert paths.config.reason == "CODERCLAW_CONFIG_PATH from gateway.cmd"
    assert paths.config.path == tmp_path / "win.json"


def test_gateway_cmd_set_forms():
    text = b'set A=1\r\nSET "B=two words"\r\n@set C=x=y\r\nset /a D=1\r\nrem set E=1\r\n'
    assert parse_gateway_cmd_environment(text) == {"A": "1", "B": "two words", "C": "x=y"}


def test_only_the_service_definition_for_the_platform_is_read(isolated_home: Path):
    write_unit(isolated_home, "Environment=CODERCLAW_STATE_DIR=/elsewhere\n")
    paths = resolve_paths(env(), platform="darwin")
    assert paths.service is None
    assert paths.state_dir.path == isolated_home / ".coderclaw"


def test_unreadable_plist_is_noted_not_fatal(isolated_home: Path):
    plist = isolated_home / "Library" / "LaunchAgents" / "ai.coderclaw.gateway.plist"
    plist.parent.mkdir(parents=True)
    plist.write_text("not a plist")
    paths = resolve_paths(env(), platform="darwin")
    assert paths.service is None
    assert any(str(plist) in n for n in paths.notes)


# --- agent dir and auth profiles ------------------------------------------------------------


def test_agent_dir_defaults_under_state_dir(isolated_home: Path):
    paths = resolve_paths(env(), platform="linux")
    agent = isolated_home / ".coderclaw" / "agents" / "main" / "agent"
    assert paths.agent_dir.path == agent
    assert paths.auth_profiles.path == agent / "auth-profiles.json"


@pytest.mark.parametrize("name", ["CODERCLAW_AGENT_DIR", "PI_CODING_AGENT_DIR"])
def test_agent_dir_variables(tmp_path: Path, name: str):
    paths = resolve_paths(env(**{name: str(tmp_path / "agent")}), platform="linux")
    assert paths.auth_profiles.path == tmp_path / "agent" / "auth-profiles.json"
    assert paths.auth_profiles.reason == name


def test_coderclaw_agent_dir_wins_over_pi_variable(tmp_path: Path):
    environ = env(CODERCLAW_AGENT_DIR=str(tmp_path / "a"), PI_CODING_AGENT_DIR=str(tmp_path / "b"))
    assert resolve_paths(environ, platform="linux").agent_dir.path == tmp_path / "a"


def test_config_agent_dir_of_the_default_agent_wins(tmp_path: Path):
    config = {
        "agents": {
            "list": [
                {"id": "other", "agentDir": str(tmp_path / "other")},
                {"id": "main", "default": True, "agentDir": str(tmp_path / "mine")},
            ]
        }
    }
    environ = env(CODERCLAW_AGENT_DIR=str(tmp_path / "env"))
    paths = resolve_paths(environ, platform="linux", config_data=config)
    assert paths.agent_dir.path == tmp_path / "mine"
    assert paths.agent_dir.reason == "agents.list[1].agentDir in the config"


def test_default_agent_id_names_the_agent_folder(isolated_home: Path):
    config = {"agents": {"list": [{"id": "Coder"}]}}
    paths = resolve_paths(env(), platform="linux", config_data=config)
    assert paths.agent_dir.path == isolated_home / ".coderclaw" / "agents" / "coder" / "agent"


# --- nix --------------------------------------------------------------------------------------


def test_nix_mode_only_when_variable_is_1():
    assert resolve_paths(env(CODERCLAW_NIX_MODE="1"), platform="linux").nix_mode is True
    assert resolve_paths(env(CODERCLAW_NIX_MODE="true"), platform="linux").nix_mode is False
    assert resolve_paths(env(), platform="linux").nix_mode is False
