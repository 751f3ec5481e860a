"""Spans from real calls over the scripted loopback server, exported in memory.

Each test gets a fresh ``InMemorySpanExporter`` behind its own tracer (passed as
``TelemetrySettings(tracer=...)``), and the process-wide tracer provider is an
in-memory one too, so a test can also show that nothing reaches the global provider.
Telemetry is switched off again after every test, and no operation may be left open.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from http_loopback import closed_port_url, retry_delays, server
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from ai_sdk_integrations.telemetry import disable_telemetry, state

__all__ = ["closed_port_url", "exporter", "global_exporter", "retry_delays", "server", "tracer"]

_GLOBAL = InMemorySpanExporter()
_provider = TracerProvider()
_provider.add_span_processor(SimpleSpanProcessor(_GLOBAL))
trace.set_tracer_provider(_provider)


@pytest.fixture
def global_exporter() -> Iterator[InMemorySpanExporter]:
    _GLOBAL.clear()
    yield _GLOBAL
    _GLOBAL.clear()


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def tracer(exporter: InMemorySpanExporter) -> trace.Tracer:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider.get_tracer("tests")


@pytest.fixture(autouse=True)
def telemetry_off_afterwards() -> Iterator[None]:
    yield
    disable_telemetry()
    assert state._holds == 0, "an operation or use_telemetry block was left open"
    assert not state.armed
