"""One routing change to `coderclaw.json`, start to finish: load, patch, validate, save.

The tray and `hftray primary|fallbacks|alias|restore` share this flow so both refuse the same
things the same way: a ref the user typed is resolved here (aliases, and the catalog's providers
when it knows the model), the routing op patches the text, and `config_file.save_config` checks
and writes it (Nix mode, schema, conflicts, backups). A change that leaves the text as it was
writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from hftray.core.catalog import Catalog
from hftray.core.config_file import (
    Backup,
    ConfigReadError,
    ConfigSyntaxError,
    Fingerprint,
    LoadedConfig,
    diff_text,
    list_backups,
    load_config,
    restore_backup,
    save_config,
)
from hftray.core.paths import CoderClawPaths
from hftray.core.refs import ModelRef, parse_ref
from hftray.core.routing import Routing

TextEdit = Callable[[str], str]


@dataclass(frozen=True)
class EditResult:
    before: LoadedConfig
    after: LoadedConfig

    @property
    def changed(self) -> bool:
        return self.before.text != self.after.text or self.before.exists != self.after.exists

    @property
    def warnings(self) -> list[str]:
        return list(self.after.warnings)

    def diff(self) -> str:
        return diff_text(self.before.text, self.after.text, self.after.path.name)


def audit_log_path(paths: CoderClawPaths) -> Path:
    """Where CoderClaw appends one line per config write; we add ours beside its own."""
    return paths.state_dir.path / "logs" / "config-audit.jsonl"


def aliases_by_name(routing: Routing | None) -> dict[str, str]:
    """`alias -> full ref`, the direction `parse_ref` looks aliases up in."""
    return {} if routing is None else {alias: ref for ref, alias in routing.aliases.items()}


def resolve_user_ref(text: str, routing: Routing | None, catalog: Catalog | None) -> ModelRef:
    """A full ref, bare id or alias as typed; a pinned provider the list never names is refused.

    Providers are only judged when the catalog came from the router and knows the model: the
    built-in list says nothing about who serves what.
    """
    aliases = aliases_by_name(routing)
    ref = parse_ref(text, aliases=aliases)
    if ref.pinned_provider is None or catalog is None or not catalog.is_live_data:
        return ref
    model = catalog.get(ref.model_id)
    if model is None:
        return ref
    known = {offer.provider for offer in model.offers}
    return parse_ref(text, aliases=aliases, known_providers=known)


def apply_edit(
    paths: CoderClawPaths,
    edit: TextEdit,
    *,
    environ: Mapping[str, str] | None = None,
    loaded: LoadedConfig | None = None,
) -> EditResult:
    """Patch the config with `edit` and save it; raises the config errors, writing nothing.

    Pass `loaded` when the edit was decided on a copy read earlier: a file changed on disk
    since then is refused as a conflict instead of being overwritten.
    """
    before = loaded if loaded is not None else load_config(paths.config.path)
    new_text = edit(before.text)
    if new_text == before.text:
        return EditResult(before, before)
    after = save_config(
        before,
        new_text,
        nix_mode=paths.nix_mode,
        environ=environ,
        audit_log=audit_log_path(paths),
    )
    return EditResult(before, after)


def find_backup(config_path: Path, wanted: str | None) -> Backup:
    """The backup named by `wanted` (a path, a file name or a suffix like `.bak.2`); the newest
    one when `wanted` is None."""
    backups = list_backups(config_path)
    if not backups:
        raise ConfigReadError(
            f"there are no backups of {config_path}",
            fix="backups appear after the first save by CoderClaw or the tray",
        )
    if wanted is None:
        return max(backups, key=lambda b: b.modified)
    for backup in backups:
        name = backup.path.name
        if wanted in (str(backup.path), name, name[len(config_path.name) :]):
            return backup
        if Path(wanted).expanduser().resolve() == backup.path.resolve():
            return backup
    names = ", ".join(b.path.name for b in backups)
    raise ConfigReadError(f"no backup '{wanted}' of {config_path}", fix=f"choose one of: {names}")


def restore(
    paths: CoderClawPaths,
    backup: Backup,
    *,
    environ: Mapping[str, str] | None = None,
) -> EditResult:
    """Make `backup` the current config; the current file becomes `.bak`, so this can be undone."""
    before = _load_even_if_broken(paths.config.path)
    after = restore_backup(
        before, backup, nix_mode=paths.nix_mode, environ=environ, audit_log=audit_log_path(paths)
    )
    return EditResult(before, after)


def _load_even_if_broken(path: Path) -> LoadedConfig:
    """The current file for a restore: an unparsable one is exactly what a backup should fix."""
    try:
        return load_config(path)
    except ConfigSyntaxError:
        raw = path.read_bytes()
        fingerprint = Fingerprint(
            hashlib.sha256(raw).hexdigest(), len(raw), path.stat().st_mtime_ns
        )
        text = raw.decode("utf-8", errors="replace")
        return LoadedConfig(path, text, None, True, fingerprint)
