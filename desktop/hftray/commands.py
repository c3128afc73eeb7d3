"""The headless `hftray` subcommands, on the same core as the tray.

Each command prints its result on stdout (`--json` for machines) and exits 0; a failure is one
line on stderr naming the problem and the fix, exit 1, with nothing written; a misused command
line exits 2. Warnings that do not stop a command go to stderr as `hftray: warning: …` lines.
The token is read from standard input only and never printed: copies show as `hf_…abcd`.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, TextIO

from hftray.core.app_settings import REFRESH_INTERVAL, AppSettings
from hftray.core.catalog import Catalog, CatalogModel
from hftray.core.catalog_loader import OFFLINE_MODE, CatalogLoad, CatalogLoader, banner
from hftray.core.config_edit import (
    EditResult,
    apply_edit,
    find_backup,
    resolve_user_ref,
    restore,
)
from hftray.core.config_file import LoadedConfig, list_backups, load_config
from hftray.core.errors import HFTrayError
from hftray.core.logs import configure_logging, redact_tokens
from hftray.core.paths import CoderClawPaths, resolve_paths
from hftray.core.refs import ModelRef
from hftray.core.routing import (
    Routing,
    add_fallback,
    read_routing,
    remove_alias,
    remove_fallback,
    set_alias,
    set_fallbacks,
    set_primary,
)
from hftray.core.status import StatusReport, TokenState, collect_status, token_warnings
from hftray.core.token_copies import TokenCopy, TokenHealth
from hftray.core.token_flow import (
    TokenChecked,
    check_stored_token,
    remove_token,
    save_token,
    sync_env,
    whoami_checker,
)
from hftray.core.token_store import TokenStorage, TokenStore
from hftray.core.whoami import INFERENCE_TOKEN_URL, WhoAmI

PROG = "hftray"
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CommandError(HFTrayError):
    """A command cannot do what was asked (e.g. removing a fallback that is not one)."""


class UsageError(Exception):
    """The command line itself is wrong; the message never repeats a token typed on it."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(redact_tokens(message))


@dataclass
class Session:
    """What one command run needs: the environment, streams, and lazily the slow parts."""

    options: argparse.Namespace
    environ: Mapping[str, str]
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    store: TokenStorage = field(default_factory=TokenStore)
    loader: CatalogLoader | None = None

    @property
    def json(self) -> bool:
        return bool(getattr(self.options, "json", False))

    def paths(self, config_data: Any = None) -> CoderClawPaths:
        override = getattr(self.options, "config", None)
        return resolve_paths(
            self.environ,
            config_override=Path(override) if override else None,
            config_data=config_data,
        )

    def load(self) -> tuple[CoderClawPaths, LoadedConfig]:
        """The paths and the config; a config that cannot be read stops the command."""
        paths = self.paths()
        loaded = load_config(paths.config.path)
        return self.paths(loaded.data), loaded

    def catalog_loader(self) -> CatalogLoader:
        if self.loader is None:
            self.loader = CatalogLoader(environ=self.environ)
        return self.loader

    def out(self, line: str = "") -> None:
        print(line, file=self.stdout)

    def warn(self, line: str) -> None:
        print(f"{PROG}: warning: {line}", file=self.stderr)

    def dump(self, data: Any) -> None:
        json.dump(data, self.stdout, indent=2, ensure_ascii=False)
        self.stdout.write("\n")


Handler = Callable[[Session], Coroutine[Any, Any, int]]


