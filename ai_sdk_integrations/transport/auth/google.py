"""Google Cloud OAuth2 access tokens (Vertex AI and other Google APIs), via google-auth.

Why google-auth: Application Default Credentials mean gcloud user credentials,
service-account keys, workload identity federation, impersonation and the GCE/GKE/Cloud
Run metadata server, each with its own token exchange. google-auth is the library
Google's own clients use for all of them. It is imported only when the first request is
authenticated, so ``import ai_sdk_integrations`` never pays for it.

Which HTTP transport refreshes the token: google-auth ships adapters, not an HTTP client.
``google.auth.transport.requests`` is its primary, best-tested adapter, so it is used
when ``requests`` is importable (it usually is in environments that already talk to
Google). Otherwise ``google.auth.transport.urllib3`` is used, which needs only urllib3
and packaging: google-auth's own ``urllib3`` extra, the lightest supported option, and
what the ``vertex`` extra installs. google-auth's stdlib ``http.client`` adapter is
private and documented as unfit for production, so it is not a fallback. Token
refreshes are rare (about once an hour), so the transport's speed does not matter; the
API calls themselves go through this package's own HTTP client.

Tokens are cached in the credentials object and refreshed under a lock when
``credentials.valid`` turns false (google-auth reports expiry a few minutes early), so
concurrent requests share one refresh. ``credentials_file`` accepts a service-account
key or an ``authorized_user`` file (the kind ``gcloud auth application-default login``
writes), loaded with their type-specific loaders; the generic
``google.auth.load_credentials_from_file`` is avoided because google-auth deprecates it
for files that are not validated. Other file types work through
``GOOGLE_APPLICATION_CREDENTIALS`` (Application Default Credentials) or by passing a
google-auth ``credentials=`` object. No token is ever part of a ``repr``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ai_sdk_integrations.spec.errors import APIConnectionError, LoadAPIKeyError, UsageError
from ai_sdk_integrations.transport.auth.base import OutgoingRequest

__all__ = ["CLOUD_PLATFORM_SCOPE", "GoogleAuth"]

CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"

_INSTALL_HINT = 'Google Cloud authentication needs google-auth: pip install "ai-sdk-integrations[vertex]"'

NO_CREDENTIALS_MESSAGE = (
    "No Google Cloud credentials found. Set GOOGLE_APPLICATION_CREDENTIALS to a service "
    "account key file, run `gcloud auth application-default login`, run on Google Cloud "
    "with an attached service account, or pass GoogleAuth(credentials_file=...) or "
    "GoogleAuth(credentials=...)."
)


class _TokenState:
    """The mutable part of a GoogleAuth: credentials, transport and the lock guarding them."""

    __slots__ = ("credentials", "lock", "transport")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.credentials: Any = None
        self.transport: Any = None


@dataclass(frozen=True, slots=True)
class GoogleAuth:
    """Add ``authorization: Bearer <access token>`` from Google credentials."""

    scopes: tuple[str, ...] = (CLOUD_PLATFORM_SCOPE,)
    credentials_file: str | None = None
    credentials: Any = field(default=None, repr=False, compare=False)
    _state: _TokenState = field(default_factory=_TokenState, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.credentials is not None and self.credentials_file is not None:
            raise UsageError("GoogleAuth takes credentials= or credentials_file=, not both")
        if isinstance(self.scopes, str):
            raise UsageError("GoogleAuth(scopes=...) must be a tuple of scope URLs, not one string")
        if not isinstance(self.scopes, tuple):
            object.__setattr__(self, "scopes", tuple(self.scopes))

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        token, quota_project = self._token()
        _set_header(request.headers, "authorization", f"Bearer {token}")
        if quota_project:
            # What google-auth's own Credentials.apply() adds: bills user credentials'
            # API usage to the chosen project.
            _set_header(request.headers, "x-goog-user-project", quota_project)
        return (token,)

    def _token(self) -> tuple[str, str | None]:
        try:
            from google.auth import exceptions
        except ImportError as exc:
            raise UsageError(_INSTALL_HINT) from exc
        state = self._state
        with state.lock:
            if state.credentials is None:
                state.credentials = self._load_credentials()
            credentials = state.credentials
            if not credentials.valid:
                if state.transport is None:
                    state.transport = _refresh_transport()
                try:
                    credentials.refresh(state.transport)
                except exceptions.RefreshError as exc:
                    raise LoadAPIKeyError(
                        f"Could not refresh the Google Cloud access token: {exc}. {NO_CREDENTIALS_MESSAGE}"
                    ) from exc
                except exceptions.TransportError as exc:
                    raise APIConnectionError(
                        f"Could not reach Google to refresh the access token: {exc}", provider="google"
                    ) from exc
                except exceptions.GoogleAuthError as exc:
                    raise LoadAPIKeyError(f"Google Cloud authentication failed: {exc}") from exc
            token = credentials.token
            if not isinstance(token, str) or not token:
                raise LoadAPIKeyError(
                    f"The Google credentials produced no access token. {NO_CREDENTIALS_MESSAGE}"
                )
            quota_project = getattr(credentials, "quota_project_id", None)
            return token, quota_project if isinstance(quota_project, str) else None

    def _load_credentials(self) -> Any:
        import google.auth
        from google.auth import credentials as google_credentials
        from google.auth import exceptions

        scopes = list(self.scopes)
        if self.credentials is not None:
            return google_credentials.with_scopes_if_required(self.credentials, scopes)  # type: ignore[no-untyped-call]
        if self.credentials_file is not None:
            return _load_file(self.credentials_file, scopes)
        try:
            credentials, _project = google.auth.default(scopes=scopes)  # type: ignore[no-untyped-call]
        except exceptions.DefaultCredentialsError as exc:
            raise LoadAPIKeyError(f"{NO_CREDENTIALS_MESSAGE} (google-auth: {exc})") from exc
        return credentials


def _load_file(path: str, scopes: list[str]) -> Any:
    try:
        with open(path, encoding="utf-8") as file:
            info = json.load(file)
    except OSError as exc:
        raise LoadAPIKeyError(
            f"Cannot read the Google credentials file {path!r}: {exc.strerror or exc}"
        ) from exc
    except ValueError as exc:
        raise LoadAPIKeyError(f"The Google credentials file {path!r} is not valid JSON") from exc
    kind = info.get("type") if isinstance(info, dict) else None
    try:
        if kind == "service_account":
            from google.oauth2 import service_account

            return service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
                info, scopes=scopes
            )
        if kind == "authorized_user":
            from google.oauth2 import credentials as oauth2_credentials

            return oauth2_credentials.Credentials.from_authorized_user_info(  # type: ignore[no-untyped-call]
                info, scopes=scopes
            )
    except (ValueError, KeyError) as exc:
        # google-auth raises ValueError for missing fields / bad keys; never echo the file.
        raise LoadAPIKeyError(
            f"The Google credentials file {path!r} ({kind}) is incomplete or malformed: {type(exc).__name__}"
        ) from exc
    raise UsageError(
        f"GoogleAuth(credentials_file=...) supports 'service_account' and 'authorized_user' files; "
        f"{path!r} has type {kind!r}. Point GOOGLE_APPLICATION_CREDENTIALS at it and omit "
        "credentials_file (Application Default Credentials load every type), or pass credentials= "
        "built with google-auth."
    )


def _refresh_transport() -> Any:
    """google-auth's requests adapter if requests is there, else its urllib3 adapter."""
    try:
        from google.auth.transport.requests import Request as RequestsRequest
    except ImportError:
        pass
    else:
        return RequestsRequest()  # type: ignore[no-untyped-call]
    try:
        import urllib3
        from google.auth.transport.urllib3 import Request as Urllib3Request
    except ImportError as exc:
        raise UsageError(
            "Refreshing Google credentials needs an HTTP transport for google-auth (requests or "
            'urllib3): pip install "ai-sdk-integrations[vertex]"'
        ) from exc
    return Urllib3Request(urllib3.PoolManager())  # type: ignore[no-untyped-call]


def _set_header(headers: MutableMapping[str, str], lower_name: str, value: str) -> None:
    for name in [name for name in headers if name.lower() == lower_name]:
        del headers[name]
    headers[lower_name] = value
