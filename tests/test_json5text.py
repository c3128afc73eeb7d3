from __future__ import annotations

import math
from typing import Any

import json5
import pytest

from hftray.core.errors import HFTrayError
from hftray.core.json5text import JSON5SyntaxError, parse
from tests.support.json5data import CONFIGS, config_text, same_data

FIXTURES = sorted(path.name for path in CONFIGS.glob("*.json5"))
NON_EMPTY = [name for name in FIXTURES if parse(config_text(name)) is not None]


# --- parse ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NON_EMPTY)
def test_parse_agrees_with_the_json5_library_on_every_fixture(name: str) -> None:
    text = config_text(name)
    assert same_data(parse(text), json5.loads(text))


@pytest.mark.parametrize("text", ["", "   \n", "// only a comment\n", "/* a */ // b"])
def test_parse_returns_none_for_an_empty_document(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0x1F", 31),
        ("-0xff", -255),
        (".5", 0.5),
        ("5.", 5.0),
        ("+1", 1),
        ("-0", 0),
        ("1e3", 1000.0),
        ("2E-2", 0.02),
        ("Infinity", math.inf),
        ("-Infinity", -math.inf),
        ("+Infinity", math.inf),
        ("true", True),
        ("null", None),
        ("'single \"quoted\"'", 'single "quoted"'),
        ('"\\x41\\u00e9\\t\\0"', "Aé\t\0"),
        ('"line \\\ncontinued"', "line continued"),
        ('"crlf \\\r\ncontinued"', "crlf continued"),
        ('"\\a\\\'"', "a'"),
        ('"non-ASCII ✓ kept"', "non-ASCII ✓ kept"),
        (
            "{a: 1, $b: 2, _c: 3, ünï: 4, \\u0061x: 5,}",
            {"a": 1, "$b": 2, "_c": 3, "ünï": 4, "ax": 5},
        ),
        ("[1, /* two */ 2, // three\n 3,]", [1, 2, 3]),
        ("{'k': 'v', \"q\": \"w\"}", {"k": "v", "q": "w"}),
    ],
)
def test_parse_reads_every_json5_form(text: str, expected: Any) -> None:
    assert same_data(parse(text), expected)
    assert same_data(parse(text), json5.loads(text))


def test_parse_reads_nan() -> None:
    assert math.isnan(parse("NaN"))
    assert math.isnan(parse("-NaN"))


def test_parse_keeps_the_last_of_duplicate_keys_like_json5() -> None:
    assert parse("{a: 1, b: 2, a: 3}") == {"a": 3, "b": 2}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("{a: 1", 1, 6),
        ("{\n  a: 1\n  b: 2\n}", 3, 3),
        ("{\n  a: ,\n}", 2, 6),
        ("[1, 2] 3", 1, 8),
        ("/* never closed", 1, 1),
        ('{\n  a: "open\n}', 2, 11),
        ("01", 1, 1),
        ("{a b: 1}", 1, 4),
        ('"\\x4"', 1, 2),
        ('"\\1"', 1, 2),
        ("{1: 2}", 1, 2),
        ("[,]", 1, 2),
        ("truex", 1, 1),
    ],
)
def test_syntax_errors_carry_one_based_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(JSON5SyntaxError) as caught:
        parse(text)
    error = caught.value
    assert (error.line, error.column) == (line, column)
    assert f"line {line}, column {column}" in str(error)
    assert isinstance(error, HFTrayError) and error.fix
    with pytest.raises(ValueError):
        json5.loads(text)


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(JSON5SyntaxError):
        parse("[" * 5000)
