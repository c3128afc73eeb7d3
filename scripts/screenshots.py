"""Screenshots of the real app: the tray menu and every Settings page, light and dark, EN and 中文.

Runs on a private X server (Xvfb) with `trayer` as the tray host, against the fake Hugging Face of
tests/fakehf (so the lists are real-looking and nothing leaves 127.0.0.1), in a throwaway home that
looks lived in: a config with three backups, a systemd unit for the gateway, a fake `coderclaw`
program on PATH (tests/support/fake_coderclaw.py) saying the gateway runs, and a fake token in
gnome-keyring on a private D-Bus (a test file keyring when gnome-keyring is not installed). The
pages are driven from the outside with xdotool, as a person would: the first model and the newest
backup are selected so their detail panes show. PNGs go to screenshots/ (git-ignored).

Needs the Debian packages xvfb, trayer, xdotool, imagemagick and fonts-noto-cjk (and gnome-keyring
and dbus for the secure keyring). Run it through scripts/screenshots.sh, or:
`.venv/bin/python scripts/screenshots.py [--only dark-zh_CN]`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.fakehf: the fake server and its tokens
OUT = ROOT / "screenshots"
PYTHON = sys.executable
PAGES = ("account", "models", "routing", "gateway")
SCHEMES = {"light": "0xe8e8e8", "dark": "0x202225"}  # trayer tint: the taskbar's colour
LANGS = {"en": "en_US.UTF-8", "zh_CN": "zh_CN.UTF-8"}
SETTLE_S = 2.5
TOOLS = ("Xvfb", "trayer", "xdotool", "import")

CONFIG = """// written by scripts/screenshots.py
{{
  agents: {{
    defaults: {{
      model: {{
        primary: "huggingface/deepseek-ai/DeepSeek-R1",
        fallbacks: ["huggingface/Qwen/Qwen3-8B:cheapest", "huggingface/zai-org/GLM-4.6"],
      }},
      models: {{
        "huggingface/deepseek-ai/DeepSeek-R1": {{ alias: "DeepSeek R1" }},
        "huggingface/Qwen/Qwen3-8B:cheapest": {{ alias: "Qwen3 8B (cheapest)" }},
        "huggingface/zai-org/GLM-4.6": {{}},
      }},
    }},
  }},
  models: {{
    mode: "merge",
    providers: {{
      huggingface: {{
        baseUrl: "{router}",
        api: "openai-completions",
        models: [
          {{ id: "deepseek-ai/DeepSeek-R1", name: "DeepSeek R1" }},
          {{ id: "Qwen/Qwen3-8B:cheapest", name: "Qwen3 8B (cheapest)" }},
          {{ id: "zai-org/GLM-4.6", name: "GLM 4.6" }},
        ],
      }},
    }},
  }},
}}
"""


def free_display() -> int:
    for number in range(99, 200):
        if not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise SystemExit("no free X display number between :99 and :199")


@contextlib.contextmanager
def process(
    args: list[str], env: dict[str, str], **kwargs: object
) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(args, env=env, text=True, **kwargs)  # type: ignore[call-overload]
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_for(condition: object, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.1)


def xdotool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, check=False)
    return done.stdout


def tray_icon_centre(env: dict[str, str]) -> tuple[int, int] | None:
    """The middle of the icon trayer embeds (its widest window at the top of the screen)."""
    best: tuple[int, int, int, int] | None = None
    for window in xdotool(env, "search", "--class", "trayer").split():
        geometry = window_geometry(env, window)
        if geometry and geometry[2] > 12 and (best is None or geometry[2] > best[2]):
            best = geometry
    if best is None:
        return None
    x, y, w, h = best
    return x + w - h // 2, y + h // 2


def shoot(env: dict[str, str], name: str, window: str | None = None) -> Path:
    """Only `window` (an X window id) with what it shows, or else what is on the black screen."""
    target = OUT / f"{name}.png"
    crop = window_geometry(env, window) if window else None
    extra = ["-crop", "{2}x{3}+{0}+{1}".format(*crop)] if crop else ["-trim"]
    subprocess.run(
        ["import", "-window", "root", *extra, "+repage", str(target)], env=env, check=True
    )
    print(f"  {target.relative_to(ROOT)}")
    return target


def window_geometry(env: dict[str, str], window: str) -> tuple[int, int, int, int] | None:
    geometry = xdotool(env, "getwindowgeometry", window)
    pos = re.search(r"Position: (\d+),(\d+)", geometry)
    size = re.search(r"Geometry: (\d+)x(\d+)", geometry)
    if not (pos and size):
        return None
    x, y, w, h = (int(v) for v in (*pos.groups(), *size.groups()))
    return x, y, w, h


def settings_window(env: dict[str, str]) -> str | None:
    """The Settings window: the app's largest visible top-level window."""
    found = xdotool(env, "search", "--onlyvisible", "--class", "coderclaw-hf-tray").split()
    sized = [(geometry[2] * geometry[3], w) for w in found if (geometry := window_geometry(env, w))]
    return max(sized)[1] if sized else None


