"""Shared test configuration: VCR cassettes under the top-level ``cassettes/`` folder.

Every cassette passes through ``vcr_config``'s filters, which drop credentials before
anything is written; ``tests/test_cassette_secrets.py`` checks the files on disk.
The default run replays with ``--record-mode=none --block-network`` (pyproject.toml);
re-recording is described in ``cassettes/README.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
)
# Response headers that identify an account or a session.
_RESPONSE_HEADERS_DROPPED = ("set-cookie", "openai-organization", "openai-project")


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in _RESPONSE_HEADERS_DROPPED:
            del headers[name]
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [(name, None) for name in SECRET_HEADERS],
        "filter_query_parameters": ["key", "api_key", "api-key"],
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """``cassettes/<test module name without test_>/``."""
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    return str(CASSETTES / module)


def recording(config: pytest.Config) -> bool:
    return (config.getoption("--record-mode") or "none") != "none"
