"""Where the fal, Luma and Replicate cassette tests send their requests, in three modes.

* Replay (the default, ``--record-mode=none --block-network``): models use each
  provider's real base URLs and VCR answers from ``cassettes/{fal,luma,replicate}_*/``
  (API calls, polls and the file downloads from the CDNs). Keys are dummies unless set.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to the loopback fakes (``fal_wire``, ``luma_wire``, ``replicate_wire``), one port per
  real host, and ``media_hosts`` records every loopback origin, in URIs and in the links
  inside bodies, as the real host.
* Real re-recording (the provider's key and ``--record-mode=rewrite``): the real APIs.
  Tests marked ``fal_written`` / ``luma_written`` / ``replicate_written`` ask for what a
  real service cannot do on demand (a 429, a failed job) and use the fake in every mode.

Which provider a test module belongs to is its name: ``test_fal_*``, ``test_luma_*``,
``test_replicate_*``. Polls and retries do not wait except against the real services.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from fake_keys import fake_key
from fal_wire import FakeFal
from image_cassettes import PROVIDERS, provider_of, real_recording, uses_fake
from luma_wire import FakeLuma
from media_hosts import with_host_rewrites
from replicate_wire import FakeReplicate
from vcr_setup import recording
from written_cassettes import WRITE_ENV

from ai_sdk_integrations.provider import media_job
from ai_sdk_integrations.transport import client as http_client


def pytest_configure(config: pytest.Config) -> None:
    for written, _ in PROVIDERS.values():
        written.register_marker(config)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail before the ``vcr`` fixture deletes a cassette to re-record it without a key."""
    provider = provider_of(item)
    if provider is None or not real_recording(item):
        return
    written, variables = PROVIDERS[provider]
    if not any(os.environ.get(name) for name in variables):
        pytest.fail(
            f"re-recording {written.provider} cassettes against the real service needs "
            f"{' or '.join(variables)}; to write them from the wire format instead set {WRITE_ENV}=1 "
            "(see cassettes/README.md)",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    return with_host_rewrites(vcr_config)


@pytest.fixture(scope="session")
def fal_wire() -> Iterator[FakeFal]:
    with FakeFal() as server:
        yield server


@pytest.fixture(scope="session")
def luma_wire() -> Iterator[FakeLuma]:
    with FakeLuma() as server:
        yield server


@pytest.fixture(scope="session")
def replicate_wire() -> Iterator[FakeReplicate]:
    with FakeReplicate() as server:
        yield server


@pytest.fixture(autouse=True)
def no_waiting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Polls and retry back-offs take no time, except against the real services."""
    if real_recording(request.node):
        return

    async def asleep(delay: float) -> None:
        pass

    monkeypatch.setattr(media_job, "_sleep", lambda delay: None)
    monkeypatch.setattr(media_job, "_asleep", asleep)
    monkeypatch.setattr(http_client, "_sleep", lambda delay: None)
    monkeypatch.setattr(http_client, "_asleep", asleep)


def _dummy_keys(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, provider: str) -> None:
    variables = PROVIDERS[provider][1]
    if uses_fake(request.node) or (
        not recording(request.config) and not any(os.environ.get(v) for v in variables)
    ):
        monkeypatch.setenv(variables[0], fake_key(f"{provider}-replay-dummy-not-a-key"))


@pytest.fixture
def fal_settings(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``create_fal`` settings for this test: the fake's hosts, or fal's own."""
    _dummy_keys(request, monkeypatch, "fal")
    if uses_fake(request.node):
        server: FakeFal = request.getfixturevalue("fal_wire")
        server.reset()
        return {"base_url": server.base_url, "queue_base_url": server.queue_url}
    return {}


@pytest.fixture
def luma_settings(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    _dummy_keys(request, monkeypatch, "luma")
    if uses_fake(request.node):
        server: FakeLuma = request.getfixturevalue("luma_wire")
        server.reset()
        return {"base_url": server.base_url}
    return {}


@pytest.fixture
def replicate_settings(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    _dummy_keys(request, monkeypatch, "replicate")
    if uses_fake(request.node):
        server: FakeReplicate = request.getfixturevalue("replicate_wire")
        server.reset()
        return {"base_url": server.base_url}
    return {}
