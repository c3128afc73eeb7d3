"""Reading and writing `coderclaw.json` so that nothing the user wrote is ever lost.

We write the text the caller patched (comments and formatting survive), and only after it
passed every check: Nix mode, syntax, CoderClaw's schema for the parts the change touches,
`$include` files, and that nobody changed the file since it was loaded. Backups rotate with
CoderClaw's own names (`.bak`, `.bak.1` … `.bak.4`), the current file is *copied* to `.bak` (so
a failed write never loses it), and the new file replaces the old one in one rename.

A file that was already invalid in a part we do not touch can still be saved: the returned
`LoadedConfig.warnings` repeats those problems, so the user knows the gateway still rejects it.
Conflicts are judged by content: a file touched but not changed is no conflict.
A symlinked config is written through the link (dotfile managers keep working); its backups
sit beside the configured path.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hftray.core import json5text
from hftray.core.atomic import (
    SECRET_FILE_MODE,
    WriteFailedError,
    atomic_write_bytes,
    ensure_private_dir,
)
from hftray.core.config_schema import INCLUDE_KEY, check_change, format_path, validate
from hftray.core.errors import HFTrayError

BACKUP_COUNT = 5  # `.bak` plus `.bak.1` … `.bak.4`, as CoderClaw keeps them
_EDITOR_FIX = "fix it in a text editor, then reload"


class ConfigSyntaxError(HFTrayError):
    """The file is not valid JSON5; we never overwrite it."""

    def __init__(self, path: Path, error: json5text.JSON5SyntaxError) -> None:
        super().__init__(
            f"{path} cannot be read: JSON5 syntax error at line {error.line}, "
            f"column {error.column}: {error.problem}",
            fix=f"{_EDITOR_FIX} (the file was not changed)",
        )
        self.path = path
        self.line = error.line
        self.column = error.column


class ConfigReadError(HFTrayError):
    """The file exists but cannot be read as UTF-8 text."""


class ConfigConflictError(HFTrayError):
    """Someone else changed the file after we loaded it."""


class ConfigInvalidError(HFTrayError):
    """The change would make CoderClaw reject the file; `problems` says where and why."""

    def __init__(self, path: Path, problems: Sequence[str]) -> None:
        super().__init__(
            f"not saved: CoderClaw would reject {path.name} after this change: "
            + "; ".join(problems),
            fix="undo that change (the file on disk is unchanged)",
        )
        self.problems = list(problems)


class ConfigIncludeError(HFTrayError):
    """A key we must change is (or may be) defined in a file pulled in by `$include`."""


class ConfigReadOnlyError(HFTrayError):
    """CoderClaw runs in Nix mode: its config is managed declaratively."""


class ConfigWriteError(HFTrayError):
    """The file system refused the write; the previous file is intact."""


@dataclass(frozen=True)
class Fingerprint:
    """What the file looked like when loaded: content hash, size and modification time."""

    sha256: str
    size: int
    mtime_ns: int


@dataclass
class LoadedConfig:
    path: Path
    text: str
    data: Any
    exists: bool
    fingerprint: Fingerprint | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Backup:
    path: Path
    modified: datetime
    size: int


def load_config(path: Path) -> LoadedConfig:
    """Read and parse the config; a missing file is an empty, not-yet-existing config."""
    raw = _read_bytes(path)
    if raw is None:
        return LoadedConfig(path=path, text="", data=None, exists=False)
    text = _decode(path, raw)
    try:
        data = json5text.parse(text)
    except json5text.JSON5SyntaxError as exc:
        raise ConfigSyntaxError(path, exc) from exc
    return LoadedConfig(path, text, data, True, _fingerprint(path, raw))


def save_config(
    loaded: LoadedConfig,
    new_text: str,
    *,
    nix_mode: bool = False,
    environ: Mapping[str, str] | None = None,
    audit_log: Path | None = None,
) -> LoadedConfig:
    """Write `new_text` over the file `loaded` came from, or explain why not.

    Raises ConfigReadOnlyError, ConfigInvalidError, ConfigIncludeError, ConfigConflictError
    or ConfigWriteError; in every case the file on disk is unchanged.
    """
    _refuse_in_nix_mode(loaded.path, nix_mode)
    new_data = _parse_new_text(loaded.path, new_text)
    check = check_change(loaded.data, new_data, environ=environ)
    problems = list(check.introduced)
    if _meta(loaded.data) != _meta(new_data):
        problems.append("meta: belongs to CoderClaw and must not be changed by the tray")
    if problems:
        raise ConfigInvalidError(loaded.path, problems)
    _refuse_keys_from_includes(loaded, new_data)
    warnings = [f"already invalid before this change (not touched): {p}" for p in check.remaining]
    return _write(loaded, new_text, json5text.parse(new_text), warnings, audit_log)


def restore_backup(
    loaded: LoadedConfig,
    backup: Backup | Path,
    *,
    nix_mode: bool = False,
    environ: Mapping[str, str] | None = None,
    audit_log: Path | None = None,
) -> LoadedConfig:
    """Make a backup the current file; the current one becomes `.bak`, so this can be undone.

    The backup must parse; problems it has that the current file does not have are refused.
    """
    _refuse_in_nix_mode(loaded.path, nix_mode)
    source = backup.path if isinstance(backup, Backup) else backup
    raw = _read_bytes(source)
    if raw is None:
        raise ConfigReadError(f"backup {source} no longer exists", fix="reload the backup list")
    text = _decode(source, raw)
    try:
        data = json5text.parse(text)
    except json5text.JSON5SyntaxError as exc:
        raise ConfigSyntaxError(source, exc) from exc
    current = set(validate(loaded.data, environ=environ))
    problems = validate(data, environ=environ)
    introduced = [p for p in problems if p not in current]
    if introduced:
        raise ConfigInvalidError(loaded.path, introduced)
    warnings = [f"the restored file is still invalid: {p}" for p in problems]
    return _write(loaded, text, data, warnings, audit_log)


def list_backups(path: Path) -> list[Backup]:
    """CoderClaw's rotation ring for `path`, newest first: `.bak`, `.bak.1` … `.bak.4`."""
    backups = []
    for candidate in _backup_paths(path):
        with contextlib.suppress(OSError):
            info = candidate.stat()
            backups.append(
                Backup(candidate, datetime.fromtimestamp(info.st_mtime, UTC), info.st_size)
            )
    return backups


