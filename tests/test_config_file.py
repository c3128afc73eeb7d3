from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hftray.core import json5text
from hftray.core.config_file import (
    Backup,
    ConfigConflictError,
    ConfigIncludeError,
    ConfigInvalidError,
    ConfigReadError,
    ConfigReadOnlyError,
    ConfigSyntaxError,
    ConfigWriteError,
    LoadedConfig,
    diff_text,
    included_files,
    list_backups,
    load_config,
    restore_backup,
    save_config,
)
from hftray.core.errors import HFTrayError

META = """meta: { lastTouchedVersion: "2026.1.5", lastTouchedAt: '2026-01-05T10:00:00.000Z' },"""

ORIGINAL = f"""// my CoderClaw config — hand-written, keep this comment
{{
  {META}
  agents: {{
    defaults: {{
      model: {{ primary: "huggingface/deepseek-ai/DeepSeek-R1", fallbacks: [] }},  // main one
      models: {{ "huggingface/deepseek-ai/DeepSeek-R1": {{ alias: "R1" }} }},
    }},
  }},
  gateway: {{ port: 18789 }},
}}
"""

NEW_PRIMARY = "huggingface/openai/gpt-oss-120b"


def primary_changed(text: str) -> str:
    """What a routing edit produces: one value replaced, everything else byte for byte."""
    return text.replace(
        'primary: "huggingface/deepseek-ai/DeepSeek-R1"', f'primary: "{NEW_PRIMARY}"'
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "state" / "coderclaw.json"
    path.parent.mkdir()
    path.write_text(ORIGINAL)
    return path


# ---- loading ---------------------------------------------------------------------------------


def test_load_reads_json5_with_comments(config: Path):
    loaded = load_config(config)
    assert loaded.exists and loaded.text == ORIGINAL
    assert loaded.data["agents"]["defaults"]["model"]["primary"].endswith("DeepSeek-R1")
    assert loaded.fingerprint is not None and loaded.fingerprint.size == len(ORIGINAL.encode())


def test_missing_file_is_an_empty_config_that_does_not_exist(tmp_path: Path):
    loaded = load_config(tmp_path / "nope" / "coderclaw.json")
    assert (loaded.exists, loaded.text, loaded.data) == (False, "", None)


@pytest.mark.parametrize("content", ["", "  \n", "// only a comment\n"])
def test_empty_file_exists_without_data(config: Path, content: str):
    config.write_text(content)
    loaded = load_config(config)
    assert loaded.exists and loaded.data is None


def test_unparsable_file_reports_line_and_column_and_is_untouched(config: Path):
    broken = ORIGINAL.replace("gateway: {", "gateway: {{")
    config.write_text(broken)
    with pytest.raises(ConfigSyntaxError) as caught:
        load_config(config)
    error = caught.value
    assert (error.line, error.column) == (10, 13)
    assert str(config) in str(error)
    assert "line 10, column 13" in str(error)
    assert error.fix is not None and "text editor" in error.fix
    assert config.read_text() == broken
    assert names(config.parent) == ["coderclaw.json"]


def test_file_that_is_not_utf8_is_reported(config: Path):
    config.write_bytes(b'{ a: "\xff" }')
    with pytest.raises(ConfigReadError, match="not UTF-8"):
        load_config(config)


# ---- saving ----------------------------------------------------------------------------------


def test_save_writes_patched_text_keeping_comments_and_meta_bytes(config: Path):
    saved = save_config(load_config(config), primary_changed(ORIGINAL))
    on_disk = config.read_text()
    assert on_disk == primary_changed(ORIGINAL)
    assert META in on_disk and "keep this comment" in on_disk and "// main one" in on_disk
    assert saved.data["agents"]["defaults"]["model"]["primary"] == NEW_PRIMARY
    assert saved.text == on_disk and saved.warnings == []
    assert mode(config) == 0o600


def test_saved_config_can_be_saved_again_without_reloading(config: Path):
    saved = save_config(load_config(config), primary_changed(ORIGINAL))
    again = save_config(saved, saved.text.replace("18789", "18790"))
    assert again.data["gateway"]["port"] == 18790


def test_save_creates_missing_file_in_private_directory(tmp_path: Path):
    path = tmp_path / "new-state" / "coderclaw.json"
    loaded = load_config(path)
    save_config(loaded, '{ agents: { defaults: { model: { primary: "huggingface/a/b" } } } }\n')
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
    assert names(path.parent) == ["coderclaw.json"]  # nothing to back up yet


def test_meta_change_is_refused(config: Path):
    loaded = load_config(config)
    with pytest.raises(ConfigInvalidError, match="meta"):
        save_config(loaded, ORIGINAL.replace("2026.1.5", "2099.1.1"))
    assert config.read_text() == ORIGINAL


def test_nix_mode_refuses_to_write(config: Path):
    with pytest.raises(ConfigReadOnlyError, match="Nix mode") as caught:
        save_config(load_config(config), primary_changed(ORIGINAL), nix_mode=True)
    assert caught.value.fix
    assert config.read_text() == ORIGINAL
    assert names(config.parent) == ["coderclaw.json"]


def test_change_that_breaks_the_schema_is_refused_with_the_problem(config: Path):
    bad = ORIGINAL.replace(
        'model: { primary: "huggingface/deepseek-ai/DeepSeek-R1", fallbacks: [] }',
        'model: "huggingface/deepseek-ai/DeepSeek-R1"',
    )
    with pytest.raises(ConfigInvalidError) as caught:
        save_config(load_config(config), bad)
    assert caught.value.problems == [
        "agents.defaults.model: must be an object { primary, fallbacks }, not a bare string"
    ]
    assert "agents.defaults.model" in str(caught.value)
    assert config.read_text() == ORIGINAL
    assert names(config.parent) == ["coderclaw.json"]


def test_new_text_that_is_not_json5_is_refused(config: Path):
    with pytest.raises(ConfigInvalidError, match="not valid JSON5"):
        save_config(load_config(config), ORIGINAL + "}")
    assert config.read_text() == ORIGINAL


def test_missing_env_reference_added_by_us_is_refused(config: Path):
    text = ORIGINAL.replace(
        "gateway: {",
        'models: { providers: { huggingface: { baseUrl: "https://router.huggingface.co/v1",'
        ' apiKey: "${HF_TOKEN}", models: [] } } },\n  gateway: {',
    )
    with pytest.raises(ConfigInvalidError, match=r"\$\{HF_TOKEN\}"):
        save_config(load_config(config), text, environ={"PATH": "/bin"})
    save_config(load_config(config), text, environ={"HF_TOKEN": "set"})
    assert "${HF_TOKEN}" in config.read_text()


def test_file_already_invalid_elsewhere_is_saved_with_a_warning(config: Path):
    invalid = ORIGINAL.replace("gateway: {", 'models: { mode: "append" },\n  gateway: {')
    config.write_text(invalid)
    saved = save_config(load_config(config), primary_changed(invalid))
    assert config.read_text() == primary_changed(invalid)
    assert saved.warnings == [
        'already invalid before this change (not touched): models.mode: must be "merge" or '
        '"replace"'
    ]


# ---- conflicts -------------------------------------------------------------------------------


def test_file_changed_on_disk_since_load_is_not_overwritten(config: Path):
    loaded = load_config(config)
    theirs = ORIGINAL.replace("18789", "18800")
    config.write_text(theirs)
    with pytest.raises(ConfigConflictError, match="changed on disk since it was loaded; reload"):
        save_config(loaded, primary_changed(ORIGINAL))
    assert config.read_text() == theirs
    assert names(config.parent) == ["coderclaw.json"]


def test_file_broken_on_disk_since_load_is_not_overwritten(config: Path):
    loaded = load_config(config)
    config.write_text("{ broken")
    with pytest.raises(ConfigConflictError):
        save_config(loaded, primary_changed(ORIGINAL))
    assert config.read_text() == "{ broken"


def test_file_created_since_load_is_a_conflict(tmp_path: Path):
    path = tmp_path / "coderclaw.json"
    loaded = load_config(path)
    path.write_text("{}")
    with pytest.raises(ConfigConflictError, match="was created"):
        save_config(loaded, "{ gateway: {} }")
    assert path.read_text() == "{}"


def test_file_deleted_since_load_is_a_conflict(config: Path):
    loaded = load_config(config)
    config.unlink()
    with pytest.raises(ConfigConflictError, match="was deleted"):
        save_config(loaded, primary_changed(ORIGINAL))
    assert not config.exists()


def test_file_touched_without_change_is_no_conflict(config: Path):
    loaded = load_config(config)
    os.utime(config, ns=(1, 1))
    save_config(loaded, primary_changed(ORIGINAL))
    assert config.read_text() == primary_changed(ORIGINAL)


# ---- failing writes --------------------------------------------------------------------------


def fail_on(
    monkeypatch: pytest.MonkeyPatch, name: str, when: Callable[..., bool], code: int
) -> None:
    real = getattr(os, name)

    def failing(*args: Any, **kwargs: Any) -> Any:
        if when(*args):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)


