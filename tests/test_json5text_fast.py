"""The JSON5 fast paths give exactly what the general parser gives, and the cache is safe."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from hftray.core import json5_parse, json5text
from hftray.core.json5_parse import JSON5SyntaxError, Node, _is_space, _parse_fast, _Parser

CONFIGS = Path(__file__).parent / "data" / "configs"
ODD_TEXTS = [
    "{a:1,b:\"x\\ny\",c:'q\\'',d:[1,2.,.5,+1,-Infinity,NaN,0x1F],e:{é:1,a\\u0062:2, $_x9:null}}",
    '\ufeff{\u00a0a\u2028:\u3000"\u2028"}',
    "[true,false,null,Infinity,-NaN]",
    '{"a": 1e5, b: 1E-3, true: 1, null: 2, Infinity: 3,}',
    "// c\n/* d */ [ 1 , 2 , ] // e",
    '["\\x41\\u0042\\0", "\\\r\nx", "a\\\u2028b", \'"\']',
    "{a: {b: [{c: [[]]}, {}]}, 'd': '', \"e\": \"\"}",
]
PIECES = [
    *"{}[]:,\"'\\/*\n\r\t  abexu0189.+-$_é\u00a0\u2028\ufeff\u0301tfnIN",
    *("//", "/*", "*/", "\\u00", "true", "null", "0x"),
]


def tree(node: Node | None) -> Any:
    if node is None:
        return None
    shape: list[Any] = [type(node).__name__, node.start, node.end, repr(node.value)]
    if isinstance(node, json5text.Container):
        shape.append(node.kind)
        shape.append([(e.start, e.comma, e.key, e.key_quote, tree(e.node)) for e in node.entries])
    return shape


def general(text: str) -> Any:
    try:
        doc = _Parser(text).document()
    except JSON5SyntaxError as exc:
        return ("error", str(exc), exc.line, exc.column)
    return (tree(doc.root), doc.comments)


def texts() -> list[str]:
    seeds = [path.read_text(encoding="utf-8") for path in sorted(CONFIGS.glob("*.json5"))]
    seeds += ODD_TEXTS
    rng = random.Random(5)
    mutated = []
    for _ in range(600):
        text = rng.choice(seeds)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            roll = rng.random()
            if roll < 0.4:
                text = text[:at] + text[at + 1 :]
            else:
                text = text[:at] + rng.choice(PIECES) + text[at + (roll > 0.8) :]
        mutated.append(text)
    return seeds + mutated


def test_fast_parser_agrees_with_the_general_parser_or_leaves_the_text_to_it() -> None:
    fast_ok = 0
    for text in texts():
        doc = _parse_fast(text)
        if doc is None:
            continue
        fast_ok += 1
        assert (tree(doc.root), doc.comments) == general(text), text
    assert fast_ok > 200  # the fast path really ran, on valid and on edited texts


def test_parse_document_gives_the_general_parsers_tree_and_errors() -> None:
    for text in texts():
        try:
            doc = json5text.parse_document(text)
            got: Any = (tree(doc.root), doc.comments)
        except JSON5SyntaxError as exc:
            got = ("error", str(exc), exc.line, exc.column)
        assert got == general(text), text


def test_fast_white_space_is_json5_white_space() -> None:
    pattern = re.compile(f"[{json5_parse._WS}]")
    for code in range(0x10000):
        if pattern.fullmatch(chr(code)):
            assert _is_space(chr(code)), hex(code)


def test_parse_hands_out_data_that_callers_may_change() -> None:
    text = (CONFIGS / "full.json5").read_text(encoding="utf-8")
    first = json5text.parse(text)
    first["agents"]["defaults"]["models"].clear()
    first["gateway"]["port"] = 1
    again = json5text.parse(text)
    assert again["gateway"]["port"] == 18789
    assert len(again["agents"]["defaults"]["models"]) == 4
    assert json5text.parse_shared(text) == again


@pytest.mark.parametrize("text", ["", "  // only a comment\n", "null"])
def test_empty_and_null_documents_read_as_none(text: str) -> None:
    assert json5text.parse(text) is None


def edited_pairs() -> list[tuple[str, str]]:
    """Valid texts and random edits of them (some valid, some not)."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted(CONFIGS.glob("*.json5"))]
    seeds += [*ODD_TEXTS, "{\n    a: 1,\n  b: [\n   1,\n      2\n  ],\n}"]
    seeds = [text for text in seeds if json5text.parse_document(text).root is not None]
    pieces = [*PIECES, "1,", "x: 1,", '"s",', "{}", "[]", "\n  ", "\n    k: [\n      1,\n    ],"]
    rng = random.Random(11)
    pairs = []
    for _ in range(800):
        text = rng.choice(seeds)
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.3:
            edited = text[:at] + text[at + rng.randint(0, 6) :]
        elif roll < 0.7:
            edited = text[:at] + rng.choice(pieces) + text[at:]
        else:
            start = rng.randrange(len(text))
            edited = text[:at] + text[start : start + rng.randint(0, 60)] + text[at:]
        pairs.append((text, edited))
    return pairs


