"""Screenshots of the real app: the tray menu and every Settings page, light and dark, EN and 中文.

Runs on a private X server (Xvfb) with `trayer` as the tray host, against the fake Hugging Face of
tests/fakehf (so the lists are real-looking and nothing leaves 127.0.0.1), in a throwaway home with
a fake token kept in a file keyring. PNGs go to screenshots/ (git-ignored).

Needs the Debian packages xvfb, trayer, xdotool, imagemagick and fonts-noto-cjk. Run it through
scripts/screenshots.sh, or: `.venv/bin/python scripts/screenshots.py [--only dark-zh_CN]`.
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
        geometry = xdotool(env, "getwindowgeometry", window)
        pos = re.search(r"Position: (\d+),(\d+)", geometry)
        size = re.search(r"Geometry: (\d+)x(\d+)", geometry)
        if pos and size:
            x, y, w, h = (int(v) for v in (*pos.groups(), *size.groups()))
            if w > 12 and (best is None or w > best[2]):
                best = (x, y, w, h)
    if best is None:
        return None
    x, y, w, h = best
    return x + w - h // 2, y + h // 2


def shoot(env: dict[str, str], name: str) -> Path:
    target = OUT / f"{name}.png"
    subprocess.run(["import", "-window", "root", str(target)], env=env, check=True)
    print(f"  {target.relative_to(ROOT)}")
    return target


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


def seed_home(env: dict[str, str], fake_url: str | None) -> None:
    """The config and a stored, checked token, set up the way a user would (`hftray token set`)."""
    config = Path(env["HOME"]) / ".coderclaw" / "coderclaw.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    router = f"{fake_url}/v1" if fake_url else "https://router.huggingface.co/v1"
    config.write_text(CONFIG.format(router=router), encoding="utf-8")
    if fake_url is None:
        return
    from tests.fakehf import TOKENS  # only the fake server accepts these

    subprocess.run(
        [PYTHON, "-m", "hftray", "token", "set"],
        env=env,
        input=TOKENS["classic_read"] + "\n",
        text=True,
        capture_output=True,
        check=True,
    )


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
            shoot(env, f"{name}-{page}")


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
    with tempfile.TemporaryDirectory(prefix="hftray-shots-") as tmp:
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
            # A file keyring from the test support code: the fake token never meets a real store.
            "PYTHON_KEYRING_BACKEND": "tests.support.file_keyring.FileKeyring",
            "HFTRAY_TEST_KEYRING_FILE": str(Path(tmp) / "keyring.json"),
        }
        xvfb = ["Xvfb", f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
        with process(xvfb, env, stderr=subprocess.DEVNULL):
            wait_for(lambda: Path(f"/tmp/.X11-unix/X{display}").exists(), "Xvfb")
            fake, fake_url = start_fake_hf(env)
            try:
                if fake_url:
                    env["HF_ENDPOINT"] = fake_url
                seed_home(env, fake_url)
                for scheme in SCHEMES:
                    for lang in LANGS:
                        if args.only in (None, f"{scheme}-{lang}"):
                            run_variant(env, scheme, lang)
            finally:
                if fake is not None:
                    fake.terminate()
                    fake.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
