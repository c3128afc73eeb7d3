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

import bisect
import math
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from hftray.core.errors import HFTrayError

KeyPath = Sequence[str | int]

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


class JSON5PathError(HFTrayError):
    """An edit names a place the document cannot have (a key inside a string, say)."""


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
        self.counts: _Counts | None = None

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


# --- the habits of a file -----------------------------------------------------------------


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _indent_at(text: str, pos: int) -> str:
    """The leading whitespace of the line holding `pos`."""
    start = _line_start(text, pos)
    line = text[start:pos]
    return line[: len(line) - len(line.lstrip(" \t"))]


def _starts_line(text: str, pos: int) -> bool:
    return not text[_line_start(text, pos) : pos].strip(" \t")


def _after_trivia_to_eol(text: str, pos: int) -> int | None:
    """Where the next line starts, if only spaces and comments follow `pos` on its line."""
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch == "\n":
            return pos + 1
        if ch in " \t\r":
            pos += 1
        elif text.startswith("//", pos):
            return min(_line_end(text, pos) + 1, n)
        elif text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            if close < 0 or "\n" in text[pos:close]:
                return None
            pos = close + 2
        else:
            return None
    return n


def _most_common(counts: dict[str, int], default: str) -> str:
    best = max(counts.items(), key=lambda item: item[1], default=(default, 0))
    return best[0] if best[1] > 0 else default


@dataclass
class _Style:
    """How the file writes things, learned from what is already there."""

    unit: str = "  "
    unquoted_keys: bool = False
    key_quote: str = '"'
    string_quote: str = '"'
    trailing_comma: bool = False
    multiline: bool = True
    colon: str = ": "
    comma: str = ", "
    brace_pad: str = " "


@dataclass(slots=True)
class _Counts:
    """Tallies of a container and everything inside it, for learning the file's style.

    `numbers` follows `_TALLIES`; `units` keeps the order in which indentation units are
    first seen (it breaks ties), the order of a walk that visits a container, then the
    insides of its last child, then of the one before, and so on.
    """

    numbers: list[int]
    units: dict[str, int]


_TALLIES = (
    ("key", "bare"),
    ("key", "quoted"),
    ("key_quote", '"'),
    ("key_quote", "'"),
    ("string_quote", '"'),
    ("string_quote", "'"),
    ("trailing", "yes"),
    ("trailing", "no"),
    ("colon", ": "),
    ("colon", ":"),
    ("comma", ", "),
    ("comma", ","),
    ("pad", " "),
    ("pad", ""),
)
_TALLY = {tally: index for index, tally in enumerate(_TALLIES)}
_BARE, _QUOTED = _TALLY["key", "bare"], _TALLY["key", "quoted"]
_KEY_QUOTE = {'"': _TALLY["key_quote", '"'], "'": _TALLY["key_quote", "'"]}
_STRING_QUOTE = {'"': _TALLY["string_quote", '"'], "'": _TALLY["string_quote", "'"]}
_TRAILING, _NOT_TRAILING = _TALLY["trailing", "yes"], _TALLY["trailing", "no"]
_SPACED_COLON, _TIGHT_COLON = _TALLY["colon", ": "], _TALLY["colon", ":"]
_SPACED_COMMA, _TIGHT_COMMA = _TALLY["comma", ", "], _TALLY["comma", ","]
_PADDED, _UNPADDED = _TALLY["pad", " "], _TALLY["pad", ""]


