"""LlamaIndex integration: ``AISDK`` (a function-calling LLM), ``AISDKEmbedding`` and
``AISDKRerank`` (a node postprocessor).

The classes live in ``integrations/llama_index``; this is the short import path users
write. Importing a class imports llama-index-core (install the ``llama-index`` extra);
``import ai_sdk_integrations`` alone never does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_getattr

if TYPE_CHECKING:
    from ..integrations.llama_index.embedding import AISDKEmbedding
    from ..integrations.llama_index.llm import AISDK
    from ..integrations.llama_index.media_tools import AISDKImageTool, AISDKSpeechTool
    from ..integrations.llama_index.readers import AISDKTranscriptReader
    from ..integrations.llama_index.rerank import AISDKRerank

_EXPORTS = {
    "AISDKTranscriptReader": ".integrations.llama_index.readers",
    "AISDKImageTool": ".integrations.llama_index.media_tools",
    "AISDKSpeechTool": ".integrations.llama_index.media_tools",
    "AISDK": ".integrations.llama_index.llm",
    "AISDKEmbedding": ".integrations.llama_index.embedding",
    "AISDKRerank": ".integrations.llama_index.rerank",
}

__all__ = [
    "AISDK",
    "AISDKEmbedding",
    "AISDKImageTool",
    "AISDKRerank",
    "AISDKSpeechTool",
    "AISDKTranscriptReader",
]

__getattr__ = lazy_getattr(__name__, _EXPORTS, globals(), extra=("llama_index", "llama-index"))
