"""The parts of CoderClaw's strict config schema that the tray touches (coderclaw.md §4).

CoderClaw rejects a whole file for one unknown key, and a rejected file stops the gateway, so
we check every file before writing it. Only the sections we know exactly are checked strictly
(`agents.defaults.model`, `agents.defaults.models`, `models.mode`,
`models.providers.huggingface`, `meta`); every other section is left alone, because flagging a
key we merely do not know would be a false alarm. `$include` is accepted in any object and,
where present, suspends the required-key checks of that object (the included file may supply
them). `${VAR}` references are checked against a given environment the way CoderClaw
substitutes them: uppercase names only, `$${VAR}` is an escape, unset or empty is an error.

Deciding whether *our change* broke the file: `check_change` counts a problem as ours when its
text was not in the loaded file's problems, or when it lies inside, above or beside (same
object or list) a value the change touched. save_config refuses those and only reports the
others, so a file already invalid somewhere we never touch can still be saved — it is no worse
than before.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

Segment = str | int
KeyPath = tuple[Segment, ...]

_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_PLAIN_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")
INCLUDE_KEY = "$include"

_MODEL_API_HINT = "a non-empty string such as openai-completions"
_AUTH_MODES = ("api-key", "aws-sdk", "oauth", "token")


@dataclass(frozen=True)
class Problem:
    """One reason CoderClaw would reject the file, at a key path."""

    path: KeyPath
    message: str

    def __str__(self) -> str:
        return f"{format_path(self.path)}: {self.message}" if self.path else self.message


def format_path(path: Sequence[Segment]) -> str:
    """`agents.defaults.models["huggingface/org/model"].alias` — readable and unambiguous."""
    out = ""
    for segment in path:
        if isinstance(segment, int):
            out += f"[{segment}]"
        elif _PLAIN_KEY.match(segment):
            out += f".{segment}" if out else segment
        else:
            quoted = '"' + segment.replace("\\", "\\\\").replace('"', '\\"') + '"'
            out += f"[{quoted}]"
    return out


def validate(data: Any, *, environ: Mapping[str, str] | None = None) -> list[str]:
    """Problems in words with their dotted key path; an empty list means CoderClaw accepts it."""
    return [str(p) for p in find_problems(data, environ=environ)]


def find_problems(data: Any, *, environ: Mapping[str, str] | None = None) -> list[Problem]:
    """Like `validate`, keeping each problem's key path as data."""
    if data is None:  # an empty file: CoderClaw starts from defaults
        return []
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [Problem((), "the config must be an object ({ … }) at the top level")]
    _check_root(data, problems)
    if environ is not None:
        _check_env_refs(data, (), _with_config_env(environ, data), problems)
    return problems


@dataclass(frozen=True)
class ChangeCheck:
    """`introduced`: problems our change caused or touched; `remaining`: all problems after it."""

    introduced: list[str]
    remaining: list[str]


def check_change(
    before: Any, after: Any, *, environ: Mapping[str, str] | None = None
) -> ChangeCheck:
    """Judge a change from `before` to `after` (see the module docstring for the rule)."""
    old = {str(p) for p in find_problems(before, environ=environ)}
    changes = _Changes()
    _collect_changes(before, after, (), changes)
    remaining = find_problems(after, environ=environ)
    return ChangeCheck(
        introduced=[str(p) for p in remaining if str(p) not in old or changes.touches(p.path)],
        remaining=[str(p) for p in remaining],
    )


# ---- the known sections ----------------------------------------------------------------------

Checker = Callable[[Any, KeyPath, list[Problem]], None]


def _check_root(root: dict[str, Any], problems: list[Problem]) -> None:
    _check_include(root, (), problems)
    if "$schema" in root and not isinstance(root["$schema"], str):
        problems.append(Problem(("$schema",), "must be a string"))
    if "meta" in root:
        _check_object(
            root["meta"],
            ("meta",),
            problems,
            {"lastTouchedVersion": _string, "lastTouchedAt": _string_or_number},
        )
    agents = root.get("agents")
    if _expect_object(agents, ("agents",), problems):
        defaults = agents.get("defaults")
        if _expect_object(defaults, ("agents", "defaults"), problems):
            if "model" in defaults:
                _check_model_choice(defaults["model"], ("agents", "defaults", "model"), problems)
            if "models" in defaults:
                _check_allowlist(defaults["models"], ("agents", "defaults", "models"), problems)
    models = root.get("models")
    if _expect_object(models, ("models",), problems):
        if "mode" in models and models["mode"] not in ("merge", "replace"):
            problems.append(Problem(("models", "mode"), 'must be "merge" or "replace"'))
        providers = models.get("providers")
        if _expect_object(providers, ("models", "providers"), problems) and (
            "huggingface" in providers
        ):
            _check_provider(
                providers["huggingface"], ("models", "providers", "huggingface"), problems
            )


