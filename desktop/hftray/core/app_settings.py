"""The app's own preferences, declared once and stored as JSON beside nothing secret.

Every preference is listed in `PREFERENCES` (key, default, type, label, tooltip) so the Gateway
page can render them and the command line can share favourites. The file lives in the platform's
config folder for `coderclaw-hf-tray`; a token is never stored here. Labels are English and marked
for Qt's translation tools without importing Qt (the UI translates them in context "Preferences").
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hftray.core.atomic import atomic_write_text
from hftray.core.errors import HFTrayError
from hftray.core.translatable import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)

APP_DIR_NAME = "coderclaw-hf-tray"
SETTINGS_FILE = "settings.json"
TRANSLATION_CONTEXT = "Preferences"


class SettingsValueError(HFTrayError):
    """A preference was given a value of the wrong kind."""


@dataclass(frozen=True)
class Preference:
    key: str
    default: Any
    kind: type
    label: str
    tooltip: str = ""
    minimum: int | None = None
    maximum: int | None = None


START_AT_LOGIN = "start_at_login"
NOTIFICATIONS = "notifications"
REFRESH_INTERVAL = "refresh_interval_minutes"
LANGUAGE = "language"
FAVOURITES = "favourites"

PREFERENCES: tuple[Preference, ...] = (
    Preference(
        START_AT_LOGIN,
        False,
        bool,
        QT_TRANSLATE_NOOP("Preferences", "Start at login"),
        QT_TRANSLATE_NOOP("Preferences", "Start CoderClaw HF Tray when you log in."),
    ),
    Preference(
        NOTIFICATIONS,
        True,
        bool,
        QT_TRANSLATE_NOOP("Preferences", "Show notifications"),
        QT_TRANSLATE_NOOP("Preferences", "Say so in a notification when the primary changes."),
    ),
    Preference(
        REFRESH_INTERVAL,
        60,
        int,
        QT_TRANSLATE_NOOP("Preferences", "Refresh the model list every (minutes)"),
        QT_TRANSLATE_NOOP("Preferences", "0 refreshes only on start and on request."),
        minimum=0,
        maximum=24 * 60,
    ),
    Preference(
        LANGUAGE,
        "",
        str,
        QT_TRANSLATE_NOOP("Preferences", "Language"),
        QT_TRANSLATE_NOOP("Preferences", "Empty follows the system language."),
    ),
    Preference(
        FAVOURITES,
        [],
        list,
        QT_TRANSLATE_NOOP("Preferences", "Favourite models"),
        QT_TRANSLATE_NOOP("Preferences", "Starred models, shown in the tray menu."),
    ),
)
_BY_KEY = {pref.key: pref for pref in PREFERENCES}


def default_settings_path() -> Path:
    """`settings.json` in the platform's per-user config folder (XDG on Linux)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)) / SETTINGS_FILE


def _coerce(pref: Preference, value: Any) -> Any:
    """The value in the preference's kind, or raise; bool is not accepted as int."""
    if pref.kind is bool:
        if isinstance(value, bool):
            return value
    elif pref.kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            low = pref.minimum if pref.minimum is not None else value
            high = pref.maximum if pref.maximum is not None else value
            return min(max(value, low), high)
    elif pref.kind is str:
        if isinstance(value, str):
            return value
    elif pref.kind is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(dict.fromkeys(value))
    raise SettingsValueError(
        f"'{pref.key}' must be a {pref.kind.__name__}, not {type(value).__name__}",
        fix="change it in Settings or delete the settings file to get the defaults back",
    )


class AppSettings:
    """Preferences in memory, backed by a JSON file; unknown or broken values fall back to defaults.

    Keys the app does not know are kept on save, so an older and a newer version can share a file.
    """

    def __init__(self, path: Path, values: Mapping[str, Any] | None = None) -> None:
        self.path = path
        self._values: dict[str, Any] = dict(values or {})
        self.problems: list[str] = []

    @classmethod
    def load(cls, path: Path | None = None) -> AppSettings:
        path = path or default_settings_path()
        settings = cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as exc:
            settings.problems.append(f"{path}: cannot be read ({exc}); using the defaults")
            logger.warning("settings file unreadable, using defaults: %s", exc)
            return settings
        if not isinstance(raw, dict):
            settings.problems.append(f"{path}: not a JSON object; using the defaults")
            return settings
        for key, value in raw.items():
            pref = _BY_KEY.get(key)
            if pref is None:
                settings._values[key] = value
                continue
            try:
                settings._values[key] = _coerce(pref, value)
            except SettingsValueError as exc:
                settings.problems.append(f"{path}: {exc}; using the default")
        return settings

    def get(self, key: str) -> Any:
        pref = _BY_KEY[key]
        value = self._values.get(key, pref.default)
        return list(value) if isinstance(value, list) else value

    def set(self, key: str, value: Any) -> None:
        self._values[key] = _coerce(_BY_KEY[key], value)

    def save(self) -> None:
        """Write the file atomically (0600; the folder 0700)."""
        text = json.dumps(self._values, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        atomic_write_text(self.path, text)

    @property
    def favourites(self) -> list[str]:
        return list(self.get(FAVOURITES))

    def set_favourite(self, full_ref: str, starred: bool) -> None:
        current = [ref for ref in self.favourites if ref != full_ref]
        if starred:
            current.append(full_ref)
        self.set(FAVOURITES, current)


def preference(key: str) -> Preference:
    return _BY_KEY[key]
