"""Marks English text for Qt's translation tools without importing Qt.

`pyside6-lupdate` collects every `QT_TRANSLATE_NOOP("Context", "text")` call by name; the UI
translates the text later with `QCoreApplication.translate(context, text)`. The core and the CLI
use the English text as it is.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    del context
    return text
