"""The LlamaIndex conformance suite against ``AISDK`` / ``AISDKEmbedding`` on OpenAI.

``AISDK(model="openai:gpt-4o-mini")`` and
``AISDKEmbedding(model="openai:text-embedding-3-small")`` replay
``cassettes/llamaindex_conformance_openai/``, which were *written* from OpenAI's
documented wire format (``tests/openai_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/openai_provider/test_llamaindex_conformance_openai.py --record-mode=rewrite

and can be re-recorded against the real API with ``OPENAI_API_KEY=sk-...`` instead of
``AI_SDK_WRITE_CASSETTES=1``. Every capability flag is what gpt-4o-mini and our OpenAI
codec really do; nothing is skipped here.
"""

from __future__ import annotations

from typing import Any

import pytest

from ai_sdk_integrations.llama_index import AISDKEmbedding

pytest.register_assert_rewrite("llama_index_conformance")  # readable failures in the shared suite
from gpt4o_mini_flags import GPT4oMiniConformanceFlags  # noqa: E402
from llama_index_conformance import (  # noqa: E402
    LlamaIndexEmbeddingConformance,
    LlamaIndexLLMConformance,
)


@pytest.mark.vcr
class TestAISDKOpenAIConformance(GPT4oMiniConformanceFlags, LlamaIndexLLMConformance):
    """gpt-4o-mini through AISDK and our OpenAI Chat Completions codec, temperature 0."""

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": "openai:gpt-4o-mini", "temperature": 0, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "openai:gpt-9-preview-2031-01-01"


@pytest.mark.vcr
class TestAISDKEmbeddingOpenAIConformance(LlamaIndexEmbeddingConformance):
    @property
    def embedding_class(self) -> type[AISDKEmbedding]:
        return AISDKEmbedding

    @property
    def embedding_params(self) -> dict[str, Any]:
        # 256 of text-embedding-3-small's 1536 dimensions keeps the cassettes small.
        return {"model": "openai:text-embedding-3-small", "dimensions": 256}

    @property
    def dimensions(self) -> int:
        return 256

    @property
    def max_batch_size(self) -> int:
        return 2048  # OpenAI's limit of inputs per embeddings request
