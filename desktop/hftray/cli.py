"""The `hftray` command. Placeholder until the command-line issue lands."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    print(f"hftray: nothing to do yet for {args!r}")
    return 0