def _counts(text: str, container: Container) -> _Counts:
    """The tallies of `container` and its insides, kept on the (shared, read-only) tree."""
    if container.counts is not None:
        return container.counts
    numbers = [0] * len(_TALLIES)
    units: dict[str, int] = {}
    entries = container.entries
    own_indent = _indent_at(text, container.start)
    first_line = _line_prefix(text, entries[0].start) if entries else "x"
    multiline = not first_line.strip(" \t")
    for entry in entries:
        node = entry.node
        if node.__class__ is Node and node.value.__class__ is str:
            numbers[_STRING_QUOTE[text[node.start]]] += 1
        if entry.key is not None:
            if entry.key_quote is None:
                numbers[_BARE] += 1
            else:
                numbers[_KEY_QUOTE[entry.key_quote]] += 1
                if is_identifier(entry.key):
                    numbers[_QUOTED] += 1
            gap = text[entry.start : node.start]
            colon = gap.rfind(":")
            spaced = gap[colon + 1 : colon + 2] in (" ", "\t")
            numbers[_SPACED_COLON if spaced else _TIGHT_COLON] += 1
        indent = _line_prefix(text, entry.start) if multiline else "x"
        if multiline and not indent.strip(" \t"):
            if indent.startswith(own_indent) and len(indent) > len(own_indent):
                unit = indent[len(own_indent) :]
                units[unit] = units.get(unit, 0) + 1
        elif entry.comma is not None:
            spaced = text[entry.comma + 1 : entry.comma + 2] == " "
            numbers[_SPACED_COMMA if spaced else _TIGHT_COMMA] += 1
    if multiline:
        numbers[_TRAILING if entries[-1].comma is not None else _NOT_TRAILING] += 1
    elif entries and container.kind == "{":
        numbers[_PADDED if text[container.start + 1] in " \t" else _UNPADDED] += 1
    inside = [_counts(text, e.node) for e in reversed(entries) if isinstance(e.node, Container)]
    if inside:
        numbers = list(map(sum, zip(numbers, *(inner.numbers for inner in inside), strict=True)))
    for inner in inside:
        for unit, count in inner.units.items():
            units[unit] = units.get(unit, 0) + count
    container.counts = _Counts(numbers, units)
    return container.counts


def _line_prefix(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1 : pos]


def _learn_style(doc: Document) -> _Style:
    style = _Style()
    root = doc.root
    if root is None:
        return style
    text = doc.text
    tallies: dict[str, dict[str, int]] = {}
    counts = _counts(text, root) if isinstance(root, Container) else None
    numbers = counts.numbers if counts else [0] * len(_TALLIES)
    for (group, name), number in zip(_TALLIES, numbers, strict=True):
        tallies.setdefault(group, {})[name] = number
    style.unit = _most_common(counts.units if counts else {}, "  ")
    style.unquoted_keys = tallies["key"]["bare"] > tallies["key"]["quoted"]
    style.key_quote = _most_common(tallies["key_quote"], _most_common(tallies["string_quote"], '"'))
    style.string_quote = _most_common(tallies["string_quote"], '"')
    style.trailing_comma = tallies["trailing"]["yes"] > tallies["trailing"]["no"]
    style.multiline = "\n" in text[root.start : root.end]
    style.colon = _most_common(tallies["colon"], ": ")
    style.comma = _most_common(tallies["comma"], ", ")
    style.brace_pad = _most_common(tallies["pad"], " ")
    return style


def _style_for_object(style: _Style, container: Container) -> _Style:
    """The file's style, with key quoting taken from the siblings when they show a habit."""
    bare = sum(1 for e in container.entries if e.key_quote is None)
    quoted_ids = sum(1 for e in container.entries if e.key_quote and is_identifier(e.key or ""))
    quotes = {'"': 0, "'": 0}
    for entry in container.entries:
        if entry.key_quote:
            quotes[entry.key_quote] += 1
    unquoted = bare > quoted_ids if bare or quoted_ids else style.unquoted_keys
    return replace(style, unquoted_keys=unquoted, key_quote=_most_common(quotes, style.key_quote))


# --- writing new values -------------------------------------------------------------------

