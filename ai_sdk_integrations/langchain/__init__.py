"""LangChain integration: ``ChatAISDK``, ``AISDKEmbeddings`` and ``AISDKRerank``.

The classes live in ``integrations/langchain``; this is the short import path users
write. Importing a class imports langchain-core (install the ``langchain`` extra);
``import ai_sdk_integrations`` alone never does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_getattr

if TYPE_CHECKING:
    from ..integrations.langchain.chat_model import ChatAISDK
    from ..integrations.langchain.embeddings import AISDKEmbeddings
    from ..integrations.langchain.init import init_chat_model
    from ..integrations.langchain.loaders import AISDKTranscriptLoader
    from ..integrations.langchain.media_tools import AISDKImageTool, AISDKSpeechTool
    from ..integrations.langchain.rerank import AISDKRerank

_EXPORTS = {
    "AISDKTranscriptLoader": ".integrations.langchain.loaders",
    "AISDKImageTool": ".integrations.langchain.media_tools",
    "AISDKSpeechTool": ".integrations.langchain.media_tools",
    "ChatAISDK": ".integrations.langchain.chat_model",
    "AISDKEmbeddings": ".integrations.langchain.embeddings",
    "init_chat_model": ".integrations.langchain.init",
    "AISDKRerank": ".integrations.langchain.rerank",
}

__all__ = [
    "AISDKEmbeddings",
    "AISDKImageTool",
    "AISDKRerank",
    "AISDKSpeechTool",
    "AISDKTranscriptLoader",
    "ChatAISDK",
    "init_chat_model",
]

__getattr__ = lazy_getattr(__name__, _EXPORTS, globals(), extra=("langchain_core", "langchain"))
