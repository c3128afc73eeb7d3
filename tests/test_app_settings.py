"""The app's own preferences: declared once, stored as private JSON, never a token."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from hftray.core.app_settings import (
    FAVOURITES,
    NOTIFICATIONS,
    PREFERENCES,
    REFRESH_INTERVAL,
    AppSettings,
    SettingsValueError,
    default_settings_path,
)


def test_settings_live_in_the_platform_config_folder(isolated_home: Path) -> None:
    assert default_settings_path() == (
        isolated_home / ".config" / "coderclaw-hf-tray" / "settings.json"
    )


def test_defaults_without_a_file() -> None:
    settings = AppSettings.load()
    assert {pref.key: settings.get(pref.key) for pref in PREFERENCES} == {
        pref.key: pref.default for pref in PREFERENCES
    }
    assert settings.problems == []


def test_saved_values_load_back_and_file_is_private() -> None:
    settings = AppSettings.load()
    settings.set(NOTIFICATIONS, False)
    settings.set_favourite("huggingface/Qwen/Qwen3-8B", True)
    settings.save()
    mode = stat.S_IMODE(settings.path.stat().st_mode)
    assert mode == 0o600
    again = AppSettings.load()
    assert again.get(NOTIFICATIONS) is False
    assert again.favourites == ["huggingface/Qwen/Qwen3-8B"]


def test_unstarring_removes_a_favourite_and_duplicates_collapse() -> None:
    settings = AppSettings.load()
    settings.set(FAVOURITES, ["a/b", "a/b", "c/d"])
    assert settings.favourites == ["a/b", "c/d"]
    settings.set_favourite("a/b", False)
    assert settings.favourites == ["c/d"]


def test_wrong_kind_is_refused() -> None:
    settings = AppSettings.load()
    with pytest.raises(SettingsValueError, match="notifications"):
        settings.set(NOTIFICATIONS, "yes")
    with pytest.raises(SettingsValueError):
        settings.set(REFRESH_INTERVAL, True)


def test_interval_is_clamped_to_its_range() -> None:
    settings = AppSettings.load()
    settings.set(REFRESH_INTERVAL, -5)
    assert settings.get(REFRESH_INTERVAL) == 0


def test_broken_file_gives_defaults_and_says_why() -> None:
    path = default_settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    settings = AppSettings.load()
    assert settings.get(NOTIFICATIONS) is True
    assert "cannot be read" in settings.problems[0]


def test_bad_value_falls_back_to_default_and_unknown_keys_survive_a_save() -> None:
    path = default_settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"notifications": "no", "future_key": 3}), encoding="utf-8")
    settings = AppSettings.load()
    assert settings.get(NOTIFICATIONS) is True
    assert len(settings.problems) == 1
    settings.save()
    assert json.loads(path.read_text(encoding="utf-8"))["future_key"] == 3
