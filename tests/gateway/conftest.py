"""The Vercel AI Gateway tests: a loopback fake for the protocol tests, and cassettes.

The protocol and round-trip tests talk to ``gateway_wire.FakeGateway`` directly
(fixture ``gateway``) and read back exactly what it received. The cassette tests
(``pytest.mark.vcr`` and the ``gateway_base_url`` fixture) run in one of three modes:

* Replay (the default, ``--record-mode=none --block-network``): ``gateway:`` models use
  the Gateway's default base URL and VCR answers from ``cassettes/gateway_*/``.
  ``AI_GATEWAY_API_KEY`` is a dummy unless set; ``AI_GATEWAY_BASE_URL`` is cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to ``FakeGateway`` on 127.0.0.1 (via ``AI_GATEWAY_BASE_URL``), and the recorded URIs
  are rewritten to ``https://ai-gateway.vercel.sh`` so replay needs nothing local.
* Real re-recording (``AI_GATEWAY_API_KEY=... --record-mode=rewrite``): the real
  Gateway. Tests marked ``gateway_written`` ask for something the real Gateway cannot
  be made to do on demand (a 429, a 500, an HTML page from a proxy) and are written
  from the fake in every recording mode.

Every test starts with no Vercel environment (OIDC token, o11y variables) and an empty
model-list cache, so nothing leaks between tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from gateway_wire import GATEWAY_API, GATEWAY_ORIGIN, FakeGateway
from vcr_setup import recording
from written_cassettes import WrittenCassettes

from ai_sdk_integrations.providers.gateway.config import CACHE

KEY_ENV = "AI_GATEWAY_API_KEY"
DUMMY_KEY = "vck_replay_dummy_not_a_key"
VERCEL_ENV_VARS = (
    "AI_GATEWAY_BASE_URL",
    "VERCEL_OIDC_TOKEN",
    "VERCEL_DEPLOYMENT_ID",
    "VERCEL_ENV",
    "VERCEL_REGION",
    "VERCEL_PROJECT_ID",
)
WRITTEN = WrittenCassettes(
    provider="Gateway",
    key_env=KEY_ENV,
    marker="gateway_written",
    loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+(?=/|$)"),
    real_prefix=GATEWAY_ORIGIN,
    real_host="ai-gateway.vercel.sh",
)
uses_fake_server = WRITTEN.uses_fake_server
real_recording = WRITTEN.real_recording


def pytest_configure(config: pytest.Config) -> None:
    WRITTEN.register_marker(config)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    WRITTEN.refuse_real_recording_without_key(item)


STREAMING_HEADER = "ai-language-model-streaming"


def same_streaming_flag(r1: Any, r2: Any) -> None:
    """VCR matcher ``gateway_streaming``: the Gateway's streaming flag is a header, not
    part of the body, so a generate and a stream call with the same body differ only
    here (matters once a cassette allows playback repeats)."""
    first, second = r1.headers.get(STREAMING_HEADER), r2.headers.get(STREAMING_HEADER)
    assert first == second, f"{STREAMING_HEADER}: {first!r} != {second!r}"


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("gateway_streaming", same_streaming_flag)


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    return WRITTEN.vcr_config(vcr_config)


@pytest.fixture(scope="session")
def fake_gateway() -> Iterator[FakeGateway]:
    with FakeGateway() as server:
        yield server


@pytest.fixture
def gateway(fake_gateway: FakeGateway) -> FakeGateway:
    """The fake, with no requests seen yet."""
    fake_gateway.reset()
    return fake_gateway


@pytest.fixture(autouse=True)
def clean_vercel_environment(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    for name in VERCEL_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    if not real_recording(request.node):
        monkeypatch.delenv(KEY_ENV, raising=False)
    CACHE.clear()
    yield
    CACHE.clear()


@pytest.fixture
def gateway_base_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The base URL this cassette test's ``gateway:`` models resolve to (set through the
    environment, so model strings need no ``base_url``)."""
    if uses_fake_server(request.node):
        server: FakeGateway = request.getfixturevalue("gateway")
        monkeypatch.setenv("AI_GATEWAY_BASE_URL", server.base_url)
        monkeypatch.setenv(KEY_ENV, DUMMY_KEY)
        return server.base_url
    if not recording(request.config):
        monkeypatch.setenv(KEY_ENV, DUMMY_KEY)
    return GATEWAY_API
