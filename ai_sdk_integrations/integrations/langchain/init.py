"""``init_chat_model``: LangChain's model strings and provider names, answered by ``ChatAISDK``.

``langchain.chat_models.init_chat_model("together:meta-llama/...")`` picks a partner
class by provider name; this one takes the same arguments and returns a ``ChatAISDK``
for the same service::

    init_chat_model("openai:gpt-4o-mini", temperature=0)
    init_chat_model("gpt-4o-mini")                                  # provider inferred
    init_chat_model("meta-llama/Llama-3.3-70B-Instruct-Turbo", model_provider="together")
    init_chat_model("my-deployment", model_provider="azure_openai",
                    azure_endpoint="https://res.openai.azure.com", api_version="2024-10-21")

Provider names are LangChain's (``PROVIDER_ALIASES``) or this package's own
(``known_providers()``: ``"togetherai"``, ``"gateway"``, ``"local"``, ...). A provider
LangChain knows that this package does not implement yet (``NOT_IMPLEMENTED_YET``:
Anthropic on Bedrock or Vertex, IBM, NVIDIA, ...) is an error that says so and names the
same model behind the Vercel AI Gateway (``gateway:<vendor>/<model>``), which serves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...core.registry import known_providers
from ...spec.errors import NoSuchProviderError, UsageError
from .chat_model import ChatAISDK

PROVIDER_ALIASES: Mapping[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google_genai": "google",
    "google_vertexai": "vertex",
    "mistralai": "mistral",
    "cohere": "cohere",
    "bedrock": "bedrock",
    "bedrock_converse": "bedrock",
    "azure_openai": "azure",
    "together": "togetherai",
    "fireworks": "fireworks",
    "groq": "groq",
    "ollama": "ollama",
    "xai": "xai",
    "deepseek": "deepseek",
    "perplexity": "perplexity",
    "openrouter": "openrouter",
    "huggingface": "huggingface",
}
"""``init_chat_model`` provider name -> this package's provider, where it has one."""

NOT_IMPLEMENTED_YET: Mapping[str, str | None] = {
    "anthropic_bedrock": "anthropic",
    "google_anthropic_vertex": "anthropic",
    "azure_ai": None,
    "ibm": None,
    "nvidia": None,
    "upstage": None,
}
"""``init_chat_model`` providers with no provider here yet -> the model's vendor on the
Gateway, when the provider name says it (``None``: the model id has to say it)."""

# init_chat_model's inference from a bare model name: prefix -> its provider name.
INFERRED_PROVIDERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("gpt-", "o1", "o3", "chatgpt", "text-davinci"), "openai"),
    (("claude",), "anthropic"),
    (("command",), "cohere"),
    (("accounts/fireworks",), "fireworks"),
    (("gemini",), "google_vertexai"),
    (("amazon.", "anthropic.", "meta."), "bedrock"),
    (("mistral", "mixtral"), "mistralai"),
    (("deepseek",), "deepseek"),
    (("grok",), "xai"),
    (("sonar",), "perplexity"),
    (("solar",), "upstage"),
)

# AzureChatOpenAI's argument names -> ChatAISDK's (the deployment is the model id).
_AZURE_ARGUMENTS: Mapping[str, str] = {
    "azure_endpoint": "base_url",
    "api_version": "model_settings.api_version",
    "openai_api_version": "model_settings.api_version",
    "azure_deployment": "model",
    "deployment_name": "model",
}


class ProviderNotImplementedError(NoSuchProviderError, NotImplementedError):
    """A provider LangChain knows that this package does not implement yet."""


def init_chat_model(
    model: str,
    *,
    model_provider: str | None = None,
    configurable_fields: Any = None,
    config_prefix: str | None = None,
    **kwargs: Any,
) -> ChatAISDK:
    """A ``ChatAISDK`` for ``model`` (``"provider:model-id"`` or a bare id, with
    ``model_provider`` or a provider inferred as LangChain infers it); ``kwargs`` are
    ``ChatAISDK``'s (``temperature``, ``max_tokens``, ``base_url``, ``api_key``, ...)."""
    if configurable_fields is not None or config_prefix is not None:
        raise UsageError(
            "configurable models (configurable_fields / config_prefix) are not supported here; "
            "make one ChatAISDK per configuration, or use langchain.chat_models.init_chat_model"
        )
    provider, model_id = split_langchain_model(model, model_provider)
    ours = resolve_provider(provider, model_id)
    if ours == "azure":
        kwargs, model_id = _azure_arguments(kwargs, model_id)
    return ChatAISDK(model=f"{ours}:{model_id}", **kwargs)


def split_langchain_model(model: str, model_provider: str | None) -> tuple[str, str]:
    """(provider name as given or inferred, model id), as ``init_chat_model`` splits them."""
    if not model:
        raise UsageError("init_chat_model needs a model, e.g. 'openai:gpt-4o-mini'")
    if model_provider:
        return model_provider, model
    prefix, sep, rest = model.partition(":")
    if sep and rest and _is_provider_name(prefix):
        return prefix, rest
    lowered = model.lower()
    for prefixes, inferred in INFERRED_PROVIDERS:
        if lowered.startswith(prefixes):
            return inferred, model
    raise UsageError(
        f"cannot tell the provider of {model!r}: write 'provider:model-id' or pass model_provider=...; "
        f"providers: {', '.join(sorted({*known_providers(), *PROVIDER_ALIASES}))}"
    )


def resolve_provider(name: str, model_id: str) -> str:
    """This package's provider for ``name`` (ours, or LangChain's spelling of it)."""
    if name in known_providers():
        return name
    normalized = name.replace("-", "_").lower()
    if normalized in PROVIDER_ALIASES:
        return PROVIDER_ALIASES[normalized]
    if normalized in NOT_IMPLEMENTED_YET:
        vendor = NOT_IMPLEMENTED_YET[normalized]
        example = f"gateway:{vendor}/{model_id}" if vendor else "gateway:<vendor>/<model>"
        raise ProviderNotImplementedError(
            f"provider {name!r} is not implemented yet in ai_sdk_integrations. Reach the same model "
            f"through the Vercel AI Gateway: model={example!r} (the Gateway's ids are "
            "'<vendor>/<model>', e.g. 'gateway:anthropic/claude-sonnet-4.5'; gateway_models() lists them)"
        )
    raise NoSuchProviderError(
        f"unknown provider {name!r}; known providers: {', '.join(known_providers())}, "
        f"and LangChain's names for them: {', '.join(PROVIDER_ALIASES)}"
    )


def _is_provider_name(name: str) -> bool:
    normalized = name.replace("-", "_").lower()
    return name in known_providers() or normalized in PROVIDER_ALIASES or normalized in NOT_IMPLEMENTED_YET


def _azure_arguments(kwargs: dict[str, Any], model_id: str) -> tuple[dict[str, Any], str]:
    out = dict(kwargs)
    settings = dict(out.pop("model_settings", None) or {})
    for name, target in _AZURE_ARGUMENTS.items():
        if name not in out:
            continue
        value = out.pop(name)
        if target == "model":
            model_id = str(value)
        elif target.startswith("model_settings."):
            settings[target.partition(".")[2]] = value
        else:
            out[target] = value
    if settings:
        out["model_settings"] = settings
    return out, model_id
