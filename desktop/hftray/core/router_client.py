"""The tray's only way to talk to Hugging Face: the model list, the token check, a test call.

Every failure ends in one `RouterError` subclass per case, with a message a person can act on,
within `total_timeout`. The token travels only in the Authorization header, only to the origin
that was configured (HTTPS, or plain HTTP to a loopback address), and is dropped when a redirect
leads elsewhere. Plain HTTP to any other host is refused even without a token: a router or hub
reached that way cannot be trusted with one later, and the real ones are HTTPS.

Each call opens its own short-lived httpx client: calls are rare (start-up, a token change, an
explicit refresh), and nothing is left to close when the UI drops a client.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import json
import logging
import math
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from hftray.core.catalog_cache import CachedCatalog, FetchResult
from hftray.core.errors import HFTrayError
from hftray.core.logs import redact_tokens
from hftray.core.refs import ModelRef
from hftray.core.whoami import INFERENCE_TOKEN_URL, WhoAmI, WhoAmICache, parse_whoami

__all__ = ["CachedCatalog", "FetchResult"]  # re-exported: callers import them from here too

log = logging.getLogger(__name__)

DEFAULT_ROUTER_URL = "https://router.huggingface.co/v1"
DEFAULT_HUB_URL = "https://huggingface.co"
DEFAULT_MAX_BODY = 50 * 1024 * 1024
WHOAMI_MAX_BODY = 1024 * 1024
MAX_REDIRECTS = 5
# A larger model list is checked only where it is parsed, in a child process (catalog_worker):
# json.loads here would hold the GIL, and so the UI, for 100 ms and more.
CHECKED_BODY_BYTES = 1_000_000
TOKENS_PAGE = "https://huggingface.co/settings/tokens"
BILLING_PAGE = "https://huggingface.co/settings/billing"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DETAIL_LIMIT = 300


class RouterError(HFTrayError):
    """A call to Hugging Face failed; `status` is the HTTP status when there was one, `detail`
    the server's own words (cleaned: no HTML, no token)."""

    def __init__(
        self,
        message: str,
        *,
        fix: str | None = None,
        status: int | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, fix=fix)
        self.status = status
        self.detail = detail


class InsecureURLError(RouterError):
    """A URL the token must not be sent to (plain HTTP to another machine, credentials in it)."""


class TokenFormatError(RouterError):
    """The token cannot go into an HTTP header (spaces, line breaks, non-ASCII)."""


class MissingTokenError(RouterError):
    """The call needs a token and none is stored."""


class RouterOfflineError(RouterError):
    """No connection: no network, DNS failure, refused."""


class ConnectionDroppedError(RouterOfflineError):
    """The connection closed before the answer was complete."""


class RouterTimeoutError(RouterError):
    pass


class RouterTLSError(RouterError):
    pass


class TokenRejectedError(RouterError):
    """401: the token is invalid, expired or revoked."""


class PaymentRequiredError(RouterError):
    """402: the account's credits are used up."""


class PermissionDeniedError(RouterError):
    """403: the token lacks the "Make calls to Inference Providers" permission."""


class NotFoundError(RouterError):
    pass


