"""The PySide6 we pin must not wear down Python's `None`, `True` and `False`.

PySide6 6.12.0 drops a reference to `True` on every `emit()` and to `None` on every void method
call (`update()`, `setText()`…); on Python 3.11 a long-running tray then aborts in
`bool_dealloc`/`none_dealloc`. 6.11.3 does not: this guards the pin in requirements.lock.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

pytestmark = pytest.mark.gui

CALLS = 5000


class Emitter(QObject):
    changed = Signal(str)


def test_emit_keeps_the_reference_to_true(qapp: QApplication) -> None:
    emitter = Emitter()
    received: list[str] = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(CALLS):
        emitter.changed.emit("x")
    # Other threads may hold a reference or two meanwhile; the bug would show as -5000.
    assert sys.getrefcount(True) > before - 100
    assert len(received) == CALLS


def test_void_methods_keep_the_reference_to_none(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("x")
        label.update()
    assert sys.getrefcount(None) > before - 100