def keys(env: dict[str, str], *names: str, settle: float = 0.4) -> None:
    xdotool(env, "key", "--delay", "30", *names)
    time.sleep(settle)


def start_fake_hf(env: dict[str, str]) -> tuple[subprocess.Popen[str] | None, str | None]:
    """The fake Hugging Face on a free port, or (None, None) when tests/ is not there."""
    if not (ROOT / "tests" / "fakehf").is_dir():
        return None, None  # the app then shows the built-in list
    proc = subprocess.Popen(
        [PYTHON, "-u", "-m", "tests.fakehf", "--port", "0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", first)
    if not match:
        proc.terminate()
        raise SystemExit(f"the fake Hugging Face did not start: {first!r}")
    return proc, match.group(1)


# What `coderclaw gateway status --json` says about a healthy gateway.
GATEWAY_STATUS = {
    "service": {
        "label": "coderclaw-gateway.service",
        "loaded": True,
        "runtime": {"status": "running", "pid": 48213, "uptimeMs": 7_380_000},
    },
    "gateway": {"port": 18789, "bindHost": "127.0.0.1"},
    "rpc": {"ok": True, "url": "ws://127.0.0.1:18789"},
}

UNIT = """[Unit]
Description=CoderClaw gateway

[Service]
ExecStart=/usr/bin/coderclaw gateway run
Environment=CODERCLAW_STATE_DIR={state_dir}
Environment=CODERCLAW_GATEWAY_PORT=18789
Restart=on-failure

[Install]
WantedBy=default.target
"""

# Older versions of the config, newest first: what `.bak`, `.bak.1`, `.bak.2` hold, and how old.
BACKUP_EDITS = (
    (3600, (('", "huggingface/zai-org/GLM-4.6"]', '"]'),)),
    (86400, (('", "huggingface/zai-org/GLM-4.6"]', '"]'), ('alias: "DeepSeek R1"', ""))),
    (
        3 * 86400,
        (
            ('", "huggingface/zai-org/GLM-4.6"]', '"]'),
            ('alias: "DeepSeek R1"', ""),
            ("deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3.1"),
            ("DeepSeek R1", "DeepSeek V3.1"),
        ),
    ),
)


def seed_home(env: dict[str, str], fake_url: str | None) -> None:
    """The config, its backups and the gateway's unit, as a CoderClaw user would have them."""
    state_dir = Path(env["HOME"]) / ".coderclaw"
    config = state_dir / "coderclaw.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    router = f"{fake_url}/v1" if fake_url else "https://router.huggingface.co/v1"
    text = CONFIG.format(router=router)
    config.write_text(text, encoding="utf-8")
    now = time.time()
    for number, (age, edits) in enumerate(BACKUP_EDITS):
        older = text
        for before, after in edits:
            older = older.replace(before, after)
        backup = config.with_name(config.name + (".bak" if number == 0 else f".bak.{number}"))
        backup.write_text(older, encoding="utf-8")
        os.utime(backup, (now - age, now - age))
    unit = Path(env["HOME"]) / ".config" / "systemd" / "user" / "coderclaw-gateway.service"
    unit.parent.mkdir(parents=True)
    unit.write_text(UNIT.format(state_dir=state_dir), encoding="utf-8")


def store_token(env: dict[str, str]) -> None:
    """A checked token in the keyring, put there the way a user would (`hftray token set`)."""
    from tests.fakehf import TOKENS  # only the fake server accepts these

    subprocess.run(
        [PYTHON, "-m", "hftray", "token", "set"],
        env=env,
        input=TOKENS["classic_read"] + "\n",
        text=True,
        capture_output=True,
        check=True,
    )


def fake_coderclaw(folder: Path) -> Path | None:
    """The folder of a fake `coderclaw` that says the gateway runs; None without tests/."""
    try:
        from tests.support.fake_coderclaw import FakeCoderClaw
    except ImportError:
        return None
    fake = FakeCoderClaw(folder)
    fake.set_status(GATEWAY_STATUS)
    return fake.directory


@contextlib.contextmanager
def private_keyring(env: dict[str, str]) -> Iterator[bool]:
    """gnome-keyring, unlocked, on a D-Bus session bus of its own (the app's normal, secure case).

    Adds the bus to `env` and yields True; yields False, leaving `env` alone, when dbus-daemon,
    gnome-keyring-daemon or tests/ (which starts them) is missing.
    """
    try:
        from tests.support.secret_service import MISSING, private_session_bus
    except ImportError:
        MISSING = "no tests/"
    if MISSING:
        yield False
        return
    with private_session_bus(env) as session:
        session.start_keyring("screenshots")  # the new login keyring's password
        env["XDG_RUNTIME_DIR"] = session.env["XDG_RUNTIME_DIR"]
        env["DBUS_SESSION_BUS_ADDRESS"] = session.address
        yield True


def run_variant(env: dict[str, str], scheme: str, lang: str) -> None:
    name = f"{scheme}-{lang}"
    print(name)
    env = {
        **env,
        "HFTRAY_COLOR_SCHEME": scheme,
        "LANG": LANGS[lang],
        "LANGUAGE": lang,
        "LC_ALL": "",
    }
    tint = SCHEMES[scheme]
    trayer = [
        "trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "28",
        "--tint", tint, "--transparent", "true", "--alpha", "0", "--SetDockType", "true",
    ]  # fmt: skip
    with process(trayer, env), process([PYTHON, "-m", "hftray"], env, cwd=ROOT) as app:
        wait_for(lambda: tray_icon_centre(env) is not None, "the tray icon")
        time.sleep(SETTLE_S)  # the background refresh against the fake server
        if app.poll() is not None:
            raise SystemExit(f"the app exited with {app.returncode}")
        centre = tray_icon_centre(env)
        assert centre is not None
        x, y = centre
        xdotool(env, "mousemove", str(x), str(y), "click", "3")
        time.sleep(1)
        shoot(env, f"{name}-tray-menu")
        xdotool(env, "key", "Down", "Right")  # into "Primary model ▸"
        time.sleep(1)
        shoot(env, f"{name}-tray-primary")
        xdotool(env, "key", "Escape", "Escape")
        for page in PAGES:
            # A second launch hands over to the running one: the single-instance path, for real.
            subprocess.run([PYTHON, "-m", "hftray", "--page", page], env=env, cwd=ROOT, check=True)
            time.sleep(SETTLE_S)
            window = settings_window(env)
            PAGE_TOURS.get(page, plain_page)(env, f"{name}-{page}", window)


# The pages are driven with the keyboard from the sidebar, where the focus is when the window
# opens. Each tour comes back to the sidebar (Shift+Tab as often as Tab), so switching pages never
# moves the focus into the next page. The Tab counts follow the pages' controls, in order: when a
# page gains or loses a control before the one aimed at, change the count here.
MODELS_TABS_TO_SEARCH = 2  # Refresh, search
MODELS_TABS_TO_TABLE = 11  # ..., view, provider, four check boxes, context, price, table
GATEWAY_TABS_TO_BACKUPS = 3  # Check status, Restart gateway, backup list
GATEWAY_TABS_TO_CLOSE = 10  # ..., diff, Restore, four preferences, Close (the page's bottom)


def plain_page(env: dict[str, str], name: str, window: str | None) -> None:
    shoot(env, name, window)


def models_tour(env: dict[str, str], name: str, window: str | None) -> None:
    """The first configured model selected (detail pane and provider chart), then a search."""
    keys(env, *["Tab"] * MODELS_TABS_TO_TABLE, "Down", "Up", settle=1)
    shoot(env, name, window)
    keys(env, *["shift+Tab"] * (MODELS_TABS_TO_TABLE - MODELS_TABS_TO_SEARCH))
    xdotool(env, "type", "--delay", "40", "qwen")
    keys(env, "Tab", "Down", settle=1.5)  # the view: "All models"
    shoot(env, f"{name}-search", window)
    keys(env, *["shift+Tab"] * (MODELS_TABS_TO_SEARCH + 1))


def gateway_tour(env: dict[str, str], name: str, window: str | None) -> None:
    """The newest backup selected (its diff shows), then the page's bottom: the preferences."""
    keys(env, *["Tab"] * GATEWAY_TABS_TO_BACKUPS, "Down", "Up", settle=1)
    shoot(env, name, window)
    keys(env, *["Tab"] * (GATEWAY_TABS_TO_CLOSE - GATEWAY_TABS_TO_BACKUPS))
    shoot(env, f"{name}-preferences", window)
    keys(env, "Tab")  # from Close round to the sidebar


PAGE_TOURS = {"models": models_tour, "gateway": gateway_tour}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="one variant, e.g. dark-zh_CN")
    args = parser.parse_args()
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"missing: {', '.join(missing)} (apt-get install xvfb trayer xdotool "
                         "imagemagick fonts-noto-cjk)")  # fmt: skip
    OUT.mkdir(exist_ok=True)
    display = free_display()
    with (
        tempfile.TemporaryDirectory(prefix="hftray-shots-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        home = Path(tmp) / "home"
        home.mkdir()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "DISPLAY": f":{display}",
            "QT_QPA_PLATFORM": "xcb",
            "PYTHONPATH": str(ROOT),
        }
        fake_bin = fake_coderclaw(Path(tmp) / "bin")
        if fake_bin is not None:
            env["PATH"] = f"{fake_bin}{os.pathsep}{env['PATH']}"
        if not stack.enter_context(private_keyring(env)):
            print("no gnome-keyring: the token goes into a test file keyring (shown as insecure)")
            env["PYTHON_KEYRING_BACKEND"] = "tests.support.file_keyring.FileKeyring"
            env["HFTRAY_TEST_KEYRING_FILE"] = str(Path(tmp) / "keyring.json")
        xvfb = ["Xvfb", f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
        stack.enter_context(process(xvfb, env, stderr=subprocess.DEVNULL))
        wait_for(lambda: Path(f"/tmp/.X11-unix/X{display}").exists(), "Xvfb")
        fake, fake_url = start_fake_hf(env)
        if fake is not None:
            stack.callback(fake.wait, 10)
            stack.callback(fake.terminate)
            env["HF_ENDPOINT"] = str(fake_url)
        seed_home(env, fake_url)
        if fake_url is not None:
            store_token(env)
        for scheme in SCHEMES:
            for lang in LANGS:
                if args.only in (None, f"{scheme}-{lang}"):
                    run_variant(env, scheme, lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