def run(
    args: list[str],
    *,
    environ: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    store: TokenStorage | None = None,
    loader: CatalogLoader | None = None,
) -> int:
    """Parse `args` and run the command; the return value is the exit status."""
    err = stderr or sys.stderr
    configure_logging()
    try:
        options = build_parser().parse_args(args)
    except UsageError as exc:
        print(f"{PROG}: {exc} — see `{PROG} --help`", file=err)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version print and stop
        return int(exc.code or 0)
    session = Session(
        options,
        os.environ if environ is None else environ,
        stdin or sys.stdin,
        stdout or sys.stdout,
        err,
    )
    if store is not None:
        session.store = store
    session.loader = loader
    handler: Handler = options.handler
    try:
        return asyncio.run(handler(session))
    except UsageError as exc:
        command = " ".join(filter(None, (options.command, getattr(options, "action", None))))
        print(f"{PROG}: {exc} — see `{PROG} {command} --help`", file=err)
        return EXIT_USAGE
    except HFTrayError as exc:
        print(f"{PROG}: {exc.one_line()}", file=err)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=err)
        return 130
    except BrokenPipeError:  # `hftray models | head`: the reader has all it wanted
        if session.stdout is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# ---- the command line ---------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="use this coderclaw.json instead of the one CoderClaw would pick",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    parser = _Parser(
        prog=PROG,
        parents=[common],
        description="CoderClaw HF Tray. Without a command it starts the tray; with one it works "
        "headless. REF is huggingface/org/model[:policy], org/model[:policy] or an alias.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Handler, help_text: str, **kw: Any) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help_text, **kw)
        sub.set_defaults(handler=handler)
        return sub

    command("status", cmd_status, "config and .env in use, token, routing, warnings")

    token = commands.add_parser("token", parents=[common], help="the Hugging Face token")
    token_commands = token.add_subparsers(dest="action", metavar="ACTION", required=True)
    token_set = token_commands.add_parser(
        "set", parents=[common], help="check and store the token read from standard input"
    )
    token_set.add_argument(
        "--force", action="store_true", help="store the token even if Hugging Face rejects it"
    )
    token_set.add_argument("stray", nargs="*", help=argparse.SUPPRESS)
    token_set.set_defaults(handler=cmd_token_set)
    token_commands.add_parser(
        "check", parents=[common], help="ask Hugging Face about the stored token"
    ).set_defaults(handler=cmd_token_check)
    token_commands.add_parser(
        "remove", parents=[common], help="remove the stored token (and our HF_TOKEN in .env)"
    ).set_defaults(handler=cmd_token_remove)

    models = command("models", cmd_models, "list the models of the Hugging Face router")
    models.add_argument("--search", metavar="TEXT", help="only models matching every word")
    freshness = models.add_mutually_exclusive_group()
    freshness.add_argument("--refresh", action="store_true", help="ask the router now")
    freshness.add_argument("--offline", action="store_true", help="cached or built-in list only")

    command("primary", cmd_primary, "make REF the primary model").add_argument("ref", metavar="REF")

    fallbacks = commands.add_parser("fallbacks", parents=[common], help="the fallback models")
    fallback_commands = fallbacks.add_subparsers(dest="action", metavar="ACTION", required=True)
    fallback_set = fallback_commands.add_parser(
        "set", parents=[common], help="replace the fallbacks (none: clear them)"
    )
    fallback_set.add_argument("refs", nargs="*", metavar="REF")
    fallback_set.set_defaults(handler=cmd_fallbacks_set)
    for action, handler, text in (
        ("add", cmd_fallbacks_add, "append REF to the fallbacks"),
        ("remove", cmd_fallbacks_remove, "remove REF from the fallbacks"),
    ):
        sub = fallback_commands.add_parser(action, parents=[common], help=text)
        sub.add_argument("ref", metavar="REF")
        sub.set_defaults(handler=handler)

    alias = command("alias", cmd_alias, "name a model (or --remove its alias)")
    alias.add_argument("ref", metavar="REF")
    alias.add_argument("name", metavar="NAME", nargs="?")
    alias.add_argument("--remove", action="store_true", help="remove the alias of REF")

    env = commands.add_parser("env", parents=[common], help="the gateway's .env")
    env_commands = env.add_subparsers(dest="action", metavar="ACTION", required=True)
    env_commands.add_parser(
        "sync", parents=[common], help="write the stored token into .env as HF_TOKEN"
    ).set_defaults(handler=cmd_env_sync)

    command("backups", cmd_backups, "list the backups of coderclaw.json")
    command(
        "restore", cmd_restore, "make a backup the current config (default: the newest)"
    ).add_argument("backup", metavar="BACKUP", nargs="?")
    return parser


# ---- status ---------------------------------------------------------------------------------


async def cmd_status(session: Session) -> int:
    paths = session.paths()
    config: LoadedConfig | None = None
    config_error: HFTrayError | None = None
    try:
        config = load_config(paths.config.path)
        paths = session.paths(config.data)
    except HFTrayError as exc:
        config_error = exc
    catalog = session.catalog_loader().load_startup()
    report = await collect_status(
        paths, config, config_error, session.store, catalog, session.environ
    )
    if session.json:
        session.dump(report.as_dict())
    else:
        _print_status(session, report)
    return 0


