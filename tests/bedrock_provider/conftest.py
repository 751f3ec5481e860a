"""Where the Bedrock cassette tests send their requests, in each of three modes.

* Replay (the default, ``--record-mode=none --block-network``): models use the real
  regional endpoint (``us-east-1``) and VCR answers from ``cassettes/bedrock_*/``. The
  AWS credentials are the documented fake example keys (requests are still signed, the
  signature is filtered from cassettes); ``AWS_BEARER_TOKEN_BEDROCK`` and any endpoint
  override are cleared.
* Writing (``AI_SDK_WRITE_CASSETTES=1`` with ``--record-mode=rewrite``): the models talk
  to ``bedrock_wire.FakeBedrock`` on 127.0.0.1 (through ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME``,
  the AWS SDKs' own variable), which verifies each SigV4 signature; recorded URIs are
  rewritten to ``https://bedrock-runtime.us-east-1.amazonaws.com``.
* Real re-recording (AWS credentials from the standard chain, ``AWS_REGION=us-east-1``,
  ``--record-mode=rewrite``): Bedrock itself. Tests marked ``bedrock_written`` ask for
  what Bedrock cannot be made to do on demand (a throttle, a broken stream) and use the
  fake in every recording mode.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from bedrock_wire import BEDROCK_API, FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION, FakeBedrock
from vcr_setup import recording
from written_cassettes import WrittenCassettes

from ai_sdk_integrations.transport.auth.sigv4 import clear_default_credentials_cache

WRITTEN = WrittenCassettes(
    provider="Amazon Bedrock",
    key_env="AWS_ACCESS_KEY_ID",
    marker="bedrock_written",
    loopback=re.compile(r"^http://(?:127\.0\.0\.1|localhost):\d+(?=/)"),
    real_prefix=BEDROCK_API,
    real_host=f"bedrock-runtime.{REGION}.amazonaws.com",
)
uses_fake_server = WRITTEN.uses_fake_server
_AWS_VARIABLES = (
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME",
    "AWS_ENDPOINT_URL",
    "AWS_BEARER_TOKEN_BEDROCK",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
)


def pytest_configure(config: pytest.Config) -> None:
    WRITTEN.register_marker(config)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Real re-recording needs AWS credentials (any the standard chain finds)."""
    if WRITTEN.real_recording(item) and not any(
        os.environ.get(v) for v in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_BEARER_TOKEN_BEDROCK")
    ):
        pytest.fail(
            "re-recording Bedrock cassettes against AWS needs credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE "
            "or AWS_BEARER_TOKEN_BEDROCK) and AWS_REGION=us-east-1; to write them from the wire format "
            "instead set AI_SDK_WRITE_CASSETTES=1 (see cassettes/README.md)",
            pytrace=False,
        )


AGENT_API = f"https://bedrock-agent-runtime.{REGION}.amazonaws.com"


def to_real_host(request: Any) -> Any:
    """Rerank goes to ``bedrock-agent-runtime``; everything else to ``bedrock-runtime``."""
    if WRITTEN.loopback.match(request.uri) and request.path == "/rerank":
        request.uri = WRITTEN.loopback.sub(AGENT_API, request.uri)
        if "host" in request.headers:
            request.headers["host"] = AGENT_API.split("//", 1)[1]
        return request
    return WRITTEN.to_real_host(request)


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    hooks = vcr_config.get("before_record_request") or ()
    return {**vcr_config, "before_record_request": (*((hooks,) if callable(hooks) else hooks), to_real_host)}


@pytest.fixture(scope="session")
def bedrock_wire() -> Iterator[FakeBedrock]:
    with FakeBedrock() as server:
        yield server


def fake_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET_KEY)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


@pytest.fixture(autouse=True)
def bedrock_endpoint(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The endpoint this test's ``bedrock:`` models resolve to (set through the environment)."""
    monkeypatch.setenv("AWS_REGION", REGION)
    clear_default_credentials_cache()
    if uses_fake_server(request.node):
        server: FakeBedrock = request.getfixturevalue("bedrock_wire")
        server.reset()
        fake_credentials(monkeypatch)
        monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", server.base_url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME", server.base_url)
        yield server.base_url
    else:
        if not recording(request.config):
            fake_credentials(monkeypatch)
        else:
            monkeypatch.delenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", raising=False)
            monkeypatch.delenv("AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME", raising=False)
        yield BEDROCK_API
    clear_default_credentials_cache()
