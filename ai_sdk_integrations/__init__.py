"""ai_sdk_integrations: one model interface across providers, for LangChain, LlamaIndex
and plain Python, modelled on the Vercel AI SDK.

Names are imported on first use so that ``import ai_sdk_integrations`` stays cheap and
never pulls in an HTTP client, LangChain or LlamaIndex.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_getattr

if TYPE_CHECKING:
    from .embeddings import EmbedManyResult, EmbedResult, aembed, aembed_many, embed, embed_many
    from .gateway_metadata import gateway_credits, gateway_models
    from .generate import (
        AsyncStreamTextResult,
        GenerateTextResult,
        StreamTextResult,
        agenerate_text,
        astream_text,
        generate_text,
        stream_text,
    )
    from .model import EmbeddingModel, LanguageModel
    from .registry import embedding_model, known_providers, language_model
    from .tools import Tool, ToolCall, ToolResult, tool

_EXPORTS = {
    "generate_text": "generate",
    "agenerate_text": "generate",
    "stream_text": "generate",
    "astream_text": "generate",
    "GenerateTextResult": "generate",
    "StreamTextResult": "generate",
    "AsyncStreamTextResult": "generate",
    "embed": "embeddings",
    "aembed": "embeddings",
    "embed_many": "embeddings",
    "aembed_many": "embeddings",
    "EmbedResult": "embeddings",
    "EmbedManyResult": "embeddings",
    "language_model": "registry",
    "embedding_model": "registry",
    "known_providers": "registry",
    "LanguageModel": "model",
    "EmbeddingModel": "model",
    "gateway_models": "gateway_metadata",
    "gateway_credits": "gateway_metadata",
    "tool": "tools",
    "Tool": "tools",
    "ToolCall": "tools",
    "ToolResult": "tools",
}

__all__ = [
    "AsyncStreamTextResult",
    "EmbedManyResult",
    "EmbedResult",
    "EmbeddingModel",
    "GenerateTextResult",
    "LanguageModel",
    "StreamTextResult",
    "Tool",
    "ToolCall",
    "ToolResult",
    "aembed",
    "aembed_many",
    "agenerate_text",
    "astream_text",
    "embed",
    "embed_many",
    "embedding_model",
    "gateway_credits",
    "gateway_models",
    "generate_text",
    "known_providers",
    "language_model",
    "stream_text",
    "tool",
]


__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
