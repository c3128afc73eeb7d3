"""Saving a routing change in a 100 KB hand-written config, against product.md's 50 ms target.

One save is what the tray does when the user picks a model: `routing.set_primary` (or
`add_fallback` / `remove_fallback`) on the loaded text, then `config_file.save_config`
(parse and validate the new text, conflict check, backup ring rotation, atomic write with
fsync) into a temporary folder. Runs alternate between two models, so every save adds and
prunes allowlist and provider entries, as a real switch does.

The baseline is CoderClaw's own writer on the same data: `json.loads`, the same change on the
dicts, `json.dumps(indent=2)` and a plain file write (no comments kept, no backup, no fsync).

Run: `.venv/bin/python benchmarks/bench_config_save.py [--runs N] [--dir PATH]` from the
repository root; `--dir` picks the file system the saves go to (default: a temporary folder).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "desktop"), str(ROOT)]

from hftray.core import config_file, json5_parse, json5text, routing  # noqa: E402
from hftray.core.refs import ModelRef, parse_ref  # noqa: E402

TARGET = 0.050
SIZE = 100_000
ORGS = ("meta-llama", "Qwen", "deepseek-ai", "mistralai", "google", "zai-org", "moonshotai")
PICKS = (parse_ref("huggingface/Qwen/Qwen3-Coder-480B:cheapest"),
         parse_ref("huggingface/zai-org/GLM-4.6:fastest"))  # fmt: skip


# ---- the config ------------------------------------------------------------------------------


def _provider_entry(i: int) -> str:
    org = ORGS[i % len(ORGS)]
    comment = (
        f"      // tuned by hand ({i}): longer context than the catalog says\n"
        if i % 9 == 0
        else ""
    )
    return (
        f"{comment}"
        "      {\n"
        f'        id: "{org}/Model-{i}-Instruct{":cheapest" if i % 4 == 0 else ""}",\n'
        f"        name: 'Model {i} Instruct',\n"
        f"        reasoning: {'true' if i % 3 == 0 else 'false'},\n"
        '        input: ["text"' + (', "image"' if i % 5 == 0 else "") + "],\n"
        f"        contextWindow: {32768 * (1 + i % 8)},\n"
        f"        maxTokens: 0x{2048 * (1 + i % 4):x},\n"
        f"        cost: {{ input: {i % 7}.{i % 10}, output: {i % 11}, cacheRead: 0, "
        "cacheWrite: 0, },\n"
        "      },\n"
    )


def _allowlist_entry(i: int) -> str:
    org = ORGS[i % len(ORGS)]
    key = f'"huggingface/{org}/Model-{i}-Instruct{":cheapest" if i % 4 == 0 else ""}"'
    if i % 5 == 0:
        return f"        {key}: {{ alias: 'm{i}', params: {{ temperature: 0.{i % 10} }} }},\n"
    if i % 7 == 0:
        return f"        /* from the old setup */ {key}: {{}},\n"
    return f"        {key}: {{}},\n"


def build_config(size: int = SIZE) -> str:
    """A hand-written JSON5 config of about `size` bytes, in the style of tests/data/configs."""
    count = 1
    while True:
        text = _config(count)
        if len(text) >= size:
            return text
        count += max(1, count * (size - len(text)) // len(text) // 2)


def _config(count: int) -> str:
    allowlist = "".join(_allowlist_entry(i) for i in range(count))
    providers = "".join(_provider_entry(i) for i in range(count))
    return f"""// CoderClaw configuration — edited by hand, please keep the comments.
