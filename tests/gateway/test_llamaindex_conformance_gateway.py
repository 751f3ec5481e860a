"""The LlamaIndex conformance suite against ``AISDK`` / ``AISDKEmbedding`` over the AI Gateway.

``AISDK(model="gateway:openai/gpt-4o-mini")`` and
``AISDKEmbedding(model="gateway:openai/text-embedding-3-small")`` replay
``cassettes/llamaindex_conformance_gateway/``, which were *written* from the Gateway's
wire protocol (``tests/gateway_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/gateway/test_llamaindex_conformance_gateway.py --record-mode=rewrite

and can be re-recorded against the real Gateway with ``AI_GATEWAY_API_KEY=...``.
The cassettes hold AI SDK V4 call options and results, so ``GatewayWire`` reads them in
the suite's terms: the prompt as the Chat Completions messages it stands for
(``gateway_wire.chat_completions_request``, the same translation the fake answers from),
text and tool calls from ``content`` or the stream parts, usage from the nested
``usage`` totals.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cassette_reader import Interaction
from gateway_wire import chat_completions_request

from ai_sdk_integrations.llama_index import AISDKEmbedding

pytest.register_assert_rewrite("llama_index_conformance")  # readable failures in the shared suite
from gpt4o_mini_flags import GPT4oMiniConformanceFlags  # noqa: E402
from llama_index_conformance import (  # noqa: E402
    ChatCompletionsWire,
    LlamaIndexEmbeddingConformance,
    LlamaIndexLLMConformance,
)

pytestmark = pytest.mark.usefixtures("gateway_base_url")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class GatewayWire(ChatCompletionsWire):
    """What a Gateway (``/v4/ai``) cassette says, in the suite's terms."""

    def reply_text(self, call: Interaction) -> str:
        if self.is_stream(call):
            return "".join(self.stream_deltas(call))
        return "".join(c["text"] for c in call.json["content"] if c["type"] == "text")

    @staticmethod
    def stream_deltas(call: Interaction) -> list[str]:
        return [p["delta"] for p in call.sse_data if p.get("type") == "text-delta" and p.get("delta")]

    def response_id(self, call: Interaction) -> str:
        if self.is_stream(call):
            [meta] = [p for p in call.sse_data if p.get("type") == "response-metadata"]
            return str(meta["id"])
        return str(call.json["response"]["id"])

    def usage(self, call: Interaction) -> dict[str, Any] | None:
        if self.is_stream(call):
            finishes = [p for p in call.sse_data if p.get("type") == "finish"]
            usage = finishes[-1].get("usage") if finishes else None
        else:
            usage = call.json.get("usage")
        if not usage:
            return None
        prompt = usage["inputTokens"]["total"]
        completion = usage["outputTokens"]["total"]
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    def tool_calls(self, call: Interaction) -> list[tuple[str, str, str]]:
        parts = call.sse_data if self.is_stream(call) else call.json["content"]
        calls = [p for p in parts if p.get("type") == "tool-call"]
        return [(c["toolCallId"], c["toolName"], _text(c["input"])) for c in calls]

    @staticmethod
    def messages(call: Interaction) -> list[dict[str, Any]]:
        return list(chat_completions_request(call.request_body)["messages"])

    @staticmethod
    def stop(call: Interaction) -> list[str]:
        return list(call.request_body.get("stopSequences") or ())

    @staticmethod
    def tool_choice(call: Interaction) -> Any:
        return call.request_body.get("toolChoice")

    @staticmethod
    def tool_names(call: Interaction) -> list[str]:
        return [t["name"] for t in call.request_body.get("tools") or ()]

    @staticmethod
    def named_choice(name: str) -> Any:
        return {"type": "tool", "toolName": name}

    required_choice = {"type": "required"}  # noqa: RUF012

    @staticmethod
    def response_format(call: Interaction) -> dict[str, Any] | None:
        """The AI SDK's ``responseFormat`` as the suite names it: JSON with a schema is
        ``json_schema``, without one ``json_object``."""
        return chat_completions_request(call.request_body).get("response_format")

    @staticmethod
    def image_urls(call: Interaction) -> list[str]:
        return [
            part["image_url"]["url"]
            for message in GatewayWire.messages(call)
            if isinstance(message.get("content"), list)
            for part in message["content"]
            if part.get("type") == "image_url"
        ]

    @staticmethod
    def embeddings(call: Interaction) -> list[list[float]]:
        return [list(v) for v in call.json["embeddings"]]

    @staticmethod
    def embedding_inputs(call: Interaction) -> list[str]:
        return list(call.request_body["values"])


@pytest.mark.vcr
class TestAISDKGatewayConformance(GPT4oMiniConformanceFlags, LlamaIndexLLMConformance):
    """gpt-4o-mini through AISDK and our Gateway codec, temperature 0."""

    wire = GatewayWire()

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": "gateway:openai/gpt-4o-mini", "temperature": 0, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "gateway:acme/holo-9-preview"


@pytest.mark.vcr
class TestAISDKEmbeddingGatewayConformance(LlamaIndexEmbeddingConformance):
    wire = GatewayWire()

    @property
    def embedding_class(self) -> type[AISDKEmbedding]:
        return AISDKEmbedding

    @property
    def embedding_params(self) -> dict[str, Any]:
        # The recorded default size; dimensions= is checked in test_gateway_parity.py.
        return {"model": "gateway:openai/text-embedding-3-small"}

    @property
    def dimensions(self) -> int:
        return 1536

    @property
    def max_batch_size(self) -> int:
        return 2048  # the Gateway's limit of values per embedding-model call
