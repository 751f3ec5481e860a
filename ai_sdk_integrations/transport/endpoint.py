"""Where a model's requests go and how they authenticate: plain, picklable settings.

An endpoint is what a provider factory makes and the transport reads: base URL, auth
strategy, headers, timeouts, retries, and optionally the caller's own HTTP clients.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from .._version import __version__
from .auth.base import Auth, OutgoingRequest

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
    auth: Auth | None = None
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
    http_client: Any = field(default=None, repr=False, compare=False)
    """The caller's own ``httpx2.Client`` (proxies, custom CAs, test transports); not
    closed by us. ``None``: the shared per-process pool."""
    async_http_client: Any = field(default=None, repr=False, compare=False)
    """The caller's own ``httpx2.AsyncClient``; ``None``: the shared per-loop pool."""
    _named_secrets: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)
    """``_header_secrets()``, worked out on first use (headers and query never change)."""

    def url(self, path: str) -> str:
        """``path`` may carry its own query (Gemini's ``...:streamGenerateContent?alt=sse``);
        the endpoint's query parameters are added to it. An absolute URL (a job's status
        link the provider returned) is used as it is."""
        url = path if path.startswith(("https://", "http://")) else self.base_url + path
        if not self.query:
            return url
        return f"{url}{'&' if '?' in url else '?'}{urlencode(dict(self.query))}"

    def secret_values(self) -> tuple[str, ...]:
        """Values to redact from anything shown, as far as they are known without a request."""
        known = getattr(self.auth, "known_secrets", None)
        return (*self._header_secrets(), *(known() if known is not None else ()))

    def _header_secrets(self) -> tuple[str, ...]:
        if self._named_secrets is not None:
            return self._named_secrets
        named = [*self.headers.items(), *self.query.items()]
        secrets = tuple(
            value for name, value in named if value and any(h in name.lower() for h in _SECRET_NAME_HINTS)
        )
        object.__setattr__(self, "_named_secrets", secrets)
        return secrets

    def outgoing(
        self, method: str, url: str, content: bytes | None, extra: Mapping[str, str]
    ) -> tuple[OutgoingRequest, tuple[str, ...]]:
        """One attempt's request with credentials applied, and the secrets to redact."""
        headers = {"content-type": "application/json", "user-agent": USER_AGENT, **self.headers}
        for name, variable in self.env_headers.items():
            value = os.environ.get(variable)
            if value:
                headers[name] = value
        headers.update(extra)
        request = OutgoingRequest(method, url, headers, content)
        added = self.auth.apply(request) if self.auth is not None else ()
        return request, (*added, *self._header_secrets())

    def request_headers(self, extra: Mapping[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
        """The headers one request would carry (credentials applied), and its secrets."""
        request, secrets = self.outgoing("POST", self.base_url, None, extra)
        return request.headers, secrets
