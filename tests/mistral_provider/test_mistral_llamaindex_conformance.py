"""The LlamaIndex conformance suite against ``AISDK`` / ``AISDKEmbedding`` on Mistral.

``AISDK(model="mistral:mistral-small-latest")`` and
``AISDKEmbedding(model="mistral:mistral-embed")`` replay
``cassettes/mistral_llamaindex_conformance/``, *written* from Mistral's documented wire
format (``mistral_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/mistral_provider/test_mistral_llamaindex_conformance.py --record-mode=rewrite

and re-recordable with ``MISTRAL_API_KEY=...`` instead. ``MistralWire`` reads the
cassettes where Mistral's wire differs from OpenAI's (``tool_choice: "any"``, image
URLs as strings). Three suite tests are restated here with Mistral's expectations,
not skipped: a named tool choice is sent as that tool alone with ``"any"`` (as the AI
SDK sends it), and the suite's history ids (``"abc123"``) go out as Mistral's
nine-character form of them, which its API requires. Nothing is skipped.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding
from ai_sdk_integrations.providers.mistral.tool_call_ids import mistral_tool_call_id

pytest.register_assert_rewrite("llama_index_conformance")
from cassette_reader import Interaction, interactions  # noqa: E402
from llama_index.core.llms.function_calling import FunctionCallingLLM  # noqa: E402
from llama_index_conformance import (  # noqa: E402
    ADDER,
    MAGIC,
    WEATHER,
    ChatCompletionsWire,
    LlamaIndexEmbeddingConformance,
    LlamaIndexLLMConformance,
    check_tool_calls,
    tool_history,
)

HISTORY_ID = mistral_tool_call_id("abc123")


class MistralWire(ChatCompletionsWire):
    required_choice = "any"

    @staticmethod
    def named_choice(name: str) -> Any:
        return "any"

    @staticmethod
    def image_urls(call: Interaction) -> list[str]:
        return [
            part["image_url"] if isinstance(part["image_url"], str) else part["image_url"]["url"]
            for message in call.request_body["messages"]
            if isinstance(message.get("content"), list)
            for part in message["content"]
            if part.get("type") == "image_url"
        ]


@pytest.mark.vcr
class TestAISDKMistralConformance(LlamaIndexLLMConformance):
    """mistral-small-latest through AISDK and our Mistral codec, temperature 0."""

    wire = MistralWire()

    @property
    def llm_class(self) -> type[AISDK]:
        return AISDK

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": "mistral:mistral-small-latest", "temperature": 0, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "mistral:mistral-colossal-2031"

    @property
    def context_window(self) -> int:
        return 131_072

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

    def _check_sent_history(self, call: Interaction, call_id: str) -> None:
        super()._check_sent_history(call, mistral_tool_call_id(call_id))

    def test_tool_choice_named(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """The suite's test, with Mistral's wire: the named tool alone, ``"any"``."""
        response = llm.chat_with_tools([MAGIC, WEATHER], user_msg="Hello!", tool_choice="get_weather")
        [call] = interactions(vcr)
        assert self.wire.tool_names(call) == ["get_weather"]
        assert self.wire.tool_choice(call) == "any"
        check_tool_calls(llm, response, self.wire.tool_calls(call), "get_weather")

    def test_malformed_tool_arguments_in_history(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """The suite's test, with the history's id in Mistral's form."""
        from llama_index.core.base.llms.types import ToolCallBlock as Block

        history = tool_history("abc123")
        history[1].blocks[1] = Block(
            tool_call_id="abc123", tool_name="my_adder_tool", tool_kwargs='{"a": 1, "b": 2'
        )
        response = llm.chat_with_tools([ADDER], chat_history=history)
        [call] = interactions(vcr)
        [assistant] = [m for m in self.wire.messages(call) if m["role"] == "assistant"]
        [sent] = assistant["tool_calls"]
        assert (sent["id"], sent["function"]["arguments"]) == (HISTORY_ID, '{"a": 1, "b": 2')
        [tool] = [m for m in self.wire.messages(call) if m["role"] == "tool"]
        assert tool["tool_call_id"] == HISTORY_ID and json.loads(tool["content"]) == {"result": 3}
        assert response.message.content == self.wire.reply_text(call)


@pytest.mark.vcr
class TestAISDKEmbeddingMistralConformance(LlamaIndexEmbeddingConformance):
    @property
    def embedding_class(self) -> type[AISDKEmbedding]:
        return AISDKEmbedding

    @property
    def embedding_params(self) -> dict[str, Any]:
        return {"model": "mistral:mistral-embed"}

    @property
    def dimensions(self) -> int:
        return 1024

    @property
    def max_batch_size(self) -> int:
        # AISDKEmbedding hands LlamaIndex's largest batch to embed_many, which splits it
        # into Mistral's 32 texts per request (test_mistral_cassettes'
        # test_embed_many_in_batches_of_32 records that split).
        return 2048
