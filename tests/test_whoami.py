"""The permission rule of hf-api.md and the on-disk whoami cache."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hftray.core.whoami import WhoAmI, WhoAmICache, can_call_inference, parse_whoami
from tests.fakehf import TOKENS, WHOAMI_CASES

INFERENCE_ALLOWED = {
    "fine_grained_with_inference": True,
    "fine_grained_with_inference_and_more": True,
    "fine_grained_without_inference": False,
    "fine_grained_inference_in_global_list": True,
    "classic_read": True,
    "classic_write": True,
}


@pytest.mark.parametrize(("case", "allowed"), sorted(INFERENCE_ALLOWED.items()))
def test_permission_rule_matches_each_recorded_token_kind(case: str, allowed: bool) -> None:
    assert can_call_inference(WHOAMI_CASES[case]["body"]) is allowed


def test_permission_in_an_org_scope_only_still_counts() -> None:
    body = {
        "name": "x",
        "auth": {
            "accessToken": {
                "role": "fineGrained",
                "fineGrained": {
                    "global": [],
                    "scoped": [
                        {"entity": {"type": "user"}, "permissions": ["repo.content.read"]},
                        {"entity": {"type": "org"}, "permissions": ["inference.serverless.write"]},
                    ],
                },
            }
        },
    }
    assert can_call_inference(body)


@pytest.mark.parametrize(
    "auth",
    [{}, None, {"accessToken": {"role": "fineGrained"}}, {"accessToken": {"role": "admin"}}],
)
def test_unknown_or_incomplete_auth_is_not_taken_as_permission(auth: object) -> None:
    who = parse_whoami({"name": "oauth-user", "auth": auth})
    assert who.can_call_inference is False


def test_parse_keeps_the_fields_the_tray_shows() -> None:
    who = parse_whoami(WHOAMI_CASES["fine_grained_with_inference_and_more"]["body"])
    assert who.name == "zoe-angstrom"
    assert who.fullname == "Zoë Ångström"
    assert who.token_name == "everything"
    assert who.role == "fineGrained"
    assert who.orgs == ("tray-lab",)
    assert who.can_call_inference


@pytest.mark.parametrize("body", [[], "user", {"fullname": "no name"}, {"name": ""}])
def test_parse_refuses_a_body_that_is_not_a_whoami_answer(body: object) -> None:
    with pytest.raises(ValueError):
        parse_whoami(body)


def sample() -> WhoAmI:
    return parse_whoami(
        WHOAMI_CASES["classic_read"]["body"], checked_at=datetime(2026, 1, 2, tzinfo=UTC)
    )


def test_cache_returns_the_answer_for_the_same_token_only(tmp_path: Path) -> None:
    cache = WhoAmICache(tmp_path)
    cache.put(TOKENS["classic_read"], sample())
    assert cache.get(TOKENS["classic_read"]) == sample()
    assert cache.get(TOKENS["classic_write"]) is None


def test_cache_never_stores_the_token_and_is_private(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    WhoAmICache(directory).put(TOKENS["classic_read"], sample())
    (file,) = directory.iterdir()
    assert TOKENS["classic_read"] not in file.name
    assert TOKENS["classic_read"] not in file.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700


def test_storing_for_a_new_token_forgets_the_old_one(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    cache = WhoAmICache(directory)
    cache.put(TOKENS["classic_read"], sample())
    cache.put(TOKENS["classic_write"], sample())
    assert cache.get(TOKENS["classic_read"]) is None
    assert len(list(directory.iterdir())) == 1
    cache.forget(TOKENS["classic_write"])
    assert cache.get(TOKENS["classic_write"]) is None


def test_damaged_cache_file_reads_as_no_answer(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    cache = WhoAmICache(directory)
    cache.put(TOKENS["classic_read"], sample())
    (file,) = directory.iterdir()
    file.write_text('{"name": "x"', encoding="utf-8")
    assert cache.get(TOKENS["classic_read"]) is None


def test_default_cache_folder_is_the_platform_cache_dir(isolated_home: Path) -> None:
    WhoAmICache().put(TOKENS["classic_read"], sample())
    assert list((isolated_home / ".cache" / "coderclaw-hf-tray").glob("whoami-*.json"))
