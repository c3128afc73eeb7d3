"""JSON5 parsed with the position of every key, value, comma and comment (for `json5text`).

`json5text` edits a config as text, so it needs to know where everything sits. A one-pass
token pattern handles what config files are made of and leaves anything unusual to the general
parser, so results and errors are the same either way. Edits parse the same text again and
again, or a text that differs in one place: the last few trees are kept, and a new text is
first parsed as a change of the last one, only where it changed.

Duplicate keys: the last one wins, as in JSON5 (and CoderClaw).
"""

from __future__ import annotations

import bisect
import math
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from hftray.core.errors import HFTrayError

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
_ASCII_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


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


# --- the syntax tree with positions -------------------------------------------------------


@dataclass(slots=True)
class Node:
    """A value and its span `text[start:end]`."""

    start: int
    end: int
    value: Any = None


@dataclass(slots=True)
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


@dataclass(slots=True)
class StyleCounts:
    """Tallies of a container and everything inside it, for learning the file's style.

    `json5text` counts them and keeps them on the (shared, read-only) tree, where a container
    moved by an edit that left its lines alone keeps them (see `Container.moved`). `numbers`
    follows the tallies json5text lists; `units` keeps the order in which indentation units are
    first seen (it breaks ties), the order of a walk that visits a container, then the
    insides of its last child, then of the one before, and so on.
    """

    numbers: list[int]
    units: dict[str, int]


class Container(Node):
    """An object (`kind` "{") or an array (`kind` "[").

    A container copied from an older tree with its positions moved (see `_derive`) makes its
    entries on first use: after an edit, most of a large file is never looked at.
    """

    __slots__ = ("_entries", "_moved_from", "counts", "kind", "last_of_key")

    def __init__(
        self,
        start: int,
        end: int,
        value: Any = None,
        kind: str = "{",
        entries: list[Entry] | None = None,
    ) -> None:
        Node.__init__(self, start, end, value)
        self.kind = kind
        self._entries: list[Entry] = [] if entries is None else entries
        # (entries of the original, how far they move, whether their lines are unchanged)
        self._moved_from: tuple[list[Entry], int, bool] | None = None
        self.last_of_key: dict[str, int] | None = None
        self.counts: StyleCounts | None = None

    @property
    def entries(self) -> list[Entry]:
        if self._moved_from is not None:
            source, delta, same_lines = self._moved_from
            self._entries = [_moved_entry(entry, delta, same_lines) for entry in source]
            self._moved_from = None
        return self._entries

    @entries.setter
    def entries(self, entries: list[Entry]) -> None:
        self._entries, self._moved_from = entries, None

    def moved(self, delta: int, same_lines: bool) -> Container:
        """A copy `delta` further on; style tallies stay if its lines are unchanged."""
        copy = Container(self.start + delta, self.end + delta, self.value, self.kind)
        if self._moved_from is not None:
            source, moved, same = self._moved_from
            copy._moved_from = (source, moved + delta, same and same_lines)
        else:
            copy._moved_from = (self._entries, delta, same_lines)
        copy.last_of_key = self.last_of_key
        copy.counts = self.counts if same_lines else None
        return copy

    def find(self, key: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.key == key]

    def last_index(self, key: str) -> int | None:
        """The index of the (last) member named `key`; looked up in a table built once."""
        if self.last_of_key is None:
            self.last_of_key = {
                entry.key: i for i, entry in enumerate(self.entries) if entry.key is not None
            }
        return self.last_of_key.get(key)


def _moved_entry(entry: Entry, delta: int, same_lines: bool) -> Entry:
    node = entry.node
    if isinstance(node, Container):
        node = node.moved(delta, same_lines)
    else:
        node = Node(node.start + delta, node.end + delta, node.value)
    comma = None if entry.comma is None else entry.comma + delta
    return Entry(entry.start + delta, node, comma, entry.key, entry.key_quote)


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
    if name.isascii():
        return _ASCII_IDENTIFIER.fullmatch(name) is not None
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


# --- the fast path ------------------------------------------------------------------------

