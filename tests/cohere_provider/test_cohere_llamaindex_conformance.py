"""The LlamaIndex conformance suite against ``AISDK`` / ``AISDKEmbedding`` on Cohere.

``AISDK(model="cohere:command-a-03-2025")`` and
``AISDKEmbedding(model="cohere:embed-v4.0")`` replay
``cassettes/cohere_llamaindex_conformance/``, *written* from Cohere's documented wire
format (``cohere_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/cohere_provider/test_cohere_llamaindex_conformance.py --record-mode=rewrite

and re-recordable with ``COHERE_API_KEY=...`` instead. ``CohereChatWire`` reads Chat v2
and Embed v2 cassettes for the suite; the request's turns are shown to it in Chat
Completions terms (``cohere_wire.as_chat``), which is what the suite's history checks read.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.register_assert_rewrite("llama_index_conformance")
from cassette_reader import Interaction, interactions  # noqa: E402
from cohere_wire import as_chat  # noqa: E402
from llama_index.core.llms.function_calling import FunctionCallingLLM  # noqa: E402
from llama_index_conformance import (  # noqa: E402
    MAGIC,
    WEATHER,
    LlamaIndexEmbeddingConformance,
    LlamaIndexLLMConformance,
    check_tool_calls,
)

from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding  # noqa: E402


class CohereChatWire:
    """What a Cohere v2 cassette says, in the terms the suite asks for."""

    @staticmethod
    def is_stream(call: Interaction) -> bool:
        return call.response_body.lstrip().startswith("event:")

    def _events(self, call: Interaction, kind: str) -> list[dict[str, Any]]:
        return [e for e in call.sse_data if e.get("type") == kind]

    def reply_text(self, call: Interaction) -> str:
        if self.is_stream(call):
            return "".join(self.stream_deltas(call))
        content = call.json["message"].get("content") or []
        return "".join(b["text"] for b in content if b["type"] == "text")

    def stream_deltas(self, call: Interaction) -> list[str]:
        return [
            e["delta"]["message"]["content"]["text"]
            for e in self._events(call, "content-delta")
            if e["delta"]["message"]["content"].get("text")
        ]

    def response_id(self, call: Interaction) -> str:
        if self.is_stream(call):
            return str(self._events(call, "message-start")[0]["id"])
        return str(call.json["id"])

    def usage(self, call: Interaction) -> dict[str, Any] | None:
        """Cohere's ``usage.tokens`` as the suite reads them (OpenAI's names)."""
        if self.is_stream(call):
            usage = self._events(call, "message-end")[0]["delta"]["usage"]
        else:
            usage = call.json["usage"]
        tokens = usage["tokens"]
        return {"prompt_tokens": tokens["input_tokens"], "completion_tokens": tokens["output_tokens"]}

    def tool_calls(self, call: Interaction) -> list[tuple[str, str, str]]:
        if not self.is_stream(call):
            return [
                (c["id"], c["function"]["name"], c["function"].get("arguments") or "")
                for c in call.json["message"].get("tool_calls") or ()
            ]
        calls: dict[int, list[str]] = {}
        for event in self._events(call, "tool-call-start"):
            started = event["delta"]["message"]["tool_calls"]
            calls[event["index"]] = [
                started["id"],
                started["function"]["name"],
                started["function"]["arguments"],
            ]
        for event in self._events(call, "tool-call-delta"):
            calls[event["index"]][2] += event["delta"]["message"]["tool_calls"]["function"]["arguments"]
        return [(c[0], c[1], c[2]) for _, c in sorted(calls.items())]

    @staticmethod
    def messages(call: Interaction) -> list[dict[str, Any]]:
        return list(as_chat(call.request_body)["messages"])

    @staticmethod
    def stop(call: Interaction) -> list[str]:
        return list(call.request_body.get("stop_sequences") or ())

    @staticmethod
    def tool_choice(call: Interaction) -> Any:
        return call.request_body.get("tool_choice")

    @staticmethod
    def tool_names(call: Interaction) -> list[str]:
        return [t["function"]["name"] for t in call.request_body.get("tools") or ()]

    @staticmethod
    def named_choice(name: str) -> Any:
        return "REQUIRED"

    required_choice = "REQUIRED"

    @staticmethod
    def response_format(call: Interaction) -> dict[str, Any] | None:
        fmt: dict[str, Any] | None = call.request_body.get("response_format")
        return fmt

    def sent_schema(self, call: Interaction, kind: str) -> dict[str, Any]:
        assert kind == "json_schema", kind
        fmt = self.response_format(call) or {}
        assert fmt.get("type") == "json_object" and "json_schema" in fmt, fmt
        schema: dict[str, Any] = fmt["json_schema"]
        return schema

    @staticmethod
    def image_urls(call: Interaction) -> list[str]:
        return [
            block["image_url"]["url"]
            for message in call.request_body["messages"]
            if isinstance(message.get("content"), list)
            for block in message["content"]
            if block.get("type") == "image_url"
        ]

    @staticmethod
    def embeddings(call: Interaction) -> list[list[float]]:
        return [list(v) for v in call.json["embeddings"]["float"]]

    @staticmethod
    def embedding_inputs(call: Interaction) -> list[str]:
        return list(call.request_body["texts"])


@pytest.mark.vcr
class TestAISDKCohereConformance(LlamaIndexLLMConformance):
    """command-a-03-2025 through AISDK and our Cohere Chat v2 codec, temperature 0.

    ``supports_image_inputs`` is False, truthfully: command-a-03-2025 takes no images
    (the image tests skip; command-a-vision does, see ``test_cohere_cassettes``).
    ``test_tool_choice_named`` is overridden: Cohere has no named tool choice, so the
    codec sends only the named tool with ``tool_choice: REQUIRED`` (as the AI SDK does)
    and warns; the call is still to that tool."""

    wire = CohereChatWire()  # type: ignore[assignment]

    @property
    def llm_class(self) -> type[AISDK]:
        return AISDK

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": "cohere:command-a-03-2025", "temperature": 0, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "cohere:command-z-preview-2031-01-01"

    @property
    def context_window(self) -> int:
        return 256_000

    @property
    def structured_output_format(self) -> str | None:
        return "json_schema"

    @property
    def supports_json_mode(self) -> bool:
        return True

    def test_tool_choice_named(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        response = llm.chat_with_tools([MAGIC, WEATHER], user_msg="Hello!", tool_choice="get_weather")
        [call] = interactions(vcr)
        assert self.wire.tool_names(call) == ["get_weather"]
        assert self.wire.tool_choice(call) == "REQUIRED"
        check_tool_calls(llm, response, self.wire.tool_calls(call), "get_weather")


@pytest.mark.vcr
class TestAISDKEmbeddingCohereConformance(LlamaIndexEmbeddingConformance):
    """Text embeddings go as ``input_type: search_document``, query embeddings as
    ``search_query`` (``test_query_and_text_input_types``)."""

    def test_query_and_text_input_types(self, embedding: Any, vcr: Any) -> None:
        embedding.get_text_embedding("cats purr when they are content")
        embedding.get_query_embedding("What do cats do?")
        text, query = interactions(vcr)
        assert text.request_body["input_type"] == "search_document"
        assert query.request_body["input_type"] == "search_query"

    wire = CohereChatWire()  # type: ignore[assignment]

    @property
    def embedding_class(self) -> type[AISDKEmbedding]:
        return AISDKEmbedding

    @property
    def embedding_params(self) -> dict[str, Any]:
        return {"model": "cohere:embed-v4.0", "dimensions": 256}

    @property
    def dimensions(self) -> int:
        return 256

    @property
    def max_batch_size(self) -> int:
        return 96  # Cohere's limit of texts per embed request
