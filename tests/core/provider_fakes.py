"""Written cassettes of three providers (OpenAI, Anthropic, Google) for the core's tests.

The same mechanism as each provider's own suite (``tests/written_cassettes.py``; the
fakes ``openai_wire.FakeOpenAI``, ``anthropic_wire.FakeAnthropic``,
``google_wire.FakeGoogle``): replay by default; ``AI_SDK_WRITE_CASSETTES=1
--record-mode=rewrite`` writes them from the fake, with the recorded URIs rewritten to
the real host; the provider's key and ``--record-mode=rewrite`` re-record them against
the real API. A test module binds one provider with ``fixtures(PROVIDER)``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fake_keys import fake_key
from vcr_setup import recording
from written_cassettes import WrittenCassettes

_TESTS = Path(__file__).resolve().parents[1]
for _folder in ("anthropic_provider", "google_provider"):  # where the fakes live
    if str(_TESTS / _folder) not in sys.path:
        sys.path.append(str(_TESTS / _folder))

from anthropic_wire import ANTHROPIC_API, FakeAnthropic  # noqa: E402
from google_wire import GEMINI_API, FakeGoogle, gemini_key  # noqa: E402
from openai_wire import OPENAI_API, FakeOpenAI  # noqa: E402


class _GoogleWritten(WrittenCassettes):
    """The fake serves several real hosts; its ``/_host/<host>`` prefix names each."""

    def to_real_host(self, request: Any) -> Any:
        match = self.loopback.match(request.uri)
        if match:
            host = match.group("host")
            request.uri = f"https://{host}" + request.uri[match.end() :]
            if "host" in request.headers:
                request.headers["host"] = host
        return request


@dataclass(frozen=True)
class WrittenProvider:
    written: WrittenCassettes
    fake: Callable[[], Any]
    key_value: Callable[[], str]
    real_base_url: str
    base_url_env: str
    fake_base_url: Callable[[Any], str]


OPENAI = WrittenProvider(
    WrittenCassettes(
        provider="OpenAI",
        key_env="OPENAI_API_KEY",
        marker="openai_written",
        loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/v1(?=/|$)"),
        real_prefix=OPENAI_API,
        real_host="api.openai.com",
    ),
    FakeOpenAI,
    lambda: fake_key("replay-dummy-not-a-key"),
    OPENAI_API,
    "OPENAI_BASE_URL",
    lambda server: str(server.base_url),
)
ANTHROPIC = WrittenProvider(
    WrittenCassettes(
        provider="Anthropic",
        key_env="ANTHROPIC_API_KEY",
        marker="anthropic_written",
        loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/v1(?=/|$)"),
        real_prefix=ANTHROPIC_API,
        real_host="api.anthropic.com",
    ),
    FakeAnthropic,
    lambda: fake_key("ant-replay-dummy-not-a-key"),
    ANTHROPIC_API,
    "ANTHROPIC_BASE_URL",
    lambda server: str(server.base_url),
)
GOOGLE = WrittenProvider(
    _GoogleWritten(
        provider="Google (Gemini API)",
        key_env="GOOGLE_GENERATIVE_AI_API_KEY",
        marker="google_written",
        loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+/_host/(?P<host>[^/]+)"),
        real_prefix="https://",
        real_host="generativelanguage.googleapis.com",
    ),
    FakeGoogle,
    gemini_key,
    GEMINI_API,
    "GOOGLE_GENERATIVE_AI_BASE_URL",
    lambda server: str(server.gemini_base_url),
)


def fixtures(provider: WrittenProvider) -> tuple[Any, Any, Any]:
    """``vcr_config``, the fake server and an autouse base-URL fixture, for a module:
    ``vcr_config, fake_server, provider_base_url = fixtures(OPENAI)``."""
    written = provider.written

    @pytest.fixture(scope="module")
    def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
        return written.vcr_config(vcr_config)

    @pytest.fixture(scope="module")
    def fake_server() -> Iterator[Any]:
        with provider.fake() as server:
            yield server

    @pytest.fixture(autouse=True)
    def provider_base_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
        written.refuse_real_recording_without_key(request.node)
        key_env = written.key_env
        if written.uses_fake_server(request.node):
            server = request.getfixturevalue("fake_server")
            server.reset()
            monkeypatch.setenv(provider.base_url_env, provider.fake_base_url(server))
            monkeypatch.setenv(key_env, provider.key_value())
            return provider.fake_base_url(server)
        monkeypatch.delenv(provider.base_url_env, raising=False)
        if not recording(request.config) and not os.environ.get(key_env):
            monkeypatch.setenv(key_env, provider.key_value())
        return provider.real_base_url

    return vcr_config, fake_server, provider_base_url