def test_failed_rename_leaves_original_intact_and_no_temp(
    config: Path, monkeypatch: pytest.MonkeyPatch
):
    loaded = load_config(config)
    fail_on(monkeypatch, "replace", lambda src, dst: Path(dst) == config, errno.EACCES)
    with pytest.raises(ConfigWriteError, match="Permission denied") as caught:
        save_config(loaded, primary_changed(ORIGINAL))
    assert "previous file is unchanged" in str(caught.value)
    assert config.read_text() == ORIGINAL
    # The backup step copied (not moved) the current file, so nothing was lost.
    assert names(config.parent) == ["coderclaw.json", "coderclaw.json.bak"]
    assert (config.parent / "coderclaw.json.bak").read_text() == ORIGINAL


def test_disk_full_after_temp_written_leaves_original_intact(
    config: Path, monkeypatch: pytest.MonkeyPatch
):
    loaded = load_config(config)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        if name.startswith("coderclaw.json.") and name.endswith(".tmp") and ".bak" not in name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(ConfigWriteError, match="No space left on device"):
        save_config(loaded, primary_changed(ORIGINAL))
    assert config.read_text() == ORIGINAL
    assert not [n for n in names(config.parent) if n.endswith(".tmp")]


def test_failed_backup_stops_before_the_config_is_touched(
    config: Path, monkeypatch: pytest.MonkeyPatch
):
    loaded = load_config(config)
    fail_on(monkeypatch, "replace", lambda src, dst: str(dst).endswith(".bak"), errno.EROFS)
    with pytest.raises(ConfigWriteError, match="Read-only file system"):
        save_config(loaded, primary_changed(ORIGINAL))
    assert config.read_text() == ORIGINAL
    assert names(config.parent) == ["coderclaw.json"]


