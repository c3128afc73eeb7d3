"""A work-around for PySide6 6.12.0: `SignalInstance.emit()` drops a reference to `True`.

`emit()` returns `True` without owning a reference to it, so each call made from Python lowers
the reference count of `True` by one. On Python 3.11 (where `True` is not immortal) a few
hundred emits later CPython frees `True` and aborts ("bool_dealloc: deallocating True or False").
`apply()` checks whether the installed PySide6 has the bug and, only then, wraps `emit` to give
the reference back. It is idempotent; the app and `AppContext` call it on import.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_applied = False


class _Probe(QObject):
    fired = Signal()


def emit_drops_a_reference() -> bool:
    """True when emitting a signal lowers the reference count of its (discarded) result."""
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.fired.emit()
    return sys.getrefcount(True) < before


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True
    if not emit_drops_a_reference():
        return
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        incref(result)
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