_OUT_ESCAPES = {"\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _quote(text: str, quote: str) -> str:
    out = [quote]
    for ch in text:
        if ch == quote:
            out.append("\\" + ch)
        elif ch in _OUT_ESCAPES:
            out.append(_OUT_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append(quote)
    return "".join(out)


def _key_text(key: str, style: _Style) -> str:
    if style.unquoted_keys and is_identifier(key):
        return key
    return _quote(key, style.key_quote)


def _scalar_text(value: Any, style: _Style) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, str):
        return _quote(value, style.string_quote)
    raise TypeError(f"cannot write a {type(value).__name__} into JSON5")


def _is_container(value: Any) -> bool:
    return isinstance(value, dict | list | tuple)


def _dump(value: Any, *, indent: str = "", style: _Style | None = None) -> str:
    """`value` as JSON5 text, laid out for a place indented by `indent`."""
    style = style or _Style()
    if isinstance(value, dict):
        if not value:
            return "{}"
        for key in value:
            if not isinstance(key, str):
                raise TypeError("JSON5 object keys must be strings")
        members = [
            _key_text(k, style) + style.colon + _dump(v, indent=indent + style.unit, style=style)
            for k, v in value.items()
        ]
        if not style.multiline:
            pad = style.brace_pad
            return "{" + pad + style.comma.join(members) + pad + "}"
        return _block("{", "}", members, indent, style)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [_dump(v, indent=indent + style.unit, style=style) for v in value]
        if not style.multiline or not any(_is_container(v) and v for v in value):
            return "[" + style.comma.join(items) + "]"
        return _block("[", "]", items, indent, style)
    return _scalar_text(value, style)


def _block(open_ch: str, close_ch: str, parts: list[str], indent: str, style: _Style) -> str:
    inner = indent + style.unit
    lines = [
        inner + part + ("," if i < len(parts) - 1 or style.trailing_comma else "")
        for i, part in enumerate(parts)
    ]
    return open_ch + "\n" + "\n".join(lines) + "\n" + indent + close_ch


def _same(a: Any, b: Any) -> bool:
    """Equality that tells 1 from 1.0 and True, and finds NaN equal to NaN."""
    if isinstance(a, tuple):
        a = list(a)
    if isinstance(b, tuple):
        b = list(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


# --- finding places -----------------------------------------------------------------------


def _describe(path: KeyPath) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out or "the document"


def _kind(node: Node) -> str:
    if isinstance(node, Container):
        return "an object" if node.kind == "{" else "an array"
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a string" if isinstance(value, str) else "a number"


def _child(container: Container, key: str | int, where: KeyPath) -> int | None:
    """The index of the entry `key` names (the last one for duplicate keys), or None."""
    if container.kind == "{":
        if not isinstance(key, str):
            raise JSON5PathError(f"{_describe(where)} is an object, it has no item {key!r}")
        return container.last_index(key)
    if isinstance(key, bool) or not isinstance(key, int):
        raise JSON5PathError(f"{_describe(where)} is an array, it has no key {key!r}")
    return key if 0 <= key < len(container.entries) else None


def _resolve(doc: Document, path: KeyPath) -> Node | None:
    """The node at `path`, or None when some part of the path is missing."""
    node = doc.root
    for depth, key in enumerate(path):
        if node is None:
            return None
        if not isinstance(node, Container):
            raise _not_a_container(node, path, depth)
        index = _child(node, key, path[:depth])
        node = None if index is None else node.entries[index].node
    return node


def _not_a_container(node: Node, path: KeyPath, depth: int) -> JSON5PathError:
    where = _describe(path[:depth])
    return JSON5PathError(
        f"{where} is {_kind(node)}, so it cannot hold {_describe(path)}",
        fix=f"change {where} by hand into an object, or remove it",
    )


def _container_at(doc: Document, path: KeyPath, kind: str) -> Container | None:
    node = _resolve(doc, path)
    if node is None:
        return None
    if not isinstance(node, Container) or node.kind != kind:
        wanted = "an object" if kind == "{" else "an array"
        raise JSON5PathError(f"{_describe(path)} is {_kind(node)}, not {wanted}")
    return node


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _block_start(text: str, container: Container, index: int) -> int:
    """Where the lines of an entry that starts its own line begin, comments above included."""
    entry = container.entries[index]
    previous_end = container.entries[index - 1].end if index else container.start + 1
    after = _after_trivia_to_eol(text, previous_end)
    if after is not None and after <= entry.start:
        return after
    return _line_start(text, entry.start)


def _comment_body(comment: str) -> str:
    return (comment[2:-2] if comment.startswith("/*") else comment[2:]).strip()


def _comments_between(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    comments = doc.comments  # in order, and they never overlap
    first = bisect.bisect_left(comments, start, key=_comment_start)
    found = []
    for comment in comments[first:]:
        if comment[1] > end:
            break
        found.append(comment)
    return found


# --- edits --------------------------------------------------------------------------------


def _insert(
    doc: Document,
    style: _Style,
    container: Container,
    index: int,
    key: str | None,
    value: Any,
    comment: str | None,
) -> str:
    text, entries, nl = doc.text, container.entries, _newline(doc.text)
    ctx = _style_for_object(style, container) if container.kind == "{" else style

    def entry_text(indent: str, multiline: bool) -> str:
        local = replace(ctx, multiline=ctx.multiline and multiline)
        head = _key_text(key, local) + local.colon if key is not None else ""
        return head + _dump(value, indent=indent, style=local).replace("\n", nl)

    if entries:
        ref = entries[min(index, len(entries) - 1)]
        if _starts_line(text, ref.start):
            indent = _indent_at(text, ref.start)
            lead = f"{indent}// {comment}{nl}" if comment else ""
            body = indent + entry_text(indent, True)
            if index < len(entries):
                at = _block_start(text, container, index)
                return _apply(text, [(at, at, lead + body + "," + nl)])
            last = entries[-1]
            trailing = last.comma is not None
            edits = [] if trailing else [(last.node.end, last.node.end, ",")]
            body += "," if trailing else ""
            after = _after_trivia_to_eol(text, last.end)
            if after is not None and text[after - 1 : after] == "\n":
                edits.append((after, after, lead + body + nl))
            else:
                edits.append((last.end, last.end, nl + lead + body))
            return _apply(text, edits)
        lead = f"/* {comment} */ " if comment else ""
        body = lead + entry_text("", False)
        space = ctx.comma[1:]
        if index < len(entries):
            at = entries[index].start
            return _apply(text, [(at, at, body + ctx.comma)])
        last = entries[-1]
        if last.comma is not None:
            return _apply(text, [(last.end, last.end, space + body + ",")])
        return _apply(text, [(last.node.end, last.node.end, ctx.comma + body)])

    open_end, close = container.start + 1, container.end - 1
    interior = text[open_end:close]
    outer = _indent_at(text, container.start)
    if "\n" in interior or (ctx.multiline and (_is_container(value) or comment is not None)):
        indent = outer + ctx.unit
        lead = f"{indent}// {comment}{nl}" if comment else ""
        body = lead + indent + entry_text(indent, True) + ("," if ctx.trailing_comma else "")
        if not interior.strip():
            return _apply(text, [(open_end, close, nl + body + nl + outer)])
        if _starts_line(text, close):
            at = _line_start(text, close)
            return _apply(text, [(at, at, body + nl)])
        return _apply(text, [(close, close, nl + body + nl + outer)])
    pad = ctx.brace_pad if container.kind == "{" else ""
    lead = f"/* {comment} */ " if comment else ""
    body = pad + lead + entry_text("", False) + pad
    if not interior.strip():
        return _apply(text, [(open_end, close, body)])
    return _apply(text, [(close, close, body)])


def _remove(doc: Document, container: Container, index: int, comment: str | None) -> str:
    text, entries = doc.text, container.entries
    entry = entries[index]
    last = index == len(entries) - 1
    previous = entries[index - 1] if index else None
    edits: list[tuple[int, int, str]] = []
    if last and previous is not None and entry.comma is None and previous.comma is not None:
        edits.append((previous.comma, previous.comma + 1, ""))
    line_after = _after_trivia_to_eol(text, entry.end) if _starts_line(text, entry.start) else None
    if line_after is not None:
        start = _line_start(text, entry.start)
        while comment and start > 0:
            above = _line_start(text, start - 1)
            if text[above:start].strip() != f"// {comment}":
                break
            start = above
        edits.append((start, line_after, ""))
    else:
        gap_start = previous.end if previous else container.start + 1
        gap = _comments_between(doc, gap_start, entry.start)
        markers = [c for c in gap if comment and _comment_body(text[c[0] : c[1]]) == comment]
        start = markers[0][0] if markers else entry.start
        if last and previous is not None and len(markers) == len(gap):
            start = previous.node.end if entry.comma is None else previous.end
            edits = []
        elif last:
            while start > gap_start and text[start - 1] in " \t":
                start -= 1
        end = entry.end
        if not last:
            while end < len(text) and text[end] in " \t":
                end += 1
        edits.append((start, end, ""))
    new_text = _apply(text, edits)
    close = container.end - 1 + len(new_text) - len(text)
    if not new_text[container.start + 1 : close].strip():
        new_text = new_text[: container.start + 1] + new_text[close:]
    return new_text


def _nest(path: KeyPath, value: Any) -> Any:
    for key in reversed(path):
        if not isinstance(key, str):
            raise JSON5PathError(f"cannot create array item {key} of a missing array")
        value = {key: value}
    return value


def _replace(doc: Document, path: KeyPath, node: Node, parent: Container | None, value: Any) -> str:
    text = doc.text
    if _same(node.value, value):
        return text
    if isinstance(node, Container) and node.entries:
        if node.kind == "{" and isinstance(value, dict):
            for key, item in value.items():
                text = set_value(text, [*path, key], item)
            for key in node.value:
                if key not in value:
                    text = delete_key(text, [*path, key])
            return text
        if node.kind == "[" and isinstance(value, list | tuple) and len(value) == len(node.entries):
            for index, item in enumerate(value):
                text = set_value(text, [*path, index], item)
            return text
    style = _learn_style(doc)
    if parent is not None and "\n" not in text[parent.start : parent.end]:
        style.multiline = False
    new = _dump(value, indent=_indent_at(text, node.start), style=style)
    return _apply(text, [(node.start, node.end, new.replace("\n", _newline(text)))])


def set_value(text: str, path: KeyPath, value: Any, *, comment: str | None = None) -> str:
    """Set the value at `path`, creating missing objects on the way.

    An object value replacing an object is merged key by key (keys it lacks are deleted), so
    comments inside survive. `comment` is written above the member this call creates, if any.
    """
    doc = parse_document(text)
    style = _learn_style(doc)
    if doc.root is None:
        fresh = _dump(_nest(path, value), style=style)
        if not text.strip():
            return fresh + "\n"
        return text + ("" if text.endswith("\n") else "\n") + fresh + "\n"
    node: Node = doc.root
    parent: Container | None = None
    for depth, key in enumerate(path):
        if not isinstance(node, Container):
            raise _not_a_container(node, path, depth)
        index = _child(node, key, path[:depth])
        if index is None:
            if node.kind == "[":
                if key != len(node.entries) or depth != len(path) - 1:
                    raise JSON5PathError(f"{_describe(path)} is past the end of the array")
                return _insert(doc, style, node, len(node.entries), None, value, comment)
            rest = _nest(path[depth + 1 :], value)
            assert isinstance(key, str)
            return _insert(doc, style, node, len(node.entries), key, rest, comment)
        parent, node = node, node.entries[index].node
    return _replace(doc, path, node, parent, value)


def delete_key(text: str, path: KeyPath, *, comment: str | None = None) -> str:
    """Delete an object member (every duplicate of it); a missing key changes nothing.

    Comments on the member's own lines go with it; comments on other lines stay, except lines
    holding exactly `// <comment>` right above it (the mark we write on members we add).
    """
    if not path or not isinstance(path[-1], str):
        raise JSON5PathError("delete_key needs a path ending in an object key")
    while True:
        doc = parse_document(text)
        container = _container_at(doc, path[:-1], "{")
        index = None if container is None else _child(container, path[-1], path[:-1])
        if container is None or index is None:
            return text
        text = _remove(doc, container, index, comment)


def _array(doc: Document, path: KeyPath, index: int, *, allow_end: bool = False) -> Container:
    container = _container_at(doc, path, "[")
    if container is None:
        raise JSON5PathError(f"there is no array at {_describe(path)}")
    limit = len(container.entries) + (1 if allow_end else 0)
    if not 0 <= index < limit:
        raise JSON5PathError(
            f"{_describe(path)} has {len(container.entries)} items; there is no index {index}"
        )
    return container


def insert_array_item(
    text: str, path: KeyPath, index: int, value: Any, *, comment: str | None = None
) -> str:
    """Insert `value` before item `index` (`index` == length appends); a missing array is made."""
    if _resolve(parse_document(text), path) is None:
        text = set_value(text, path, [])
    doc = parse_document(text)
    container = _array(doc, path, index, allow_end=True)
    return _insert(doc, _learn_style(doc), container, index, None, value, comment)


def remove_array_item(text: str, path: KeyPath, index: int, *, comment: str | None = None) -> str:
    """Remove item `index`, with the comments on its own lines (and a `// <comment>` above)."""
    doc = parse_document(text)
    return _remove(doc, _array(doc, path, index), index, comment)


def move_array_item(text: str, path: KeyPath, src: int, dst: int) -> str:
    """Move item `src` so that it ends at index `dst`, as `list.insert(dst, list.pop(src))`.

    In an array with one item per line, whole lines move, so each item keeps the comments on
    and above its lines; otherwise only the values trade places.
    """
    doc = parse_document(text)
    container = _array(doc, path, src)
    _array(doc, path, dst)
    if src == dst:
        return text
    entries = container.entries
    order = list(range(len(entries)))
    order.insert(dst, order.pop(src))
    ends = [_after_trivia_to_eol(text, entry.end) for entry in entries]
    if all(_starts_line(text, entry.start) for entry in entries) and None not in ends:
        starts = [_block_start(text, container, i) for i in range(len(entries))]
        keep_last_comma = entries[-1].comma is not None
        blocks = []
        for slot, original in enumerate(order):
            entry, start = entries[original], starts[original]
            block = text[start : ends[original]]
            comma_at = entry.node.end - start
            if entry.comma is not None:
                block = block[: entry.comma - start] + block[entry.comma - start + 1 :]
            if slot < len(order) - 1 or keep_last_comma:
                block = block[:comma_at] + "," + block[comma_at:]
            blocks.append(block)
        last_end = ends[-1]
        assert last_end is not None
        return _apply(text, [(starts[0], last_end, "".join(blocks))])
    edits = [
        (entries[slot].node.start, entries[slot].node.end, text[n.start : n.end])
        for slot, n in ((slot, entries[original].node) for slot, original in enumerate(order))
        if slot != order[slot]
    ]
    return _apply(text, edits)


def comments_before(text: str, path: KeyPath) -> list[str]:
    """The comments written just above (or just before) the member or item at `path`."""
    if not path:
        return []
    doc = parse_document(text)
    node = _resolve(doc, path[:-1])
    if not isinstance(node, Container):
        return []
    index = _child(node, path[-1], path[:-1])
    if index is None:
        return []
    return [_comment_body(text[a:b]) for a, b in _comments_above(doc, node, index)]


def _comments_above(doc: Document, node: Container, index: int) -> list[tuple[int, int]]:
    text, entry = doc.text, node.entries[index]
    if _starts_line(text, entry.start):
        start = _block_start(text, node, index)
    else:
        start = node.entries[index - 1].end if index else node.start + 1
    return _comments_between(doc, start, entry.start)


def members_with_comment(text: str, path: KeyPath, comment: str) -> set[str | int]:
    """The keys (or indexes) at `path` for which `comments_before` includes `comment`.

    One look at the few comments inside the container, instead of one call per member.
    """
    doc = parse_document(text)
    node = _resolve(doc, path)
    if not isinstance(node, Container):
        return set()
    entries = node.entries
    found: set[str | int] = set()
    for span in _comments_between(doc, node.start, node.end):
        if _comment_body(text[span[0] : span[1]]) != comment:
            continue
        index = bisect.bisect_left(entries, span[1], key=_entry_start)
        if index == len(entries) or span not in _comments_above(doc, node, index):
            continue
        key = entries[index].key
        if key is None:
            found.add(index)
        elif node.last_index(key) == index:
            found.add(key)
    return found
