"""Amazon Bedrock's provider (``create_bedrock``): where requests go, how they are signed.

``create_bedrock(region="us-east-1")`` makes Converse language models
(``language_model("us.anthropic.claude-sonnet-4-5-20250929-v1:0")``, any model id,
inference profile id or ARN) and InvokeModel embedding models (Titan, Cohere) on
``https://bedrock-runtime.{region}.amazonaws.com``. The region is ``region=``, else
``AWS_REGION``, else ``AWS_DEFAULT_REGION``; the endpoint is ``base_url=``, else the
AWS SDKs' ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME`` / ``AWS_ENDPOINT_URL``, else the regional one.

Authentication, decided per request (nothing is read when the model is made):

1. a Bedrock API key: ``api_key=``, or ``AWS_BEARER_TOKEN_BEDROCK`` (sent as
   ``Authorization: Bearer``), unless ``credentials=`` or ``profile=`` was given;
2. otherwise AWS Signature Version 4 (service ``bedrock``) with ``credentials=`` (a
   callable returning botocore credentials, e.g. ``aws_credentials_from(key_id,
   secret)`` or ``boto3.Session().get_credentials``), the named ``profile=`` of the
   shared config, or botocore's default chain (environment, ``~/.aws`` profiles, SSO,
   assumed roles, container and instance roles). SigV4 needs the ``bedrock`` extra
   (botocore); API keys need nothing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...provider.embedding_model import EmbeddingModel
from ...provider.factory import CONNECTION_SETTINGS, ApiKey, check_settings, key_source, make_endpoint
from ...provider.language_model import LanguageModel
from ...provider.profile import model_profile
from ...provider.reranking_model import RerankingModel
from ...spec.errors import LoadAPIKeyError, UsageError
from ...transport.auth.base import OutgoingRequest
from ...transport.auth.keys import BearerAuth, KeySource
from ...transport.auth.sigv4 import SigV4Auth
from ...transport.endpoint import Endpoint
from . import model_ids
from .codec import BedrockConverseCodec
from .embedding import BedrockEmbeddingCodec
from .rerank import BedrockRerankCodec

API_KEY_ENV = "AWS_BEARER_TOKEN_BEDROCK"
REGION_ENV = ("AWS_REGION", "AWS_DEFAULT_REGION")
ENDPOINT_ENV = ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL")
AGENT_ENDPOINT_ENV = ("AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME", "AWS_ENDPOINT_URL")
_SETTINGS = CONNECTION_SETTINGS | {"credentials", "profile", "region"}


@dataclass(frozen=True, slots=True)
class BedrockAuth:
    """A Bedrock API key when there is one, else a SigV4 signature."""

    api_key: KeySource | None
    sigv4: SigV4Auth

    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        if self.api_key is not None:
            added = BearerAuth(self.api_key).apply(request)
            if added:
                return added
        return self.sigv4.apply(request)

    def known_secrets(self) -> tuple[str, ...]:
        key = self.api_key.peek() if self.api_key is not None else None
        return (key,) if key else ()


class _ProfileCredentials:
    """Credentials of a named shared-config profile, looked up once (refreshable ones,
    such as SSO, renew themselves); botocore is imported on first use."""

    __slots__ = ("_credentials", "_lock", "profile")

    def __init__(self, profile: str) -> None:
        self.profile = profile
        self._lock = threading.Lock()
        self._credentials: Any = None

    def __call__(self) -> Any:
        with self._lock:
            if self._credentials is None:
                import botocore.exceptions
                import botocore.session

                try:
                    found = botocore.session.Session(profile=self.profile).get_credentials()
                except botocore.exceptions.ProfileNotFound as exc:
                    raise LoadAPIKeyError(f"bedrock: AWS profile {self.profile!r} not found ({exc})") from exc
                if found is None:
                    raise LoadAPIKeyError(f"bedrock: the AWS profile {self.profile!r} has no credentials")
                self._credentials = found
            return self._credentials

    def __getstate__(self) -> str:
        return self.profile

    def __setstate__(self, profile: str) -> None:
        self.__init__(profile)  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"profile({self.profile!r})"


@dataclass(frozen=True, slots=True)
class BedrockProvider:
    """Makes Converse language models and InvokeModel embedding models for one region."""

    name: str
    endpoint: Endpoint
    region: str
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    agent_endpoint: Endpoint | None = None
    """``bedrock-agent-runtime`` (Rerank), signed and authenticated as ``endpoint``."""

    def language_model(self, model_id: str) -> LanguageModel:
        profile = model_profile(model_ids.family_name(model_id))
        return LanguageModel(BedrockConverseCodec(model_id, self.name, profile), self.endpoint, profile)

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel:
        codec = BedrockEmbeddingCodec(model_id, self.name, dimensions)
        return EmbeddingModel(codec, self.endpoint, profile=model_profile(model_ids.family_name(model_id)))

    def reranking_model(self, model_id: str) -> RerankingModel:
        """Amazon Rerank (``amazon.rerank-v1:0``) or Cohere Rerank (``cohere.rerank-v3-5:0``),
        by model id or ARN, through ``POST /rerank`` on ``bedrock-agent-runtime``."""
        codec = BedrockRerankCodec(model_id, self.region, self.name)
        return RerankingModel(codec, self.agent_endpoint or self.endpoint)

    def with_settings(self, **changes: Any) -> BedrockProvider:
        """The same provider made again with some settings changed."""
        return create_bedrock(**{**self.settings, **changes})


def create_bedrock(
    *,
    region: str | None = None,
    api_key: ApiKey = None,
    credentials: Callable[[], Any] | None = None,
    profile: str | None = None,
    base_url: str | None = None,
    name: str = "bedrock",
    **settings: Any,
) -> BedrockProvider:
    """Amazon Bedrock. Region: ``AWS_REGION``; auth: ``AWS_BEARER_TOKEN_BEDROCK`` or SigV4.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``:
    ``headers``, ``timeout``, ``max_retries``, ``http_client``, ``api_key_env``, ...).
    ``name`` is also the key of this provider's options and metadata
    (``provider_options={"bedrock": {...}}``).
    """
    check_settings(name, settings, _SETTINGS)
    given = {
        "region": region,
        "api_key": api_key,
        "credentials": credentials,
        "profile": profile,
        "base_url": base_url,
    }
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    if credentials is not None and profile is not None:
        raise UsageError(f"{name}: pass credentials= or profile=, not both")
    region = region or next((os.environ[v] for v in REGION_ENV if os.environ.get(v)), None)
    if not region:
        raise UsageError(
            f"{name}: no AWS region. Pass region='us-east-1' (or another Bedrock region), or set AWS_REGION"
        )
    url = base_url or next((os.environ[v] for v in ENDPOINT_ENV if os.environ.get(v)), None)
    url = (url or f"https://bedrock-runtime.{region}.amazonaws.com").rstrip("/")
    signer_credentials = _ProfileCredentials(profile) if profile is not None else credentials
    sigv4 = SigV4Auth(region=region, service="bedrock", credentials=signer_credentials)
    bearer: KeySource | None = None
    if api_key is not None or (credentials is None and profile is None):
        bearer = key_source(name, api_key, settings.get("api_key_env"), (API_KEY_ENV,), required=False)
    auth = BedrockAuth(bearer, sigv4)
    endpoint = make_endpoint(name, url, auth, settings)
    agent_url = next((os.environ[v] for v in AGENT_ENDPOINT_ENV if os.environ.get(v)), None)
    agent_url = (agent_url or f"https://bedrock-agent-runtime.{region}.amazonaws.com").rstrip("/")
    agent_endpoint = make_endpoint(name, agent_url, auth, settings)
    return BedrockProvider(name, endpoint, region, factory_settings, agent_endpoint)
