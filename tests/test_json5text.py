from __future__ import annotations

import math
from typing import Any

import json5
import pytest

from hftray.core.errors import HFTrayError
from hftray.core.json5text import (
    JSON5PathError,
    JSON5SyntaxError,
    comments_before,
    delete_key,
    insert_array_item,
    move_array_item,
    parse,
    remove_array_item,
    set_value,
)
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


# --- edits ---------------------------------------------------------------------------------

MARK = "added by CoderClaw HF Tray"
FALLBACKS = ["agents", "defaults", "model", "fallbacks"]


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines only in `before`, lines only in `after` (as multisets, order ignored)."""
    old, new = before.splitlines(), after.splitlines()
    removed = list(old)
    added = []
    for line in new:
        if line in removed:
            removed.remove(line)
        else:
            added.append(line)
    return removed, added


def test_set_value_replaces_only_the_value_span() -> None:
    text = config_text("full.json5")
    path = ["agents", "defaults", "model", "primary"]
    new = set_value(text, path, "huggingface/Qwen/Qwen3-8B")
    old_span = '"huggingface/deepseek-ai/DeepSeek-R1",\n        fallbacks'
    assert new == text.replace(old_span, '"huggingface/Qwen/Qwen3-8B",\n        fallbacks', 1)
    assert parse(new)["agents"]["defaults"]["model"]["primary"] == "huggingface/Qwen/Qwen3-8B"


def test_setting_an_equal_value_changes_nothing() -> None:
    text = config_text("full.json5")
    assert set_value(text, ["tuning", "scale"], 2.0) == text
    assert set_value(text, ["models"], parse(text)["models"]) == text


def test_set_value_merges_objects_so_inner_comments_survive() -> None:
    text = config_text("full.json5")
    new = set_value(text, ["gateway"], {"port": 18790, "mode": "local", "auth": {"token": "x"}})
    assert "port: 18790, // the default" in new
    assert parse(new)["gateway"] == {"port": 18790, "mode": "local", "auth": {"token": "x"}}


def test_inserted_key_follows_unquoted_siblings_and_trailing_commas() -> None:
    text = config_text("full.json5")
    new = set_value(text, ["agents", "defaults", "model", "primaryNote"], "x")
    removed, added = changed_lines(text, new)
    assert removed == []
    assert added == ['        primaryNote: "x",']


def test_inserted_key_follows_single_quotes_four_spaces_and_no_trailing_comma() -> None:
    text = config_text("no_agents.json5")
    new = set_value(text, ["gateway", "tls"], "on")
    assert "        'bind': 'loopback', // only this machine\n        'tls': 'on'\n    }," in new
    assert parse(new)["gateway"] == {"port": 18790, "bind": "loopback", "tls": "on"}


def test_key_that_is_no_identifier_takes_the_siblings_quote() -> None:
    text = config_text("full.json5")
    new = set_value(text, ["agents", "defaults", "models", "huggingface/a/b:fastest"], {})
    assert '        "huggingface/a/b:fastest": {},\n      },' in new


def test_nested_path_creates_the_missing_objects_in_the_file_style() -> None:
    text = config_text("no_agents.json5")
    new = set_value(text, ["agents", "defaults", "model", "primary"], "huggingface/a/b")
    assert new.startswith(text[: text.rindex("    }\n}")])
    assert new.endswith(
        "    },\n    'agents': {\n        'defaults': {\n            'model': {\n"
        "                'primary': 'huggingface/a/b'\n            }\n        }\n    }\n}\n"
    )
    assert parse(new)["agents"] == {"defaults": {"model": {"primary": "huggingface/a/b"}}}


@pytest.mark.parametrize("text", ["", "\n", "  "])
def test_set_value_on_an_empty_file_creates_a_document(text: str) -> None:
    new = set_value(text, ["agents", "defaults", "model", "primary"], "huggingface/a/b")
    assert new == (
        '{\n  "agents": {\n    "defaults": {\n      "model": {\n'
        '        "primary": "huggingface/a/b"\n      }\n    }\n  }\n}\n'
    )


def test_set_value_on_a_comments_only_file_keeps_the_comments() -> None:
    text = config_text("comments_only.json5")
    new = set_value(text, ["gateway", "port"], 1)
    assert new.startswith(text)
    assert parse(new) == {"gateway": {"port": 1}}


def test_one_line_files_stay_on_one_line() -> None:
    text = config_text("one_line.json5")
    new = set_value(text, ["agents", "defaults", "models"], {"huggingface/a/b": {"alias": "ab"}})
    new = insert_array_item(new, FALLBACKS, 0, "huggingface/a/b")
    assert "\n" not in new
    assert '"models":{"huggingface/a/b":{"alias":"ab"}}' in new
    assert '"fallbacks":["huggingface/a/b"]' in new


def test_empty_object_gets_an_inline_member_for_a_plain_value() -> None:
    text = config_text("full.json5")
    new = set_value(
        text, ["agents", "defaults", "models", "huggingface/Qwen/Qwen3-8B:cheapest", "alias"], "Q"
    )
    assert '"huggingface/Qwen/Qwen3-8B:cheapest": { alias: "Q" },' in new


def test_comment_mark_is_written_above_a_new_member_and_read_back() -> None:
    text = config_text("coderclaw_written.json5")
    path = ["agents", "defaults", "models", "huggingface/a/b"]
    new = set_value(text, path, {}, comment=MARK)
    assert (
        '"models": {\n        // added by CoderClaw HF Tray\n        "huggingface/a/b": {}\n      }'
        in new
    )
    assert comments_before(new, path) == [MARK]
    assert delete_key(new, path, comment=MARK) == text


def test_comments_before_ignores_the_previous_items_trailing_comment() -> None:
    text = config_text("full.json5")
    assert comments_before(text, [*FALLBACKS, 1]) == []
    assert comments_before(text, ["models", "providers", "huggingface", "models", 0]) == [
        "tuned by hand: longer context than the catalog says"
    ]
    assert comments_before(
        text, ["agents", "defaults", "models", "anthropic/claude-sonnet-4-5"]
    ) == ["a model from another provider"]


def test_delete_key_removes_its_lines_and_keeps_other_comments() -> None:
    text = config_text("full.json5")
    new = delete_key(text, ["gateway", "port"])
    removed, added = changed_lines(text, new)
    assert removed == ["    port: 18789, // the default"] and added == []


def test_delete_last_key_without_trailing_comma_drops_the_previous_comma() -> None:
    text = config_text("no_agents.json5")
    new = delete_key(text, ["gateway", "bind"])
    assert "    'gateway': {\n        'port': 18790\n    }," in new


def test_delete_key_removes_every_duplicate_and_ignores_missing_keys() -> None:
    text = "{\n  a: 1,\n  b: 2,\n  a: 3,\n}\n"
    assert delete_key(text, ["a"]) == "{\n  b: 2,\n}\n"
    assert delete_key(text, ["zzz"]) == text
    assert delete_key(text, ["zzz", "y"]) == text


def test_deleting_the_only_member_leaves_an_empty_object() -> None:
    assert delete_key("{\n  a: {\n    b: 1, // c\n  },\n}", ["a", "b"]) == "{\n  a: {},\n}"
    assert delete_key("{a: {b: 1}}", ["a", "b"]) == "{a: {}}"


def test_set_value_on_a_duplicate_key_changes_the_effective_one() -> None:
    text = "{a: 1, a: 2}"
    assert set_value(text, ["a"], 5) == "{a: 1, a: 5}"


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [
        ("[1, 2, 3]", 0, "[2, 3]"),
        ("[1, 2, 3]", 1, "[1, 3]"),
        ("[1, 2, 3]", 2, "[1, 2]"),
        ("[1, 2, 3,]", 2, "[1, 2,]"),
        ("[1]", 0, "[]"),
        ("[\n  1,\n  2\n]", 1, "[\n  1\n]"),
        ("[\n  1,\n  2,\n]", 0, "[\n  2,\n]"),
        ("[\n  1, // one\n]", 0, "[]"),
    ],
)
def test_remove_array_item(text: str, index: int, expected: str) -> None:
    assert remove_array_item(text, [], index) == expected


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [
        ("[1, 2]", 0, "[0, 1, 2]"),
        ("[1, 2]", 2, "[1, 2, 0]"),
        ("[1, 2,]", 2, "[1, 2, 0,]"),
        ("[]", 0, "[0]"),
        ("[\n  1\n]", 1, "[\n  1,\n  0\n]"),
        ("[\n  1, // one\n]", 1, "[\n  1, // one\n  0,\n]"),
        ("[\n  // first\n  1,\n]", 0, "[\n  0,\n  // first\n  1,\n]"),
    ],
)
def test_insert_array_item(text: str, index: int, expected: str) -> None:
    assert insert_array_item(text, [], index, 0) == expected


def test_insert_array_item_creates_a_missing_array() -> None:
    new = insert_array_item(
        config_text("no_model.json5"), ["agents", "defaults", "model", "fallbacks"], 0, "x"
    )
    assert parse(new)["agents"]["defaults"]["model"] == {"fallbacks": ["x"]}


def test_move_array_item_moves_lines_with_their_comments() -> None:
    text = config_text("full.json5")
    new = move_array_item(text, FALLBACKS, 0, 1)
    assert (
        "fallbacks: [\n          'huggingface/openai/gpt-oss-120b',\n"
        '          "huggingface/Qwen/Qwen3-8B:cheapest", // cheap and quick\n        ],'
    ) in new


def test_move_array_item_fixes_commas_when_the_last_item_moves() -> None:
    assert (
        move_array_item("[\n  1,\n  2, // two\n  3\n]", [], 2, 0) == "[\n  3,\n  1,\n  2 // two\n]"
    )
    assert move_array_item("[1, /* a */ 2, 3]", [], 0, 2) == "[2, /* a */ 3, 1]"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t: set_value(t, ["gateway", "port", "x"], 1), "gateway.port is a number"),
        (lambda t: set_value(t, ["agents", "list", "x"], 1), "agents.list is an array"),
        (lambda t: set_value(t, ["agents", "list", 5], 1), "past the end"),
        (lambda t: remove_array_item(t, ["agents", "list"], 3), "no index 3"),
        (lambda t: remove_array_item(t, ["gateway"], 0), "not an array"),
        (lambda t: delete_key(t, ["agents", "list", 0]), "object key"),
    ],
)
def test_impossible_paths_raise_a_path_error(call: Any, message: str) -> None:
    with pytest.raises(JSON5PathError, match=message):
        call(config_text("full.json5"))


def test_crlf_files_get_crlf_lines() -> None:
    text = "{\r\n  a: 1,\r\n}\r\n"
    assert set_value(text, ["b"], 2) == "{\r\n  a: 1,\r\n  b: 2,\r\n}\r\n"


def test_new_strings_are_escaped_and_keep_non_ascii() -> None:
    new = set_value("{}", ["k"], 'é "q" \\ \n\t\x01\u2028')
    assert new == '{ "k": "é \\"q\\" \\\\ \\n\\t\\u0001\\u2028" }'
    assert parse(new) == {"k": 'é "q" \\ \n\t\x01\u2028'}
    assert same_data(json5.loads(new), parse(new))


def test_new_numbers_round_trip() -> None:
    value = [1, -2.5, 1e300, math.inf, -math.inf, True, None]
    assert same_data(parse(set_value("{}", ["n"], value))["n"], value)
    assert math.isnan(parse(set_value("{}", ["n"], math.nan))["n"])