/* Block comment at the top,
   spanning two lines. */
{{
  $schema: "https://coderclaw.ai/schema/config.json",
  meta: {{ lastTouchedVersion: "2026.2.1", lastTouchedAt: "2026-02-03T10:11:12.000Z" }},

  gateway: {{
    port: 18789, // the default
    mode: 'local',
    auth: {{ token: "${{GATEWAY_TOKEN}}" }},
  }},

  env: {{
    vars: {{ GROQ_API_KEY: "${{GROQ_KEY}}" }},
  }},

  agents: {{
    defaults: {{
      workspace: '~/code', // where agents work
      model: {{
        primary: "huggingface/meta-llama/Model-0-Instruct:cheapest",
        fallbacks: [
          "huggingface/Qwen/Model-1-Instruct", // cheap and quick
          'huggingface/deepseek-ai/Model-2-Instruct',
        ],
      }},
      models: {{
{allowlist}        "anthropic/claude-sonnet-4-5": {{}},
      }},
    }},
    list: [{{ id: "main", default: true }}],
  }},

  models: {{
    mode: "merge",
    providers: {{
      huggingface: {{
        baseUrl: "https://router.huggingface.co/v1",
        api: "openai-completions",
        apiKey: "${{HF_TOKEN}}",
        models: [
{providers}        ],
      }},
    }},
  }},

  tuning: {{ ratio: .5, scale: 2., big: +Infinity, small: -Infinity, plus: +1, }},
}}
"""


def entry_for(ref: ModelRef) -> dict[str, Any]:
    """What the catalog would supply for a pick."""
    return {"name": ref.model_id.split("/")[-1], "contextWindow": 131072, "maxTokens": 8192,
            "input": ["text"], "reasoning": False,
            "cost": {"input": 0.3, "output": 1.2, "cacheRead": 0, "cacheWrite": 0}}  # fmt: skip


# ---- the two writers -------------------------------------------------------------------------


class Saver:
    """Our save: patch the text, then save_config; alternates between the two picks."""

    def __init__(self, path: Path, change: str) -> None:
        self.loaded = config_file.load_config(path)
        self.change = change
        self.turn = 0

    def __call__(self) -> None:
        ref = PICKS[self.turn % 2]
        text = self.loaded.text
        if self.change == "primary":
            new_text = routing.set_primary(text, ref, entry_for)
        elif self.turn % 2 == 0:
            new_text = routing.add_fallback(text, PICKS[0], entry_for)
        else:
            new_text = routing.remove_fallback(text, PICKS[0])
        self.loaded = config_file.save_config(self.loaded, new_text, environ={})
        self.turn += 1


class BaselineSaver:
    """CoderClaw's writer: load JSON, change the dicts, dump with indent 2, plain write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.turn = 0

    def __call__(self) -> None:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        ref = PICKS[self.turn % 2]
        defaults = data["agents"]["defaults"]
        defaults["model"]["primary"] = ref.full
        defaults["models"].setdefault(ref.full, {})
        models = data["models"]["providers"]["huggingface"]["models"]
        models.append({"id": ref.provider_model_id, **entry_for(ref)})
        self.path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
        self.turn += 1


# ---- timing ----------------------------------------------------------------------------------


def timed(action: Callable[[], object]) -> float:
    """Seconds for one run with the garbage collector off (as bench_catalog does).

    Pending writes are flushed first: on ext4 our fsync would otherwise also pay for the
    baseline's unflushed file written just before.
    """
    os.sync()
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start
    finally:
        gc.enable()


class Split:
    """Exclusive time per step, by wrapping the functions a save goes through.

    A step's time excludes the steps called inside it (the parses inside a patch count as
    parse), except that writes inside the backup rotation count as backup.
    """

    STEPS = ("parse", "patch", "validate", "backup", "write", "other")

    def __init__(self) -> None:
        self.totals = dict.fromkeys(self.STEPS, 0.0)
        self.stack: list[list[Any]] = []

    def wrap(self, owner: Any, name: str, step: str) -> Callable[[], None]:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self.stack and self.stack[-1][0] == "backup":
                return original(*args, **kwargs)
            now = time.perf_counter()
            if self.stack:
                self.totals[self.stack[-1][0]] += now - self.stack[-1][1]
            self.stack.append([step, now])
            try:
                return original(*args, **kwargs)
            finally:
                end = time.perf_counter()
                done = self.stack.pop()
                self.totals[done[0]] += end - done[1]
                if self.stack:
                    self.stack[-1][1] = end

        setattr(owner, name, wrapper)
        return lambda: setattr(owner, name, original)

    @contextmanager
    def installed(self) -> Iterator[None]:
        undo = [
            self.wrap(routing, "set_primary", "patch"),
            self.wrap(routing, "add_fallback", "patch"),
            self.wrap(routing, "remove_fallback", "patch"),
            self.wrap(config_file, "save_config", "other"),
            # parse/parse_shared call it in json5_parse, the edits in json5text
            self.wrap(json5_parse, "parse_document", "parse"),
            self.wrap(json5text, "parse_document", "parse"),
            self.wrap(config_file, "check_change", "validate"),
            self.wrap(config_file, "_rotate_backups", "backup"),
            self.wrap(config_file, "atomic_write_bytes", "write"),
        ]
        try:
            yield
        finally:
            for restore in reversed(undo):
                restore()


