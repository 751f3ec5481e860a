"""Where the speech and transcription tests send their requests, in each of three modes.

Every test module here names its provider (``PROVIDER = "deepgram"``), and:

* Replay (the default, ``--record-mode=none --block-network``): models use the
  provider's real base URL and VCR answers from ``cassettes/<provider>_cassettes/``;
  the provider's key variable is a dummy unless set, its ``*_BASE_URL`` is cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to the provider's fake (``<provider>_wire.py``) on 127.0.0.1 through ``*_BASE_URL``,
  and the recorded URIs are rewritten to the real host.
* Real re-recording (the provider's key and ``--record-mode=rewrite``): the real API.
  Tests marked ``<provider>_written`` ask for what the real API cannot be made to do on
  demand (a 429) and use the fake in every mode.

Tests that check the fakes themselves (``fake`` fixture) never use a cassette.

Cassettes match requests on everything but the audio bytes (``audio_body``): a raw
audio body, or a multipart file part, matches any audio, because espeak-ng of another
version speaks the same sentence with other bytes; every other field, multipart part
and JSON member must match. Polling waits are skipped unless recording for real.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from assemblyai_wire import ASSEMBLYAI_API, FakeAssemblyAI
from audio_wire import FakeAPI, Handler, parse_multipart
from deepgram_wire import DEEPGRAM_API, FakeDeepgram
from elevenlabs_wire import ELEVENLABS_API, FakeElevenLabs
from fake_keys import fake_key
from gladia_wire import GLADIA_API, FakeGladia
from hume_wire import HUME_API, FakeHume
from lmnt_wire import LMNT_API, FakeLMNT
from revai_wire import REVAI_API, FakeRevai
from vcr_setup import recording
from written_cassettes import WrittenCassettes

from ai_sdk_integrations.provider import media_job


@dataclass(frozen=True)
class AudioProvider:
    name: str
    title: str
    key_env: str
    real_base: str
    make_fake: Callable[[], Handler]

    @property
    def base_env(self) -> str:
        return f"{self.name.upper()}_BASE_URL"

    @property
    def api_path(self) -> str:
        return urlsplit(self.real_base).path

    @property
    def dummy_key(self) -> str:
        return fake_key(f"{self.name}-replay-dummy-not-a-key")

    @property
    def written(self) -> WrittenCassettes:
        return WrittenCassettes(
            provider=self.title,
            key_env=self.key_env,
            marker=f"{self.name}_written",
            loopback=re.compile(
                r"^http://(?:127\.0\.0\.1|localhost):\d+" + re.escape(self.api_path) + r"(?=[/?]|$)"
            ),
            real_prefix=self.real_base,
            real_host=urlsplit(self.real_base).netloc,
        )


PROVIDERS = {
    provider.name: provider
    for provider in (
        AudioProvider("deepgram", "Deepgram", "DEEPGRAM_API_KEY", DEEPGRAM_API, FakeDeepgram),
        AudioProvider("elevenlabs", "ElevenLabs", "ELEVENLABS_API_KEY", ELEVENLABS_API, FakeElevenLabs),
        AudioProvider("gladia", "Gladia", "GLADIA_API_KEY", GLADIA_API, FakeGladia),
        AudioProvider("assemblyai", "AssemblyAI", "ASSEMBLYAI_API_KEY", ASSEMBLYAI_API, FakeAssemblyAI),
        AudioProvider("revai", "Rev.ai", "REVAI_API_KEY", REVAI_API, FakeRevai),
        AudioProvider("hume", "Hume", "HUME_API_KEY", HUME_API, FakeHume),
        AudioProvider("lmnt", "LMNT", "LMNT_API_KEY", LMNT_API, FakeLMNT),
    )
}


def provider_of(node: Any) -> AudioProvider | None:
    module = getattr(node, "module", None)
    name = getattr(module, "PROVIDER", None)
    return PROVIDERS.get(name) if isinstance(name, str) else None


def pytest_configure(config: pytest.Config) -> None:
    for provider in PROVIDERS.values():
        provider.written.register_marker(config)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    provider = provider_of(item)
    if provider is not None:
        provider.written.refuse_real_recording_without_key(item)


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("audio_body", same_body_but_audio)


@pytest.fixture(scope="module")
def vcr_config(request: pytest.FixtureRequest, vcr_config: dict[str, Any]) -> dict[str, Any]:
    provider = provider_of(request)
    config = provider.written.vcr_config(vcr_config) if provider is not None else dict(vcr_config)
    config["match_on"] = [name if name != "body" else "audio_body" for name in config["match_on"]]
    return config


class _Fakes:
    """One running fake per provider for the session, started when first wanted."""

    def __init__(self) -> None:
        self.running: dict[str, FakeAPI] = {}

    def get(self, provider: AudioProvider) -> FakeAPI:
        if provider.name not in self.running:
            self.running[provider.name] = FakeAPI(provider.make_fake(), provider.title).__enter__()
        return self.running[provider.name]

    def close(self) -> None:
        for server in self.running.values():
            server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def fakes() -> Iterator[_Fakes]:
    made = _Fakes()
    yield made
    made.close()


@pytest.fixture
def fake(request: pytest.FixtureRequest, fakes: _Fakes) -> FakeAPI:
    """This module's provider's fake, fresh (requests cleared); tests of the fake's own
    checks use it directly, without a cassette."""
    provider = provider_of(request)
    assert provider is not None, "set PROVIDER in the test module"
    server = fakes.get(provider)
    server.reset()
    return server


def fake_base_url(provider: AudioProvider, server: FakeAPI) -> str:
    return server.origin + provider.api_path


@pytest.fixture(autouse=True)
def provider_base_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """The base URL this test's models resolve to (set through the environment)."""
    provider = provider_of(request)
    if provider is None:
        return None
    written = provider.written
    if written.uses_fake_server(request.node):
        server = request.getfixturevalue("fakes").get(provider)
        server.reset()
        monkeypatch.setenv(provider.base_env, fake_base_url(provider, server))
        monkeypatch.setenv(provider.key_env, provider.dummy_key)
        return fake_base_url(provider, server)
    monkeypatch.delenv(provider.base_env, raising=False)
    if not recording(request.config) and not os.environ.get(provider.key_env):
        monkeypatch.setenv(provider.key_env, provider.dummy_key)
    return provider.real_base