class RateLimitedError(RouterError):
    def __init__(self, message: str, *, retry_after: float | None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(RouterError):
    """5xx from the router, the hub or a proxy in front of them."""


class BadResponseError(RouterError):
    """An answer that is not what the endpoint promises (bad JSON, wrong shape)."""


class ResponseTooLargeError(RouterError):
    pass


class ModelNotFoundError(RouterError):
    """400 `model_not_found`: the router does not know the model id."""


class ModelNotSupportedError(RouterError):
    """400 `model_not_supported`: no enabled provider serves it, or it is not a chat model."""


class RequestRejectedError(RouterError):
    """Any other 4xx."""


@dataclass(frozen=True)
class TestCallResult:
    __test__ = False  # not a pytest test class

    ref: ModelRef
    model: str | None
    provider: str | None


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    url: httpx.URL
    sent_token: bool


def router_url_from_config(data: Any) -> str:
    """`models.providers.huggingface.baseUrl` when the config sets one, else the public router."""
    node: Any = data
    for key in ("models", "providers", "huggingface", "baseUrl"):
        node = node.get(key) if isinstance(node, dict) else None
    return (
        node.strip().rstrip("/") if isinstance(node, str) and node.strip() else DEFAULT_ROUTER_URL
    )


def hub_url_from_env(environ: Mapping[str, str]) -> str:
    """`HF_ENDPOINT` (the huggingface_hub convention) or the public hub."""
    value = environ.get("HF_ENDPOINT", "").strip().rstrip("/")
    return value or DEFAULT_HUB_URL


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> httpx.URL:
    """The URL, if a token may be sent there; InsecureURLError saying why not otherwise."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise InsecureURLError(
            f"'{redact_tokens(url)}' is not a valid URL", fix="write it as https://host/path"
        ) from None
    if parsed.scheme not in ("https", "http") or not parsed.host:
        raise InsecureURLError(
            f"'{redact_tokens(url)}' is not an https:// address",
            fix="write it as https://host/path",
        )
    if parsed.userinfo:
        raise InsecureURLError(
            f"the address for {parsed.host} contains a user name or password",
            fix="remove the part before '@'; the token is sent in a header",
        )
    if parsed.scheme == "http" and not is_loopback(parsed.host):
        raise InsecureURLError(
            f"{parsed.host} is reached over plain http, which would expose the token",
            fix="use https:// (plain http is accepted only for this computer: 127.0.0.1)",
        )
    return parsed


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None if unusable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


class RouterClient:
    """Calls to the router (`base_url`) and the hub (`hub_url`, default from HF_ENDPOINT)."""

    def __init__(
        self,
        base_url: str = DEFAULT_ROUTER_URL,
        hub_url: str | None = None,
        token: str | None = None,
        *,
        connect_timeout: float = 5.0,
        total_timeout: float = 15.0,
        max_body_bytes: int = DEFAULT_MAX_BODY,
        environ: Mapping[str, str] | None = None,
        verify: ssl.SSLContext | None = None,
    ) -> None:
        self.base_url = check_url(base_url.rstrip("/"))
        self.hub_url = check_url(
            hub_url or hub_url_from_env(os.environ if environ is None else environ)
        )
        self._token = _checked_token(token)
        self.connect_timeout = connect_timeout
        self.total_timeout = total_timeout
        self.max_body_bytes = max_body_bytes
        self._verify = verify

    def __repr__(self) -> str:
        token = "set" if self._token else "none"
        return f"RouterClient(base_url='{self.base_url}', hub_url='{self.hub_url}', token={token})"

    @property
    def has_token(self) -> bool:
        return self._token is not None

    @property
    def models_url(self) -> str:
        return f"{self.base_url}/models"

    async def fetch_models(self, cached: CachedCatalog | None = None) -> FetchResult:
        """The catalog; a conditional request when `cached` came from the same URL."""
        url = self.models_url
        headers = {"Accept": "application/json"}
        usable = cached if cached is not None and cached.url == url else None
        if usable is not None and usable.etag:
            headers["If-None-Match"] = usable.etag
        if usable is not None and usable.last_modified:
            headers["If-Modified-Since"] = usable.last_modified
        what = "the model list"
        answer = await self._request("GET", url, headers, what=what)
        now = datetime.now(UTC)
        etag, modified = answer.headers.get("etag"), answer.headers.get("last-modified")
        if answer.status == 304:
            if usable is None:
                raise self._bad_body(answer, what, "'not modified', but nothing was cached")
            return FetchResult(
                b"", etag or usable.etag, modified or usable.last_modified, now, True
            )
        self._raise_for_status(answer, what)
        if len(answer.body) < CHECKED_BODY_BYTES:
            self._object_with_list(answer, what, "data", "it has no list of models ('data')")
        return FetchResult(answer.body, etag, modified, now)

    async def whoami(self, *, cache: WhoAmICache | None = None, refresh: bool = False) -> WhoAmI:
        """Who the token belongs to. With a `cache`, a stored answer is used unless `refresh`:
        whoami is rate-limited, so call this when a token is entered or changed, never on a timer.
        """
        token = self._require_token("check the token")
        if cache is not None and not refresh and (known := cache.get(token)) is not None:
            return known
        what = "the token check"
        url = f"{self.hub_url}/api/whoami-v2"
        answer = await self._request(
            "GET", url, {"Accept": "application/json"}, what=what, max_bytes=WHOAMI_MAX_BODY
        )
        self._raise_for_status(answer, what)
        try:
            who = parse_whoami(json.loads(answer.body))
        except ValueError as exc:
            raise self._bad_body(answer, what, str(exc)) from None
        if cache is not None:
            try:
                cache.put(token, who)
            except HFTrayError as exc:
                log.warning("could not keep the token check: %s", exc)
        return who

    async def test_call(self, ref: ModelRef) -> TestCallResult:
        """A one-token chat request (costs the user a little: only when they ask for it)."""
        self._require_token("make a test call")
        what = f"the test call to {ref.provider_model_id}"
        request = {
            "model": ref.provider_model_id,
            "messages": [{"role": "user", "content": "Say OK."}],
            "max_tokens": 1,
            "stream": False,
        }
        answer = await self._request(
            "POST",
            f"{self.base_url}/chat/completions",
            {"Accept": "application/json", "Content-Type": "application/json"},
            what=what,
            content=json.dumps(request).encode("utf-8"),
            max_bytes=WHOAMI_MAX_BODY,
        )
        self._raise_for_status(answer, what, ref=ref)
        data = self._object_with_list(answer, what, "choices", "it is not a chat completion")
        model = data.get("model")
        return TestCallResult(
            ref,
            model if isinstance(model, str) else None,
            answer.headers.get("x-inference-provider"),
        )

    # -- transport ------------------------------------------------------------------------------

    async def _request(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        *,
        what: str,
        content: bytes | None = None,
        max_bytes: int | None = None,
    ) -> _Answer:
        start = httpx.URL(url)
        limit = self.max_body_bytes if max_bytes is None else min(max_bytes, self.max_body_bytes)
        try:
            return await asyncio.wait_for(
                self._exchange(method, start, headers, content, limit, what), self.total_timeout
            )
        except TimeoutError:
            raise RouterTimeoutError(
                f"{_host(start)} did not answer {what} within {self.total_timeout:g} s",
                fix="check the network connection, or try again later",
            ) from None

    async def _exchange(
        self,
        method: str,
        url: httpx.URL,
        headers: dict[str, str],
        content: bytes | None,
        limit: int,
        what: str,
    ) -> _Answer:
        first, origin = url, _origin(url)
        timeout = httpx.Timeout(self.total_timeout, connect=self.connect_timeout)
        verify = self._verify or _default_ssl_context()
        async with httpx.AsyncClient(
            timeout=timeout, verify=verify, follow_redirects=False
        ) as http:
            for _ in range(MAX_REDIRECTS + 1):
                send = dict(headers)
                sent_token = self._token is not None and _origin(url) == origin
                if sent_token:
                    send["Authorization"] = f"Bearer {self._token}"
                answer = await self._one(http, method, url, send, content, limit, what, sent_token)
                location = answer.headers.get("location")
                if answer.status not in _REDIRECTS or not location:
                    return answer
                try:
                    url = check_url(str(answer.url.join(location)))
                except InsecureURLError as exc:
                    raise InsecureURLError(
                        f"{_host(answer.url)} redirected {what} to an unsafe address: {exc}",
                        fix="check models.providers.huggingface.baseUrl and HF_ENDPOINT",
                    ) from None
                if answer.status == 303 or (answer.status in (301, 302) and method == "POST"):
                    method, content = "GET", None
                    send.pop("Content-Type", None)
        raise BadResponseError(
            f"{_host(first)} redirected {what} more than {MAX_REDIRECTS} times",
            fix="check models.providers.huggingface.baseUrl and HF_ENDPOINT",
        )

    async def _one(
        self,
        http: httpx.AsyncClient,
        method: str,
        url: httpx.URL,
        headers: dict[str, str],
        content: bytes | None,
        limit: int,
        what: str,
        sent_token: bool,
    ) -> _Answer:
        host = _host(url)
        try:
            async with http.stream(method, url, headers=headers, content=content) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise _too_large(host, what, limit)
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(host, what, limit)
                    chunks.append(chunk)
                return _Answer(
                    response.status_code, response.headers, b"".join(chunks), url, sent_token
                )
        # The httpx exceptions hold the request, headers included: never chain them.
        except httpx.TimeoutException:
            raise RouterTimeoutError(
                f"{host} did not answer {what} in time",
                fix="check the network connection, or try again later",
            ) from None
        except httpx.ConnectError as exc:
            reason = _reason(exc)
            if _is_tls(exc):
                raise RouterTLSError(
                    f"the secure connection to {host} failed for {what} ({reason})",
                    fix="check the computer's date and certificates; "
                    "a proxy or captive portal may be intercepting HTTPS",
                ) from None
            raise RouterOfflineError(
                f"cannot reach {host} for {what} ({reason})",
                fix="check the network connection; the tray retries on the next refresh",
            ) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise ConnectionDroppedError(
                f"{host} closed the connection during {what} ({_reason(exc)})",
                fix="try again; if it keeps happening, check the network or proxy",
            ) from None
        except httpx.DecodingError:
            raise BadResponseError(
                f"{host} sent {what} in a damaged encoding", fix="try again later"
            ) from None
        except httpx.TransportError as exc:
            raise RouterOfflineError(
                f"cannot reach {host} for {what} ({_reason(exc)})",
                fix="check the network connection and proxy settings",
            ) from None

    # -- status codes ---------------------------------------------------------------------------

    def _raise_for_status(self, answer: _Answer, what: str, *, ref: ModelRef | None = None) -> None:
        status = answer.status
        if 200 <= status < 300:
            return
        host = _host(answer.url)
        detail, code = _server_error(answer)
        said = f": {detail}" if detail else ""
        facts: dict[str, Any] = {"status": status, "detail": detail}
        if status == 401:
            if not answer.sent_token:
                raise MissingTokenError(
                    f"{host} asks for a token for {what}{said}",
                    fix=f"add a Hugging Face token (create one at {TOKENS_PAGE})",
                    **facts,
                )
            raise TokenRejectedError(
                "token rejected by Hugging Face (invalid, expired or revoked)",
                fix=f"paste a valid token; create one at {INFERENCE_TOKEN_URL}",
                **facts,
            )
        if status == 402:
            raise PaymentRequiredError(
                f"your Hugging Face credits are used up{said}",
                fix=f"buy pre-paid credits or subscribe to PRO at {BILLING_PAGE}, "
                "or wait for next month's included credits",
                **facts,
            )
        if status == 403:
            raise PermissionDeniedError(
                "this token may not call Inference Providers",
                fix="create a fine-grained token with 'Make calls to Inference Providers': "
                f"{INFERENCE_TOKEN_URL}",
                **facts,
            )
        if status == 404:
            raise NotFoundError(
                f"{host} has nothing at {answer.url.path} ({what}){said}",
                fix="check models.providers.huggingface.baseUrl (it should end in /v1) "
                "and HF_ENDPOINT",
                **facts,
            )
        if status == 429:
            wait = parse_retry_after(answer.headers.get("retry-after"))
            raise RateLimitedError(
                f"Hugging Face is limiting requests ({what})",
                fix=f"try again in {math.ceil(wait)} s"
                if wait is not None
                else "try again in a minute",
                retry_after=wait,
                **facts,
            )
        if status >= 500:
            raise ServerError(
                f"{host} failed to answer {what} (HTTP {status}){said}",
                fix="a problem on Hugging Face's side; try again later",
                **facts,
            )
        if status == 400 and code == "model_not_found":
            name = ref.model_id if ref else "the model"
            raise ModelNotFoundError(
                f"the router does not know {name}{said}",
                fix="check the model id, or pick the model from the catalog",
                **facts,
            )
        if status == 400 and code == "model_not_supported":
            name = ref.provider_model_id if ref else "the model"
            raise ModelNotSupportedError(
                f"no enabled provider serves {name} as a chat model{said}",
                fix="pick another provider or policy, or enable a provider for it at "
                "https://huggingface.co/settings/inference-providers",
                **facts,
            )
        if 300 <= status < 400:
            raise BadResponseError(
                f"{host} redirected {what} without saying where (HTTP {status})",
                fix="check models.providers.huggingface.baseUrl and HF_ENDPOINT",
                **facts,
            )
        raise RequestRejectedError(
            f"{host} refused {what} (HTTP {status}){said}",
            fix="check the model id and the base URL; try again later",
            **facts,
        )

    def _object_with_list(
        self, answer: _Answer, what: str, key: str, without_list: str
    ) -> dict[str, Any]:
        """The answer's JSON object, checked to hold a list under `key` (`without_list` says
        what is wrong when it does not)."""
        try:
            data = json.loads(answer.body)
        except ValueError:
            raise self._bad_body(answer, what, "it is not valid JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get(key), list):
            raise self._bad_body(answer, what, without_list)
        return data

    def _bad_body(self, answer: _Answer, what: str, reason: str) -> BadResponseError:
        return BadResponseError(
            f"{_host(answer.url)} sent an unusable answer to {what}: {reason}",
            fix="check that models.providers.huggingface.baseUrl points at the router "
            "(…/v1) and HF_ENDPOINT at the hub; try again later",
            status=answer.status,
        )

    def _require_token(self, purpose: str) -> str:
        if self._token is None:
            raise MissingTokenError(
                f"a Hugging Face token is needed to {purpose}",
                fix=f"add a token; create one at {INFERENCE_TOKEN_URL}",
            )
        return self._token


def _checked_token(token: str | None) -> str | None:
    if token is None or not token.strip():
        return None
    token = token.strip()
    if not token.isascii() or not token.isprintable() or any(ch.isspace() for ch in token):
        raise TokenFormatError(
            "the token contains spaces, line breaks or characters a token cannot have",
            fix="copy the token again from https://huggingface.co/settings/tokens",
        )
    return token


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    """Loading the CA bundle takes tens of milliseconds: do it once, not on every call."""
    return httpx.create_ssl_context()


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"https": 443, "http": 80}.get(url.scheme)
    return (url.scheme, url.host.lower(), url.port or default)


def _host(url: httpx.URL) -> str:
    return f"{url.host}:{url.port}" if url.port else url.host


def _too_large(host: str, what: str, limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"{host} sent more than {limit // (1024 * 1024) or 1} MB for {what}",
        fix="check models.providers.huggingface.baseUrl; the answer is far larger than any "
        "real model list",
    )


def _server_error(answer: _Answer) -> tuple[str | None, str | None]:
    """The server's own message and error code, from either body shape or X-Error-Message."""
    message: Any = None
    code: Any = None
    content_type = answer.headers.get("content-type", "").lower()
    if "html" not in content_type and not answer.body.lstrip().startswith(b"<"):
        try:
            data = json.loads(answer.body)
        except ValueError:
            data = None
        if isinstance(data, dict):
            error = data.get("error")
            if isinstance(error, dict):
                message, code = error.get("message"), error.get("code")
            elif isinstance(error, str):
                message = error
            elif isinstance(data.get("message"), str):
                message = data["message"]
    if not isinstance(message, str) or not message.strip():
        message = answer.headers.get("x-error-message")
    return _clean(message), code if isinstance(code, str) else None


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = redact_tokens(" ".join(text.split()))
    return text if len(text) <= _DETAIL_LIMIT else text[: _DETAIL_LIMIT - 1] + "…"


def _reason(exc: BaseException) -> str:
    """A short cause for a transport failure, without URLs or headers."""
    root: BaseException = exc
    while root.__cause__ is not None or root.__context__ is not None:
        root = root.__cause__ or root.__context__  # type: ignore[assignment]
    text = getattr(root, "strerror", None) or getattr(root, "reason", None) or str(root)
    text = redact_tokens(" ".join(str(text).split()))
    return text[:120] or type(root).__name__


def _is_tls(exc: BaseException) -> bool:
    node: BaseException | None = exc
    while node is not None:
        if isinstance(node, ssl.SSLError) or "SSL" in str(node) or "CERTIFICATE" in str(node):
            return True
        node = node.__cause__ or node.__context__
    return False
