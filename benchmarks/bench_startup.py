"""Start-up time and memory of `hftray --exit-when-ready` beside a bare PySide6 tray program.

Each program runs in a fresh home, five times (median reported). With a tray (a private Xvfb with
`trayer`, when both are installed) the bare program shows a tray icon and quits, and ours starts
as a user would: the icon shown, the cached or built-in catalog loaded, then it quits. Offscreen
there is no tray: the bare program shows a tray icon and a window, ours its Settings window. A
third row starts ours with a cached 10 000-model catalog (the memory target of product.md).

Targets (product.md): start ≤ 1.3× the bare program; memory with 10 000 models ≤ bare + 40 MB.
Run: `.venv/bin/python benchmarks/bench_startup.py` (from the repository root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "desktop"), str(ROOT)]

from benchmarks.fresh_home import home_variables  # noqa: E402

RUNS = 5
MODELS = 10_000
TIME_FACTOR = 1.3
MEMORY_MARGIN_MB = 40.0

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon, QPixmap, QColor
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
app = QApplication(sys.argv)
pixmap = QPixmap(32, 32)
pixmap.fill(QColor("black"))
tray = QSystemTrayIcon(QIcon(pixmap))
tray.show()
if not QSystemTrayIcon.isSystemTrayAvailable():
    window = QWidget()
    window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def fresh_env(home: Path, display: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CODERCLAW_", "HF_", "HUGGINGFACE_", "XDG_"))
    }
    env.update(home_variables(home))
    env.update(
        QT_QPA_PLATFORM="xcb" if display else "offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    if display:
        env["DISPLAY"] = display
    return env


@contextlib.contextmanager
def tray_host() -> Iterator[str | None]:
    """A private X server with a tray (its DISPLAY), or None when Xvfb or trayer is missing."""
    if not (shutil.which("Xvfb") and shutil.which("trayer")):
        yield None
        return
    number = next(n for n in range(120, 200) if not Path(f"/tmp/.X{n}-lock").exists())
    display = f":{number}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
    )
    trayer = None
    try:
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            time.sleep(0.05)
        trayer = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request"],
            env={**os.environ, "DISPLAY": display},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)  # trayer claims the tray selection
        yield display
    finally:
        for proc in (trayer, xvfb):
            if proc is not None:
                proc.terminate()
                proc.wait(10)


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one run of `command`."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        error = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{command} failed ({proc.returncode}): {error}")
    if proc.stderr:
        proc.stderr.close()
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    run_once(command, env)  # warm the file cache so every program starts equally "cold"
    runs = [run_once(command, env) for _ in range(RUNS)]
    return statistics.median(t for t, _ in runs), statistics.median(m for _, m in runs)


def seed_big_cache(env: dict[str, str]) -> None:
    """A cached /v1/models answer with MODELS models, as a refresh would have left it."""
    code = (
        "import json, sys\n"
        "from datetime import datetime, UTC\n"
        "from hftray.core.catalog_cache import CatalogCache, FetchResult\n"
        "from tests.fakehf.catalog_gen import generate_catalog\n"
        f"body = json.dumps(generate_catalog({MODELS})).encode()\n"
        "CatalogCache().store(FetchResult(body, None, None, datetime.now(UTC)), "
        "'https://router.huggingface.co/v1/models')\n"
    )
    subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONPATH": str(ROOT)}, check=True)


def compare(display: str | None, tmp: Path) -> None:
    bare_script = tmp / "bare_tray.py"
    bare_script.write_text(BARE, encoding="utf-8")
    homes = {name: tmp / f"{name}-{display or 'offscreen'}" for name in ("bare", "ours", "big")}
    for home in homes.values():
        home.mkdir()
    envs = {name: fresh_env(home, display) for name, home in homes.items()}
    seed_big_cache(envs["big"])
    ours = [sys.executable, "-m", "hftray", "--exit-when-ready"]
    rows = [
        ("bare PySide6 tray program", *measure([sys.executable, str(bare_script)], envs["bare"])),
        ("hftray --exit-when-ready", *measure(ours, envs["ours"])),
        (f"  … with {MODELS:,} cached models", *measure(ours, envs["big"])),
    ]
    bare_time, bare_mem = rows[0][1], rows[0][2]
    where = f"with a tray (Xvfb {display} + trayer)" if display else "offscreen, no tray"
    print(f"start-up {where}, median of {RUNS} runs")
    print(f"{'program':34} {'time':>8} {'× bare':>7} {'max RSS':>9} {'+ bare':>8}")
    for name, seconds, memory in rows:
        print(
            f"{name:34} {seconds:7.3f}s {seconds / bare_time:6.2f}× {memory:7.1f}MB"
            f" {memory - bare_mem:+7.1f}MB"
        )
    time_ok = rows[1][1] <= TIME_FACTOR * bare_time
    memory_ok = rows[2][2] <= bare_mem + MEMORY_MARGIN_MB
    print(f"target start ≤ {TIME_FACTOR}× bare: {'met' if time_ok else 'NOT met'}")
    print(f"target memory with {MODELS:,} models ≤ bare + {MEMORY_MARGIN_MB:.0f} MB: "
          f"{'met' if memory_ok else 'NOT met'}")  # fmt: skip
    print()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="hftray-bench-") as tmp:
        with tray_host() as display:
            if display:
                compare(display, Path(tmp))
        compare(None, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