def baseline_split(path: Path, runs: int) -> dict[str, float]:
    """Median time of each step of the baseline writer."""
    steps: dict[str, list[float]] = {"parse": [], "patch": [], "write": []}
    for _ in range(runs):
        raw = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        data = json.loads(raw)
        parsed = time.perf_counter()
        data["agents"]["defaults"]["model"]["primary"] = PICKS[0].full
        patched = time.perf_counter()
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
        written = time.perf_counter()
        steps["parse"].append(parsed - start)
        steps["patch"].append(patched - parsed)
        steps["write"].append(written - patched)
    return {step: statistics.median(times) for step, times in steps.items()}


# ---- the report ------------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e3:.1f} ms"


def print_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--dir", type=Path, default=None, help="folder to save in")
    args = parser.parse_args()

    text = build_config()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        ours_path = Path(tmp, "coderclaw.json")
        base_path = Path(tmp, "plain.json")
        ours_path.write_text(text, encoding="utf-8")
        base_path.write_text(json.dumps(json5text.parse(text), indent=2) + "\n", "utf-8")

        results: dict[str, tuple[list[float], list[float]]] = {}
        for change in ("primary", "fallback"):
            our_save, base_save = Saver(ours_path, change), BaselineSaver(base_path)
            our_save()  # the first save adds the picks' entries; later ones swap them
            times: tuple[list[float], list[float]] = ([], [])
            for _ in range(args.runs):  # in turns, so a busy machine slows both alike
                times[0].append(timed(base_save))
                times[1].append(timed(our_save))
            results[change] = times

        split = Split()
        saver = Saver(ours_path, "primary")
        with split.installed():
            for _ in range(args.runs):
                timed(saver)
        base_steps = baseline_split(base_path, args.runs)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"config save benchmark: {len(text) / 1000:.0f} KB JSON5, {args.runs} runs each, "
        f"{os.cpu_count()} CPUs, load average {load:.2f}"
    )
    rows: list[tuple[str, ...]] = []
    ok_all = True
    labels = {"primary": "set primary + save", "fallback": "add/remove fallback + save"}
    for change, (base_times, our_times) in results.items():
        for what, pick in (("median", statistics.median), ("worst", max)):
            figure = pick(our_times)
            ok = figure <= TARGET
            ok_all = ok_all and ok
            rows.append(
                (f"{labels[change]}, {what}", ms(pick(base_times)), ms(figure), ms(TARGET),
                 "ok" if ok else "SLOW")
            )  # fmt: skip
    print_table(("step", "baseline", "ours", "target", "ok"), rows)

    print(f"\nsplit of 'set primary + save' (mean per save over {args.runs} runs):")
    names = {
        "parse": "parse (all JSON5 parses)",
        "patch": "patch (text edits)",
        "validate": "validate (schema check)",
        "backup": "backup (ring rotation, fsync)",
        "write": "write (atomic, fsync)",
        "other": "other (conflict check, hashes)",
    }
    split_rows = [
        (names[step], ms(base_steps.get(step)), ms(total / args.runs))
        for step, total in split.totals.items()
    ]
    split_rows.append(
        ("total", ms(sum(base_steps.values())), ms(sum(split.totals.values()) / args.runs))
    )
    print_table(("step", "baseline", "ours"), split_rows)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