def included_files(loaded: LoadedConfig) -> list[Path]:
    """Every file named by an `$include` in the loaded config, resolved beside it."""
    found: list[Path] = []
    for _, names in _includes(loaded.data, ()):
        for name in names:
            resolved = _resolve_include(loaded.path, name)
            if resolved not in found:
                found.append(resolved)
    return found


def diff_text(
    old: str, new: str, name: str, *, old_label: str = "current", new_label: str = "new"
) -> str:
    """A unified diff for people: "Review and save" and comparing a backup with the file."""
    old_lines = _diff_lines(old)
    new_lines = _diff_lines(new)
    return "".join(
        difflib.unified_diff(
            old_lines, new_lines, fromfile=f"{name} ({old_label})", tofile=f"{name} ({new_label})"
        )
    )


# ---- writing ---------------------------------------------------------------------------------


def _write(
    loaded: LoadedConfig,
    new_text: str,
    new_data: Any,
    warnings: list[str],
    audit_log: Path | None,
) -> LoadedConfig:
    current = _read_bytes(loaded.path)
    _refuse_on_conflict(loaded, current)
    new_raw = new_text.encode("utf-8")
    warnings = [*warnings, *_suspicious(current, new_raw, loaded.data, new_data)]
    target = loaded.path.resolve() if loaded.path.is_symlink() else loaded.path
    try:
        if current is not None:
            _rotate_backups(loaded.path, current)
        atomic_write_bytes(target, new_raw, mode=SECRET_FILE_MODE)
    except (OSError, WriteFailedError) as exc:
        raise ConfigWriteError(
            f"could not save {loaded.path}: {_reason(exc)}; the previous file is unchanged",
            fix="check the folder's permissions and free disk space, then save again",
        ) from exc
    if audit_log is not None:
        warnings += _append_audit(audit_log, loaded, current, new_raw, new_data)
    return LoadedConfig(
        loaded.path, new_text, new_data, True, _fingerprint(target, new_raw), warnings
    )


def _rotate_backups(path: Path, current: bytes) -> None:
    """Shift the ring by one and copy (never move) the current file to `.bak`."""
    ring = _backup_paths(path)
    for older, newer in zip(reversed(ring[1:]), reversed(ring[:-1]), strict=True):
        if newer.exists():
            os.replace(newer, older)
    atomic_write_bytes(ring[0], current, mode=SECRET_FILE_MODE)
    for backup in ring:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(backup, SECRET_FILE_MODE)


def _backup_paths(path: Path) -> list[Path]:
    base = path.with_name(path.name + ".bak")
    return [base] + [base.with_name(f"{base.name}.{i}") for i in range(1, BACKUP_COUNT)]


def _refuse_in_nix_mode(path: Path, nix_mode: bool) -> None:
    if nix_mode:
        raise ConfigReadOnlyError(
            f"{path} is read-only: CoderClaw runs in Nix mode (CODERCLAW_NIX_MODE=1)",
            fix="change the model settings in your Nix configuration instead",
        )


def _refuse_on_conflict(loaded: LoadedConfig, current: bytes | None) -> None:
    if current is None and not loaded.exists:
        return
    unchanged = (
        current is not None
        and loaded.fingerprint is not None
        and _sha256(current) == loaded.fingerprint.sha256
    )
    if not unchanged:
        what = "was deleted" if current is None else "changed on disk"
        if not loaded.exists:
            what = "was created"
        raise ConfigConflictError(
            f"{loaded.path.name} {what} since it was loaded; reload and re-apply",
            fix="reload the file, then make the change again (nothing was written)",
        )


def _parse_new_text(path: Path, text: str) -> Any:
    """The new data, shared with the parse cache (read it only): the patch parsed it already."""
    try:
        return json5text.parse_shared(text)
    except json5text.JSON5SyntaxError as exc:
        raise ConfigInvalidError(path, [f"the new text is not valid JSON5: {exc}"]) from exc


