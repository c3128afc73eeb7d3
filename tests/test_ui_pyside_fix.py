"""Emitting signals must not wear down Python's `True` (PySide6 6.12.0 bug, see pyside_fix)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

import hftray.ui.context  # noqa: F401 - importing it applies the fix
from hftray.ui import pyside_fix

pytestmark = pytest.mark.gui


class Emitter(QObject):
    changed = Signal(str)


def test_thousands_of_emits_leave_true_alive(qapp: QApplication) -> None:
    emitter = Emitter()
    received: list[str] = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(5000):
        emitter.changed.emit("x")
    # Other threads may hold a reference or two meanwhile; the bug would show as -5000.
    assert sys.getrefcount(True) > before - 100
    assert len(received) == 5000


def test_after_the_fix_emit_no_longer_drops_a_reference(qapp: QApplication) -> None:
    assert not pyside_fix.emit_drops_a_reference()