def test_unusable_directory_is_reported_as_write_failure(tmp_path: Path):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the state folder should be")
    loaded = load_config(blocker / "coderclaw.json")
    with pytest.raises(ConfigWriteError, match="could not save"):
        save_config(loaded, "{}")
    assert blocker.read_text() == "a file where the state folder should be"


def test_every_config_error_is_a_user_facing_error_with_a_fix(config: Path):
    with pytest.raises(HFTrayError) as caught:
        save_config(load_config(config), primary_changed(ORIGINAL), nix_mode=True)
    assert caught.value.fix and " — " in caught.value.one_line()


# ---- backups ---------------------------------------------------------------------------------


def save_versions(config: Path, count: int) -> list[str]:
    """Save `count` successive versions; returns every version, the original first."""
    versions = [ORIGINAL]
    for n in range(1, count + 1):
        text = ORIGINAL.replace("18789", str(20000 + n))
        save_config(load_config(config), text)
        versions.append(text)
    return versions


def test_backups_rotate_with_coderclaw_names_and_private_modes(config: Path):
    (config.parent / "coderclaw.json.bak").write_text("{ very: 'old' }")
    os.chmod(config.parent / "coderclaw.json.bak", 0o644)
    versions = save_versions(config, 6)
    ring = ["coderclaw.json.bak"] + [f"coderclaw.json.bak.{i}" for i in range(1, 5)]
    assert names(config.parent) == sorted(["coderclaw.json", *ring])
    for age, name in enumerate(ring):
        backup = config.parent / name
        assert backup.read_text() == versions[-2 - age], name
        assert mode(backup) == 0o600
    assert config.read_text() == versions[-1]


