"""AWS Signature Version 4 for Amazon Bedrock (and any other AWS service), via botocore.

Why botocore: SigV4 itself is a page of HMACs, but the credentials behind it are not.
Environment variables, ``~/.aws/config`` profiles, IAM Identity Center (SSO), assumed
roles, web identity, container and EC2 instance roles, each with its own refresh rules:
botocore's credential chain is the reference implementation of all of them, and its
signer is the one the AWS CLI and boto3 use. It is imported only when a request is
signed, so ``import ai_sdk_integrations`` never pays for it and people who use Bedrock
API keys (``AWS_BEARER_TOKEN_BEDROCK``, plain bearer auth) never need it.

Signing happens after the body is serialised (the signature covers a SHA-256 of the
exact bytes) and on every attempt (the signature embeds the time). Botocore signs the
``host`` derived from the URL (lower-cased, default port dropped, which is what HTTP
clients send), ``x-amz-date`` and every header already in ``request.headers``; the path
is signed in AWS's double-encoded form, so send it percent-encoded the way botocore does
(a Bedrock model id ``...-v1:0`` goes out as ``...-v1%3A0``), and headers added later by
the HTTP client are simply not signed. The headers botocore adds or changes
(``authorization``, ``x-amz-date``, ``x-amz-security-token``, ``x-amz-content-sha256``
when it sets one) are copied back into ``request.headers`` in lower case.

Credentials: pass ``credentials=`` any callable returning botocore credentials
(``aws_credentials_from(...)`` for fixed keys, or e.g. ``boto3.Session(profile_name=
"dev").get_credentials``), or leave it out to use botocore's default chain. The default
chain is resolved once per process (under a lock, so concurrent first requests do not
all probe the instance metadata service) and kept: refreshable credentials (SSO,
assumed roles, instance roles) renew themselves inside ``get_frozen_credentials()``,
which is called for every request. A failed lookup is not cached, so fixing the
environment and retrying works without a restart. No secret is ever part of a
``repr``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ai_sdk_integrations.spec.errors import LoadAPIKeyError, UsageError
from ai_sdk_integrations.transport.auth.base import OutgoingRequest

__all__ = ["SigV4Auth", "aws_credentials_from", "clear_default_credentials_cache"]

_INSTALL_HINT = 'AWS SigV4 signing needs botocore: pip install "ai-sdk-integrations[bedrock]"'

NO_CREDENTIALS_MESSAGE = (
    "No AWS credentials found to sign the request (SigV4). Looked in: the AWS_ACCESS_KEY_ID "
    "and AWS_SECRET_ACCESS_KEY environment variables (plus AWS_SESSION_TOKEN); the shared "
    "config and credentials files (~/.aws/config, ~/.aws/credentials) for the profile in "
    "AWS_PROFILE or 'default'; IAM Identity Center (SSO) sessions from `aws sso login`; "
    "assume-role and web identity settings; container and EC2 instance role credentials. "
    "Configure one of these (e.g. `aws configure` or `aws sso login`) or pass "
    "credentials=aws_credentials_from(access_key_id, secret_access_key). Alternatively, use a "
    "Bedrock API key instead of SigV4: set AWS_BEARER_TOKEN_BEDROCK."
)


class _DefaultChain:
    """Credentials from botocore's default chain, looked up once per process."""

    __slots__ = ("_credentials", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._credentials: Any = None

    def get(self) -> Any:
        with self._lock:
            if self._credentials is None:
                import botocore.session

                # get_credentials() returns None when no provider found anything; that
                # is not cached, so a later call can pick up newly set credentials.
                self._credentials = botocore.session.get_session().get_credentials()
            return self._credentials

    def clear(self) -> None:
        """Forget the cached credentials (tests; or after changing AWS_PROFILE)."""
        with self._lock:
            self._credentials = None


_DEFAULT_CHAIN = _DefaultChain()


def clear_default_credentials_cache() -> None:
    """Make the next request look the default credential chain up again."""
    _DEFAULT_CHAIN.clear()


class _StaticCredentials:
    """Callable returning botocore ``Credentials`` for fixed keys; never shows them."""

    __slots__ = ("_access_key_id", "_built", "_secret_access_key", "_session_token")

    def __init__(self, access_key_id: str, secret_access_key: str, session_token: str | None) -> None:
        self._access_key_id = access_key_id
        self._secret_access_key = secret_access_key
        self._session_token = session_token
        self._built: Any = None

    def __call__(self) -> Any:
        if self._built is None:
            try:
                from botocore.credentials import Credentials
            except ImportError as exc:
                raise UsageError(_INSTALL_HINT) from exc
            self._built = Credentials(self._access_key_id, self._secret_access_key, self._session_token)
        return self._built

    def __repr__(self) -> str:
        return "aws_credentials_from(<redacted>)"


def aws_credentials_from(
    access_key_id: str, secret_access_key: str, session_token: str | None = None
) -> Callable[[], Any]:
    """Fixed AWS keys, for ``SigV4Auth(credentials=...)``; botocore is imported on first use."""
    if not access_key_id or not secret_access_key:
        raise UsageError("aws_credentials_from() needs a non-empty access_key_id and secret_access_key")
    return _StaticCredentials(access_key_id, secret_access_key, session_token or None)


@dataclass(frozen=True, slots=True)
class SigV4Auth:
    """Sign each attempt of a request with AWS Signature Version 4."""

    region: str
    service: str = "bedrock"
    credentials: Callable[[], Any] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.region:
            raise UsageError("SigV4Auth needs an AWS region, e.g. SigV4Auth(region='us-east-1')")
        if not self.service:
            raise UsageError("SigV4Auth needs the AWS service name to sign for, e.g. 'bedrock'")

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        try:
            from botocore.auth import SigV4Auth as BotocoreSigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import ReadOnlyCredentials
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError as exc:
            raise UsageError(_INSTALL_HINT) from exc

        try:
            source = self.credentials() if self.credentials is not None else _DEFAULT_CHAIN.get()
            if source is None:
                raise LoadAPIKeyError(NO_CREDENTIALS_MESSAGE)
            # Refreshable credentials renew here when close to expiry (thread-safe in botocore).
            frozen = source.get_frozen_credentials() if hasattr(source, "get_frozen_credentials") else source
        except (BotoCoreError, ClientError) as exc:
            raise LoadAPIKeyError(f"Could not load AWS credentials: {exc}. {NO_CREDENTIALS_MESSAGE}") from exc
        access_key = getattr(frozen, "access_key", None)
        secret_key = getattr(frozen, "secret_key", None)
        token = getattr(frozen, "token", None) or None
        if not access_key or not secret_key:
            raise LoadAPIKeyError(NO_CREDENTIALS_MESSAGE)

        aws_request = AWSRequest(
            method=request.method, url=request.url, headers=dict(request.headers), data=request.content
        )
        signer = BotocoreSigV4Auth(
            ReadOnlyCredentials(access_key, secret_key, token), self.service, self.region
        )
        signer.add_auth(aws_request)

        before = {name.lower(): value for name, value in request.headers.items()}
        after = {name.lower(): str(value) for name, value in aws_request.headers.items()}
        for name in before.keys() - after.keys():  # e.g. x-amz-date when a date header is used
            _remove_header(request.headers, name)
        for name, value in after.items():
            if before.get(name) != value:
                _remove_header(request.headers, name)
                request.headers[name] = value
        authorization = after.get("authorization", "")
        return tuple(secret for secret in (secret_key, token, authorization) if secret)


def _remove_header(headers: MutableMapping[str, str], lower_name: str) -> None:
    for name in [name for name in headers if name.lower() == lower_name]:
        del headers[name]