def _check_model_choice(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if isinstance(value, str):
        problems.append(
            Problem(path, "must be an object { primary, fallbacks }, not a bare string")
        )
        return
    _check_object(value, path, problems, {"primary": _string, "fallbacks": _string_list})


def _check_allowlist(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not _expect_object(value, path, problems, required=True):
        return
    _check_include(value, path, problems)
    seen: dict[str, str] = {}
    for ref, entry in value.items():
        if ref == INCLUDE_KEY:
            continue
        entry_path = (*path, ref)
        _check_object(
            entry,
            entry_path,
            problems,
            {"alias": _string, "params": _object, "streaming": _boolean},
        )
        alias = entry.get("alias") if isinstance(entry, dict) else None
        if not isinstance(alias, str):
            continue
        key = alias.strip().casefold()
        if key in seen:
            problems.append(
                Problem(
                    (*entry_path, "alias"),
                    f'alias "{alias.strip()}" is already used by {seen[key]}; '
                    "aliases must be unique (ignoring case and surrounding spaces)",
                )
            )
        else:
            seen[key] = ref


def _check_provider(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    fields: dict[str, Checker] = {
        "baseUrl": _non_empty_string,
        "api": _api,
        "apiKey": _secret_input,
        "auth": _auth_mode,
        "headers": _header_map,
        "authHeader": _boolean,
        # Not in coderclaw.md, but accepted by CoderClaw's schema; seen in real files.
        "injectNumCtxForOpenAICompat": _boolean,
        "models": _model_list,
    }
    _check_object(value, path, problems, fields, required=("baseUrl", "models"))


def _check_model_entry(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    fields: dict[str, Checker] = {
        "id": _non_empty_string,
        "name": _non_empty_string,
        "api": _api,
        "reasoning": _boolean,
        "input": _input_kinds,
        "cost": _cost,
        "contextWindow": _positive_number,
        "maxTokens": _positive_number,
        "headers": _header_map,
        "compat": _object,
    }
    _check_object(value, path, problems, fields, required=("id", "name"))


def _cost(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    fields = dict.fromkeys(("input", "output", "cacheRead", "cacheWrite"), _number)
    _check_object(value, path, problems, fields, required=tuple(fields))


# ---- generic checks --------------------------------------------------------------------------


def _check_object(
    value: Any,
    path: KeyPath,
    problems: list[Problem],
    fields: Mapping[str, Checker],
    *,
    required: Sequence[str] = (),
) -> None:
    """A strict object: known keys only, each of the right type, required ones present."""
    if not _expect_object(value, path, problems, required=True):
        return
    _check_include(value, path, problems)
    for key, item in value.items():
        if key == INCLUDE_KEY:
            continue
        check = fields.get(key)
        if check is None:
            problems.append(Problem((*path, key), "unknown key (CoderClaw rejects unknown keys)"))
        else:
            check(item, (*path, key), problems)
    if INCLUDE_KEY not in value:
        for key in required:
            if key not in value:
                problems.append(Problem((*path, key), "is required"))


def _expect_object(
    value: Any, path: KeyPath, problems: list[Problem], *, required: bool = False
) -> TypeGuard[dict[str, Any]]:
    """True when `value` is an object to look into; absent optional sections are fine."""
    if isinstance(value, dict):
        return True
    if value is not None or required:
        problems.append(Problem(path, "must be an object"))
    return False


def _check_include(value: dict[str, Any], path: KeyPath, problems: list[Problem]) -> None:
    if INCLUDE_KEY not in value:
        return
    include = value[INCLUDE_KEY]
    names = include if isinstance(include, list) else [include]
    if not names or not all(isinstance(n, str) and n for n in names):
        problems.append(
            Problem((*path, INCLUDE_KEY), "must be a file name or a list of file names")
        )


def _string(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not isinstance(value, str):
        problems.append(Problem(path, "must be a string"))


def _non_empty_string(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(path, "must be a non-empty string"))


def _string_or_number(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not isinstance(value, str) and not _is_number(value):
        problems.append(Problem(path, "must be a string or a number"))


def _string_list(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not isinstance(value, list):
        problems.append(Problem(path, "must be a list of strings"))
        return
    for index, item in enumerate(value):
        _string(item, (*path, index), problems)


def _boolean(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not isinstance(value, bool):
        problems.append(Problem(path, "must be true or false"))


def _object(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    _expect_object(value, path, problems, required=True)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not _is_number(value):
        problems.append(Problem(path, "must be a number"))


def _positive_number(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not _is_number(value) or value <= 0:
        problems.append(Problem(path, "must be a number greater than 0"))


def _api(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(path, f"must be {_MODEL_API_HINT}"))


def _auth_mode(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if value not in _AUTH_MODES:
        problems.append(Problem(path, "must be one of " + ", ".join(_AUTH_MODES)))


def _secret_input(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    """A literal, a `${VAR}` string, or CoderClaw's secret-reference object."""
    if not isinstance(value, str | dict):
        problems.append(Problem(path, "must be a string or a secret reference object"))


def _header_map(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not _expect_object(value, path, problems, required=True):
        return
    for name, item in value.items():
        _secret_input(item, (*path, name), problems)


def _input_kinds(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not isinstance(value, list):
        problems.append(Problem(path, 'must be a list of "text" and "image"'))
        return
    for index, item in enumerate(value):
        if item not in ("text", "image"):
            problems.append(Problem((*path, index), 'must be "text" or "image"'))


def _model_list(value: Any, path: KeyPath, problems: list[Problem]) -> None:
    if not isinstance(value, list):
        problems.append(Problem(path, "must be a list of model entries"))
        return
    for index, item in enumerate(value):
        _check_model_entry(item, (*path, index), problems)


# ---- ${VAR} references -----------------------------------------------------------------------


def env_references(text: str) -> list[str]:
    """Variable names CoderClaw would substitute in `text` (escaped `$${VAR}` excluded)."""
    names: list[str] = []
    if "${" not in text:
        return names
    i = 0
    while i < len(text):
        escaped = text.startswith("$${", i)
        if escaped or text.startswith("${", i):
            start = i + (3 if escaped else 2)
            end = text.find("}", start)
            if end != -1 and _ENV_NAME.match(text[start:end]):
                if not escaped:
                    names.append(text[start:end])
                i = end + 1
                continue
        i += 1
    return names


def _with_config_env(environ: Mapping[str, str], root: dict[str, Any]) -> dict[str, str]:
    """CoderClaw applies the config's own `env` block before substituting, without overriding."""
    merged = dict(environ)
    env = root.get("env")
    if isinstance(env, dict):
        listed = env.get("vars")
        for source in (listed if isinstance(listed, dict) else {}, env):
            for key, value in source.items():
                if isinstance(value, str) and not merged.get(key):
                    merged[key] = value
    return merged


def _check_env_refs(
    value: Any, path: KeyPath, environ: Mapping[str, str], problems: list[Problem]
) -> None:
    if isinstance(value, str):
        for name in env_references(value):
            if not environ.get(name):
                problems.append(
                    Problem(
                        path,
                        f"refers to ${{{name}}}, which is not set; CoderClaw then rejects "
                        "the whole config",
                    )
                )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_env_refs(item, (*path, key), environ, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_env_refs(item, (*path, index), environ, problems)


# ---- what a change touched -------------------------------------------------------------------


@dataclass
class _Changes:
    """Key paths a change touched: whole subtrees, and containers whose membership changed."""

    subtrees: list[KeyPath] = field(default_factory=list)
    containers: list[KeyPath] = field(default_factory=list)

    def touches(self, path: KeyPath) -> bool:
        """A problem is in a part we touched when it is in, above, or beside a changed value."""

        def above(a: KeyPath, b: KeyPath) -> bool:
            return b[: len(a)] == a

        def beside(a: KeyPath, b: KeyPath) -> bool:
            return len(a) == len(b) > 0 and a[:-1] == b[:-1]

        return any(
            above(c, path) or above(path, c) or beside(c, path) for c in self.subtrees
        ) or any(above(path, c) or path[:-1] == c for c in self.containers)


def _collect_changes(before: Any, after: Any, path: KeyPath, changes: _Changes) -> None:
    if type(before) is not type(after):
        changes.subtrees.append(path)
    elif isinstance(after, dict):
        for key in before.keys() | after.keys():
            if key not in before or key not in after:
                changes.subtrees.append((*path, key))
            else:
                _collect_changes(before[key], after[key], (*path, key), changes)
    elif isinstance(after, list):
        if before == after:
            return
        if len(before) == len(after):
            for index, (old, new) in enumerate(zip(before, after, strict=True)):
                _collect_changes(old, new, (*path, index), changes)
            return
        # Items were added, removed or moved: an item equal to one already there is untouched.
        changes.containers.append(path)
        head = 0
        while head < min(len(before), len(after)) and before[head] == after[head]:
            head += 1
        tail = 0
        while (
            tail < min(len(before), len(after)) - head
            and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]
        ):
            tail += 1
        kept = {_canonical(item) for item in before[head : len(before) - tail]}
        for index in range(head, len(after) - tail):
            if _canonical(after[index]) not in kept:
                changes.subtrees.append((*path, index))
    elif before != after:
        changes.subtrees.append(path)


def _canonical(value: Any) -> str:
    """A hashable form for comparing list items in linear time."""
    return json.dumps(value, sort_keys=True, default=repr)