def _print_status(session: Session, report: StatusReport) -> None:
    paths = report.paths
    out = session.out
    missing = "" if report.config_exists else " — does not exist yet"
    out(f"config:    {paths.config.path} ({paths.config.reason}){missing}")
    out(f"env file:  {paths.env_file.path} ({paths.env_file.reason})")
    if paths.service is not None:
        out(f"service:   {paths.service.kind} {paths.service.path}")
    if paths.nix_mode:
        out("nix mode:  yes (the config is read-only)")
    token = report.token
    if token.error is not None:
        out(f"token:     unknown ({token.error})")
    elif token.backend is not None:
        where = token.backend.name + ("" if token.backend.is_secure else ", not a vetted store")
        out(f"token:     {'stored in ' if token.stored else 'none in '}{where}")
    effective = report.health.effective
    out(f"gateway:   uses {_describe_copy(effective) if effective else 'no token'}")
    routing = report.routing
    if routing is not None:
        out(f"primary:   {routing.primary or '(none)'}")
        out(f"fallbacks: {', '.join(routing.fallbacks) or '(none)'}")
        aliases = [f"{alias} = {ref}" for ref, alias in routing.aliases.items()]
        out(f"aliases:   {'; '.join(aliases) or '(none)'}")
    out(f"models:    {report.catalog_banner}")
    if report.warnings:
        out(f"warnings ({len(report.warnings)}):")
        for warning in report.warnings:
            out(f"  - [{warning.code}] {warning.message}")
    else:
        out("warnings:  none")


def _describe_copy(copy: TokenCopy) -> str:
    if copy.matches_keyring is None:
        state = "no stored token to compare"
    else:
        state = "matches" if copy.matches_keyring else "differs from"
        state += " the stored token"
    return f"{copy.describe()} ({state})"


# ---- token ----------------------------------------------------------------------------------


def _read_token(session: Session) -> str:
    if session.stdin.isatty():
        return getpass.getpass("Hugging Face token (input hidden): ", stream=session.stderr)
    return session.stdin.readline()


async def cmd_token_set(session: Session) -> int:
    if session.options.stray:
        raise UsageError(
            "the token is read from standard input, never from an argument (an argument "
            "ends up in shell history and process lists; if you typed the token, revoke it)"
        )
    text = _read_token(session)
    paths, config_data = _paths_for_token(session)
    result = await save_token(
        text,
        store=session.store,
        paths=paths,
        checker=whoami_checker(config_data, session.environ),
        environ=session.environ,
        catalog=session.catalog_loader().load_startup(),
        force=session.options.force,
    )
    if result.who is not None:
        session.out(f"Checked: {_who_line(result.who)}")
    elif result.check_error is not None:
        session.warn(f"{result.check_error.one_line()}; stored anyway (--force)")
    session.out(f"Stored in {result.backend.name}.")
    if not result.backend.is_secure:
        session.warn(f"{result.backend.name} is not a vetted secure store")
    session.out(
        f"HF_TOKEN written to {result.env_file}; restart the gateway to use it: "
        "coderclaw gateway restart"
    )
    if result.primary_set is not None:
        session.out(f"No primary model was set: now {result.primary_set} (CoderClaw's default).")
    for note in result.notes:
        session.warn(note)
    _warn_token_health(session, result.health)
    return 0


def _paths_for_token(session: Session) -> tuple[CoderClawPaths, Any]:
    """Paths (agent dir from the config when it reads); a broken config does not stop a token."""
    try:
        paths, loaded = session.load()
    except HFTrayError:
        return session.paths(), None
    return paths, loaded.data


def _warn_token_health(session: Session, health: TokenHealth) -> None:
    for warning in token_warnings(TokenState(True, None), health):
        session.warn(warning.message)


def _who_line(who: WhoAmI) -> str:
    kind = f"{who.role} token" if who.role else "token"
    name = f' "{who.token_name}"' if who.token_name else ""
    allowed = (
        "may call Inference Providers"
        if who.can_call_inference
        else "may NOT call Inference Providers"
    )
    return f"{kind}{name} of {who.name}, {allowed}"


