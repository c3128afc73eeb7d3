"""Run the fake Hugging Face by hand: `python -m tests.fakehf --port 8765 [--fail models:html]`."""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import threading
from typing import Any

from tests.fakehf import KINDS, ROUTES, TOKENS, FakeHF, generate_catalog


def _failure(text: str) -> tuple[str, str, dict[str, Any]]:
    """`ROUTE:KIND[:key=value,...]`, e.g. `models:status:status=429,retry_after=5`."""
    route, _, rest = text.partition(":")
    kind, _, options = rest.partition(":")
    opts: dict[str, Any] = {}
    for item in filter(None, options.split(",")):
        key, _, value = item.partition("=")
        try:
            opts[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            opts[key] = value
    return route, kind, opts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakehf", description=__doc__)
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--models", type=int, metavar="N", help="serve N generated models")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-etag", action="store_true", help="no ETag, never 304")
    parser.add_argument(
        "--fail",
        action="append",
        default=[],
        metavar="ROUTE:KIND[:k=v,...]",
        help=f"routes {', '.join((*ROUTES, '*'))}; kinds {', '.join(KINDS)}",
    )
    args = parser.parse_args(argv)

    fake = FakeHF("127.0.0.1", args.port, poll_interval=0.5)
    if args.models is not None:
        fake.models_body = generate_catalog(args.models, args.seed)
    fake.etag_enabled = not args.no_etag
    for spec in args.fail:
        route, kind, opts = _failure(spec)
        fake.set_failure(route, kind, **opts)
    with fake:
        print(f"fake Hugging Face on {fake.url}")
        print(f"  HF_ENDPOINT={fake.url}")
        print(f'  coderclaw.json: models.providers.huggingface.baseUrl = "{fake.router_base}"')
        print("  tokens (fake, each selects a whoami answer):")
        print(json.dumps(TOKENS, indent=4))
        print("Ctrl-C stops it.")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
