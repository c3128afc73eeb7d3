"""The gateway's `.env` file, read the way CoderClaw reads it and written the way it writes it.

Writes are surgical: a changed key's line is replaced in place (keeping an `export ` prefix and
its line ending), a new key is appended as a plain `KEY=value` line, and every other byte —
comments, blank lines, other keys, odd spacing — stays exactly as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hftray.core.atomic import atomic_write_bytes
from hftray.core.errors import HFTrayError

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# A line as dotenv parses it: optional `export`, KEY, `=` (spaces allowed when reading), value.
_ASSIGNMENT = re.compile(r"^\s*(?P<export>export\s+)?(?P<key>[\w.-]+)\s*=(?P<value>.*)$")
_LINE = re.compile(r"[^\n]*\n|[^\n]+")


class EnvFileError(HFTrayError):
    """The `.env` file cannot be read, or a value cannot be written into it."""


@dataclass(frozen=True)
class _Assignment:
    key: str
    value: str
    export: bool


class EnvFile:
    """An editable `.env`: `get`/`set`/`remove`, then `save()` (atomic, 0600, folder 0700)."""

    def __init__(self, path: Path, text: str, *, exists: bool) -> None:
        self.path = path
        self.exists = exists
        self._lines = _LINE.findall(text)
        self._changed = False

    @classmethod
    def load(cls, path: Path) -> EnvFile:
        """Read `path`; a missing file gives an empty EnvFile that `save()` creates."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cls(path, "", exists=False)
        except OSError as exc:
            raise EnvFileError(
                f"cannot read {path}: {exc.strerror or exc}",
                fix="check the file's owner and permissions",
            ) from exc
        # surrogateescape: bytes that are not UTF-8 survive a rewrite unchanged.
        return cls(path, data.decode("utf-8", errors="surrogateescape"), exists=True)

    @property
    def text(self) -> str:
        return "".join(self._lines)

    def get(self, key: str) -> str | None:
        """The value CoderClaw would read for `key` (the last definition wins, as in dotenv)."""
        found = None
        for line in self._lines:
            assignment = _parse(line)
            if assignment is not None and assignment.key == key:
                found = assignment.value
        return found

    def as_dict(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for line in self._lines:
            assignment = _parse(line)
            if assignment is not None:
                result[assignment.key] = assignment.value
        return result

    def set(self, key: str, value: str) -> None:
        """Write `KEY=value`, replacing the first definition in place and dropping duplicates."""
        _check_key(key)
        _check_value(key, value)
        found = self._definitions_of(key)
        if not found:
            self._append(f"{key}={value}")
            return
        (first, assignment), duplicates = found[0], found[1:]
        old = self._lines[first]
        ending = "\r\n" if old.endswith("\r\n") else "\n"
        new = f"{'export ' if assignment.export else ''}{key}={value}{ending}"
        if new == old and not duplicates:
            return
        self._lines[first] = new
        for index, _ in reversed(duplicates):
            del self._lines[index]
        self._changed = True

    def remove(self, key: str) -> bool:
        """Delete every line defining `key`; True when there was one."""
        found = self._definitions_of(key)
        for index, _ in reversed(found):
            del self._lines[index]
        if found:
            self._changed = True
        return bool(found)

    def save(self) -> None:
        """Write atomically with mode 0600 (folder created 0700); a no-op when nothing changed."""
        if self.exists and not self._changed:
            return
        atomic_write_bytes(self.path, self.text.encode("utf-8", errors="surrogateescape"))
        self.exists = True
        self._changed = False

    def _definitions_of(self, key: str) -> list[tuple[int, _Assignment]]:
        return [
            (i, assignment)
            for i, line in enumerate(self._lines)
            if (assignment := _parse(line)) is not None and assignment.key == key
        ]

    def _append(self, line: str) -> None:
        ending = "\r\n" if self._lines and self._lines[0].endswith("\r\n") else "\n"
        if self._lines and not self._lines[-1].endswith("\n"):
            self._lines[-1] += ending
        self._lines.append(line + ending)
        self._changed = True


def _parse(line: str) -> _Assignment | None:
    body = line.rstrip("\r\n")
    if body.lstrip().startswith("#"):
        return None
    match = _ASSIGNMENT.match(body)
    if match is None:
        return None
    return _Assignment(
        key=match.group("key"),
        value=_parse_value(match.group("value")),
        export=match.group("export") is not None,
    )


def _parse_value(raw: str) -> str:
    """dotenv's reading: quoted values lose their quotes; unquoted ones stop at `#`."""
    stripped = raw.strip()
    if len(stripped) >= 2 and stripped[0] in "\"'`":
        quote = stripped[0]
        end = stripped.find(quote, 1)
        while end != -1 and quote != "'" and stripped[end - 1] == "\\":
            end = stripped.find(quote, end + 1)
        if end != -1:
            inner = stripped[1:end]
            return inner.replace("\\n", "\n") if quote == '"' else inner
    return stripped.split("#", 1)[0].strip()


def _check_key(key: str) -> None:
    if not _KEY.match(key):
        raise EnvFileError(
            f"{key!r} is not a valid variable name for .env",
            fix="use letters, digits and underscores, not starting with a digit",
        )


def _check_value(key: str, value: str) -> None:
    """Refuse what a plain `KEY=value` line cannot carry (never echoing the value itself)."""
    if any(c in value for c in "\r\n\0"):
        raise EnvFileError(
            f"the value for {key} contains a line break and cannot be written to .env",
            fix="remove line breaks from the value (a pasted token may have picked one up)",
        )
    if _parse_value(value) != value:
        raise EnvFileError(
            f"the value for {key} would not read back the same from .env "
            "(surrounding spaces, quotes or a '#')",
            fix="remove surrounding spaces, quotes and '#' from the value",
        )
