"""LangChain integration: ``ChatAISDK``, ``AISDKEmbeddings`` and ``init_chat_model``.

Importing a class imports langchain-core (install the ``langchain`` extra);
``import ai_sdk_integrations`` alone never does. Each class loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_getattr

if TYPE_CHECKING:
    from .chat_model import ChatAISDK
    from .embeddings import AISDKEmbeddings
    from .init import init_chat_model

_EXPORTS = {"ChatAISDK": "chat_model", "AISDKEmbeddings": "embeddings", "init_chat_model": "init"}

__all__ = ["AISDKEmbeddings", "ChatAISDK", "init_chat_model"]


__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
