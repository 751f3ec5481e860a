"""``create_azure``: Azure OpenAI deployments over the OpenAI chat codec.

URLs are ``https://{resource}.openai.azure.com/openai/deployments/{deployment}`` with
a dated ``api-version``; the key goes in the ``api-key`` header.
"""

from __future__ import annotations

import os
from typing import Any

from ...provider.factory import ApiKey
from ...spec.errors import UsageError
from ..openai.provider import OpenAIChatProvider, chat_provider

DEFAULT_API_VERSION = "2024-10-21"


def create_azure(
    *,
    resource_name: str | None = None,
    base_url: str | None = None,
    api_version: str | None = None,
    api_key: ApiKey = None,
    name: str = "azure",
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
    }
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
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
    return chat_provider(
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
