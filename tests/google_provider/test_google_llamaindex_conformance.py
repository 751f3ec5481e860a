"""The LlamaIndex conformance suite against ``AISDK`` / ``AISDKEmbedding`` on the Gemini API.

``AISDK(model="google:gemini-2.5-flash")`` and
``AISDKEmbedding(model="google:gemini-embedding-001")`` replay
``cassettes/google_llamaindex_conformance/``, *written* from Google's documented wire
format (``google_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/google_provider/test_google_llamaindex_conformance.py --record-mode=rewrite

and re-recordable against the real API with ``GOOGLE_GENERATIVE_AI_API_KEY=...``. The
suite reads the cassettes through ``GeminiWire``. One test is replaced, not skipped:
Gemini takes tool arguments only as a JSON object, so broken arguments in a history go
as ``{}`` with a warning instead of as the text the model wrote.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cassette_reader import interactions
from gemini_conformance_wire import GeminiWire

from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding

pytest.register_assert_rewrite("llama_index_conformance")
from llama_index.core.base.llms.types import ToolCallBlock  # noqa: E402
from llama_index_conformance import (  # noqa: E402
    ADDER,
    LlamaIndexEmbeddingConformance,
    LlamaIndexLLMConformance,
    tool_history,
)


@pytest.mark.vcr
class TestAISDKGoogleConformance(LlamaIndexLLMConformance):
    """gemini-2.5-flash through AISDK and our Gemini codec, temperature 0."""

    wire = GeminiWire()  # type: ignore[assignment]

    @property
    def llm_class(self) -> type[AISDK]:
        return AISDK

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": "google:gemini-2.5-flash", "temperature": 0, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "google:gemini-9-ultra-2031"

    @property
    def context_window(self) -> int:
        return 1_048_576

    @property
    def structured_output_format(self) -> str:
        return "json_schema"

    @property
    def supports_json_mode(self) -> bool:
        return True

    @property
    def supports_image_inputs(self) -> bool:
        return True

    @property
    def supports_image_urls(self) -> bool:
        return True

    def test_malformed_tool_arguments_in_history(self, llm: Any, vcr: Any) -> None:
        """Gemini's ``args`` is a protobuf ``Struct``: broken arguments cannot go as the
        text the model wrote, so they go as ``{}`` and the call goes through."""
        history = tool_history("abc123")
        history[1].blocks[1] = ToolCallBlock(
            tool_call_id="abc123", tool_name="my_adder_tool", tool_kwargs='{"a": 1, "b": 2'
        )
        response = llm.chat_with_tools([ADDER], chat_history=history)
        [call] = interactions(vcr)
        [assistant] = [m for m in self.wire.messages(call) if m["role"] == "assistant"]
        [sent] = assistant["tool_calls"]
        assert (sent["id"], json.loads(sent["function"]["arguments"])) == ("abc123", {})
        assert response.message.content == self.wire.reply_text(call)


@pytest.mark.vcr
class TestAISDKEmbeddingGoogleConformance(LlamaIndexEmbeddingConformance):
    wire = GeminiWire()  # type: ignore[assignment]

    @property
    def embedding_class(self) -> type[AISDKEmbedding]:
        return AISDKEmbedding

    @property
    def embedding_params(self) -> dict[str, Any]:
        return {"model": "google:gemini-embedding-001", "dimensions": 256}

    @property
    def dimensions(self) -> int:
        return 256

    @property
    def max_batch_size(self) -> int:
        return 100  # "at most 100 requests can be in one batch"

    def test_the_model_takes_100_values_per_call(self, embedding: Any) -> None:
        assert embedding.embedding_model().max_embeddings_per_call == 100
