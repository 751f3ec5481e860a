"""Fixtures of the reliability suite: the fault server, recorded retry delays with the
backoff jitter pinned, a refused port; the ``load`` marker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fault_server import FaultServer
from http_loopback import closed_port_url, retry_delays

from ai_sdk_integrations.transport import retry as retry_policy

__all__ = ["closed_port_url", "retry_delays"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "load: the load checks (2,000 requests per entry point; AI_SDK_SOAK=1 for 20,000)",
    )


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pinned_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff is ``2 ** attempt * (0.5 + random())``: with random() at 0.5, exactly 1, 2, 4 s."""
    monkeypatch.setattr(retry_policy.random, "random", lambda: 0.5)
