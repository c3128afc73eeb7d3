"""The fake Hugging Face answers like the real one, and each switch does what it says."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.fakehf import TOKENS, WHOAMI_CASES, FakeHF, generate_catalog
from tests.support import fakehf_fixtures

fake_hf = fakehf_fixtures.fake_hf
REPO = Path(__file__).resolve().parent.parent


def bearer(case: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[case]}"}


def test_tokens_have_the_hugging_face_shape_and_differ() -> None:
    assert all(re.fullmatch(r"hf_[A-Za-z]{34}", token) for token in TOKENS.values())
    assert len(set(TOKENS.values())) == len(TOKENS)


def test_serves_the_recorded_catalog_with_an_etag(fake_hf: FakeHF) -> None:
    response = httpx.get(fake_hf.router_base + "/models")
    recorded = (REPO / "tests/data/router-models.json").read_bytes()
    assert response.status_code == 200
    assert response.content == recorded
    assert response.headers["etag"]
    assert response.headers["last-modified"]


def test_matching_if_none_match_gets_304_unless_etags_are_off(fake_hf: FakeHF) -> None:
    etag = httpx.get(fake_hf.router_base + "/models").headers["etag"]
    again = httpx.get(fake_hf.router_base + "/models", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    fake_hf.etag_enabled = False
    plain = httpx.get(fake_hf.router_base + "/models", headers={"If-None-Match": etag})
    assert plain.status_code == 200
    assert "etag" not in plain.headers


def test_a_new_models_body_changes_the_etag(fake_hf: FakeHF) -> None:
    before = httpx.get(fake_hf.router_base + "/models").headers["etag"]
    fake_hf.models_body = generate_catalog(3)
    response = httpx.get(fake_hf.router_base + "/models", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert len(response.json()["data"]) == 3


def test_serves_one_model_by_id_and_404_for_an_unknown_one(fake_hf: FakeHF) -> None:
    found = httpx.get(fake_hf.router_base + "/models/deepseek-ai/DeepSeek-R1")
    assert found.json()["id"] == "deepseek-ai/DeepSeek-R1"
    assert httpx.get(fake_hf.router_base + "/models/no/such").status_code == 404


@pytest.mark.parametrize("case", sorted(WHOAMI_CASES))
def test_whoami_answer_is_chosen_by_the_token(fake_hf: FakeHF, case: str) -> None:
    response = httpx.get(fake_hf.url + "/api/whoami-v2", headers=bearer(case))
    assert response.status_code == WHOAMI_CASES[case]["status"]
    assert response.json() == WHOAMI_CASES[case]["body"]


def test_whoami_without_a_known_token_is_401_with_the_error_header(fake_hf: FakeHF) -> None:
    for headers in ({}, bearer("unknown")):
        response = httpx.get(fake_hf.url + "/api/whoami-v2", headers=headers)
        assert response.status_code == 401
        assert response.headers["x-error-message"] == response.json()["error"]


def chat(fake_hf: FakeHF, case: str, model: str) -> httpx.Response:
    body = {"model": model, "messages": [{"role": "user", "content": "hi"}], "max_tokens": 1}
    return httpx.post(fake_hf.router_base + "/chat/completions", json=body, headers=bearer(case))


def test_chat_answers_a_listed_model_and_names_the_provider(fake_hf: FakeHF) -> None:
    response = chat(fake_hf, "classic_read", "deepseek-ai/DeepSeek-R1:together")
    assert response.status_code == 200
    assert response.json()["choices"]
    assert response.headers["x-inference-provider"] == "together"


def test_chat_refuses_like_the_router(fake_hf: FakeHF) -> None:
    assert chat(fake_hf, "unknown", "deepseek-ai/DeepSeek-R1").status_code == 401
    assert (
        chat(fake_hf, "fine_grained_without_inference", "deepseek-ai/DeepSeek-R1").status_code
        == 403
    )
    unknown = chat(fake_hf, "classic_read", "no/such-model")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (400, "model_not_found")
    pinned = chat(fake_hf, "classic_read", "deepseek-ai/DeepSeek-R1:no-such-provider")
    assert (pinned.status_code, pinned.json()["error"]["code"]) == (400, "model_not_supported")


def test_records_method_path_headers_and_body(fake_hf: FakeHF) -> None:
    chat(fake_hf, "classic_read", "deepseek-ai/DeepSeek-R1")
    (request,) = fake_hf.requests
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.header("Authorization") == f"Bearer {TOKENS['classic_read']}"
    assert json.loads(request.body)["max_tokens"] == 1
    fake_hf.clear()
    assert fake_hf.requests == []


@pytest.mark.parametrize(
    ("shape", "expected_body", "header"),
    [
        ("string", {"error": "Service Unavailable"}, "Service Unavailable"),
        ("header", None, "Service Unavailable"),
    ],
)
def test_status_failure_with_string_or_header_shapes(
    fake_hf: FakeHF, shape: str, expected_body: object, header: str
) -> None:
    fake_hf.set_failure("models", "status", status=503, shape=shape)
    response = httpx.get(fake_hf.router_base + "/models")
    assert response.status_code == 503
    assert response.headers["x-error-message"] == header
    assert (response.json() if response.content else None) == expected_body


def test_status_failure_with_object_shape_and_retry_after(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("chat", "status", status=429, shape="object", code="rate", retry_after=3)
    response = chat(fake_hf, "classic_read", "deepseek-ai/DeepSeek-R1")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    assert response.json()["error"]["code"] == "rate"


def test_html_failure_sends_an_html_page(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("*", "html", status=504)
    response = httpx.get(fake_hf.url + "/api/whoami-v2")
    assert response.status_code == 504
    assert response.headers["content-type"].startswith("text/html")


def test_a_failure_limited_by_times_then_answers_normally(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "malformed", times=1)
    with pytest.raises(ValueError):
        httpx.get(fake_hf.router_base + "/models").json()
    assert httpx.get(fake_hf.router_base + "/models").json()["data"]


def test_drop_closes_without_an_answer(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "drop")
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(fake_hf.router_base + "/models")


def test_huge_body_stops_at_its_limit(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "huge", limit_mb=2)
    size = len(httpx.get(fake_hf.router_base + "/models").content)
    assert 2 * 1024 * 1024 <= size < 3 * 1024 * 1024


def test_redirect_to_the_other_server_which_records_what_it_got(fake_hf: FakeHF) -> None:
    fake_hf.set_failure("models", "redirect", status=307)
    first = httpx.get(fake_hf.router_base + "/models", headers={"X-Probe": "1"})
    assert first.status_code == 307
    assert first.headers["location"] == fake_hf.other.router_base + "/models"
    httpx.get(first.headers["location"], headers={"X-Probe": "2"})
    assert [r.header("X-Probe") for r in fake_hf.other.requests] == ["2"]


def test_unknown_route_or_kind_is_refused(fake_hf: FakeHF) -> None:
    with pytest.raises(ValueError):
        fake_hf.set_failure("nowhere", "html")
    with pytest.raises(ValueError):
        fake_hf.set_failure("models", "explode")


def test_generated_catalog_is_large_varied_and_repeatable() -> None:
    catalog = generate_catalog(10_000, seed=7)
    models = catalog["data"]
    offers = [offer for model in models for offer in model["providers"]]
    assert len({model["id"] for model in models}) == 10_000
    assert generate_catalog(100, seed=7)["data"] == models[:100]
    assert generate_catalog(100, seed=8)["data"] != models[:100]
    assert any(not model["providers"] for model in models)
    assert any("architecture" not in model for model in models)
    assert any("pricing" not in offer for offer in offers)
    assert any("context_length" not in offer for offer in offers)
    assert {offer["status"] for offer in offers} == {"live", "error"}
    assert len({offer["provider"] for offer in offers}) > 10


def test_runs_by_hand_and_prints_where_to_point_the_app() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakehf", "--port", "0", "--models", "5"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert url, first
        assert len(httpx.get(url.group(0) + "/v1/models").json()["data"]) == 5
    finally:
        process.terminate()
        process.wait(timeout=10)
