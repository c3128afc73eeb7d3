"""JSON5 read and edited as text, so a hand-written `coderclaw.json` keeps its comments.

CoderClaw's own writer turns the file into plain JSON and loses every comment. We never
re-serialise the document: a tokenizer records where each key, value, comma and comment sits,
and every edit replaces, inserts or removes one span. Bytes outside the changed spans stay
identical. New text copies the habits of its surroundings (indentation, key quoting, string
quotes, trailing commas).

Duplicate keys: the last one wins, as in JSON5 (and CoderClaw). An edit of such a key changes
the last occurrence; `delete_key` removes every occurrence so the key is really gone.

The parsing half (the positional tree, its cache, `parse` and `JSON5SyntaxError`) lives in
`json5_parse`; it is re-exported here, so callers need only this module.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter, itemgetter
from typing import Any

from hftray.core.errors import HFTrayError
from hftray.core.json5_parse import (
    Container,
    Document,
    Entry,
    JSON5SyntaxError,
    Node,
    StyleCounts,
    is_identifier,
    parse,
    parse_document,
    parse_shared,
)

__all__ = [
    "Container",
    "Document",
    "Entry",
    "JSON5PathError",
    "JSON5SyntaxError",
    "KeyPath",
    "Node",
    "comments_before",
    "delete_key",
    "insert_array_item",
    "is_identifier",
    "members_with_comment",
    "move_array_item",
    "parse",
    "parse_document",
    "parse_shared",
    "remove_array_item",
    "set_value",
]

KeyPath = Sequence[str | int]


class JSON5PathError(HFTrayError):
    """An edit names a place the document cannot have (a key inside a string, say)."""


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


def _counts(text: str, container: Container) -> StyleCounts:
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
    container.counts = StyleCounts(numbers, units)
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
    first = bisect.bisect_left(comments, start, key=itemgetter(0))
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
        index = bisect.bisect_left(entries, span[1], key=attrgetter("start"))
        if index == len(entries) or span not in _comments_above(doc, node, index):
            continue
        key = entries[index].key
        if key is None:
            found.add(index)
        elif node.last_index(key) == index:
            found.add(key)
    return found