def test_list_backups_is_newest_first_and_ignores_other_files(config: Path):
    save_versions(config, 3)
    (config.parent / "coderclaw.json.bak.before-upgrade").write_text("{}")
    (config.parent / "coderclaw.json.bak.9").write_text("{}")
    backups = list_backups(config)
    assert [b.path.name for b in backups] == [
        "coderclaw.json.bak",
        "coderclaw.json.bak.1",
        "coderclaw.json.bak.2",
    ]
    assert all(isinstance(b, Backup) and b.size > 0 for b in backups)


@pytest.mark.parametrize("index", range(5))
def test_restore_any_backup_and_undo_it(config: Path, index: int):
    versions = save_versions(config, 5)
    before_restore = config.read_text()
    backup = list_backups(config)[index]
    wanted = backup.path.read_text()
    restored = restore_backup(load_config(config), backup)
    assert config.read_text() == wanted == versions[-2 - index]
    assert restored.text == wanted and restored.exists
    assert (config.parent / "coderclaw.json.bak").read_text() == before_restore  # undoable
    assert mode(config) == 0o600


def test_restore_refuses_on_conflict(config: Path):
    save_versions(config, 1)
    loaded = load_config(config)
    config.write_text(ORIGINAL.replace("18789", "1"))
    with pytest.raises(ConfigConflictError):
        restore_backup(loaded, list_backups(config)[0])
    assert config.read_text() == ORIGINAL.replace("18789", "1")


def test_restore_refuses_an_unparsable_backup(config: Path):
    bak = config.parent / "coderclaw.json.bak"
    bak.write_text("{ nope")
    with pytest.raises(ConfigSyntaxError, match=r"coderclaw\.json\.bak"):
        restore_backup(load_config(config), bak)
    assert config.read_text() == ORIGINAL


def test_restore_refuses_a_backup_with_new_schema_problems(config: Path):
    bak = config.parent / "coderclaw.json.bak"
    bak.write_text('{ agents: { defaults: { model: "bare" } } }')
    with pytest.raises(ConfigInvalidError, match="bare string"):
        restore_backup(load_config(config), bak)
    assert config.read_text() == ORIGINAL


def test_restore_in_nix_mode_is_refused(config: Path):
    save_versions(config, 1)
    with pytest.raises(ConfigReadOnlyError):
        restore_backup(load_config(config), list_backups(config)[0], nix_mode=True)


# ---- warnings and audit ----------------------------------------------------------------------


def test_large_shrink_is_saved_with_a_warning(config: Path):
    saved = save_config(load_config(config), "{\n  " + META + "\n}\n")
    assert any("more than half" in w for w in saved.warnings)


def test_audit_line_is_appended_for_each_write(config: Path, tmp_path: Path):
    audit = tmp_path / "state" / "logs" / "config-audit.jsonl"
    save_config(load_config(config), primary_changed(ORIGINAL), audit_log=audit)
    save_config(load_config(config), ORIGINAL, audit_log=audit)
    lines = [json.loads(line) for line in audit.read_text().splitlines()]
    assert len(lines) == 2
    assert lines[0]["actor"] == "hftray"
    assert lines[0]["changedPaths"] == ["agents.defaults.model.primary"]
    assert lines[0]["resultHash"] == lines[1]["sourceHash"]
    assert mode(audit) == 0o600 and mode(audit.parent) == 0o700


def test_unwritable_audit_log_only_warns(config: Path, tmp_path: Path):
    blocker = tmp_path / "logs"
    blocker.write_text("not a folder")
    saved = save_config(
        load_config(config), primary_changed(ORIGINAL), audit_log=blocker / "audit.jsonl"
    )
    assert config.read_text() == primary_changed(ORIGINAL)
    assert any("audit log" in w for w in saved.warnings)


# ---- $include --------------------------------------------------------------------------------


def test_included_files_are_listed_resolved_beside_the_config(config: Path):
    config.write_text(
        '{ $include: ["agents.json5", "/etc/cc.json5"], models: { $include: "m.json5" } }'
    )
    assert included_files(load_config(config)) == [
        config.parent / "agents.json5",
        Path("/etc/cc.json5"),
        config.parent / "m.json5",
    ]


