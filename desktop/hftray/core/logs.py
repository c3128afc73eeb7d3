"""Logging for the tray and the command line: one rotating file, tokens always redacted.

Every handler the app installs carries `RedactTokens`, so a token that slips into a log message
(an echoed server answer, an exception text) is masked before it reaches the file.

The tray sets the file up only once its icon is shown (`logging.handlers` is not free to import):
until then `hold_records` keeps what is logged, and `configure_logging` writes it out.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

_TOKEN_SHAPE = re.compile(r"hf_[A-Za-z0-9]{6,}")
LOG_FILE_NAME = "hftray.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 3


def redact_tokens(text: str, *known: str | None) -> str:
    """`text` with the given tokens and anything shaped like a Hugging Face token masked."""
    for token in known:
        if token:
            text = text.replace(token, "…")
    return _TOKEN_SHAPE.sub("hf_…", text)


class RedactTokens(logging.Filter):
    """Masks tokens in the final message text (arguments included) and in tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_tokens(record.getMessage())
        record.args = None
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact_tokens(formatted)
            record.exc_info = None
        return True


class HeldRecords(logging.Handler):
    """Keeps records in memory until `configure_logging` hands them to the file."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_records(*, level: int = logging.INFO) -> HeldRecords:
    """Keep what is logged from now until `configure_logging` (which replaces this handler)."""
    root = logging.getLogger()
    root.setLevel(level)
    held = HeldRecords()
    setattr(held, "_hftray", True)  # noqa: B010 - replaced by configure_logging like our others
    root.addHandler(held)
    return held


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("coderclaw-hf-tray", appauthor=False))


def configure_logging(*, level: int = logging.INFO, directory: Path | None = None) -> Path | None:
    """Send the app's logs to the rotating file; returns its path, or None if it can't be made.

    Nothing goes to the terminal: the command line reports results and errors itself, and
    without a handler Python's last-resort one would print warnings a second time.
    """
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger()
    root.setLevel(level)
    held: list[logging.LogRecord] = []
    for old in list(root.handlers):
        if getattr(old, "_hftray", False):
            root.removeHandler(old)
            old.close()
            if isinstance(old, HeldRecords):
                held += old.records
    directory = directory or log_dir()
    handler: logging.Handler
    path: Path | None = directory / LOG_FILE_NAME
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = RotatingFileHandler(
            directory / LOG_FILE_NAME, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    except OSError:
        handler, path = logging.NullHandler(), None
    handler.addFilter(RedactTokens())
    setattr(handler, "_hftray", True)  # noqa: B010 - marks the handler as ours for reconfiguring
    root.addHandler(handler)
    for record in held:
        handler.handle(record)
    return path
