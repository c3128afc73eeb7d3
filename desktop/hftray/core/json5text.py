"""JSON5 read and edited as text, so a hand-written `coderclaw.json` keeps its comments.

CoderClaw's own writer turns the file into plain JSON and loses every comment. We never
re-serialise the document: a tokenizer records where each key, value, comma and comment sits,
and every edit replaces, inserts or removes one span. Bytes outside the changed spans stay
identical. New text copies the habits of its surroundings (indentation, key quoting, string
quotes, trailing commas).

Duplicate keys: the last one wins, as in JSON5 (and CoderClaw). An edit of such a key changes
the last occurrence; `delete_key` removes every occurrence so the key is really gone.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hftray.core.errors import HFTrayError

Path = Sequence[str | int]

_LINE_TERMINATORS = "\n\r\u2028\u2029"
_SIMPLE_ESCAPES = {
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "0": "\0",
}
_HEX = "0123456789abcdefABCDEF"
_NUMBER = re.compile(
    r"""
    [+-]?
    (?:
        0[xX][0-9a-fA-F]+
      | Infinity
      | NaN
      | (?: (?:0|[1-9][0-9]*) (?:\.[0-9]*)? | \.[0-9]+ ) (?:[eE][+-]?[0-9]+)?
    )
    """,
    re.VERBOSE,
)
_MAX_DEPTH = 400


class JSON5SyntaxError(HFTrayError):
    """The config text is not valid JSON5; `line` and `column` are 1-based."""

    def __init__(self, problem: str, text: str, pos: int) -> None:
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        super().__init__(
            f"JSON5 syntax error at line {line}, column {column}: {problem}",
            fix="correct the file by hand at that place (a backup is kept beside it)",
        )
        self.problem = problem
        self.line = line
        self.column = column


class JSON5PathError(HFTrayError):
    """An edit names a place the document cannot have (a key inside a string, say)."""


# --- the syntax tree with positions -------------------------------------------------------


@dataclass
class Node:
    """A value and its span `text[start:end]`."""

    start: int
    end: int
    value: Any = None


@dataclass
class Entry:
    """An object member or array item.

    `start` is where the key (or the item) begins; `comma` is the index of the comma after
    it, or None for a last entry without a trailing comma.
    """

    start: int
    node: Node
    comma: int | None = None
    key: str | None = None
    key_quote: str | None = None  # None: an unquoted identifier key

    @property
    def end(self) -> int:
        """The end of the entry including its comma."""
        return self.comma + 1 if self.comma is not None else self.node.end


@dataclass
class Container(Node):
    """An object (`kind` "{") or an array (`kind` "[")."""

    kind: str = "{"
    entries: list[Entry] = field(default_factory=list)

    def find(self, key: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.key == key]


@dataclass
class Document:
    text: str
    root: Node | None
    comments: list[tuple[int, int]]


def _is_id_start(ch: str) -> bool:
    return ch in "$_" or unicodedata.category(ch) in {"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"}


def _is_id_part(ch: str) -> bool:
    return (
        _is_id_start(ch)
        or unicodedata.category(ch) in {"Mn", "Mc", "Nd", "Pc"}
        or ch in "\u200c\u200d"
    )


def _is_space(ch: str) -> bool:
    return ch in "\t\n\v\f\r \u00a0\u2028\u2029\ufeff" or unicodedata.category(ch) == "Zs"


def is_identifier(name: str) -> bool:
    """Whether `name` can be written as an unquoted JSON5 key."""
    return bool(name) and _is_id_start(name[0]) and all(_is_id_part(ch) for ch in name[1:])


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.comments: list[tuple[int, int]] = []

    def fail(self, problem: str, pos: int | None = None) -> JSON5SyntaxError:
        return JSON5SyntaxError(problem, self.text, self.pos if pos is None else pos)

    def skip_trivia(self) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n:
            ch = text[self.pos]
            if _is_space(ch):
                self.pos += 1
            elif text.startswith("//", self.pos):
                start = self.pos
                while self.pos < n and text[self.pos] not in _LINE_TERMINATORS:
                    self.pos += 1
                self.comments.append((start, self.pos))
            elif text.startswith("/*", self.pos):
                close = text.find("*/", self.pos + 2)
                if close < 0:
                    raise self.fail("a /* comment is never closed")
                self.comments.append((self.pos, close + 2))
                self.pos = close + 2
            else:
                return

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def document(self) -> Document:
        self.skip_trivia()
        root = None
        if self.pos < len(self.text):
            root = self.value(0)
            self.skip_trivia()
            if self.pos < len(self.text):
                raise self.fail(f"unexpected {self.describe()} after the end of the document")
        return Document(self.text, root, self.comments)

    def describe(self) -> str:
        ch = self.peek()
        return "end of file" if not ch else f"character {ch!r}"

    def value(self, depth: int) -> Node:
        if depth > _MAX_DEPTH:
            raise self.fail("the document is nested too deeply")
        ch = self.peek()
        if ch == "{":
            return self.container("{", "}", depth)
        if ch == "[":
            return self.container("[", "]", depth)
        if ch and ch in "\"'":
            start = self.pos
            text = self.string()
            return Node(start, self.pos, text)
        for word, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos) and not self._id_continues(len(word)):
                start = self.pos
                self.pos += len(word)
                return Node(start, self.pos, result)
        match = _NUMBER.match(self.text, self.pos)
        if match and not self._id_continues(match.end() - self.pos):
            self.pos = match.end()
            return Node(match.start(), match.end(), _number(match.group()))
        if not ch:
            raise self.fail("the document ends where a value was expected")
        raise self.fail(f"unexpected {self.describe()} where a value was expected")

    def _id_continues(self, length: int) -> bool:
        after = self.pos + length
        return after < len(self.text) and (
            _is_id_part(self.text[after]) or self.text[after] == "\\"
        )

    def string(self) -> str:
        text, n = self.text, len(self.text)
        quote = text[self.pos]
        open_pos = self.pos
        self.pos += 1
        out: list[str] = []
        while True:
            if self.pos >= n:
                raise self.fail("a string is never closed", open_pos)
            ch = text[self.pos]
            if ch == quote:
                self.pos += 1
                return "".join(out)
            if ch in "\n\r":
                raise self.fail("a string cannot span lines without a backslash")
            if ch == "\\":
                out.append(self.escape())
            else:
                out.append(ch)
                self.pos += 1

    def escape(self) -> str:
        text = self.text
        self.pos += 1
        ch = self.peek()
        if not ch:
            raise self.fail("a string is never closed")
        self.pos += 1
        if ch in _SIMPLE_ESCAPES:
            if ch == "0" and self.peek().isdigit():
                raise self.fail("octal escapes are not allowed in JSON5", self.pos - 2)
            return _SIMPLE_ESCAPES[ch]
        if ch in "xu":
            width = 2 if ch == "x" else 4
            digits = text[self.pos : self.pos + width]
            if len(digits) != width or any(d not in _HEX for d in digits):
                raise self.fail(f"\\{ch} needs {width} hex digits", self.pos - 2)
            self.pos += width
            return chr(int(digits, 16))
        if ch == "\r":
            if self.peek() == "\n":
                self.pos += 1
            return ""
        if ch in _LINE_TERMINATORS:
            return ""
        if ch in "123456789":
            raise self.fail(f"\\{ch} is not a valid escape", self.pos - 2)
        return ch

    def identifier(self) -> str:
        out: list[str] = []
        first = True
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == "\\":
                if not text.startswith("\\u", self.pos):
                    raise self.fail("only \\u escapes are allowed in a key")
                digits = text[self.pos + 2 : self.pos + 6]
                if len(digits) != 4 or any(d not in _HEX for d in digits):
                    raise self.fail("\\u needs 4 hex digits")
                ch = chr(int(digits, 16))
                step = 6
            else:
                step = 1
            if not (_is_id_start(ch) if first else _is_id_part(ch)):
                break
            out.append(ch)
            self.pos += step
            first = False
        if first:
            raise self.fail(f"unexpected {self.describe()} where a key was expected")
        return "".join(out)

    def container(self, open_ch: str, close_ch: str, depth: int) -> Container:
        node = Container(self.pos, self.pos, kind=open_ch)
        self.pos += 1
        values: dict[str, Any] = {}
        items: list[Any] = []
        while True:
            self.skip_trivia()
            if self.peek() == close_ch:
                break
            start = self.pos
            key: str | None = None
            quote: str | None = None
            if open_ch == "{":
                if self.peek() in ("'", '"'):
                    quote = self.peek()
                    key = self.string()
                else:
                    key = self.identifier()
                self.skip_trivia()
                if self.peek() != ":":
                    raise self.fail(f"expected ':' after the key but found {self.describe()}")
                self.pos += 1
                self.skip_trivia()
            value = self.value(depth + 1)
            entry = Entry(start, value, key=key, key_quote=quote)
            node.entries.append(entry)
            if key is not None:
                values[key] = value.value
            else:
                items.append(value.value)
            self.skip_trivia()
            if self.peek() == ",":
                entry.comma = self.pos
                self.pos += 1
            elif self.peek() != close_ch:
                raise self.fail(f"expected ',' or '{close_ch}' but found {self.describe()}")
        self.pos += 1
        node.end = self.pos
        node.value = values if open_ch == "{" else items
        return node


def _number(token: str) -> int | float:
    sign = -1 if token.startswith("-") else 1
    body = token.lstrip("+-")
    if body == "Infinity":
        return sign * math.inf
    if body == "NaN":
        return math.nan
    if body[:2] in ("0x", "0X"):
        return sign * int(body, 16)
    if any(ch in body for ch in ".eE"):
        return float(token)
    return int(token)


def parse_document(text: str) -> Document:
    """The syntax tree of `text` with the position of every value, key, comma and comment."""
    return _Parser(text).document()


def parse(text: str) -> Any:
    """The Python data of a JSON5 document; None for an empty (or comments-only) document."""
    root = parse_document(text).root
    return None if root is None else root.value
