"""Translations: complete, in step with the code, and keeping every placeholder of the English."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
TS_FILES = sorted(TRANSLATIONS.glob("hftray_*.ts"))
TOOLS = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%L?\d+|%n")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every message of a .ts file."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source", ""), translation))
    return found


def test_simplified_chinese_is_shipped() -> None:
    assert TRANSLATIONS / "hftray_zh_CN.ts" in TS_FILES


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_every_message_is_translated(ts: Path) -> None:
    missing = [
        f"{context}: {source}"
        for context, source, translation in messages(ts)
        if translation.get("type") in {"unfinished", "vanished", "obsolete"}
        or not (translation.text or "").strip()
    ]
    assert missing == [], "run scripts/update_translations.sh, then translate these"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_translations_keep_the_english_placeholders(ts: Path) -> None:
    wrong = [
        f"{context}: {source!r} -> {translation.text!r}"
        for context, source, translation in messages(ts)
        if translation.text
        and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation.text))
    ]
    assert wrong == []


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_sources_list_every_string_in_the_code(ts: Path, tmp_path: Path) -> None:
    fresh = tmp_path / ts.name
    shutil.copy(ts, fresh)
    sources = [str(p) for p in sorted((ROOT / "desktop" / "hftray" / "ui").rglob("*.py"))]
    core = ROOT / "desktop" / "hftray" / "core"
    sources += [
        str(p)
        for p in sorted(core.glob("*.py"))
        if p.name != "translatable.py" and "QT_TRANSLATE_NOOP(" in p.read_text(encoding="utf-8")
    ]
    subprocess.run(
        [TOOLS / "pyside6-lupdate", "-no-obsolete", "-locations", "none", *sources, "-ts", fresh],
        check=True,
        capture_output=True,
    )
    in_code = {(c, s) for c, s, _ in messages(fresh)}
    in_file = {(c, s) for c, s, _ in messages(ts)}
    assert in_code == in_file, "run scripts/update_translations.sh and translate the new strings"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_compiled_file_matches_its_source(ts: Path, tmp_path: Path) -> None:
    compiled = tmp_path / ts.with_suffix(".qm").name
    subprocess.run(
        [TOOLS / "pyside6-lrelease", "-silent", ts, "-qm", compiled],
        check=True,
        capture_output=True,
    )
    assert ts.with_suffix(".qm").read_bytes() == compiled.read_bytes()


def test_chinese_translation_is_used_at_run_time(qapp: QCoreApplication) -> None:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "hftray_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("TrayMenu", "Quit") == "退出"
    finally:
        QCoreApplication.removeTranslator(translator)