def test_key_defined_only_in_an_included_file_is_refused(config: Path):
    text = '{\n  $include: "agents.json5",\n  gateway: { port: 1 },\n}\n'
    config.write_text(text)
    (config.parent / "agents.json5").write_text(
        '{ agents: { defaults: { model: { primary: "huggingface/a/b" } } } }'
    )
    new = text.replace(
        "  gateway", '  agents: { defaults: { model: { primary: "huggingface/c/d" } } },\n  gateway'
    )
    with pytest.raises(ConfigIncludeError, match=r"agents\.json5") as caught:
        save_config(load_config(config), new)
    assert "agents" in str(caught.value)
    assert config.read_text() == text


def test_new_key_not_in_the_included_file_is_allowed(config: Path):
    text = '{\n  $include: "channels.json5",\n  gateway: { port: 1 },\n}\n'
    config.write_text(text)
    (config.parent / "channels.json5").write_text("{ channels: {} }")
    new = text.replace("  gateway", "  agents: { defaults: {} },\n  gateway")
    save_config(load_config(config), new)
    assert config.read_text() == new


def test_unreadable_included_file_is_assumed_to_define_the_key(config: Path):
    text = '{ $include: "missing.json5" }'
    config.write_text(text)
    with pytest.raises(ConfigIncludeError, match=r"missing\.json5"):
        save_config(load_config(config), "{ $include: 'missing.json5', agents: {} }")
    assert config.read_text() == text


# ---- symlinks and diffs ----------------------------------------------------------------------


def test_symlinked_config_is_written_through_the_link(tmp_path: Path):
    real = tmp_path / "dotfiles" / "coderclaw.json"
    real.parent.mkdir()
    real.write_text(ORIGINAL)
    link = tmp_path / "state" / "coderclaw.json"
    link.parent.mkdir()
    link.symlink_to(real)
    save_config(load_config(link), primary_changed(ORIGINAL))
    assert link.is_symlink()
    assert real.read_text() == primary_changed(ORIGINAL)
    assert (link.parent / "coderclaw.json.bak").read_text() == ORIGINAL


def test_diff_text_shows_only_the_changed_line():
    diff = diff_text(ORIGINAL, primary_changed(ORIGINAL), "coderclaw.json")
    assert diff.startswith("--- coderclaw.json (current)\n+++ coderclaw.json (new)\n")
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("---", "+++"))
    ]
    assert len(changed) == 2
    assert changed[0].startswith("-") and "DeepSeek-R1" in changed[0]
    assert changed[1].startswith("+") and NEW_PRIMARY in changed[1]


def test_diff_text_marks_missing_final_newline():
    diff = diff_text("a\n", "a\nb", "f", old_label="backup", new_label="file")
    assert "+++ f (file)" in diff and "+b\n\\ No newline at end of file\n" in diff


def test_identical_texts_have_an_empty_diff():
    assert diff_text(ORIGINAL, ORIGINAL, "coderclaw.json") == ""


def test_loaded_config_defaults_have_no_warnings(tmp_path: Path):
    loaded = LoadedConfig(tmp_path / "x", "", None, False)
    assert loaded.warnings == [] and loaded.fingerprint is None


def test_save_after_json5text_edits_keeps_meta_and_comments_byte_identical(config: Path):
    loaded = load_config(config)
    text = json5text.set_value(loaded.text, ["agents", "defaults", "model", "primary"], NEW_PRIMARY)
    text = json5text.set_value(text, ["agents", "defaults", "models", NEW_PRIMARY], {})
    text = json5text.set_value(
        text,
        ["models", "providers", "huggingface"],
        {
            "baseUrl": "https://router.huggingface.co/v1",
            "api": "openai-completions",
            "models": [{"id": "openai/gpt-oss-120b", "name": "GPT-OSS 120B"}],
        },
    )
    saved = save_config(loaded, text)
    on_disk = config.read_text()
    assert META in on_disk
    assert on_disk.startswith("// my CoderClaw config — hand-written, keep this comment\n")
    assert "// main one" in on_disk
    assert saved.data["models"]["providers"]["huggingface"]["models"][0]["id"] == (
        "openai/gpt-oss-120b"
    )