def _suspicious(current: bytes | None, new_raw: bytes, old_data: Any, new_data: Any) -> list[str]:
    """CoderClaw's own warning signs for a write that may lose data."""
    warnings = []
    if current and len(new_raw) < len(current) / 2:
        warnings.append(
            f"the file shrinks from {len(current)} to {len(new_raw)} bytes (more than half); "
            "check the backup if that was not intended"
        )
    if _meta(old_data) is not None and _meta(new_data) is None:
        warnings.append("the new file has no meta block (CoderClaw adds it on its next write)")
    return warnings


def _append_audit(
    audit_log: Path, loaded: LoadedConfig, current: bytes | None, new_raw: bytes, new_data: Any
) -> list[str]:
    """One JSON line per write, like CoderClaw's config-audit.jsonl; best effort."""
    entry = {
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "actor": "hftray",
        "configPath": str(loaded.path),
        "changedPaths": _changed_paths(loaded.data, new_data),
        "sourceHash": _sha256(current) if current is not None else None,
        "resultHash": _sha256(new_raw),
    }
    try:
        ensure_private_dir(audit_log.parent)
        fd = os.open(audit_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, SECRET_FILE_MODE)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
    except OSError as exc:
        return [f"saved, but the audit log {audit_log} could not be written: {_reason(exc)}"]
    return []


def _changed_paths(before: Any, after: Any, path: tuple[str | int, ...] = ()) -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[str] = []
        for key in sorted(before.keys() | after.keys()):
            if before.get(key, _MISSING) != after.get(key, _MISSING):
                out += _changed_paths(before.get(key), after.get(key), (*path, key))
        return out
    return [] if before == after else [format_path(path) or "(whole file)"]


_MISSING = object()


# ---- $include --------------------------------------------------------------------------------


def _refuse_keys_from_includes(loaded: LoadedConfig, new_data: Any) -> None:
    """Refuse to create a key here that an included file defines: ours would shadow or merge it.

    An object with `$include` gets the included file's keys merged in by CoderClaw. When our
    change adds a key to such an object and an included file (or one we cannot read) may
    define it, editing only the main file would not do what the user asked.
    """
    if "include" not in loaded.text and "\\" not in loaded.text:
        return  # `data` is the parse of `text`: no `$include` in it, not even with escapes
    for obj_path, names in _includes(loaded.data, ()):
        before = _get(loaded.data, obj_path)
        after = _get(new_data, obj_path)
        if not isinstance(before, dict) or not isinstance(after, dict):
            continue
        for key in after.keys() - before.keys():
            for name in names:
                included = _resolve_include(loaded.path, name)
                if _may_define(included, key):
                    where = format_path((*obj_path, key))
                    raise ConfigIncludeError(
                        f"not saved: {where} is (or may be) set in {included}, "
                        f"which {loaded.path.name} pulls in with $include",
                        fix=f"make this change in {included} with a text editor",
                    )


def _includes(
    data: Any, path: tuple[str | int, ...]
) -> Iterable[tuple[tuple[str | int, ...], list[str]]]:
    if isinstance(data, dict):
        value = data.get(INCLUDE_KEY)
        names = value if isinstance(value, list) else [value]
        if value is not None:
            yield path, [n for n in names if isinstance(n, str)]
        for key, item in data.items():
            yield from _includes(item, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _includes(item, (*path, index))


def _resolve_include(config_path: Path, name: str) -> Path:
    included = Path(os.path.expanduser(name))
    return included if included.is_absolute() else config_path.parent / included


def _may_define(included: Path, key: str) -> bool:
    try:
        data = json5text.parse(included.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json5text.JSON5SyntaxError):
        return True  # cannot tell: assume the worst
    if isinstance(data, dict):
        return key in data or INCLUDE_KEY in data
    return False


def _get(data: Any, path: Sequence[str | int]) -> Any:
    for segment in path:
        if isinstance(segment, int):
            data = data[segment] if isinstance(data, list) and segment < len(data) else None
        else:
            data = data.get(segment) if isinstance(data, dict) else None
    return data


# ---- small helpers ---------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigReadError(
            f"cannot read {path}: {_reason(exc)}",
            fix="check that it is a file you may read",
        ) from exc


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigReadError(
            f"{path} is not UTF-8 text (bad byte at offset {exc.start})",
            fix=f"{_EDITOR_FIX}; save it as UTF-8",
        ) from exc


def _fingerprint(path: Path, raw: bytes) -> Fingerprint:
    try:
        mtime_ns = path.stat().st_mtime_ns
    except OSError:
        mtime_ns = 0
    return Fingerprint(_sha256(raw), len(raw), mtime_ns)


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _meta(data: Any) -> Any:
    return data.get("meta") if isinstance(data, dict) else None


def _reason(exc: BaseException) -> str:
    """The system's words for a failure, without our own wrapping around them."""
    cause = exc.__cause__ if isinstance(exc, WriteFailedError) else exc
    if isinstance(cause, OSError):
        return cause.strerror or str(cause)
    return str(exc)


def _diff_lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines
