"""The router client against a real (fake) Hugging Face: every failure ends in its own error,
with a message a person can act on, and the token goes only where it should."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import traceback
from collections.abc import Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from hftray.core.catalog_cache import CatalogCache
from hftray.core.refs import ModelRef
from hftray.core.router_client import (
    DEFAULT_HUB_URL,
    DEFAULT_ROUTER_URL,
    BadResponseError,
    ConnectionDroppedError,
    InsecureURLError,
    MissingTokenError,
    ModelNotFoundError,
    ModelNotSupportedError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitedError,
    RequestRejectedError,
    ResponseTooLargeError,
    RouterClient,
    RouterError,
    RouterOfflineError,
    RouterTimeoutError,
    RouterTLSError,
    ServerError,
    TokenFormatError,
    TokenRejectedError,
    parse_retry_after,
    router_url_from_config,
)
from hftray.core.whoami import INFERENCE_TOKEN_URL, WhoAmICache
from tests.fakehf import TOKENS, WHOAMI_CASES, FakeHF
from tests.support import fakehf_fixtures

fake_hf = fakehf_fixtures.fake_hf
fake_hf_env = fakehf_fixtures.fake_hf_env

TOKEN = TOKENS["classic_read"]
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def client(hf: FakeHF, token: str | None = TOKEN, **options: Any) -> RouterClient:
    options.setdefault("total_timeout", 5.0)
    options.setdefault("connect_timeout", 1.0)
    return RouterClient(hf.router_base, hf.url, token, **options)


def all_text(exc: BaseException) -> str:
    """Everything a log, a dialog or a crash report could show about an error."""
    parts = [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    parts += [str(getattr(exc, name, "")) for name in ("fix", "detail", "one_line")]
    if isinstance(exc, RouterError):
        parts.append(exc.one_line())
    return "\n".join(parts)


def fetch_error(hf: FakeHF, **options: Any) -> RouterError:
    with pytest.raises(RouterError) as info:
        run(client(hf, **options).fetch_models())
    return info.value


# -- the catalog ---------------------------------------------------------------------------------


def test_fetch_returns_the_body_with_its_validators(fake_hf: FakeHF) -> None:
    result = run(client(fake_hf).fetch_models())
    assert result.body == fake_hf.models_body
    assert result.etag == fake_hf.etag
    assert result.last_modified == fake_hf.last_modified
    assert result.not_modified is False
    assert result.fetched_at.tzinfo is not None


def test_fetch_sends_the_token_in_the_header_when_there_is_one(fake_hf: FakeHF) -> None:
    run(client(fake_hf).fetch_models())
    run(client(fake_hf, token=None).fetch_models())
    with_token, without = fake_hf.requests
    assert with_token.header("Authorization") == f"Bearer {TOKEN}"
    assert without.header("Authorization") is None


def test_conditional_fetch_sends_if_none_match_and_keeps_the_cached_list(
    fake_hf: FakeHF, tmp_path: Path
) -> None:
    cache = CatalogCache(tmp_path / "cache")
    router = client(fake_hf)
    first = run(router.fetch_models())
    cached = cache.store(first, router.models_url)
    again = run(router.fetch_models(cache.load()))
    assert fake_hf.requests[-1].header("If-None-Match") == first.etag
    assert again.not_modified is True
    assert again.body == b""  # nothing new: the cached list stands
    assert again.fetched_at >= first.fetched_at
    cache.store(again, router.models_url, cached.models)
    reloaded = cache.load()
    assert reloaded is not None
    assert reloaded.fetched_at == again.fetched_at
    assert reloaded.models == cached.models


def test_a_changed_catalog_replaces_the_cached_one(fake_hf: FakeHF) -> None:
    router = client(fake_hf)
    first = run(router.fetch_models())
    fake_hf.models_body = {"object": "list", "data": []}
    cached = CatalogCache().store(first, router.models_url)
    result = run(router.fetch_models(cached))
    assert result.not_modified is False
    assert json.loads(result.body) == {"object": "list", "data": []}


def test_no_conditional_request_for_a_cache_from_another_url(fake_hf: FakeHF) -> None:
    router = client(fake_hf)
    cached = CatalogCache().store(run(router.fetch_models()), "https://elsewhere.example/v1/models")
    assert run(router.fetch_models(cached)).not_modified is False
    assert fake_hf.requests[-1].header("If-None-Match") is None


def test_server_without_etags_still_works_with_a_cache(fake_hf: FakeHF) -> None:
    fake_hf.etag_enabled = False
    router = client(fake_hf)
    cached = CatalogCache().store(run(router.fetch_models()), router.models_url)
    assert cached.etag is None
    assert run(router.fetch_models(cached)).not_modified is False


FAILURES: list[tuple[str, dict[str, Any], type[RouterError], str]] = [
    ("401", {"kind": "status", "status": 401}, TokenRejectedError, "token rejected"),
    ("402", {"kind": "status", "status": 402, "shape": "object"}, PaymentRequiredError, "credits"),
    ("403", {"kind": "status", "status": 403}, PermissionDeniedError, "Inference Providers"),
    ("404", {"kind": "status", "status": 404}, NotFoundError, "/v1/models"),
    ("429", {"kind": "status", "status": 429, "retry_after": 7}, RateLimitedError, "limiting"),
    ("500", {"kind": "status", "status": 500, "shape": "object"}, ServerError, "HTTP 500"),
    ("502-html", {"kind": "html", "status": 502}, ServerError, "HTTP 502"),
    ("503", {"kind": "status", "status": 503, "shape": "header"}, ServerError, "HTTP 503"),
    ("504", {"kind": "status", "status": 504}, ServerError, "HTTP 504"),
    ("418", {"kind": "status", "status": 418}, RequestRejectedError, "HTTP 418"),
    (
        "304-uncached",
        {"kind": "status", "status": 304, "shape": "header"},
        BadResponseError,
        "not modified",
    ),
    ("malformed", {"kind": "malformed"}, BadResponseError, "not valid JSON"),
    ("wrong-shape", {"kind": "wrong_shape"}, BadResponseError, "no list of models"),
    ("list-body", {"kind": "wrong_shape", "body": []}, BadResponseError, "no list of models"),
    ("drop", {"kind": "drop"}, ConnectionDroppedError, "closed the connection"),
    ("drop-partial", {"kind": "drop", "partial": True}, ConnectionDroppedError, "closed"),
    ("huge", {"kind": "huge", "limit_mb": 8}, ResponseTooLargeError, "more than 1 MB"),
    ("huge-declared", {"kind": "huge", "declare": True}, ResponseTooLargeError, "1 MB"),
    ("slow", {"kind": "slow", "delay": 5}, RouterTimeoutError, "did not answer"),
    ("trickle", {"kind": "trickle", "interval": 0.02}, RouterTimeoutError, "did not answer"),
    ("redirect-loop", {"kind": "redirect", "to": "same"}, BadResponseError, "redirected"),
]


@pytest.mark.parametrize(
    ("switch", "error_type", "words"),
    [pytest.param(opts, error, words, id=name) for name, opts, error, words in FAILURES],
)
def test_each_failure_ends_in_its_own_error_with_a_fix(
    fake_hf: FakeHF, switch: dict[str, Any], error_type: type[RouterError], words: str
) -> None:
    options = dict(switch)
    fake_hf.set_failure("models", options.pop("kind"), **options)
    error = fetch_error(fake_hf, total_timeout=0.5, max_body_bytes=1024 * 1024)
    assert type(error) is error_type
    assert words in str(error)
    assert error.fix
    assert "<" not in str(error)
    assert TOKEN not in all_text(error)


@pytest.mark.parametrize("shape", ["string", "object", "header"])
def test_server_message_is_read_from_every_error_shape(fake_hf: FakeHF, shape: str) -> None:
    fake_hf.set_failure("models", "status", status=503, shape=shape, message="provider is down")
    error = fetch_error(fake_hf)
    assert error.status == 503
    assert error.detail == "provider is down"
    assert "provider is down" in str(error)


def test_html_error_page_is_not_shown_to_the_user(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "html", status=502)
    error = fetch_error(fake_hf)
    assert error.detail is None
    assert "html" not in all_text(error).lower()


def test_rate_limit_reports_the_wait_when_the_server_gives_one(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "status", status=429, retry_after=7)
    error = fetch_error(fake_hf)
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 7.0
    assert error.fix == "try again in 7 s"


def test_rate_limit_without_retry_after_has_no_wait(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "status", status=429)
    error = fetch_error(fake_hf)
    assert isinstance(error, RateLimitedError)
    assert error.retry_after is None


def test_402_and_403_say_how_to_fix_them_differently(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "status", status=402)
    payment = fetch_error(fake_hf)
    fake_hf.set_failure("models", "status", status=403)
    permission = fetch_error(fake_hf)
    assert "billing" in (payment.fix or "")
    assert INFERENCE_TOKEN_URL in (permission.fix or "")
    assert str(payment) != str(permission)


def test_401_without_a_token_asks_for_one(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "status", status=401)
    assert isinstance(fetch_error(fake_hf, token=None), MissingTokenError)


def test_a_token_echoed_by_the_server_is_masked(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "status", status=500, message=f"bad key {TOKEN}")
    error = fetch_error(fake_hf)
    assert error.detail == "bad key hf_…"
    assert TOKEN not in all_text(error)


def test_unreachable_server_is_reported_as_offline() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    router = RouterClient(f"http://127.0.0.1:{port}/v1", f"http://127.0.0.1:{port}", TOKEN)
    with pytest.raises(RouterOfflineError) as info:
        run(router.fetch_models())
    assert f"127.0.0.1:{port}" in str(info.value)
    assert TOKEN not in all_text(info.value)


def test_failed_tls_handshake_is_reported_as_tls(fake_hf: FakeHF) -> None:
    router = RouterClient(f"https://127.0.0.1:{fake_hf.port}/v1", fake_hf.url, TOKEN)
    with pytest.raises(RouterTLSError) as info:
        run(router.fetch_models())
    assert "secure connection" in str(info.value)
    assert TOKEN not in all_text(info.value)


def test_nothing_logged_contains_the_token(
    fake_hf: FakeHF, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    router = client(fake_hf, total_timeout=0.5)
    run(router.fetch_models())
    run(router.whoami())
    fake_hf.set_failure("*", "status", status=401)
    with pytest.raises(TokenRejectedError):
        run(router.whoami())
    assert caplog.records
    assert TOKEN not in caplog.text


# -- where the token goes ------------------------------------------------------------------------


def test_token_never_travels_in_a_url(fake_hf: FakeHF) -> None:
    router = client(fake_hf)
    run(router.fetch_models())
    run(router.whoami())
    run(router.test_call(ModelRef("deepseek-ai/DeepSeek-R1")))
    assert len(fake_hf.requests) == 3
    for request in fake_hf.requests:
        assert TOKEN not in request.path
        assert request.header("Authorization") == f"Bearer {TOKEN}"


def test_redirect_to_another_host_drops_the_token(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "redirect", status=302, to="other")
    result = run(client(fake_hf).fetch_models())
    assert result.body == fake_hf.other.models_body
    assert fake_hf.requests[0].header("Authorization") == f"Bearer {TOKEN}"
    (arrived,) = fake_hf.other.requests
    assert arrived.path == "/v1/models"
    assert arrived.header("Authorization") is None


def test_redirect_within_the_same_origin_keeps_the_token(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "redirect", status=307, to="same", times=1)
    run(client(fake_hf).fetch_models())
    assert [r.header("Authorization") for r in fake_hf.requests] == [f"Bearer {TOKEN}"] * 2


def test_redirect_to_plain_http_elsewhere_is_refused(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "redirect", to="http://router.example.com/v1/models")
    with pytest.raises(InsecureURLError) as info:
        run(client(fake_hf).fetch_models())
    assert "router.example.com" in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://router.example.com/v1",
        "http://192.168.1.10:8080/v1",
        "https://me:secret@router.example.com/v1",
        "ftp://router.example.com/v1",
        "router.huggingface.co/v1",
    ],
)
def test_unsafe_base_urls_are_refused(url: str) -> None:
    with pytest.raises(InsecureURLError) as info:
        RouterClient(url, DEFAULT_HUB_URL, TOKEN)
    assert info.value.fix
    assert "secret" not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [DEFAULT_ROUTER_URL, "http://127.0.0.1:9/v1", "http://localhost:9/v1", "http://[::1]:9/v1"],
)
def test_https_and_loopback_base_urls_are_accepted(url: str) -> None:
    assert str(RouterClient(url, DEFAULT_HUB_URL, TOKEN).base_url) == url


def test_a_token_that_cannot_go_in_a_header_is_refused_without_echoing_it() -> None:
    bad = TOKEN[:10] + "\n" + TOKEN[10:]
    with pytest.raises(TokenFormatError) as info:
        RouterClient(token=bad)
    assert TOKEN[10:] not in all_text(info.value)


def test_client_repr_does_not_show_the_token() -> None:
    router = RouterClient(token=TOKEN)
    assert TOKEN not in repr(router)
    assert "token=set" in repr(router)


# -- configuration -------------------------------------------------------------------------------


def test_hub_url_comes_from_hf_endpoint(fake_hf_env: FakeHF) -> None:
    router = RouterClient(fake_hf_env.router_base, token=TOKEN)
    assert run(router.whoami()).name == "li-wei"
    assert [r.path for r in fake_hf_env.requests] == ["/api/whoami-v2"]


def test_hub_url_defaults_to_huggingface_co() -> None:
    assert str(RouterClient(environ={}).hub_url) == DEFAULT_HUB_URL
    assert str(RouterClient(environ={"HF_ENDPOINT": "https://hub.example/"}).hub_url) == (
        "https://hub.example"
    )


def test_plain_http_hf_endpoint_elsewhere_is_refused() -> None:
    with pytest.raises(InsecureURLError):
        RouterClient(environ={"HF_ENDPOINT": "http://hub.example"})


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (None, DEFAULT_ROUTER_URL),
        ({}, DEFAULT_ROUTER_URL),
        ({"models": {"providers": {"huggingface": {}}}}, DEFAULT_ROUTER_URL),
        ({"models": {"providers": {"huggingface": {"baseUrl": 3}}}}, DEFAULT_ROUTER_URL),
        ({"models": {"providers": {"huggingface": {"baseUrl": " "}}}}, DEFAULT_ROUTER_URL),
        (
            {"models": {"providers": {"huggingface": {"baseUrl": "https://proxy.example/v1/"}}}},
            "https://proxy.example/v1",
        ),
    ],
)
def test_router_url_comes_from_the_config_when_set(config: Any, expected: str) -> None:
    assert router_url_from_config(config) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("7", 7.0),
        ("2.5", 2.5),
        ("-3", 0.0),
        ("soon", None),
        ("nan", None),
        ("Wed, 04 Mar 2026 05:06:37 GMT", 30.0),
    ],
)
def test_retry_after_accepts_seconds_and_http_dates(value: str | None, expected: float) -> None:
    now = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert parse_retry_after(value, now) == expected


# -- whoami --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("fine_grained_with_inference", True),
        ("fine_grained_without_inference", False),
        ("fine_grained_inference_in_global_list", True),
        ("classic_write", True),
    ],
)
def test_whoami_reports_the_user_and_the_inference_permission(
    fake_hf: FakeHF, case: str, allowed: bool
) -> None:
    who = run(client(fake_hf, TOKENS[case]).whoami())
    assert who.name == WHOAMI_CASES[case]["body"]["name"]
    assert who.can_call_inference is allowed


@pytest.mark.parametrize("case", ["invalid_token_401", "unknown"])
def test_whoami_rejects_a_bad_token_in_words(fake_hf: FakeHF, case: str) -> None:
    with pytest.raises(TokenRejectedError) as info:
        run(client(fake_hf, TOKENS[case]).whoami())
    assert str(info.value).startswith("token rejected by Hugging Face")
    assert info.value.detail == "Invalid credentials in Authorization header"
    assert TOKENS[case] not in all_text(info.value)


def test_whoami_is_asked_once_then_served_from_the_cache(fake_hf: FakeHF) -> None:
    cache = WhoAmICache()
    router = client(fake_hf)
    first = run(router.whoami(cache=cache))
    assert run(client(fake_hf).whoami(cache=cache)) == first
    assert len(fake_hf.requests) == 1
    run(router.whoami(cache=cache, refresh=True))
    assert len(fake_hf.requests) == 2


def test_whoami_without_a_token_asks_nothing(fake_hf: FakeHF) -> None:
    with pytest.raises(MissingTokenError):
        run(client(fake_hf, token=None).whoami())
    assert fake_hf.requests == []


def test_whoami_wrong_shape_and_rate_limit(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("whoami", "wrong_shape", body={"type": "user"}, times=1)
    with pytest.raises(BadResponseError):
        run(client(fake_hf).whoami())
    fake_hf.set_failure("whoami", "status", status=429, retry_after=60)
    with pytest.raises(RateLimitedError) as info:
        run(client(fake_hf).whoami())
    assert info.value.retry_after == 60.0


# -- test call -----------------------------------------------------------------------------------


def test_test_call_sends_one_token_and_reports_the_provider(fake_hf: FakeHF) -> None:
    ref = ModelRef("deepseek-ai/DeepSeek-R1", "together")
    result = run(client(fake_hf).test_call(ref))
    assert (result.model, result.provider) == ("deepseek-ai/DeepSeek-R1", "together")
    sent = json.loads(fake_hf.requests[0].body)
    assert (sent["model"], sent["max_tokens"]) == ("deepseek-ai/DeepSeek-R1:together", 1)


def test_test_call_names_an_unknown_model(fake_hf: FakeHF) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        run(client(fake_hf).test_call(ModelRef("no/such-model")))
    assert "no/such-model" in str(info.value)


def test_test_call_names_a_model_no_provider_serves(fake_hf: FakeHF) -> None:
    with pytest.raises(ModelNotSupportedError) as info:
        run(client(fake_hf).test_call(ModelRef("deepseek-ai/DeepSeek-R1", "gone-provider")))
    assert "deepseek-ai/DeepSeek-R1:gone-provider" in str(info.value)


def test_test_call_with_a_token_lacking_the_permission(fake_hf: FakeHF) -> None:
    router = client(fake_hf, TOKENS["fine_grained_without_inference"])
    with pytest.raises(PermissionDeniedError):
        run(router.test_call(ModelRef("deepseek-ai/DeepSeek-R1")))


def test_test_call_without_credits(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("chat", "status", status=402, shape="object")
    with pytest.raises(PaymentRequiredError) as info:
        run(client(fake_hf).test_call(ModelRef("deepseek-ai/DeepSeek-R1")))
    assert "depleted" in (info.value.detail or "")
