"""The LlamaIndex conformance suite against ``AISDK`` / ``AISDKEmbedding`` on Bedrock.

``AISDK(model="bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0")`` and
``AISDKEmbedding(model="bedrock:cohere.embed-v4:0")`` replay
``cassettes/bedrock_llamaindex_conformance/``, *written* from Bedrock's documented wire
format (``bedrock_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/bedrock_provider/test_bedrock_llamaindex_conformance.py --record-mode=rewrite

and re-recordable against AWS with credentials and ``AWS_REGION=us-east-1`` instead.
``ConverseWire`` reads Converse cassettes for the suite (binary event streams included:
the suite's cassette reader is given the raw bytes, and the response headers, since a
Converse response's id is its ``x-amzn-requestid``).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

pytest.register_assert_rewrite("llama_index_conformance")
import cassette_reader  # noqa: E402
import llama_index_conformance  # noqa: E402
from bedrock_answers import as_chat  # noqa: E402
from bedrock_cassettes import exchanges  # noqa: E402
from cassette_reader import Interaction  # noqa: E402
from llama_index.core.llms.function_calling import FunctionCallingLLM  # noqa: E402
from llama_index.core.tools import FunctionTool  # noqa: E402
from llama_index_conformance import (  # noqa: E402
    ADDER,
    LlamaIndexEmbeddingConformance,
    LlamaIndexLLMConformance,
    tool_history,
)

from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding  # noqa: E402

CHAT_MODEL = "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0"


@dataclasses.dataclass(frozen=True)
class ConverseInteraction(Interaction):
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    events: list[tuple[str, dict[str, Any]]] = dataclasses.field(default_factory=list)


def converse_interactions(cassette: Any) -> list[Interaction]:
    out: list[Interaction] = []
    for exchange in exchanges(cassette):
        out.append(
            ConverseInteraction(
                method=exchange.method,
                uri=exchange.uri,
                request_body=exchange.request,
                status=exchange.status,
                response_body="" if exchange.messages else exchange.raw.decode(),
                headers=exchange.headers,
                events=exchange.events,
            )
        )
    return out


@pytest.fixture(autouse=True)
def read_converse_cassettes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llama_index_conformance, "interactions", converse_interactions)
    monkeypatch.setattr(cassette_reader, "interactions", converse_interactions)


def _events(call: Interaction) -> list[tuple[str, dict[str, Any]]]:
    assert isinstance(call, ConverseInteraction)
    return call.events


class ConverseWire:
    """What a Converse cassette says, in the terms the suite asks for."""

    @staticmethod
    def is_stream(call: Interaction) -> bool:
        return bool(_events(call))

    def reply_text(self, call: Interaction) -> str:
        if self.is_stream(call):
            return "".join(self.stream_deltas(call))
        return "".join(b["text"] for b in call.json["output"]["message"]["content"] if "text" in b)

    @staticmethod
    def stream_deltas(call: Interaction) -> list[str]:
        return [
            p["delta"]["text"]
            for k, p in _events(call)
            if k == "contentBlockDelta" and p["delta"].get("text")
        ]

    @staticmethod
    def response_id(call: Interaction) -> str:
        assert isinstance(call, ConverseInteraction)
        return call.headers["x-amzn-requestid"]

    def usage(self, call: Interaction) -> dict[str, Any] | None:
        """Bedrock's counts as the suite reads them (OpenAI's names): input is the
        uncached, cache-written and cache-read tokens together."""
        if self.is_stream(call):
            (usage,) = [p["usage"] for k, p in _events(call) if k == "metadata"]
        else:
            usage = call.json["usage"]
        prompt = sum(
            usage.get(k) or 0 for k in ("inputTokens", "cacheReadInputTokens", "cacheWriteInputTokens")
        )
        return {"prompt_tokens": prompt, "completion_tokens": usage["outputTokens"]}

    def tool_calls(self, call: Interaction) -> list[tuple[str, str, str]]:
        if not self.is_stream(call):
            return [
                (b["toolUse"]["toolUseId"], b["toolUse"]["name"], json.dumps(b["toolUse"]["input"]))
                for b in call.json["output"]["message"]["content"]
                if "toolUse" in b
            ]
        calls: dict[int, list[str]] = {}
        for kind, payload in _events(call):
            if kind == "contentBlockStart" and "toolUse" in payload["start"]:
                use = payload["start"]["toolUse"]
                calls[payload["contentBlockIndex"]] = [use["toolUseId"], use["name"], ""]
            elif kind == "contentBlockDelta" and "toolUse" in payload["delta"]:
                calls[payload["contentBlockIndex"]][2] += payload["delta"]["toolUse"]["input"]
        return [(c[0], c[1], c[2]) for _, c in sorted(calls.items())]

    @staticmethod
    def messages(call: Interaction) -> list[dict[str, Any]]:
        return list(as_chat(call.request_body)["messages"])

    @staticmethod
    def stop(call: Interaction) -> list[str]:
        return list((call.request_body.get("inferenceConfig") or {}).get("stopSequences") or ())

    @staticmethod
    def tool_choice(call: Interaction) -> Any:
        return (call.request_body.get("toolConfig") or {}).get("toolChoice")

    @staticmethod
    def tool_names(call: Interaction) -> list[str]:
        tools = (call.request_body.get("toolConfig") or {}).get("tools") or ()
        return [t["toolSpec"]["name"] for t in tools if "toolSpec" in t]

    @staticmethod
    def named_choice(name: str) -> Any:
        return {"tool": {"name": name}}

    required_choice = {"any": {}}  # noqa: RUF012

    @staticmethod
    def response_format(call: Interaction) -> dict[str, Any] | None:
        fmt: dict[str, Any] | None = (call.request_body.get("outputConfig") or {}).get("textFormat")
        return fmt

    def sent_schema(self, call: Interaction, kind: str) -> dict[str, Any]:
        assert kind == "json_schema", kind
        fmt = self.response_format(call) or {}
        assert fmt.get("type") == "json_schema", fmt
        schema: dict[str, Any] = json.loads(fmt["structure"]["jsonSchema"]["schema"])
        return schema

    @staticmethod
    def image_urls(call: Interaction) -> list[str]:
        return [
            f"data:image/{b['image']['format']};base64,{b['image']['source']['bytes']}"
            for message in call.request_body["messages"]
            for b in message["content"]
            if "image" in b
        ]

    @staticmethod
    def embeddings(call: Interaction) -> list[list[float]]:
        found = call.json["embeddings"]
        return [list(v) for v in (found["float"] if isinstance(found, dict) else found)]

    @staticmethod
    def embedding_inputs(call: Interaction) -> list[str]:
        return list(call.request_body["texts"])


@pytest.mark.vcr
class TestAISDKBedrockConformance(LlamaIndexLLMConformance):
    """Claude Sonnet 4.5 on Bedrock through AISDK and our Converse codec, temperature 0.

    ``supports_json_mode`` is False, truthfully: Converse has no JSON mode without a
    schema (``test_json_mode`` skips). ``supports_image_urls`` is False: Converse fetches
    no ``https:`` URL (``test_image_url`` skips). ``test_malformed_tool_arguments_in_history``
    is overridden: Converse takes a tool call's input only as an object, so arguments that
    are not JSON go back wrapped as ``{"rawInvalidInput": <the text>}`` (as the AI SDK sends them).
    """

    wire = ConverseWire()  # type: ignore[assignment]

    @property
    def llm_class(self) -> type[AISDK]:
        return AISDK

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": CHAT_MODEL, "temperature": 0, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "bedrock:nova-9-preview-2031-01-01"

    @property
    def context_window(self) -> int:
        return 200_000

    @property
    def structured_output_format(self) -> str | None:
        return "json_schema"

    @property
    def supports_json_mode(self) -> bool:
        return False

    @property
    def supports_image_inputs(self) -> bool:
        return True

    @property
    def supports_image_urls(self) -> bool:
        return False

    def test_malformed_tool_arguments_in_history(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        from llama_index.core.base.llms.types import ToolCallBlock

        history = tool_history("abc123")
        history[1].blocks[1] = ToolCallBlock(
            tool_call_id="abc123", tool_name="my_adder_tool", tool_kwargs='{"a": 1, "b": 2'
        )
        tools: list[FunctionTool] = [ADDER]
        response = llm.chat_with_tools(tools, chat_history=history)
        [call] = converse_interactions(vcr)
        [assistant] = [m for m in call.request_body["messages"] if m["role"] == "assistant"]
        [use] = [b["toolUse"] for b in assistant["content"] if "toolUse" in b]
        assert use["toolUseId"] == "abc123" and use["input"] == {"rawInvalidInput": '{"a": 1, "b": 2'}
        assert response.message.content == self.wire.reply_text(call)


@pytest.mark.vcr
class TestAISDKEmbeddingBedrockConformance(LlamaIndexEmbeddingConformance):
    """Cohere Embed v4 on Bedrock. ``test_embed_batch_size_default`` is overridden: the
    suite expects ``embed_batch_size`` to be the provider's per-call limit (96 here), but
    AISDKEmbedding defaults it to LlamaIndex's 2048 for every provider and lets
    ``embed_many`` split batches to the limit (checked by the batch test's per-call inputs)."""

    wire = ConverseWire()  # type: ignore[assignment]

    def test_embed_batch_size_default(self, embedding: Any) -> None:
        assert embedding.embed_batch_size == 2048
        assert embedding.embedding_model().max_embeddings_per_call == self.max_batch_size

    @property
    def embedding_class(self) -> type[AISDKEmbedding]:
        return AISDKEmbedding

    @property
    def embedding_params(self) -> dict[str, Any]:
        return {"model": "bedrock:cohere.embed-v4:0", "dimensions": 256}

    @property
    def dimensions(self) -> int:
        return 256

    @property
    def max_batch_size(self) -> int:
        return 96
