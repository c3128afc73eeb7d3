"""Compare a config backup with the current file, then restore exactly what was compared.

The Gateway page shows the diff before the user presses Restore. If the file changes on disk in
between (CoderClaw or an editor wrote it), restoring would throw away a change the user never
saw, so the restore is checked against the file the diff was made from and refused as a
conflict (`ConfigConflictError`) instead. The current file becomes `.bak`, so a restore can be
undone by restoring that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hftray.core.config_edit import audit_log_path, restore
from hftray.core.config_file import (
    Backup,
    ConfigReadError,
    ConfigSyntaxError,
    LoadedConfig,
    diff_text,
    load_config,
    restore_backup,
)
from hftray.core.paths import CoderClawPaths


@dataclass(frozen=True)
class BackupReview:
    backup: Backup
    current: LoadedConfig | None  # None when the current file cannot be parsed
    diff: str  # unified diff from the current file to the backup; "" when they are equal


def review_backup(paths: CoderClawPaths, backup: Backup) -> BackupReview:
    """The diff a restore of `backup` would make to the current config."""
    try:
        old = backup.path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ConfigReadError(
            f"cannot read the backup {backup.path}: {exc.strerror or exc}",
            fix="reload the backup list",
        ) from None
    current: LoadedConfig | None
    try:
        current = load_config(paths.config.path)
        current_text = current.text
    except ConfigSyntaxError:
        current = None  # a broken file is exactly what a backup is for
        current_text = paths.config.path.read_text(encoding="utf-8", errors="replace")
    diff = diff_text(
        current_text, old, paths.config.path.name, old_label="current", new_label=backup.path.name
    )
    return BackupReview(backup, current, diff)


def restore_reviewed(
    paths: CoderClawPaths, review: BackupReview, *, environ: Mapping[str, str] | None = None
) -> LoadedConfig:
    """Restore the reviewed backup; ConfigConflictError when the file changed since the review."""
    if review.current is None:
        return restore(paths, review.backup, environ=environ).after
    return restore_backup(
        review.current,
        review.backup,
        nix_mode=paths.nix_mode,
        environ=environ,
        audit_log=audit_log_path(paths),
    )
