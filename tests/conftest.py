"""Shared fixtures: VCR cassettes under the top-level ``cassettes/`` folder.

Every cassette passes through the filters in ``vcr_setup.py``, which drop credentials
before anything is written; tests/http/test_secrets.py checks the files on disk. The
default run replays with ``--record-mode=none --block-network`` (pyproject.toml);
re-recording is described in ``cassettes/README.md``.
"""

from __future__ import annotations

from typing import Any

import pytest
from vcr_setup import CASSETTES, vcr_settings


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return vcr_settings()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """``cassettes/<test module name without test_>/``."""
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    return str(CASSETTES / module)