# JSON5 white space (a subset is enough: anything else takes the general parser).
_WS = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_TOKEN = re.compile(
    f"[{_WS}]*+(?:"
    r"(?P<str>\"[^\"\\\n\r]*+\"|'[^'\\\n\r]*+')"
    r"|(?P<id>[A-Za-z_$][A-Za-z0-9_$]*+)(?![^\x00-\x7f]|\\)"
    r"|(?P<comma>,)"
    r"|(?P<colon>:)"
    r"|(?P<num>[+-]?(?:0[xX][0-9a-fA-F]++|Infinity|NaN"
    r"|(?:(?:0|[1-9][0-9]*+)(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][+-]?[0-9]++)?))"
    r"(?![A-Za-z0-9_$\\]|[^\x00-\x7f])"
    r"|(?P<open>[{\[])"
    r"|(?P<close>[}\]])"
    r"|(?P<line>//[^\n\r\u2028\u2029]*+)"
    r"|(?P<block>/\*[\s\S]*?\*/)"
    r"|(?P<esc>\"(?:[^\"\\\n\r]|\\(?:\r\n|[\s\S]))*+\"|'(?:[^'\\\n\r]|\\(?:\r\n|[\s\S]))*+')"
    r"|(?P<end>\Z)"
    r"|(?P<other>[\s\S])"
    ")"
)
_WORD_VALUES: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "Infinity": math.inf,
    "NaN": math.nan,
}
# What the fast parser expects next.
_VALUE, _ITEM, _KEY, _COLON, _AFTER, _DONE = range(6)


def _scan(
    text: str, pos: int, endpos: int, top: Container | None, depth: int
) -> tuple[Node | None, int, list[tuple[int, int]], int] | None:
    """One pass of a token pattern over `text[pos:endpos]`; None for anything unusual or invalid.

    With `top` None the span is a whole document, and its root is returned; otherwise the span
    continues inside the container `top` (at nesting `depth`) just after its opening bracket or
    a comma, and the entries found are added to `top`. Also returned: what would have to come
    next, the comments, and where the blank before the end starts. Handles what config files
    are made of; the general parser does the rest, so results and errors are the same either
    way (the tests compare both).
    """
    comments: list[tuple[int, int]] = []
    stack: list[tuple[Container | None, str | None, str | None, int]] = []
    node = top  # the innermost open container
    entries: list[Entry] = [] if top is None else top.entries
    values: Any = None if top is None else top.value
    key: str | None = None
    quote: str | None = None
    key_start = 0
    root: Node | None = None
    state = _VALUE if top is None else _KEY if top.kind == "{" else _ITEM
    for match in _TOKEN.finditer(text, pos, endpos):
        kind = match.lastgroup
        if kind == "str" or kind == "id" or kind == "num" or kind == "esc":
            token = match.group(kind)
            start = match.start(kind)
            end = match.end()
            if kind == "str":
                value: Any = token[1:-1]
            elif kind == "id":
                value = _WORD_VALUES.get(token, _NOT_A_VALUE)
            elif kind == "num":
                value = int(token) if token.isdigit() else _number(token)
            else:
                value = _decode_string(text, start, end)
                if value is None:
                    return None
            if state == _KEY:
                if kind == "num":
                    return None
                key_start = start
                key, quote = (token, None) if kind == "id" else (value, token[0])
                state = _COLON
                continue
            if (state != _VALUE and state != _ITEM) or value is _NOT_A_VALUE:
                return None
            new: Node = Node(start, end, value)
        elif kind == "comma":
            if state != _AFTER or not entries:
                return None
            entries[-1].comma = match.end() - 1
            state = _KEY if values.__class__ is dict else _ITEM
            continue
        elif kind == "colon":
            if state != _COLON:
                return None
            state = _VALUE
            continue
        elif kind == "open":
            if (state != _VALUE and state != _ITEM) or depth + len(stack) >= _MAX_DEPTH:
                return None
            start = match.end() - 1
            stack.append((node, key, quote, key_start))
            is_object = text[start] == "{"
            values = {} if is_object else []
            node = Container(start, start, values, text[start])
            entries = node.entries
            key_start = start
            state = _KEY if is_object else _ITEM
            continue
        elif kind == "close":
            if not stack or node is None or text[match.end() - 1] != _CLOSERS[node.kind]:
                return None
            if state in (_COLON, _VALUE):
                return None
            node.end = match.end()
            new = node
            node, key, quote, key_start = stack.pop()
            if node is not None:
                entries, values = node.entries, node.value
        elif kind == "line" or kind == "block":
            comments.append(match.span(kind))
            continue
        elif kind == "end":
            return None if stack else (root, state, comments, match.start())
        else:
            return None
        # a value is complete
        if node is None:
            root, state = new, _DONE
        elif values.__class__ is dict:
            entries.append(Entry(key_start, new, None, key, quote))
            values[key] = new.value
            state = _AFTER
        else:
            entries.append(Entry(new.start, new))
            values.append(new.value)
            state = _AFTER
    return None


