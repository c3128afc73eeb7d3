"""Generated configs in random JSON5 dress, and random edit sequences on them."""

from __future__ import annotations

import copy
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import json5
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hftray.core.json5text import (
    Container,
    delete_key,
    insert_array_item,
    is_identifier,
    move_array_item,
    parse,
    parse_document,
    remove_array_item,
    set_value,
)
from tests.support.json5data import same_data

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = st.sampled_from(
    [
        "a",
        "model",
        "primary",
        "$schema",
        "_x",
        "ünï",
        "true",
        "huggingface/Qwen/Qwen3-8B:cheapest",
        "with space",
        "",
        "1st",
        "it's",
        'say "hi"',
        "ключ",
    ]
)
STRINGS = st.text(
    alphabet=st.sampled_from(list("abc xyz/:-_é✓'\"\\\n\t\x01\u2028${}")), max_size=12
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=True, width=64),
    STRINGS,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
CONFIGS = st.dictionaries(KEYS, VALUES, max_size=5)


# --- a renderer with random habits --------------------------------------------------------


@dataclass
class Dress:
    """Random formatting choices drawn while rendering, and the comments written."""

    draw: Any
    comments: int = 0

    def choice(self, options: list[Any]) -> Any:
        return self.draw(st.sampled_from(options))

    def comment(self, block: bool) -> str:
        self.comments += 1
        return f"/* c{self.comments} */" if block else f"// c{self.comments}"


def quote(text: str, q: str) -> str:
    out = text.replace("\\", "\\\\").replace(q, "\\" + q).replace("\n", "\\n")
    out = out.replace("\x01", "\\x01").replace("\u2028", "\\u2028").replace("\t", "\\t")
    return q + out + q


def render_scalar(value: Any, dress: Dress) -> str:
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        if value >= 0:
            return dress.choice([str(value), hex(value), "+" + str(value)])
        return dress.choice([str(value), "-" + hex(-value)])
    if isinstance(value, float):
        if math.isinf(value):
            return ("-" if value < 0 else dress.choice(["", "+"])) + "Infinity"
        text = repr(value)
        if text.startswith("0.") and dress.choice([True, False]):
            text = text[1:]
        return text
    return quote(value, dress.choice(['"', "'"]))


def render_key(key: str, dress: Dress) -> str:
    options = ['"', "'"] + ([None] if is_identifier(key) else [])
    q = dress.choice(options)
    return key if q is None else quote(key, q)


def render(value: Any, indent: str, dress: Dress) -> str:
    if not isinstance(value, dict | list):
        return render_scalar(value, dress)
    is_obj = isinstance(value, dict)
    pairs = list(value.items()) if is_obj else [(None, v) for v in value]
    open_ch, close_ch = ("{", "}") if is_obj else ("[", "]")
    trailing = dress.choice([True, False])
    if not pairs:
        return open_ch + dress.choice(["", " ", " " + dress.comment(True) + " "]) + close_ch
    parts = []
    for key, item in pairs:
        head = "" if key is None else render_key(key, dress) + dress.choice([": ", ":", " : "])
        parts.append((head, item))
    if dress.choice([True, False]):  # one line
        texts = [
            dress.choice(["", dress.comment(True) + " "]) + head + render(item, "", dress)
            for head, item in parts
        ]
        return open_ch + " " + ", ".join(texts) + ("," if trailing else "") + " " + close_ch
    unit = dress.choice(["  ", "    ", "\t"])
    lines = []
    for number, (head, item) in enumerate(parts):
        above = dress.choice(["", indent + unit + dress.comment(False) + "\n"])
        comma = "," if number < len(parts) - 1 or trailing else ""
        after = dress.choice(["", " " + dress.comment(False), " " + dress.comment(True)])
        lines.append(
            above + indent + unit + head + render(item, indent + unit, dress) + comma + after
        )
    return open_ch + "\n" + "\n".join(lines) + "\n" + indent + close_ch


