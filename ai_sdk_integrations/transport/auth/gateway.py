"""The Vercel AI Gateway's two credentials: an API key, else a Vercel OIDC token.

As the AI SDK does, a key wins whenever one is set (even a wrong one: the error then
says so, instead of silently switching identity); the OIDC token is read afresh per
request because Vercel rotates it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from ...spec.errors import LoadAPIKeyError
from .base import OutgoingRequest
from .keys import KeySource


@dataclass(frozen=True, slots=True)
class GatewayAuth:
    source: KeySource
    token_provider: Callable[[], str | None] | None = field(default=None, repr=False, compare=False)

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        key = self.source.resolve()
        if key:
            request.headers["ai-gateway-auth-method"] = "api-key"
            request.headers["authorization"] = f"Bearer {key}"
            return (key,)
        token = (
            self.token_provider() if self.token_provider is not None else os.environ.get("VERCEL_OIDC_TOKEN")
        )
        if token:
            request.headers["ai-gateway-auth-method"] = "oidc"
            request.headers["authorization"] = f"Bearer {token}"
            return (token,)
        raise LoadAPIKeyError(
            f"{self.source.provider}: no authentication. Set AI_GATEWAY_API_KEY (or pass api_key=...), "
            "or provide an OIDC token: VERCEL_OIDC_TOKEN, or oidc_token=<callable returning it>"
        )

    def known_secrets(self) -> tuple[str, ...]:
        key = self.source.peek()
        token = os.environ.get("VERCEL_OIDC_TOKEN")
        return tuple(value for value in (key, token) if value)
