"""The LlamaIndex conformance suite against ``AISDK`` on Anthropic (``anthropic:``).

``AISDK(model="anthropic:claude-sonnet-4-5")`` replays
``cassettes/anthropic_llamaindex_conformance/``, *written* from Anthropic's documented
wire format (``anthropic_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/anthropic_provider/test_anthropic_llamaindex_conformance.py --record-mode=rewrite

and re-recordable with ``ANTHROPIC_API_KEY=sk-ant-...`` instead. ``AnthropicMessagesWire``
reads Messages API cassettes for the suite; the request's turns are shown to it in Chat
Completions terms (tool calls, ``tool`` messages), which is what the suite's history
checks read. Anthropic has no embeddings API, so there is no embedding suite here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.register_assert_rewrite("llama_index_conformance")
from anthropic_wire import _as_chat  # noqa: E402
from cassette_reader import Interaction, interactions  # noqa: E402
from llama_index.core.llms.function_calling import FunctionCallingLLM  # noqa: E402
from llama_index.core.tools import FunctionTool  # noqa: E402
from llama_index_conformance import ADDER, LlamaIndexLLMConformance, tool_history  # noqa: E402

from ai_sdk_integrations.llama_index import AISDK  # noqa: E402


class AnthropicMessagesWire:
    """What an Anthropic Messages cassette says, in the terms the suite asks for."""

    @staticmethod
    def is_stream(call: Interaction) -> bool:
        return call.response_body.lstrip().startswith("event:")

    def _events(self, call: Interaction, kind: str) -> list[dict[str, Any]]:
        return [e for e in call.sse_data if e.get("type") == kind]

    def reply_text(self, call: Interaction) -> str:
        if self.is_stream(call):
            return "".join(self.stream_deltas(call))
        return "".join(b["text"] for b in call.json["content"] if b["type"] == "text")

    def stream_deltas(self, call: Interaction) -> list[str]:
        return [
            e["delta"]["text"]
            for e in self._events(call, "content_block_delta")
            if e["delta"]["type"] == "text_delta" and e["delta"]["text"]
        ]

    def response_id(self, call: Interaction) -> str:
        if self.is_stream(call):
            return str(self._events(call, "message_start")[0]["message"]["id"])
        return str(call.json["id"])

    def usage(self, call: Interaction) -> dict[str, Any] | None:
        """Anthropic's counts as the suite reads them (OpenAI's names): input is the
        uncached, cache-written and cache-read tokens together."""
        if self.is_stream(call):
            usage = dict(self._events(call, "message_start")[0]["message"]["usage"])
            for delta in self._events(call, "message_delta"):
                usage.update({k: v for k, v in delta["usage"].items() if v is not None})
        else:
            usage = call.json["usage"]
        prompt = sum(
            usage.get(k) or 0
            for k in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
        )
        return {"prompt_tokens": prompt, "completion_tokens": usage["output_tokens"]}

    def tool_calls(self, call: Interaction) -> list[tuple[str, str, str]]:
        if not self.is_stream(call):
            return [
                (b["id"], b["name"], json.dumps(b["input"]))
                for b in call.json["content"]
                if b["type"] == "tool_use"
            ]
        calls: dict[int, list[str]] = {}
        for event in self._events(call, "content_block_start"):
            block = event["content_block"]
            if block["type"] == "tool_use":
                calls[event["index"]] = [block["id"], block["name"], ""]
        for event in self._events(call, "content_block_delta"):
            if event["index"] in calls and event["delta"]["type"] == "input_json_delta":
                calls[event["index"]][2] += event["delta"]["partial_json"]
        return [(c[0], c[1], c[2]) for _, c in sorted(calls.items())]

    @staticmethod
    def messages(call: Interaction) -> list[dict[str, Any]]:
        """The request's turns in Chat Completions terms (system, tool calls, tool messages)."""
        return list(_as_chat(call.request_body)["messages"])

    @staticmethod
    def stop(call: Interaction) -> list[str]:
        return list(call.request_body.get("stop_sequences") or ())

    @staticmethod
    def tool_choice(call: Interaction) -> Any:
        return call.request_body.get("tool_choice")

    @staticmethod
    def tool_names(call: Interaction) -> list[str]:
        return [t["name"] for t in call.request_body.get("tools") or ()]

    @staticmethod
    def named_choice(name: str) -> Any:
        return {"type": "tool", "name": name}

    required_choice = {"type": "any"}  # noqa: RUF012

    @staticmethod
    def response_format(call: Interaction) -> dict[str, Any] | None:
        fmt: dict[str, Any] | None = (call.request_body.get("output_config") or {}).get("format")
        return fmt

    def sent_schema(self, call: Interaction, kind: str) -> dict[str, Any]:
        assert kind == "json_schema", kind
        fmt = self.response_format(call) or {}
        assert fmt.get("type") == "json_schema", fmt
        schema: dict[str, Any] = fmt["schema"]
        return schema

    @staticmethod
    def image_urls(call: Interaction) -> list[str]:
        urls = []
        for message in call.request_body["messages"]:
            for block in message["content"] if isinstance(message["content"], list) else ():
                if block.get("type") == "image":
                    source = block["source"]
                    urls.append(source.get("url") or f"data:{source['media_type']};base64,{source['data']}")
        return urls


@pytest.mark.vcr
class TestAISDKAnthropicConformance(LlamaIndexLLMConformance):
    """claude-sonnet-4-5 through AISDK and our Anthropic Messages codec, temperature 0.

    ``supports_json_mode`` is False, truthfully: Anthropic has no JSON mode without a
    schema (``test_json_mode`` skips). ``test_malformed_tool_arguments_in_history`` is
    overridden: Anthropic's ``tool_use.input`` must be an object, so arguments that are
    not a JSON object go back as ``{}`` rather than as the broken text."""

    wire = AnthropicMessagesWire()  # type: ignore[assignment]

    @property
    def llm_class(self) -> type[AISDK]:
        return AISDK

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": "anthropic:claude-sonnet-4-5", "temperature": 0, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "anthropic:nova-9-preview-2031-01-01"

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
        return True

    def test_malformed_tool_arguments_in_history(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        from llama_index.core.base.llms.types import ToolCallBlock

        history = tool_history("abc123")
        history[1].blocks[1] = ToolCallBlock(
            tool_call_id="abc123", tool_name="my_adder_tool", tool_kwargs='{"a": 1, "b": 2'
        )
        tools: list[FunctionTool] = [ADDER]
        response = llm.chat_with_tools(tools, chat_history=history)
        [call] = interactions(vcr)
        [assistant] = [m for m in call.request_body["messages"] if m["role"] == "assistant"]
        [use] = [b for b in assistant["content"] if b["type"] == "tool_use"]
        assert (use["id"], use["input"]) == ("abc123", {})
        assert response.message.content == self.wire.reply_text(call)
