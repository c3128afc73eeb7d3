"""A fake Hugging Face (router + whoami) for tests and for pointing the app at by hand."""

from tests.fakehf.catalog_gen import generate_catalog
from tests.fakehf.data import TOKENS, WHOAMI_CASES
from tests.fakehf.server import KINDS, ROUTES, FakeHF, RecordedRequest

__all__ = [
    "KINDS",
    "ROUTES",
    "TOKENS",
    "WHOAMI_CASES",
    "FakeHF",
    "RecordedRequest",
    "generate_catalog",
]
