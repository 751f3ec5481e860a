"""Which written-cassette mode each fal, Luma and Replicate test runs in, by its module
name (``test_fal_*``, ...): shared by this folder's conftest and its tests (a module of its
own: ``from conftest import ...`` would find whichever conftest was imported first)."""

from __future__ import annotations

import re

import pytest
from written_cassettes import WrittenCassettes

_NEVER = re.compile(r"^$")
PROVIDERS: dict[str, tuple[WrittenCassettes, tuple[str, ...]]] = {
    "fal": (
        WrittenCassettes("fal", "FAL_API_KEY", "fal_written", _NEVER, "", ""),
        ("FAL_API_KEY", "FAL_KEY"),
    ),
    "luma": (WrittenCassettes("Luma", "LUMA_API_KEY", "luma_written", _NEVER, "", ""), ("LUMA_API_KEY",)),
    "replicate": (
        WrittenCassettes("Replicate", "REPLICATE_API_TOKEN", "replicate_written", _NEVER, "", ""),
        ("REPLICATE_API_TOKEN",),
    ),
}


def provider_of(item: pytest.Item | pytest.FixtureRequest) -> str | None:
    module = getattr(item, "module", None)
    name = (module.__name__ if module is not None else "").rsplit(".", 1)[-1]
    return next((p for p in PROVIDERS if name.startswith(f"test_{p}_")), None)


def uses_fake(item: pytest.Item) -> bool:
    provider = provider_of(item)
    return provider is not None and PROVIDERS[provider][0].uses_fake_server(item)


def real_recording(item: pytest.Item) -> bool:
    provider = provider_of(item)
    return provider is not None and PROVIDERS[provider][0].real_recording(item)
