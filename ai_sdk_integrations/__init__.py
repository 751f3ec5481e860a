"""ai_sdk_integrations: one model interface across providers, for LangChain, LlamaIndex
and plain Python, modelled on the Vercel AI SDK.

Names are imported on first use so that ``import ai_sdk_integrations`` stays cheap and
never pulls in an HTTP client, LangChain or LlamaIndex.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_getattr

if TYPE_CHECKING:
    from .core.embed import EmbedManyResult, EmbedResult, aembed, aembed_many, embed, embed_many
    from .core.generate import (
        AsyncStreamTextResult,
        GenerateTextResult,
        StreamTextResult,
        agenerate_text,
        astream_text,
        generate_text,
        stream_text,
    )
    from .core.middleware import (
        EmbeddingModelMiddleware,
        LanguageModelMiddleware,
        default_embedding_settings_middleware,
        default_instructions_middleware,
        default_settings_middleware,
        extract_json_middleware,
        extract_reasoning_middleware,
        simulate_streaming_middleware,
        wrap_embedding_model,
        wrap_language_model,
    )
    from .core.provider_registry import (
        CustomProvider,
        NoSuchModelError,
        ProviderRegistry,
        create_provider_registry,
        custom_provider,
        preset,
    )
    from .core.registry import (
        embedding_model,
        get_provider,
        known_providers,
        language_model,
        register_provider,
        reranking_model,
        unregister_provider,
    )
    from .core.rerank import RankedDocument, RerankResult, arerank, rerank
    from .core.similarity import cosine_similarity
    from .core.smooth_stream import SmoothStream, smooth_stream
    from .core.tools import Tool, ToolCall, ToolResult, tool
    from .provider.embedding_model import EmbeddingModel
    from .provider.factory import Provider
    from .provider.language_model import LanguageModel
    from .provider.profile import ModelProfile
    from .provider.reranking_model import RerankingModel
    from .providers.azure.provider import create_azure
    from .providers.gateway.provider import (
        agateway_credits,
        agateway_generation,
        agateway_spend_report,
        create_gateway,
        gateway_credits,
        gateway_generation,
        gateway_models,
        gateway_spend_report,
    )
    from .providers.openai.provider import create_openai
    from .providers.openai_compatible.provider import create_openai_compatible
    from .telemetry import TelemetrySettings, disable_telemetry, enable_telemetry, use_telemetry

_EXPORTS = {
    "generate_text": "core.generate",
    "agenerate_text": "core.generate",
    "stream_text": "core.generate",
    "astream_text": "core.generate",
    "GenerateTextResult": "core.generate",
    "StreamTextResult": "core.generate",
    "AsyncStreamTextResult": "core.generate",
    "embed": "core.embed",
    "aembed": "core.embed",
    "embed_many": "core.embed",
    "aembed_many": "core.embed",
    "EmbedResult": "core.embed",
    "EmbedManyResult": "core.embed",
    "rerank": "core.rerank",
    "arerank": "core.rerank",
    "RerankResult": "core.rerank",
    "RankedDocument": "core.rerank",
    "reranking_model": "core.registry",
    "RerankingModel": "provider.reranking_model",
    "language_model": "core.registry",
    "embedding_model": "core.registry",
    "known_providers": "core.registry",
    "get_provider": "core.registry",
    "register_provider": "core.registry",
    "unregister_provider": "core.registry",
    "tool": "core.tools",
    "Tool": "core.tools",
    "ToolCall": "core.tools",
    "ToolResult": "core.tools",
    "LanguageModel": "provider.language_model",
    "EmbeddingModel": "provider.embedding_model",
    "Provider": "provider.factory",
    "ModelProfile": "provider.profile",
    "create_openai": "providers.openai.provider",
    "create_openai_compatible": "providers.openai_compatible.provider",
    "create_azure": "providers.azure.provider",
    "create_gateway": "providers.gateway.provider",
    "gateway_models": "providers.gateway.provider",
    "gateway_credits": "providers.gateway.provider",
    "agateway_credits": "providers.gateway.provider",
    "gateway_generation": "providers.gateway.provider",
    "agateway_generation": "providers.gateway.provider",
    "gateway_spend_report": "providers.gateway.provider",
    "agateway_spend_report": "providers.gateway.provider",
    "EmbeddingModelMiddleware": "core.middleware",
    "LanguageModelMiddleware": "core.middleware",
    "default_embedding_settings_middleware": "core.middleware",
    "default_instructions_middleware": "core.middleware",
    "default_settings_middleware": "core.middleware",
    "extract_json_middleware": "core.middleware",
    "extract_reasoning_middleware": "core.middleware",
    "simulate_streaming_middleware": "core.middleware",
    "wrap_embedding_model": "core.middleware",
    "wrap_language_model": "core.middleware",
    "smooth_stream": "core.smooth_stream",
    "SmoothStream": "core.smooth_stream",
    "cosine_similarity": "core.similarity",
    "create_provider_registry": "core.provider_registry",
    "custom_provider": "core.provider_registry",
    "preset": "core.provider_registry",
    "ProviderRegistry": "core.provider_registry",
    "CustomProvider": "core.provider_registry",
    "NoSuchModelError": "core.provider_registry",
    "TelemetrySettings": "telemetry.settings",
    "enable_telemetry": "telemetry.state",
    "disable_telemetry": "telemetry.state",
    "use_telemetry": "telemetry.state",
}

__all__ = [
    "AsyncStreamTextResult",
    "CustomProvider",
    "EmbedManyResult",
    "EmbedResult",
    "EmbeddingModel",
    "EmbeddingModelMiddleware",
    "GenerateTextResult",
    "LanguageModel",
    "LanguageModelMiddleware",
    "ModelProfile",
    "NoSuchModelError",
    "Provider",
    "ProviderRegistry",
    "RankedDocument",
    "RerankResult",
    "RerankingModel",
    "SmoothStream",
    "StreamTextResult",
    "TelemetrySettings",
    "Tool",
    "ToolCall",
    "ToolResult",
    "aembed",
    "aembed_many",
    "agateway_credits",
    "agateway_generation",
    "agateway_spend_report",
    "agenerate_text",
    "arerank",
    "astream_text",
    "cosine_similarity",
    "create_azure",
    "create_gateway",
    "create_openai",
    "create_openai_compatible",
    "create_provider_registry",
    "custom_provider",
    "default_embedding_settings_middleware",
    "default_instructions_middleware",
    "default_settings_middleware",
    "disable_telemetry",
    "embed",
    "embed_many",
    "embedding_model",
    "enable_telemetry",
    "extract_json_middleware",
    "extract_reasoning_middleware",
    "gateway_credits",
    "gateway_generation",
    "gateway_models",
    "gateway_spend_report",
    "generate_text",
    "get_provider",
    "known_providers",
    "language_model",
    "preset",
    "register_provider",
    "rerank",
    "reranking_model",
    "simulate_streaming_middleware",
    "smooth_stream",
    "stream_text",
    "tool",
    "unregister_provider",
    "use_telemetry",
    "wrap_embedding_model",
    "wrap_language_model",
]


__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
