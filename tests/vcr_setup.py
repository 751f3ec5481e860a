"""VCR settings shared by every recorded suite: where cassettes live, what is filtered.

Every cassette passes through ``vcr_config``'s filters, which drop credentials before
anything is written; ``tests/test_cassette_secrets.py`` checks the files on disk.
The default run replays with ``--record-mode=none --block-network`` (pyproject.toml);
re-recording is described in ``cassettes/README.md``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ai_sdk_integrations.transport.secrets import redact

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"

# Request headers that carry credentials, for every provider we speak to.
SECRET_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "x-goog-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "x-vercel-oidc-token",
    "x-amz-security-token",  # AWS session credentials (the SigV4 signature is in authorization)
    "xi-api-key",  # ElevenLabs
    "x-gladia-key",  # Gladia
    "x-hume-api-key",  # Hume
)
# Response headers that identify an account or a session.
_RESPONSE_HEADERS_DROPPED = (
    "set-cookie",
    "openai-organization",
    "openai-project",
    "anthropic-organization-id",
)


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop account headers, and redact key-shaped strings a server echoed in a body."""
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in _RESPONSE_HEADERS_DROPPED:
            del headers[name]
    body = response.get("body", {})
    value = body.get("string")
    if isinstance(value, bytes):
        try:
            body["string"] = redact(value.decode("utf-8")).encode()
        except UnicodeDecodeError:
            # A binary body (AWS's CRC-framed event stream; VCR writes it as !!binary) is
            # read byte for byte as latin-1, so it comes back unchanged unless a key is in it.
            body["string"] = redact(value.decode("latin-1")).encode("latin-1")
    elif isinstance(value, str):
        body["string"] = redact(value)
    return response


def vcr_settings() -> dict[str, Any]:
    return {
        "filter_headers": [(name, None) for name in SECRET_HEADERS],
        "filter_query_parameters": ["key", "api_key", "api-key"],
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
    }


def recording(config: pytest.Config) -> bool:
    return (config.getoption("--record-mode") or "none") != "none"


NOTEBOOK_CASSETTE_ENV = "AI_SDK_NOTEBOOK_CASSETTE"
NOTEBOOK_RECORD_MODE_ENV = "AI_SDK_NOTEBOOK_RECORD_MODE"


def replay_in_notebook() -> None:
    """Called by a notebook's first cell when the test suite runs it: every HTTP request
    the kernel makes is then replayed from (or, when re-recording, written to) the
    cassette the test named, with the same filters as every other cassette."""
    import atexit
    import os

    import vcr

    settings = vcr_settings()
    recorder = vcr.VCR(
        record_mode=os.environ.get(NOTEBOOK_RECORD_MODE_ENV, "none"),
        **settings,
    )
    context = recorder.use_cassette(os.environ[NOTEBOOK_CASSETTE_ENV])
    context.__enter__()
    # A kernel has no "end of notebook" hook; its clean shutdown runs atexit, which
    # writes the cassette when recording.
    atexit.register(context.__exit__, None, None, None)


@contextlib.contextmanager
def local_server_when_recording(config: pytest.Config) -> Iterator[None]:
    """Run the real local model server while recording; replaying needs none."""
    if not recording(config):
        yield
        return
    from ai_sdk_integrations.local import LocalServer, default_base_url

    if _answers(default_base_url()):  # one already running (e.g. `... local serve`): share it
        yield
        return
    with LocalServer():
        yield


def _answers(base_url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=2):
            return True
    except OSError:
        return False
