"""Cassettes written from a loopback fake of a provider we cannot reach from here.

One mechanism for every such provider (OpenAI, the Vercel AI Gateway), in three modes:
replay (default); writing (``AI_SDK_WRITE_CASSETTES=1 --record-mode=rewrite``: the fake
answers and recorded URIs are rewritten to the real host); real re-recording (the
provider's key and ``--record-mode=rewrite``). Tests marked with the provider's
``*_written`` marker ask for what the real service cannot do on demand (a 429, a 500)
and use the fake in every recording mode.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

import pytest
from vcr_setup import recording

WRITE_ENV = "AI_SDK_WRITE_CASSETTES"


@dataclass(frozen=True)
class WrittenCassettes:
    provider: str
    """Named in messages, e.g. "OpenAI"."""
    key_env: str
    marker: str
    loopback: re.Pattern[str]
    """Matches the fake's URL prefix in a recorded URI."""
    real_prefix: str
    real_host: str

    def register_marker(self, config: pytest.Config) -> None:
        config.addinivalue_line(
            "markers",
            f"{self.marker}: the cassette is always written from {self.provider}'s wire format "
            "(the real service cannot produce this response on demand)",
        )

    def writing(self, config: pytest.Config) -> bool:
        return recording(config) and os.environ.get(WRITE_ENV) == "1"

    def uses_fake_server(self, item: pytest.Item) -> bool:
        return recording(item.config) and (
            self.writing(item.config) or item.get_closest_marker(self.marker) is not None
        )

    def real_recording(self, item: pytest.Item) -> bool:
        uses_cassette = item.get_closest_marker("vcr") is not None
        return uses_cassette and recording(item.config) and not self.uses_fake_server(item)

    def refuse_real_recording_without_key(self, item: pytest.Item) -> None:
        """Fail before any fixture runs: the ``vcr`` fixture deletes the old cassette
        first when recording with ``rewrite``."""
        if self.real_recording(item) and not os.environ.get(self.key_env):
            pytest.fail(
                f"re-recording {self.provider} cassettes against the real service needs "
                f"{self.key_env}; to write them from the wire format instead set {WRITE_ENV}=1 "
                "(see cassettes/README.md)",
                pytrace=False,
            )

    def to_real_host(self, request: Any) -> Any:
        """``before_record_request``: record the fake's calls as calls to the real host."""
        if self.loopback.match(request.uri):
            request.uri = self.loopback.sub(self.real_prefix, request.uri)
            if "host" in request.headers:
                request.headers["host"] = self.real_host
        return request

    def vcr_config(self, base: dict[str, Any]) -> dict[str, Any]:
        """The root configuration (credential filters and all), plus the URI rewrite."""
        hooks = base.get("before_record_request") or ()
        if callable(hooks):
            hooks = (hooks,)
        return {**base, "before_record_request": (*hooks, self.to_real_host)}