def test_a_tree_derived_from_a_similar_text_is_the_tree_a_full_parse_gives() -> None:
    derived = 0
    for text, edited in edited_pairs():
        old = _Parser(text).document()
        json5text._learn_style(old)  # tallies on the old tree must not leak into the new one
        doc = json5_parse._derive(old, edited)
        if doc is None:
            continue
        derived += 1
        assert (tree(doc.root), doc.comments) == general(edited), (text, edited)
        fresh = _Parser(edited).document()
        assert json5text._learn_style(doc) == json5text._learn_style(fresh), (text, edited)
    assert derived > 100


def test_a_name_or_number_cut_at_the_edit_is_not_taken_as_whole() -> None:
    old = json5text.parse_document("[1, 2, 3]")
    assert json5text.parse("[12, 3]") == [12, 3]
    assert json5_parse._derive(old, "[1 2, 3]") is None
    with pytest.raises(JSON5SyntaxError):
        json5text.parse_document("{a: 1, b: 2 // c}")


def test_trees_derived_one_from_another_stay_exact_without_being_looked_at() -> None:
    """Moved containers make their entries only when used; chains of edits must stay exact."""
    rng = random.Random(3)
    pieces = ["1,", "x: 1,", '"s",', "{}", "[]", "\n  ", "\n  k: [\n    1,\n  ],", "//c\n", ","]
    derived = 0
    for text, _ in edited_pairs()[:40]:
        old = _Parser(text).document()
        for _ in range(25):
            at = rng.randrange(len(text) + 1)
            edited = text[:at] + rng.choice(pieces) + text[at + rng.randint(0, 2) :]
            if rng.random() < 0.5:
                json5text._learn_style(old)
            doc = json5_parse._derive(old, edited)
            if doc is None:
                continue
            derived += 1
            if rng.random() < 0.3:
                fresh = _Parser(edited).document()
                assert json5text._learn_style(doc) == json5text._learn_style(fresh)
                assert (tree(doc.root), doc.comments) == general(edited)
            text, old = edited, doc
    assert derived > 100


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("[\n  // m\n  1,\n  /* m */ 2, // m\n  // m\n  3\n]", [], {0, 1, 2}),
        ("[\n  1, // m\n  2,\n]", [], set()),
        ("{a: 1, /* m */ b: 2, /* m */ b: 3, // m\n c: 4}", [], {"b"}),
        ("{\n  // m\n  a: 1,\n  a: 2,\n}", [], set()),
        ("{x: {\n  // m\n  y: [1],\n  z: 2, // m\n}}", ["x"], {"y"}),
        ("{x: 1}", ["y"], set()),
    ],
)
def test_members_with_a_comment_are_those_whose_comments_before_hold_it(
    text: str, path: list[str], expected: set[str | int]
) -> None:
    assert json5text.members_with_comment(text, path, "m") == expected
    node = json5text._resolve(json5text.parse_document(text), path)
    if isinstance(node, json5text.Container):
        keys: set[str | int] = {i if e.key is None else e.key for i, e in enumerate(node.entries)}
        one_by_one = {k for k in keys if "m" in json5text.comments_before(text, [*path, k])}
        assert one_by_one == expected
