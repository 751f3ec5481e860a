"""API keys: where one comes from, and the two ways most providers take it.

A key is looked up when a request is made, never when a model is made, so a model can
be created (or imported, or unpickled on a worker) before the key exists. A key given
as a callable is called per request (rotating keys, secret managers).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ...spec.errors import LoadAPIKeyError
from ..secrets import Secret
from .base import OutgoingRequest


@dataclass(frozen=True, slots=True)
class KeySource:
    provider: str
    key: Secret | Callable[[], str | None] | None = None
    env: tuple[str, ...] = ()
    required: bool = True

    def peek(self) -> str | None:
        """The key if it can be had without failing (for redaction), else None."""
        if isinstance(self.key, Secret):
            return self.key.get()
        if self.key is not None:
            return None  # a callable may be costly or have side effects: not called here
        return next((os.environ[name] for name in self.env if os.environ.get(name)), None)

    def resolve(self) -> str | None:
        key = self.key() if callable(self.key) and not isinstance(self.key, Secret) else self.peek()
        if key or not self.required:
            return key or None
        names = " or ".join(self.env) or "an API key variable"
        raise LoadAPIKeyError(
            f"{self.provider}: no API key. Set {names} in the environment, or pass api_key=..."
        )


@dataclass(frozen=True, slots=True)
class BearerAuth:
    """``authorization: Bearer <key>`` (OpenAI and nearly every compatible server)."""

    source: KeySource

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        key = self.source.resolve()
        if key is None:
            return ()
        request.headers["authorization"] = f"Bearer {key}"
        return (key,)

    def known_secrets(self) -> tuple[str, ...]:
        key = self.source.peek()
        return (key,) if key else ()


@dataclass(frozen=True, slots=True)
class HeaderKeyAuth:
    """The key in a header of its own: ``api-key`` (Azure), ``x-api-key`` (Anthropic),
    ``x-goog-api-key`` (Gemini; never the ``?key=`` query, which reaches logs)."""

    source: KeySource
    header: str = "api-key"

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        key = self.source.resolve()
        if key is None:
            return ()
        request.headers[self.header] = key
        return (key,)

    def known_secrets(self) -> tuple[str, ...]:
        key = self.source.peek()
        return (key,) if key else ()
