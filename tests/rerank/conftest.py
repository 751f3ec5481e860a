"""Where the reranking cassette tests send their requests, per service, in three modes.

A test module names its service in ``SERVICE`` (``"cohere"``, ``"togetherai"`` or
``"gateway"``) and asks for ``service_url``:

* Replay (the default, ``--record-mode=none --block-network``): the real API's URL, and
  VCR answers from ``cassettes/rerank_*/``; the service's key variable is a dummy unless set.
* Writing (``AI_SDK_WRITE_CASSETTES=1 --record-mode=rewrite``): the service's loopback
  fake from ``rerank_wire``; recorded URIs are rewritten to the real host.
* Real re-recording (the service's key and ``--record-mode=rewrite``): the real API.
  Tests marked ``rerank_written`` (a 429 on demand) use the fake in every recording mode.

Retry waits are skipped (and recorded in ``retry_delays``) so a 429 costs no time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fake_keys import fake_key
from rerank_wire import (
    COHERE_API,
    COHERE_ORIGIN,
    GATEWAY_ORIGIN,
    GATEWAY_RERANK_API,
    TOGETHER_API,
    TOGETHER_ORIGIN,
    FakeCohere,
    FakeGatewayReranking,
    FakeTogether,
    LoopbackFake,
)
from vcr_setup import recording
from written_cassettes import WrittenCassettes

from ai_sdk_integrations.transport import client as http_client

LOOPBACK = re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+(?=/|$)")
MARKER = "rerank_written"
GATEWAY_ENV = (
    "AI_GATEWAY_BASE_URL",
    "VERCEL_OIDC_TOKEN",
    "VERCEL_DEPLOYMENT_ID",
    "VERCEL_ENV",
    "VERCEL_REGION",
)


@dataclass(frozen=True)
class Service:
    written: WrittenCassettes
    fake: type[LoopbackFake]
    api: str
    dummy_key: str


SERVICES = {
    "cohere": Service(
        WrittenCassettes("Cohere", "COHERE_API_KEY", MARKER, LOOPBACK, COHERE_ORIGIN, "api.cohere.com"),
        FakeCohere,
        COHERE_API,
        fake_key("cohere-replay-dummy"),
    ),
    "togetherai": Service(
        WrittenCassettes(
            "Together", "TOGETHER_API_KEY", MARKER, LOOPBACK, TOGETHER_ORIGIN, "api.together.xyz"
        ),
        FakeTogether,
        TOGETHER_API,
        fake_key("together-replay-dummy"),
    ),
    "gateway": Service(
        WrittenCassettes(
            "Gateway", "AI_GATEWAY_API_KEY", MARKER, LOOPBACK, GATEWAY_ORIGIN, "ai-gateway.vercel.sh"
        ),
        FakeGatewayReranking,
        GATEWAY_RERANK_API,
        "vck_replay_dummy_not_a_key",
    ),
}


def service_of(node: Any) -> Service | None:
    name = getattr(getattr(node, "module", None), "SERVICE", None)
    return SERVICES[name] if name else None


def pytest_configure(config: pytest.Config) -> None:
    SERVICES["cohere"].written.register_marker(config)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    service = service_of(item)
    if service is not None:
        service.written.refuse_real_recording_without_key(item)


@pytest.fixture(scope="module")
def vcr_config(request: pytest.FixtureRequest, vcr_config: dict[str, Any]) -> dict[str, Any]:
    service = service_of(request)
    return service.written.vcr_config(vcr_config) if service is not None else vcr_config


@pytest.fixture(scope="session")
def fakes() -> Iterator[dict[str, LoopbackFake]]:
    started = {name: service.fake() for name, service in SERVICES.items()}
    for fake in started.values():
        fake.__enter__()
    yield started
    for fake in started.values():
        fake.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def retry_delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    delays: list[float] = []

    async def asleep(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(http_client, "_sleep", delays.append)
    monkeypatch.setattr(http_client, "_asleep", asleep)
    return delays


@pytest.fixture
def service_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The base URL this test's models use, and the key they find in the environment
    (for the Gateway also ``AI_GATEWAY_BASE_URL``, so ``gateway:`` strings resolve to it)."""
    service = service_of(request.node)
    assert service is not None, "a reranking cassette module names its SERVICE"
    key_env = service.written.key_env
    if key_env == "AI_GATEWAY_API_KEY":
        for name in GATEWAY_ENV:
            monkeypatch.delenv(name, raising=False)
    if service.written.uses_fake_server(request.node):
        fake = request.getfixturevalue("fakes")[request.module.SERVICE]
        fake.reset()
        monkeypatch.setenv(key_env, service.dummy_key)
        url = fake.base_url
    else:
        if not recording(request.config) and not os.environ.get(key_env):
            monkeypatch.setenv(key_env, service.dummy_key)
        url = service.api
    if key_env == "AI_GATEWAY_API_KEY":
        monkeypatch.setenv("AI_GATEWAY_BASE_URL", url)
    return url
