from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from hftray.core.logs import configure_logging, hold_records, redact_tokens

TOKEN = "hf_" + "Q" * 34


@pytest.fixture(autouse=True)
def _drop_our_handlers() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_hftray", False)]:
        root.removeHandler(handler)
        handler.close()


def test_redact_masks_known_and_token_shaped_text():
    assert redact_tokens(f"sent {TOKEN} to the router") == "sent hf_… to the router"
    assert redact_tokens("secret=abc123xyz", "abc123xyz") == "secret=…"
    assert redact_tokens("hf_ is a prefix") == "hf_ is a prefix"


def test_log_file_never_holds_a_token(tmp_path: Path):
    path = configure_logging(directory=tmp_path / "logs")
    assert path is not None
    log = logging.getLogger("hftray.test")
    log.warning("server said %s", f"bad token {TOKEN}")
    try:
        raise RuntimeError(f"failed with {TOKEN}")
    except RuntimeError:
        log.exception("call failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text()
    assert "server said bad token hf_…" in text
    assert "RuntimeError: failed with hf_…" in text
    assert TOKEN not in text
    assert (path.parent.stat().st_mode & 0o777) == 0o700


def test_configuring_twice_keeps_one_handler(tmp_path: Path):
    configure_logging(directory=tmp_path)
    configure_logging(directory=tmp_path)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_hftray", False)]
    assert len(ours) == 1


def test_records_logged_before_the_file_is_set_up_reach_it_redacted(tmp_path: Path) -> None:
    hold_records()
    logging.getLogger("hftray.test").warning("early %s", f"token {TOKEN}")
    path = configure_logging(directory=tmp_path)
    assert path is not None
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "early token hf_…" in path.read_text()
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_hftray", False)]
    assert len(ours) == 1
