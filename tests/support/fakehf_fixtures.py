"""pytest fixtures for the fake Hugging Face.

Use them with `fake_hf = fakehf_fixtures.fake_hf` in a test module (or through
`pytest_plugins` in the root conftest).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakehf import FakeHF


@pytest.fixture
def fake_hf() -> Iterator[FakeHF]:
    """A running fake router + hub on 127.0.0.1 with the recorded catalog."""
    with FakeHF() as hf:
        yield hf


@pytest.fixture
def fake_hf_env(fake_hf: FakeHF, monkeypatch: pytest.MonkeyPatch) -> FakeHF:
    """The fake server, with HF_ENDPOINT pointing at it (as a user would set it)."""
    monkeypatch.setenv("HF_ENDPOINT", fake_hf.url)
    return fake_hf