async def cmd_token_check(session: Session) -> int:
    paths, config_data = _paths_for_token(session)
    checked = await check_stored_token(
        store=session.store,
        paths=paths,
        checker=whoami_checker(config_data, session.environ),
        environ=session.environ,
        config_data=config_data,
    )
    warnings = token_warnings(TokenState(True, checked.backend), checked.health)
    if session.json:
        session.dump(_check_json(checked, [w.as_dict() for w in warnings]))
    else:
        who = checked.who
        session.out(f"user:      {who.name}" + (f" ({who.fullname})" if who.fullname else ""))
        session.out(f"token:     {_who_line(who)}")
        session.out(f"stored in: {checked.backend.name}")
        effective = checked.health.effective
        session.out(f"gateway:   uses {_describe_copy(effective) if effective else 'no token'}")
        for warning in warnings:
            session.warn(warning.message)
    if not checked.who.can_call_inference:
        raise CommandError(
            f"the token of {checked.who.name} may not call Inference Providers",
            fix=f"create a token with 'Make calls to Inference Providers': {INFERENCE_TOKEN_URL}",
        )
    return 0


def _check_json(checked: TokenChecked, warnings: list[dict[str, str]]) -> dict[str, Any]:
    who = checked.who
    effective = checked.health.effective
    return {
        "user": who.name,
        "fullname": who.fullname,
        "token_name": who.token_name,
        "role": who.role,
        "can_call_inference": who.can_call_inference,
        "orgs": list(who.orgs),
        "backend": checked.backend.name,
        "secure": checked.backend.is_secure,
        "gateway_uses": None if effective is None else effective.describe(),
        "warnings": warnings,
    }


async def cmd_token_remove(session: Session) -> int:
    paths, config_data = _paths_for_token(session)
    removed = await remove_token(
        store=session.store, paths=paths, environ=session.environ, config_data=config_data
    )
    session.out(f"Token removed from {removed.backend.name}.")
    if removed.env_file is not None:
        session.out(f"HF_TOKEN removed from {removed.env_file}; restart the gateway.")
    for copy in removed.health.copies:
        session.warn(f"a token is still set: {copy.describe()} — {copy.instruction}")
    return 0


async def cmd_env_sync(session: Session) -> int:
    paths, config_data = _paths_for_token(session)
    synced = await sync_env(
        store=session.store, paths=paths, environ=session.environ, config_data=config_data
    )
    session.out(
        f"HF_TOKEN written to {synced.env_file}; restart the gateway to use it: "
        "coderclaw gateway restart"
    )
    _warn_token_health(session, synced.health)
    return 0


# ---- models ---------------------------------------------------------------------------------


async def cmd_models(session: Session) -> int:
    options = session.options
    config_data, routing = _config_for_models(session)
    loader = session.catalog_loader()
    if options.offline:
        load = CatalogLoad(loader.load_startup(OFFLINE_MODE))
    elif options.refresh or _cache_is_stale(loader):
        load = await loader.refresh(config_data, await _token_or_none(session))
    else:
        load = CatalogLoad(loader.load_startup())
    catalog = load.catalog
    aliases = dict(routing.aliases) if routing is not None else {}
    index = catalog.index(aliases)
    rows = index.search(options.search) if options.search else range(len(catalog))
    models = [catalog.models[row] for row in rows]
    if load.error is not None:
        session.warn(f"{load.error.one_line()}; showing the {banner(catalog.source)}")
    if session.json:
        session.dump(
            {
                "source": {
                    "kind": catalog.source.kind,
                    "fetched_at": catalog.source.fetched_at.isoformat()
                    if catalog.source.fetched_at
                    else None,
                    "reason": catalog.source.reason,
                    "banner": banner(catalog.source),
                },
                "error": None if load.error is None else load.error.one_line(),
                "models": [_model_json(m, routing) for m in models],
            }
        )
        return 0
    session.out(f"Source: {banner(catalog.source)} — {len(models)} of {len(catalog)} models")
    _print_models(session, models, routing)
    return 0


def _config_for_models(session: Session) -> tuple[Any, Routing | None]:
    """The config's base URL and aliases when it reads; the public router otherwise."""
    try:
        _, loaded = session.load()
        return loaded.data, read_routing(loaded.data)
    except HFTrayError as exc:
        session.warn(f"{exc.one_line()}; using the public router and no aliases")
        return None, None


def _cache_is_stale(loader: CatalogLoader) -> bool:
    age = loader.cache_age_seconds()
    minutes = int(AppSettings.load().get(REFRESH_INTERVAL))
    return age is None or minutes == 0 or age > minutes * 60


