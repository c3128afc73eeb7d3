"""CPU time of an idle `hftray` over a minute, beside a bare PySide6 program idling as long.

product.md: "idle: no polling; CPU time over a minute idle ≈ 0". The tray starts offscreen in a
fresh HOME with no network: the config's router and HF_ENDPOINT point at a closed port on
127.0.0.1, so the start-up refresh fails at once and the built-in list is shown; the keyring is
the null backend (no token: the first-run guide opens). Once its CPU time has stopped growing,
the user + system time of the process (from /proc/<pid>/stat) is read over `--seconds` seconds,
and how often its threads woke up (voluntary context switches: a timer or poller shows there).
The baseline, idling in the same minute, is a QApplication showing one window (`exec`).
Target: at most 0.1 s of CPU over the minute.

Run: `.venv/bin/python benchmarks/bench_idle.py [--seconds 60]` from the repository root (Linux).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fresh_home import home_variables  # noqa: E402

TARGET = 0.1
TICKS = os.sysconf("SC_CLK_TCK")
BARE = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.show()
app.exec()
"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime: fields 14 and 15


def wakeups(pid: int) -> dict[str, int]:
    """Per thread of `pid`, how often it went to sleep and woke again (a poller: every tick)."""
    counts: dict[str, int] = {}
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        with contextlib.suppress(FileNotFoundError):  # the thread ended meanwhile
            for line in status.read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    counts[status.parent.name] = int(line.split()[1])
    return counts


def woke_since(pid: int, before: dict[str, int]) -> int:
    """Wake-ups since `before` of the threads alive now (new threads count from zero)."""
    return sum(count - before.get(thread, 0) for thread, count in wakeups(pid).items())


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then closed again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(home: Path, port: int) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "TZ")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(home_variables(home))
    env.update(
        XDG_RUNTIME_DIR=str(home / "runtime"),
        QT_QPA_PLATFORM="offscreen",
        HF_ENDPOINT=f"http://127.0.0.1:{port}",
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        PYTHONPATH=str(ROOT / "desktop"),
    )
    (home / "runtime").mkdir(mode=0o700)
    config = home / ".coderclaw" / "coderclaw.json"
    config.parent.mkdir()
    router = {"baseUrl": f"http://127.0.0.1:{port}/v1"}
    config.write_text(json.dumps({"models": {"providers": {"huggingface": router}}}) + "\n")
    return env


@contextmanager
def started(command: Sequence[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_idle(processes: Sequence[subprocess.Popen[bytes]], limit: float = 30) -> float:
    """Seconds until none of `processes` used CPU for 2 s in a row (start-up is over)."""
    start = time.monotonic()
    quiet_since = start
    last = [cpu_seconds(p.pid) for p in processes]
    while time.monotonic() - start < limit:
        time.sleep(0.5)
        for process in processes:
            if process.poll() is not None:
                raise SystemExit(f"{process.args!r} exited with {process.returncode}")
        now = [cpu_seconds(p.pid) for p in processes]
        if now != last:
            quiet_since, last = time.monotonic(), now
        elif time.monotonic() - quiet_since >= 2:
            break
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="hftray-bench-idle-"))
    env = environment(home, closed_port())
    commands = {
        "bare PySide6 window (baseline)": [sys.executable, "-c", BARE],
        "hftray (tray, built-in list)": [sys.executable, "-m", "hftray"],
    }
    with ExitStack() as stack:
        processes = {name: stack.enter_context(started(c, env)) for name, c in commands.items()}
        settled = wait_until_idle(list(processes.values()))
        before = {name: (cpu_seconds(p.pid), wakeups(p.pid)) for name, p in processes.items()}
        time.sleep(args.seconds)
        used = {
            name: (cpu_seconds(p.pid) - before[name][0], woke_since(p.pid, before[name][1]))
            for name, p in processes.items()
        }
        for name, process in processes.items():
            if process.poll() is not None:
                raise SystemExit(f"{name} exited during the measurement")
    width = max(map(len, used))
    print(f"idle after {settled:.1f} s of start-up; CPU time over {args.seconds:.0f} s idle")
    print(f"{'program':<{width}} | CPU time | wake-ups | target  | ok")
    print(f"{'-' * width}-|----------|----------|---------|---")
    for name, (seconds, woke) in used.items():
        ok = "yes" if seconds <= TARGET else "NO"
        print(f"{name:<{width}} | {seconds:6.2f} s | {woke:8d} | ≤{TARGET:.1f} s  | {ok}")


if __name__ == "__main__":
    main()
