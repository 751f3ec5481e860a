"""``create_openai_compatible`` for any server that speaks Chat Completions, and the
named services of ``services.SERVICES`` (``groq``, ``ollama``, ``local``, ...)."""

from __future__ import annotations

from typing import Any

from ...provider.factory import ApiKey, base_url_from
from ..openai.provider import OpenAIChatProvider, chat_provider
from .services import OPENAI_COMPATIBLE, SERVICES, Service


def create_openai_compatible(
    *,
    base_url: str | None = None,
    name: str = "openai-compatible",
    api_key: ApiKey = None,
    **settings: Any,
) -> OpenAIChatProvider:
    """Any OpenAI-compatible server: ``base_url`` is its API root (``/v1`` is added to a
    bare host, never doubled); ``name`` keys ``provider_options`` and metadata.

    Server quirks are settings too, e.g. ``structured_outputs="json_schema"`` for a
    server that takes JSON schemas (the default is JSON mode, as in the AI SDK).
    """
    factory_settings = {"base_url": base_url, "name": name, "api_key": api_key, **settings}
    return _from_service(
        OPENAI_COMPATIBLE,
        name,
        {**settings, "base_url": base_url, "api_key": api_key},
        factory=create_openai_compatible,
        factory_settings=factory_settings,
    )


def create_service(service: str, **settings: Any) -> OpenAIChatProvider:
    """A named OpenAI-compatible service from the table (``create_service("groq")``)."""
    row = SERVICES[service]
    return _from_service(
        row, row.name, settings, factory=_service_factory(service), factory_settings=settings
    )


def _service_factory(service: str) -> Any:
    import functools

    return functools.partial(create_service, service)


def _from_service(
    row: Service, name: str, settings: dict[str, Any], *, factory: Any, factory_settings: dict[str, Any]
) -> OpenAIChatProvider:
    connection = {k: v for k, v in settings.items() if k != "base_url"}
    url = base_url_from(settings, row.base_url_env, row.base_url, name)
    return chat_provider(
        name,
        url,
        connection,
        key_env=row.api_key_env,
        key_required=row.key_required,
        api_path=row.api_path,
        dialect=row.dialect,
        profile=row.profile,
        connection_hint=row.connection_hint,
        factory=factory,
        factory_settings={k: v for k, v in factory_settings.items() if v is not None},
    )