_NOT_A_VALUE = object()
_CLOSERS = {"{": "}", "[": "]"}


def _decode_string(text: str, start: int, end: int) -> str | None:
    """A string with escapes, decoded by the general parser; None when it finds a problem."""
    parser = _Parser(text)
    parser.pos = start
    try:
        value = parser.string()
    except JSON5SyntaxError:
        return None
    return value if parser.pos == end else None


def _parse_fast(text: str) -> Document | None:
    scanned = _scan(text, 0, len(text), None, 0)
    return None if scanned is None else Document(text, scanned[0], scanned[2])


# --- parsing a text like the last one ------------------------------------------------------


def _derive(old: Document, text: str) -> Document | None:
    """The tree of `text` made from the tree of a similar text `old.text`, or None.

    Only the entries of the innermost container that holds the difference are parsed again;
    the entries before it are shared, the ones after it are copied with shifted positions.
    The new entries parse from just after an opening bracket or comma to just before an entry
    or the closing bracket, exactly where the old ones did, so the result is the tree a full
    parse gives (the tests compare both after every kind of edit).
    """
    before, root = old.text, old.root
    if not isinstance(root, Container):
        return None
    start = _common_prefix(before, text)
    old_end = len(before) - _common_suffix(before, text, min(len(before), len(text)) - start)
    delta = len(text) - len(before)
    if not (root.start < start and old_end < root.end):
        return None
    path: list[tuple[Container, int]] = []
    container = root
    while True:
        entries = container.entries
        index = bisect.bisect_left(entries, start, key=_node_start) - 1
        child = entries[index].node if index >= 0 else None
        if not (isinstance(child, Container) and child.start < start and old_end < child.end):
            break
        path.append((container, index))
        container = child
    first = bisect.bisect_left(entries, start, key=_entry_end)
    if first and entries[first - 1].comma is None:
        first -= 1
    after = bisect.bisect_right(entries, old_end, key=_entry_start)
    span_start = entries[first - 1].end if first else container.start + 1
    span_end = entries[after].start if after < len(entries) else container.end - 1
    values: dict[str, Any] | list[Any] = {} if container.kind == "{" else []
    part = Container(container.start, container.end + delta, values, container.kind)
    scanned = _scan(text, span_start, span_end + delta, part, len(path) + 1)
    if scanned is None or scanned[1] in (_COLON, _VALUE):
        return None
    if not _ends_cleanly(text, span_start, span_end + delta, scanned[2], scanned[3]):
        return None
    if after < len(entries) and scanned[1] == _AFTER:
        return None  # the new entries must end with a comma before the next one
    shifted = _shifted(entries[after:], delta, before, text, old_end)
    node = _rebuilt(part, [*entries[:first], *part.entries, *shifted])
    for outer, index in reversed(path):
        entry = outer.entries[index]
        comma = None if entry.comma is None else entry.comma + delta
        moved = _shifted(outer.entries[index + 1 :], delta, before, text, old_end)
        rebuilt = [
            *outer.entries[:index],
            Entry(entry.start, node, comma, entry.key, entry.key_quote),
        ]
        node = _rebuilt(
            Container(outer.start, outer.end + delta, None, outer.kind), [*rebuilt, *moved]
        )
    comments = old.comments
    keep = bisect.bisect_right(comments, span_start, key=_comment_end)
    resume = bisect.bisect_left(comments, span_end, key=_comment_start)
    moved_comments = [(a + delta, b + delta) for a, b in comments[resume:]]
    return Document(text, node, [*comments[:keep], *scanned[2], *moved_comments])