async def _token_or_none(session: Session) -> str | None:
    """The token makes the router's answer per-account; a keyring problem only costs that."""
    try:
        return await session.store.aget()
    except HFTrayError as exc:
        session.warn(f"{exc.one_line()}; asking the router without a token")
        return None


def _roles(routing: Routing | None) -> dict[str, list[str]]:
    """Model id -> how the config uses it ("primary", "fallback", "alias NAME")."""
    roles: dict[str, list[str]] = {}
    if routing is None:
        return roles
    used = [("primary", routing.primary)] if routing.primary else []
    used += [("fallback", text) for text in routing.fallbacks]
    used += [(f"alias {alias}", ref) for ref, alias in routing.aliases.items()]
    for role, text in used:
        model_id = text.split("/", 1)[1].split(":", 1)[0] if text.count("/") >= 2 else text
        roles.setdefault(model_id, []).append(role)
    return roles


def _model_json(model: CatalogModel, routing: Routing | None) -> dict[str, Any]:
    figures = model.figures()
    return {
        "id": model.id,
        "name": model.display_name,
        "owner": model.owner,
        "origin": model.origin,
        "live_providers": list(model.live_providers),
        "providers": [
            {
                "provider": o.provider,
                "status": o.status,
                "context_length": o.context_length,
                "input_price": o.input_price,
                "output_price": o.output_price,
                "supports_tools": o.supports_tools,
                "throughput": o.throughput,
                "latency_ms": o.latency_ms,
            }
            for o in model.offers
        ],
        "best_context": figures.best_context,
        "cheapest_input_price": figures.cheapest_input_price,
        "cheapest_output_price": figures.cheapest_output_price,
        "configured_as": _roles(routing).get(model.id, []),
    }


def _print_models(session: Session, models: list[CatalogModel], routing: Routing | None) -> None:
    roles = _roles(routing)
    width = max([len(m.id) for m in models] + [2])
    header = ("ID".ljust(width), "LIVE".rjust(4), "CONTEXT".rjust(8), "IN $/M", "OUT $/M", "NAME")
    session.out("  ".join(header))
    for model in models:
        figures = model.figures()
        used = roles.get(model.id)
        note = f"  [{', '.join(used)}]" if used else ""
        session.out(
            f"{model.id:<{width}}  {len(figures.live_providers):>4}  "
            f"{_number(figures.best_context):>8}  {_price(figures.cheapest_input_price):>6}  "
            f"{_price(figures.cheapest_output_price):>7}  {model.display_name}{note}"
        )


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)


