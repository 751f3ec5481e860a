"""LlamaIndex integration: ``AISDK`` (a function-calling LLM) and ``AISDKEmbedding``.

Importing a class imports llama-index-core (install the ``llama-index`` extra);
``import ai_sdk_integrations`` alone never does. Each class loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_getattr

if TYPE_CHECKING:
    from .embedding import AISDKEmbedding
    from .llm import AISDK

_EXPORTS = {"AISDK": "llm", "AISDKEmbedding": "embedding"}

__all__ = ["AISDK", "AISDKEmbedding"]

__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
