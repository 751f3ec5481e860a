"""LangChain integration: ``ChatAISDK`` and ``AISDKEmbeddings``.

Importing this subpackage imports langchain-core (install the ``langchain`` extra);
``import ai_sdk_integrations`` alone never does.
"""

from .chat_model import ChatAISDK
from .embeddings import AISDKEmbeddings

__all__ = ["AISDKEmbeddings", "ChatAISDK"]