@pytest.fixture(autouse=True)
def no_poll_waits(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The poll waits asked for, in order. They are skipped, except against the real
    API (a real job needs the time)."""
    waits: list[float] = []
    provider = provider_of(request)
    really = provider is not None and provider.written.real_recording(request.node)
    sleep, asleep = media_job._sleep, media_job._asleep

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if really:
            sleep(seconds)

    async def await_(seconds: float) -> None:
        waits.append(seconds)
        if really:
            await asleep(seconds)

    monkeypatch.setattr(media_job, "_sleep", wait)
    monkeypatch.setattr(media_job, "_asleep", await_)
    return waits


# -- matching cassette requests ---------------------------------------------------------


def _header(request: Any, name: str) -> str:
    for key, value in request.headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return ""


def _body_bytes(request: Any) -> bytes:
    body = request.body
    if body is None:
        return b""
    return body if isinstance(body, bytes) else str(body).encode()


def comparable_body(request: Any) -> Any:
    """The request body with audio bytes replaced by a marker."""
    kind = _header(request, "content-type").lower()
    body = _body_bytes(request)
    if kind.startswith(("audio/", "video/", "application/octet-stream")):
        return "<audio>" if body else ""
    if kind.startswith("multipart/form-data"):
        return [
            (part.name, part.filename, part.content_type, "<audio>" if part.filename else _jsonish(part.data))
            for part in parse_multipart(kind, body)
        ]
    return _jsonish(body)


def _jsonish(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return data


def same_body_but_audio(r1: Any, r2: Any) -> None:
    assert comparable_body(r1) == comparable_body(r2)
