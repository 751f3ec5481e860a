"""The Vercel AI Gateway's two credentials: an API key, else a Vercel OIDC token.

Resolved on every attempt, in the AI SDK's order (``getGatewayAuthToken``, with
``@vercel/oidc`` for the token):

1. ``api_key=`` (a string, or a callable asked per request);
2. ``AI_GATEWAY_API_KEY`` (or the variable named by ``api_key_env``);
3. the ``x-vercel-oidc-token`` header of the request being served (the Vercel request
   context, see ``providers.gateway.context``);
4. ``VERCEL_OIDC_TOKEN``;
5. a refresh: the ``oidc_token=`` callable, else the ``vercel-oidc`` package when it is
   installed (it refreshes a development token from the Vercel CLI's login).

A key wins whenever one is found (even a wrong one: the error then says so, instead of
silently switching identity). A token from 3 or 4 whose JWT ``exp`` has passed is
passed over for a refresh, and sent only if no refresh gives one. When nothing is
found, the error lists what was tried. The same request context gives the
``ai-o11y-request-id`` header (from ``x-vercel-id``) on model calls.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ...spec.errors import LoadAPIKeyError
from ..secrets import Secret
from .base import OutgoingRequest
from .keys import KeySource

OIDC_TOKEN_HEADER = "x-vercel-oidc-token"
REQUEST_ID_HEADER = "x-vercel-id"
OIDC_ENV = "VERCEL_OIDC_TOKEN"


def _jwt_expired(token: str) -> bool:
    """True only for a JWT whose ``exp`` has passed; anything unreadable is not expired."""
    parts = token.split(".")
    if len(parts) != 3:
        return False
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return False
    exp = payload.get("exp") if isinstance(payload, dict) else None
    return isinstance(exp, (int, float)) and not isinstance(exp, bool) and exp <= time.time()


def _vercel_oidc_refresh() -> tuple[str | None, str]:
    """A token from the ``vercel-oidc`` package, and what happened (for the error)."""
    try:
        module = importlib.import_module("vercel.oidc")
    except ImportError:
        return None, "the vercel-oidc package (not installed)"
    try:
        token = module.get_vercel_oidc_token()
    except Exception as exc:  # the package's own error: no .vercel project, no CLI login, ...
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, f"the vercel-oidc package (failed: {reason})"
    return (str(token) if token else None), "the vercel-oidc package (no token)"


@dataclass(frozen=True, slots=True)
class GatewayAuth:
    source: KeySource
    token_provider: Callable[[], str | None] | None = field(default=None, repr=False, compare=False)
    request_headers: Callable[[], Mapping[str, str] | None] | None = field(
        default=None, repr=False, compare=False
    )
    """The incoming request's headers (lower-case names), or None outside a request."""
    observability: bool = True
    """Send ``ai-o11y-request-id`` (model endpoints only, as in the AI SDK)."""

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        context = (self.request_headers() if self.request_headers is not None else None) or None
        if self.observability and context and context.get(REQUEST_ID_HEADER):
            request.headers["ai-o11y-request-id"] = context[REQUEST_ID_HEADER]
        tried: list[str] = []
        key = self._api_key(tried)
        if key:
            request.headers["ai-gateway-auth-method"] = "api-key"
            request.headers["authorization"] = f"Bearer {key}"
            return (key,)
        token = self._oidc_token(context, tried)
        if token:
            request.headers["ai-gateway-auth-method"] = "oidc"
            request.headers["authorization"] = f"Bearer {token}"
            return (token,)
        raise LoadAPIKeyError(
            f"{self.source.provider}: no authentication. Tried, in order: {'; '.join(tried)}. "
            f"Set AI_GATEWAY_API_KEY (or pass api_key=...), or provide a Vercel OIDC token: "
            f"{OIDC_ENV}, the request's {OIDC_TOKEN_HEADER} header (gateway_request_context), "
            "or oidc_token=<callable returning it>"
        )

    def _api_key(self, tried: list[str]) -> str | None:
        given = self.source.key
        if given is None:
            tried.append("api_key= (not given)")
        else:
            value = given.get() if isinstance(given, Secret) else given()
            if value:
                return value
            tried.append("api_key= (gave no key)")
        for name in self.source.env:
            value = os.environ.get(name)
            if value:
                return value
            tried.append(f"{name} (not set)")
        return None

    def _oidc_token(self, context: Mapping[str, str] | None, tried: list[str]) -> str | None:
        expired: str | None = None
        ambient = (
            (
                (context or {}).get(OIDC_TOKEN_HEADER),
                f"the request's {OIDC_TOKEN_HEADER} header",
                "no request context" if context is None else "not among the request's headers",
            ),
            (os.environ.get(OIDC_ENV), OIDC_ENV, "not set"),
        )
        for token, where, absent in ambient:
            if not token:
                tried.append(f"{where} ({absent})")
            elif _jwt_expired(token):
                tried.append(f"{where} (expired)")
                expired = expired or token
            else:
                return token
        if self.token_provider is not None:
            token = self.token_provider()
            if token:
                return token
            tried.append("oidc_token= (gave no token)")
        else:
            token, outcome = _vercel_oidc_refresh()
            if token:
                return token
            tried.append(outcome)
        return expired  # let the Gateway say it expired, rather than claim there is none

    def known_secrets(self) -> tuple[str, ...]:
        key = self.source.peek()
        token = os.environ.get(OIDC_ENV)
        context = self.request_headers() if self.request_headers is not None else None
        header = (context or {}).get(OIDC_TOKEN_HEADER)
        return tuple(value for value in (key, token, header) if value)
