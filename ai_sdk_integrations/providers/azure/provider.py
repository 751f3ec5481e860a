"""``create_azure``: Azure OpenAI deployments over the OpenAI chat codec.

URLs are ``https://{resource}.openai.azure.com/openai/deployments/{deployment}`` with
a dated ``api-version``; the key goes in the ``api-key`` header. Responses API models
(``.responses(deployment)``, or every model with ``api="responses"``) use Azure's v1
API, ``https://{resource}.openai.azure.com/openai/v1/responses``, which takes the
deployment name as ``model`` and no dated ``api-version`` (only ``preview`` / ``v1``
are sent there, when given).

Microsoft Entra ID instead of a key: ``azure_ad_token_provider=`` (a callable returning
a token, as ``AzureChatOpenAI`` takes), ``azure_ad_token=``, or ``credential=`` (an
``azure-identity`` credential, e.g. ``DefaultAzureCredential()``; the ``azure`` extra),
sent as ``authorization: Bearer``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ...provider.factory import ApiKey
from ...spec.errors import UsageError
from ...transport.auth.keys import BearerAuth, KeySource
from ...transport.secrets import Secret
from ..openai.provider import Api, OpenAIChatProvider, chat_provider, check_api

DEFAULT_API_VERSION = "2024-10-21"
ENTRA_SCOPE = "https://cognitiveservices.azure.com/.default"
V1_API_VERSIONS = frozenset({"v1", "preview", "latest"})


def create_azure(
    *,
    resource_name: str | None = None,
    base_url: str | None = None,
    api_version: str | None = None,
    api_key: ApiKey = None,
    name: str = "azure",
    api: Api = "chat",
    azure_ad_token_provider: Callable[[], str] | None = None,
    azure_ad_token: str | None = None,
    credential: Any = None,
    **settings: Any,
) -> OpenAIChatProvider:
    """``resource_name`` (else ``AZURE_RESOURCE_NAME``) or ``base_url`` (else
    ``AZURE_OPENAI_ENDPOINT``); ``api_version`` (else ``AZURE_OPENAI_API_VERSION``, else
    2024-10-21). Key: ``AZURE_OPENAI_API_KEY`` or ``AZURE_API_KEY``. Model ids are
    deployment names."""
    given = {
        "resource_name": resource_name,
        "base_url": base_url,
        "api_version": api_version,
        "api_key": api_key,
        "azure_ad_token_provider": azure_ad_token_provider,
        "azure_ad_token": azure_ad_token,
        "credential": credential,
    }
    factory_settings = {
        **{k: v for k, v in given.items() if v is not None},
        "name": name,
        "api": api,
        **settings,
    }
    url = base_url or os.environ.get("AZURE_OPENAI_ENDPOINT")
    if not url:
        resource = resource_name or os.environ.get("AZURE_RESOURCE_NAME")
        if not resource:
            raise UsageError(
                f"{name}: set AZURE_RESOURCE_NAME or pass resource_name=... "
                "(or base_url=https://<resource>.openai.azure.com)"
            )
        url = f"https://{resource}.openai.azure.com"
    version = api_version or os.environ.get("AZURE_OPENAI_API_VERSION") or DEFAULT_API_VERSION
    provider = chat_provider(
        name,
        url,
        {**settings, "api_key": api_key},
        key_env=("AZURE_OPENAI_API_KEY", "AZURE_API_KEY"),
        key_header="api-key",
        api_path="/openai/deployments/{model}",
        dialect={"max_tokens_field": "max_completion_tokens", "max_embedding_tokens_per_call": 300_000},
        query={"api-version": version},
        factory=create_azure,
        factory_settings=factory_settings,
    )
    responses_query = {k: v for k, v in provider.endpoint.query.items() if k != "api-version"}
    if version in V1_API_VERSIONS:
        responses_query["api-version"] = version
    endpoint = provider.endpoint
    entra = _entra_auth(name, api_key, azure_ad_token_provider, azure_ad_token, credential)
    if entra is not None:
        endpoint = dataclasses.replace(endpoint, auth=entra)
    responses_endpoint = dataclasses.replace(endpoint, base_url=_v1_base_url(url), query=responses_query)
    return dataclasses.replace(
        provider, endpoint=endpoint, api=check_api(name, api), responses_endpoint=responses_endpoint
    )


def _entra_auth(
    name: str,
    api_key: ApiKey,
    token_provider: Callable[[], str] | None,
    token: str | None,
    credential: Any,
) -> BearerAuth | None:
    """Bearer auth from a Microsoft Entra ID token, where one is given instead of a key."""
    given = [value for value in (token_provider, token, credential) if value is not None]
    if not given:
        return None
    if len(given) > 1 or api_key is not None:
        raise UsageError(
            f"{name}: pass one of api_key, azure_ad_token_provider, azure_ad_token or credential"
        )
    if credential is not None:
        token_provider = _credential_token_provider(name, credential)
    source: Secret | Callable[[], str | None] = (
        token_provider if token_provider is not None else Secret(str(token))
    )
    return BearerAuth(KeySource(name, source))


def _credential_token_provider(name: str, credential: Any) -> Callable[[], str]:
    """azure-identity's refreshing token provider for the Azure OpenAI scope."""
    try:
        from azure.identity import get_bearer_token_provider
    except ImportError as exc:
        raise UsageError(
            f"{name}: credential= needs azure-identity: pip install 'ai-sdk-integrations[azure]'"
        ) from exc
    provider: Callable[[], str] = get_bearer_token_provider(credential, ENTRA_SCOPE)
    return provider


def _v1_base_url(url: str) -> str:
    """``https://{resource}.openai.azure.com`` -> ``.../openai/v1``; a URL ending in
    ``/openai`` gets ``/v1``; any other path is kept as written."""
    url = url.rstrip("/")
    path = urlsplit(url).path
    if path in ("", "/"):
        return url + "/openai/v1"
    if path.endswith("/openai"):
        return url + "/v1"
    return url
