"""Where the media cassette tests send their requests, in each of three modes.

* Replay (default, ``--record-mode=none --block-network``): models use the real base
  URLs and VCR answers from ``cassettes/media_*/``; keys are dummies unless set.
* Writing (``AI_SDK_WRITE_CASSETTES=1 --record-mode=rewrite``): every provider's models
  talk to ``media_wire.FakeMedia`` on 127.0.0.1 (through ``OPENAI_BASE_URL``,
  ``GOOGLE_GENERATIVE_AI_BASE_URL`` and ``AI_GATEWAY_BASE_URL``), and the recorded URIs
  are rewritten to the real hosts.
* Real re-recording (the provider's key and ``--record-mode=rewrite``): a module's
  ``pytestmark = pytest.mark.media_provider("openai")`` names whose key it needs. Tests
  marked ``media_written`` ask for what a real service cannot do on demand and are
  always written from the fake.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fake_keys import fake_key
from media_wire import GATEWAY_API, GOOGLE_API, OPENAI_API, FakeMedia
from vcr_setup import recording
from written_cassettes import WRITE_ENV, WrittenCassettes

from ai_sdk_integrations.provider import media_job

_LOOPBACK = r"^http://(?:127\.0\.0\.1|localhost):\d+"
PROVIDERS: dict[str, tuple[WrittenCassettes, str, str, str]] = {
    # name: (cassettes, base URL variable, fake's path, dummy key)
    "openai": (
        WrittenCassettes(
            "OpenAI",
            "OPENAI_API_KEY",
            "media_written",
            re.compile(_LOOPBACK + "/openai/v1(?=/|$)"),
            OPENAI_API,
            "api.openai.com",
        ),
        "OPENAI_BASE_URL",
        "/openai/v1",
        fake_key("sk-replay-dummy-not-a-key"),
    ),
    "google": (
        WrittenCassettes(
            "Google",
            "GOOGLE_GENERATIVE_AI_API_KEY",
            "media_written",
            re.compile(_LOOPBACK + "/google/v1beta(?=/|$)"),
            GOOGLE_API,
            "generativelanguage.googleapis.com",
        ),
        "GOOGLE_GENERATIVE_AI_BASE_URL",
        "/google/v1beta",
        fake_key("AIzaSy-replay-dummy-not-a-key"),
    ),
    "gateway": (
        WrittenCassettes(
            "Gateway",
            "AI_GATEWAY_API_KEY",
            "media_written",
            re.compile(_LOOPBACK + "/gateway/v4/ai(?=/|$)"),
            GATEWAY_API,
            "ai-gateway.vercel.sh",
        ),
        "AI_GATEWAY_BASE_URL",
        "/gateway/v4/ai",
        "vck" + "_replay_dummy_not_a_key",  # assembled: no key-shaped literal in the source
    ),
}
_ANY = PROVIDERS["openai"][0]


def pytest_configure(config: pytest.Config) -> None:
    _ANY.register_marker(config)
    config.addinivalue_line("markers", "media_provider(name): the provider whose key re-recording needs")


def _providers(item: pytest.Item) -> list[str]:
    marker = item.get_closest_marker("media_provider")
    return list(marker.args) if marker else []


def uses_fake(item: pytest.Item) -> bool:
    return _ANY.uses_fake_server(item)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    for name in _providers(item):
        PROVIDERS[name][0].refuse_real_recording_without_key(item)


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    config = vcr_config
    for cassettes, *_ in PROVIDERS.values():
        config = cassettes.vcr_config(config)
    return config


@pytest.fixture(scope="session")
def media_fake() -> Iterator[FakeMedia]:
    with FakeMedia() as server:
        yield server


@pytest.fixture(autouse=True)
def media_endpoints(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> FakeMedia | None:
    """Point every provider at the fake when writing, else at the real hosts; dummy
    keys unless a real one is set for re-recording. No test waits between polls."""
    monkeypatch.setattr(media_job, "_sleep", lambda seconds: None)

    async def no_wait(seconds: float) -> None:
        return None

    monkeypatch.setattr(media_job, "_asleep", no_wait)
    fake: FakeMedia | None = None
    if uses_fake(request.node):
        fake = request.getfixturevalue("media_fake")
        fake.reset()
    for cassettes, base_env, path, dummy in PROVIDERS.values():
        if fake is not None:
            monkeypatch.setenv(base_env, fake.origin + path)
            monkeypatch.setenv(cassettes.key_env, dummy)
            continue
        monkeypatch.delenv(base_env, raising=False)
        if not recording(request.config) and not os.environ.get(cassettes.key_env):
            monkeypatch.setenv(cassettes.key_env, dummy)
    for name in ("GEMINI_API_KEY", "VERCEL_OIDC_TOKEN"):
        if not recording(request.config):
            monkeypatch.delenv(name, raising=False)
    return fake


def writing(config: pytest.Config) -> bool:
    return recording(config) and os.environ.get(WRITE_ENV) == "1"