def dressed(draw: Any, value: Any) -> str:
    dress = Dress(draw)
    top = dress.choice(["", dress.comment(False) + "\n", dress.comment(True) + "\n"])
    return top + render(value, "", dress) + "\n"


COMMENT = re.compile(r"// c\d+|/\* c\d+ \*/")


def comments(text: str) -> Counter[str]:
    return Counter(COMMENT.findall(text))


# --- parse ----------------------------------------------------------------------------------


@FAST
@given(st.data(), CONFIGS)
def test_parse_reads_any_dressed_config_like_the_json5_library(data: Any, config: Any) -> None:
    text = dressed(data.draw, config)
    assert same_data(parse(text), config)
    assert same_data(json5.loads(text), config)


# --- edit sequences -------------------------------------------------------------------------


def containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = []
    if isinstance(value, dict | list):
        found.append(path)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            found.extend(containers(item, (*path, key)))
    return found


def node_at(text: str, path: tuple[Any, ...]) -> Container:
    node = parse_document(text).root
    for key in path:
        assert isinstance(node, Container)
        if isinstance(key, str):
            node = [e for e in node.entries if e.key == key][-1].node
        else:
            node = node.entries[key].node
    assert isinstance(node, Container)
    return node


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


@dataclass
class Edit:
    text: str
    path: tuple[Any, ...]  # the container edited
    key: str | None = None  # the member edited, for objects
    may_drop_comments: bool = False


def edit(draw: Any, text: str, model: Any) -> Edit:
    """Apply one random edit to `text` and to `model`."""
    path = draw(st.sampled_from(containers(model)))
    target = get(model, path)
    small = draw(st.one_of(SCALARS, st.dictionaries(KEYS, SCALARS, max_size=2)))
    if isinstance(target, dict):
        action = draw(st.sampled_from(["set", "new", "nested", "delete"]))
        if action == "delete" and target:
            key = draw(st.sampled_from(sorted(target)))
            del target[key]
            return Edit(delete_key(text, [*path, key]), path, key, True)
        pick_existing = action == "set" and target
        key = draw(st.sampled_from(sorted(target)) if pick_existing else KEYS)
        if action == "nested" and key not in target:
            inner = draw(KEYS)
            target[key] = {inner: small}
            return Edit(set_value(text, [*path, key, inner], small), path, key)
        drops = isinstance(target.get(key), dict | list)
        target[key] = copy.deepcopy(small)
        return Edit(set_value(text, [*path, key], small), path, key, drops)
    action = draw(st.sampled_from(["insert", "remove", "move"]))
    if action == "remove" and target:
        index = draw(st.integers(0, len(target) - 1))
        del target[index]
        return Edit(remove_array_item(text, list(path), index), path, None, True)
    if action == "move" and target:
        src, dst = draw(st.integers(0, len(target) - 1)), draw(st.integers(0, len(target) - 1))
        target.insert(dst, target.pop(src))
        return Edit(move_array_item(text, list(path), src, dst), path)
    index = draw(st.integers(0, len(target)))
    target.insert(index, copy.deepcopy(small))
    return Edit(insert_array_item(text, list(path), index, small), path)


@FAST
@given(st.data(), CONFIGS.filter(bool), st.integers(1, 4))
def test_edit_sequences_hold_the_intended_data_and_keep_everything_else(
    data: Any, config: Any, steps: int
) -> None:
    text = dressed(data.draw, config)
    model = copy.deepcopy(config)
    for _ in range(steps):
        before = text
        change = edit(data.draw, text, model)
        text = change.text
        assert same_data(parse(text), model), text
        assert same_data(json5.loads(text), model)
        container = node_at(before, change.path)
        assert text.startswith(before[: container.start])
        assert text.endswith(before[container.end :])
        for entry in container.entries:
            if change.key is not None and entry.key != change.key:
                assert before[entry.start : entry.node.end] in text
        lost = comments(before) - comments(text)
        if not change.may_drop_comments:
            assert not lost, (before, text)
        else:
            gone_lines = set(before.splitlines()) - set(text.splitlines())
            for comment in lost:
                assert any(comment in line for line in gone_lines)
