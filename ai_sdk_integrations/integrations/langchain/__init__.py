"""LangChain integration: ``ChatAISDK`` and ``AISDKEmbeddings``.

Importing a class imports langchain-core (install the ``langchain`` extra);
``import ai_sdk_integrations`` alone never does. Each class loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_getattr

if TYPE_CHECKING:
    from .chat_model import ChatAISDK
    from .embeddings import AISDKEmbeddings

_EXPORTS = {"ChatAISDK": "chat_model", "AISDKEmbeddings": "embeddings"}

__all__ = ["AISDKEmbeddings", "ChatAISDK"]


__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