def _price(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


# ---- routing edits --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Editing:
    paths: CoderClawPaths
    loaded: LoadedConfig
    routing: Routing
    catalog: Catalog

    def ref(self, text: str) -> ModelRef:
        return resolve_user_ref(text, self.routing, self.catalog)

    def entry_for(self, ref: ModelRef) -> dict[str, Any] | None:
        return self.catalog.entry_for(ref)

    def refuse_primary_as_fallback(self, refs: list[ModelRef]) -> None:
        primary = self.routing.primary
        if not primary:
            return
        try:
            primary_ref = self.ref(primary)
        except HFTrayError:
            return
        if primary_ref in refs:
            raise CommandError(
                f"{primary_ref.full} is the primary model, so it cannot also be a fallback",
                fix="choose another model, or make another one primary first",
            )


def _editing(session: Session) -> _Editing:
    paths, loaded = session.load()
    catalog = session.catalog_loader().load_startup()
    return _Editing(paths, loaded, read_routing(loaded.data), catalog)


def _save(session: Session, editing: _Editing, edit: Callable[[str], str]) -> EditResult:
    result = apply_edit(editing.paths, edit, environ=session.environ, loaded=editing.loaded)
    for warning in result.warnings:
        session.warn(warning)
    return result


def _warn_refs(
    session: Session, editing: _Editing, refs: list[ModelRef], *, as_fallbacks: bool
) -> None:
    """The catalog's warnings for refs just saved; fallbacks are compared with the primary."""
    primary = None
    if as_fallbacks and editing.routing.primary:
        try:
            primary = editing.ref(editing.routing.primary)
        except HFTrayError:
            primary = None
    for ref in refs:
        for warning in editing.catalog.check_ref(ref, primary=primary):
            session.warn(f"{ref.full}: {warning.message}")


def _saved_line(result: EditResult, what: str) -> str:
    if not result.changed:
        return f"{what} (already so; nothing written)"
    return f"{what} (saved {result.after.path})"


async def cmd_primary(session: Session) -> int:
    editing = _editing(session)
    ref = editing.ref(session.options.ref)
    result = _save(session, editing, lambda text: set_primary(text, ref, editing.entry_for))
    session.out(_saved_line(result, f"Primary model: {ref.full}"))
    _warn_refs(session, editing, [ref], as_fallbacks=False)
    return 0


async def cmd_fallbacks_set(session: Session) -> int:
    editing = _editing(session)
    refs = [editing.ref(text) for text in session.options.refs]
    if len({r.full for r in refs}) != len(refs):
        raise CommandError("a fallback is listed twice", fix="name each fallback once")
    editing.refuse_primary_as_fallback(refs)
    result = _save(session, editing, lambda text: set_fallbacks(text, refs, editing.entry_for))
    listed = ", ".join(r.full for r in refs) or "(none)"
    session.out(_saved_line(result, f"Fallbacks: {listed}"))
    _warn_refs(session, editing, refs, as_fallbacks=True)
    return 0


async def cmd_fallbacks_add(session: Session) -> int:
    editing = _editing(session)
    ref = editing.ref(session.options.ref)
    editing.refuse_primary_as_fallback([ref])
    result = _save(session, editing, lambda text: add_fallback(text, ref, editing.entry_for))
    session.out(_saved_line(result, f"Fallback added: {ref.full}"))
    _warn_refs(session, editing, [ref], as_fallbacks=True)
    return 0


async def cmd_fallbacks_remove(session: Session) -> int:
    editing = _editing(session)
    ref = editing.ref(session.options.ref)
    current = []
    for text in editing.routing.fallbacks:
        try:
            current.append(editing.ref(text))
        except HFTrayError:
            continue
    if ref not in current:
        raise CommandError(
            f"{ref.full} is not a fallback",
            fix="see the fallbacks with `hftray status`",
        )
    result = _save(session, editing, lambda text: remove_fallback(text, ref))
    session.out(_saved_line(result, f"Fallback removed: {ref.full}"))
    return 0


async def cmd_alias(session: Session) -> int:
    options = session.options
    editing = _editing(session)
    ref = editing.ref(options.ref)
    if options.remove:
        if options.name is not None:
            raise UsageError("--remove takes only REF, not a NAME")
        if ref.full not in editing.routing.aliases:
            raise CommandError(
                f"{ref.full} has no alias", fix="see the aliases with `hftray status`"
            )
        result = _save(session, editing, lambda text: remove_alias(text, ref))
        session.out(_saved_line(result, f"Alias removed from {ref.full}"))
        return 0
    if options.name is None:
        raise UsageError("give the alias: hftray alias REF NAME (or --remove REF)")
    result = _save(session, editing, lambda text: set_alias(text, ref, options.name))
    session.out(_saved_line(result, f"Alias: {options.name.strip()} = {ref.full}"))
    return 0


# ---- backups --------------------------------------------------------------------------------


async def cmd_backups(session: Session) -> int:
    paths = session.paths()
    backups = list_backups(paths.config.path)
    if session.json:
        session.dump(
            {
                "config": str(paths.config.path),
                "backups": [
                    {
                        "path": str(b.path),
                        "name": b.path.name,
                        "modified": b.modified.isoformat(),
                        "size": b.size,
                    }
                    for b in backups
                ],
            }
        )
        return 0
    if not backups:
        session.out(f"No backups of {paths.config.path} yet.")
        return 0
    session.out(f"Backups of {paths.config.path}, newest first:")
    for backup in backups:
        when = backup.modified.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        session.out(f"  {backup.path.name:<24} {when}  {backup.size:>8} bytes")
    return 0


async def cmd_restore(session: Session) -> int:
    paths = session.paths()
    backup = find_backup(paths.config.path, session.options.backup)
    result = restore(paths, backup, environ=session.environ)
    for warning in result.warnings:
        session.warn(warning)
    session.out(
        f"Restored {backup.path.name} as {paths.config.path}; the previous file is now "
        f"{paths.config.path.name}.bak"
    )
    return 0
