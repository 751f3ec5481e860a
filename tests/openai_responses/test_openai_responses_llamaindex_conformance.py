"""The LlamaIndex conformance suite against ``AISDK`` on OpenAI's Responses API.

``AISDK(model="openai.responses:gpt-4o-mini")`` replays
``cassettes/openai_responses_llamaindex_conformance/``, written from the Responses wire
format by ``responses_wire.FakeResponses`` (``conftest.py`` has the command, and how to
re-record against the real API). ``ResponsesWire`` reads those cassettes in the suite's
terms. Skipped, because the Responses API lacks it: stop sequences.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cassette_reader import Interaction
from responses_wire import _chat_body

pytest.register_assert_rewrite("llama_index_conformance")
from gpt4o_mini_flags import GPT4oMiniConformanceFlags  # noqa: E402
from llama_index_conformance import ChatCompletionsWire, LlamaIndexLLMConformance  # noqa: E402


class ResponsesWire(ChatCompletionsWire):
    """What a Responses API cassette says, in the suite's (Chat Completions) terms."""

    @staticmethod
    def is_stream(call: Interaction) -> bool:
        return call.response_body.lstrip().startswith(("event:", "data:"))

    def _final(self, call: Interaction) -> dict[str, Any]:
        if not self.is_stream(call):
            body: dict[str, Any] = call.json
            return body
        [last] = [p for p in call.sse_data if p.get("type") in ("response.completed", "response.incomplete")]
        response: dict[str, Any] = last["response"]
        return response

    def reply_text(self, call: Interaction) -> str:
        if self.is_stream(call):
            return "".join(self.stream_deltas(call))
        return "".join(
            part["text"]
            for item in call.json["output"]
            if item["type"] == "message"
            for part in item["content"]
            if part["type"] == "output_text"
        )

    @staticmethod
    def stream_deltas(call: Interaction) -> list[str]:
        return [
            p["delta"] for p in call.sse_data if p.get("type") == "response.output_text.delta" and p["delta"]
        ]

    def response_id(self, call: Interaction) -> str:
        return str(self._final(call)["id"])

    def usage(self, call: Interaction) -> dict[str, Any] | None:
        usage = self._final(call).get("usage")
        if not usage:
            return None
        prompt, completion = usage["input_tokens"], usage["output_tokens"]
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    def tool_calls(self, call: Interaction) -> list[tuple[str, str, str]]:
        items = self._final(call)["output"]
        return [(i["call_id"], i["name"], i["arguments"]) for i in items if i["type"] == "function_call"]

    @staticmethod
    def messages(call: Interaction) -> list[dict[str, Any]]:
        body = call.request_body
        items = (
            body["input"] if isinstance(body["input"], list) else [{"role": "user", "content": body["input"]}]
        )
        return list(_chat_body(body, items)["messages"])

    @staticmethod
    def stop(call: Interaction) -> list[str]:
        return []

    @staticmethod
    def tool_names(call: Interaction) -> list[str]:
        return [t["name"] for t in call.request_body.get("tools") or () if t["type"] == "function"]

    @staticmethod
    def named_choice(name: str) -> Any:
        return {"type": "function", "name": name}

    @staticmethod
    def response_format(call: Interaction) -> dict[str, Any] | None:
        body = call.request_body
        fmt: dict[str, Any] | None = _chat_body(body, []).get("response_format")
        return fmt

    @staticmethod
    def image_urls(call: Interaction) -> list[str]:
        return [
            part["image_url"]
            for item in call.request_body["input"]
            if isinstance(item.get("content"), list)
            for part in item["content"]
            if part.get("type") == "input_image"
        ]


@pytest.mark.vcr
class TestAISDKResponsesConformance(GPT4oMiniConformanceFlags, LlamaIndexLLMConformance):
    """gpt-4o-mini through AISDK and the Responses codec, temperature 0."""

    wire = ResponsesWire()

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": "openai.responses:gpt-4o-mini", "temperature": 0, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "openai.responses:gpt-9-preview-2031-01-01"

    @property
    def supports_stop_sequences(self) -> bool:
        """The Responses API has no ``stop`` parameter (the codec warns ``stopSequences``)."""
        return False


def test_wire_reads_arguments_as_sent() -> None:
    """``ResponsesWire.tool_calls`` keeps the arguments text as the server sent it."""
    output = [{"type": "function_call", "call_id": "c", "name": "f", "arguments": '{"a":1}'}]
    call = Interaction("POST", "https://api.openai.com/v1/responses", {}, 200, json.dumps({"output": output}))
    assert ResponsesWire().tool_calls(call) == [("c", "f", '{"a":1}')]