def _ends_cleanly(
    text: str, start: int, end: int, comments: list[tuple[int, int]], blank: int
) -> bool:
    """Whether the last token of `text[start:end]` would also end there in the whole text.

    A name, a number or a line comment that reaches `end` runs on into what follows.
    """
    if blank < end or end == start:
        return True
    if comments and comments[-1][1] == end:
        return text[comments[-1][0] + 1] == "*"
    return text[end - 1] in ",:{}[]\"'"


def _rebuilt(container: Container, entries: list[Entry]) -> Container:
    container.entries = entries
    if container.kind == "{":
        container.value = {entry.key: entry.node.value for entry in entries}
    else:
        container.value = [entry.node.value for entry in entries]
    return container


def _shifted(
    entries: list[Entry], delta: int, before: str, text: str, changed_end: int
) -> list[Entry]:
    """Copies of `entries` (all after the change) moved by `delta`.

    A container keeps its style tallies when its lines are unchanged: the line it starts on
    begins after the change, or right at its end after a line break.
    """
    moved = []
    for entry in entries:
        node = entry.node
        if isinstance(node, Container):
            line = before.rfind("\n", 0, node.start) + 1
            same_lines = line > changed_end or (
                line == changed_end and text[line + delta - 1 : line + delta] == "\n"
            )
            node = node.moved(delta, same_lines)
        else:
            node = Node(node.start + delta, node.end + delta, node.value)
        comma = None if entry.comma is None else entry.comma + delta
        moved.append(Entry(entry.start + delta, node, comma, entry.key, entry.key_quote))
    return moved


def _node_start(entry: Entry) -> int:
    return entry.node.start


def _entry_start(entry: Entry) -> int:
    return entry.start


def _entry_end(entry: Entry) -> int:
    return entry.end


def _comment_start(comment: tuple[int, int]) -> int:
    return comment[0]


def _comment_end(comment: tuple[int, int]) -> int:
    return comment[1]


_CHUNK = 4096


def _common_prefix(a: str, b: str) -> int:
    """How many characters `a` and `b` share at the start (compared in blocks, at C speed)."""
    limit = min(len(a), len(b))
    pos = 0
    while pos < limit and a[pos : pos + _CHUNK] == b[pos : pos + _CHUNK]:
        pos += _CHUNK
    end = min(pos + _CHUNK, limit)
    while pos < end and a[pos] == b[pos]:
        pos += 1
    return min(pos, limit)


def _common_suffix(a: str, b: str, limit: int) -> int:
    """How many characters, at most `limit`, `a` and `b` share at the end."""
    count, la, lb = 0, len(a), len(b)
    while count < limit:
        size = min(_CHUNK, limit - count)
        if a[la - count - size : la - count] != b[lb - count - size : lb - count]:
            break
        count += size
    while count < limit and a[la - count - 1] == b[lb - count - 1]:
        count += 1
    return count


_RECENT: OrderedDict[str, Document] = OrderedDict()
_RECENT_SIZE = 4
_RECENT_LOCK = threading.Lock()


def parse_document(text: str) -> Document:
    """The syntax tree of `text` with the position of every value, key, comma and comment.

    An edit parses the same text several times and then a text that differs in one place, so
    the last few trees are kept, and a new text is first parsed as a change of the last one.
    Treat the result as read-only: it is shared.
    """
    with _RECENT_LOCK:
        doc = _RECENT.get(text)
        if doc is not None:
            _RECENT.move_to_end(text)
            return doc
        last = next(reversed(_RECENT.values()), None)
    doc = (last and _derive(last, text)) or _parse_fast(text) or _Parser(text).document()
    with _RECENT_LOCK:
        _RECENT[text] = doc
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return doc


def parse(text: str) -> Any:
    """The Python data of a JSON5 document; None for an empty (or comments-only) document."""
    return _copy(parse_shared(text))


def parse_shared(text: str) -> Any:
    """Like `parse` without the copy: the data belongs to the parse cache, never change it."""
    root = parse_document(text).root
    return None if root is None else root.value


def _copy(value: Any) -> Any:
    """A deep copy of parsed data (only dicts and lists need copying), faster than copy's."""
    if value.__class__ is dict:
        return {key: _copy(item) for key, item in value.items()}
    if value.__class__ is list:
        return [_copy(item) for item in value]
    return value
