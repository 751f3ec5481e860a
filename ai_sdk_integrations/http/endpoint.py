"""Where a model's requests go and how they authenticate: plain, picklable settings.

The API key is looked up when a request is built, never when the model is made, so a
model can be created (or imported, or unpickled on a worker) before the key exists.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode, urlsplit

from .._version import __version__
from ..spec.errors import LoadAPIKeyError
from ._secrets import Secret

DEFAULT_TIMEOUT = 600.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_MAX_RETRIES = 2
USER_AGENT = f"ai-sdk-integrations/{__version__}"
_SECRET_NAME_HINTS = ("key", "token", "auth", "secret", "cookie", "signature")


def normalize_base_url(base_url: str, api_path: str = "/v1") -> str:
    """Strip the trailing slash; add ``api_path`` only to a bare host.

    ``http://host:8000``, ``http://host:8000/`` and ``http://host:8000/v1/`` all give
    ``http://host:8000/v1``: a path the user wrote is kept as written, so ``/v1`` is
    never doubled.
    """
    url = base_url.rstrip("/")
    if api_path and urlsplit(url).path in ("", "/"):
        url += api_path
    return url


@dataclass(frozen=True, slots=True)
class Endpoint:
    provider: str
    base_url: str
    api_key: Secret | None = None
    api_key_env: tuple[str, ...] = ()
    key_required: bool = True
    auth: Literal["bearer", "api-key", "gateway"] = "bearer"
    """``gateway``: a key (``ai-gateway-auth-method: api-key``), else an OIDC token from
    ``token_provider`` or ``VERCEL_OIDC_TOKEN``, read afresh per request (``oidc``)."""
    token_provider: Callable[[], str | None] | None = field(default=None, repr=False, compare=False)
    # Hidden from repr: either may carry a credential (x-api-key, ?key=...).
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    query: Mapping[str, str] = field(default_factory=dict, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    """Seconds to wait for a response, and for each next event of a stream."""
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    env_headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Header name -> environment variable, sent per request when the variable is set."""
    connection_hint: str | None = None
    """Appended to connection errors, e.g. how to start a local server."""

    def url(self, path: str) -> str:
        url = self.base_url + path
        return f"{url}?{urlencode(dict(self.query))}" if self.query else url

    def resolve_api_key(self) -> str | None:
        if self.api_key is not None:
            return self.api_key.get()
        for name in self.api_key_env:
            value = os.environ.get(name)
            if value:
                return value
        if self.key_required:
            names = " or ".join(self.api_key_env) or "an API key variable"
            raise LoadAPIKeyError(
                f"{self.provider}: no API key. Set {names} in the environment, or pass api_key=..."
            )
        return None

    def secret_values(self) -> tuple[str, ...]:
        """Values to redact from anything shown: the key and credential-like headers."""
        try:
            return self.request_headers({})[1]
        except LoadAPIKeyError:
            return self._secrets(None)

    def _secrets(self, key: str | None) -> tuple[str, ...]:
        named = [*self.headers.items(), *self.query.items()]
        extra = [value for name, value in named if any(h in name.lower() for h in _SECRET_NAME_HINTS)]
        return tuple(value for value in (key, *extra) if value)

    def request_headers(self, extra: Mapping[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
        """Headers for one request, and the secret values to redact from anything shown."""
        headers = {"content-type": "application/json", "user-agent": USER_AGENT, **self.headers}
        for name, variable in self.env_headers.items():
            value = os.environ.get(variable)
            if value:
                headers[name] = value
        headers.update(extra)
        if self.auth == "gateway":
            token = self._gateway_credential(headers)
            headers["authorization"] = f"Bearer {token}"
            return headers, self._secrets(token)
        key = self.resolve_api_key()
        if key is not None:
            if self.auth == "api-key":
                headers["api-key"] = key
            else:
                headers["authorization"] = f"Bearer {key}"
        return headers, self._secrets(key)

    def _gateway_credential(self, headers: dict[str, str]) -> str:
        """API key first (even if wrong, as the AI SDK does), then an OIDC token."""
        key = self.api_key.get() if self.api_key is not None else None
        key = key or next((os.environ[n] for n in self.api_key_env if os.environ.get(n)), None)
        if key:
            headers["ai-gateway-auth-method"] = "api-key"
            return key
        token = (
            self.token_provider() if self.token_provider is not None else os.environ.get("VERCEL_OIDC_TOKEN")
        )
        if token:
            headers["ai-gateway-auth-method"] = "oidc"
            return token
        raise LoadAPIKeyError(
            f"{self.provider}: no authentication. Set AI_GATEWAY_API_KEY (or pass api_key=...), "
            "or provide an OIDC token: VERCEL_OIDC_TOKEN, or oidc_token=<callable returning it>"
        )
