"""``OpenAIResponsesCodec``: request bodies and response parsing, field by field.

The response bodies follow OpenAI's documented Responses objects (the shapes of the AI
SDK's recorded fixtures: a reasoning model's answer with ``encrypted_content``, web
search with ``url_citation`` annotations, file search with ``file_citation``, a code
interpreter run, an incomplete response), written here with our own values.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from ai_sdk_integrations.core.registry import language_model
from ai_sdk_integrations.provider.profile import model_profile
from ai_sdk_integrations.providers.azure.provider import create_azure
from ai_sdk_integrations.providers.openai.provider import create_openai, create_openai_responses
from ai_sdk_integrations.providers.openai.responses import OpenAIResponsesCodec
from ai_sdk_integrations.providers.openai.responses_tools import code_interpreter, file_search, web_search
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    CallWarning,
    DataFile,
    FilePart,
    FunctionTool,
    JsonFormat,
    ReasoningContent,
    ReasoningPart,
    SourceContent,
    SystemMessage,
    TextContent,
    TextPart,
    ToolCallContent,
    ToolCallPart,
    ToolChoice,
    ToolMessage,
    ToolResultContent,
    ToolResultOutput,
    ToolResultPart,
    UrlFile,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import InvalidResponseDataError, RateLimitError, ServerError

USER = UserMessage([TextPart("Hi")])


def codec(model: str = "gpt-4o-mini") -> OpenAIResponsesCodec:
    return OpenAIResponsesCodec(model, "openai", model_profile(model), new_id=lambda: "id-1")


def body(options: CallOptions, model: str = "gpt-4o-mini", stream: bool = False) -> dict[str, Any]:
    return dict(codec(model).build_request(options, stream=stream).body)


def warnings(options: CallOptions, model: str = "gpt-4o-mini") -> list[CallWarning]:
    return list(codec(model).build_request(options, stream=False).warnings)


# -- reaching it -----------------------------------------------------------------------


def test_every_way_to_a_responses_model() -> None:
    assert isinstance(language_model("openai.responses:gpt-5").codec, OpenAIResponsesCodec)
    assert isinstance(language_model("openai:gpt-5", api="responses").codec, OpenAIResponsesCodec)
    assert not isinstance(language_model("openai:gpt-5").codec, OpenAIResponsesCodec), (
        "chat stays the default"
    )
    provider = create_openai(api_key="k")
    assert isinstance(provider.responses("gpt-5").codec, OpenAIResponsesCodec)
    assert not isinstance(provider.chat("gpt-5").codec, OpenAIResponsesCodec)
    responses = create_openai_responses(api_key="k", base_url="http://localhost:8080/v1")
    model = responses.language_model("gpt-4o")
    assert model.endpoint.base_url == "http://localhost:8080/v1"
    assert model.codec.build_request(CallOptions([USER]), stream=False).path == "/responses"
    assert responses.with_settings(timeout=3).api == "responses"


def test_azure_responses_use_the_v1_api() -> None:
    azure = create_azure(resource_name="res", api_key="k")
    chat = azure.chat("dep")
    assert chat.endpoint.base_url == "https://res.openai.azure.com/openai/deployments/dep"
    assert chat.endpoint.query == {"api-version": "2024-10-21"}
    model = azure.responses("dep")
    assert model.endpoint.base_url == "https://res.openai.azure.com/openai/v1"
    assert model.endpoint.query == {}
    assert model.codec.provider == "azure"
    assert model.codec.build_request(CallOptions([USER]), stream=False).body["model"] == "dep"
    preview = create_azure(
        base_url="https://res.openai.azure.com/openai", api_version="preview", api="responses"
    )
    assert preview.language_model("dep").endpoint.base_url == "https://res.openai.azure.com/openai/v1"
    assert preview.language_model("dep").endpoint.query == {"api-version": "preview"}


# -- request -----------------------------------------------------------------------------


def test_messages_become_input_items() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
    prompt = [
        SystemMessage("Be brief."),
        UserMessage(
            [
                TextPart("Look"),
                FilePart(DataFile(png), "image/*", provider_options={"openai": {"imageDetail": "low"}}),
                FilePart(UrlFile("https://x.test/a.png"), "image/png"),
                FilePart(DataFile(b"%PDF-1.4"), "application/pdf", filename="a.pdf"),
                FilePart(UrlFile("https://x.test/a.pdf"), "application/pdf"),
            ]
        ),
        AssistantMessage([TextPart("Sure."), ToolCallPart("call_1", "f", {"a": 1})]),
        ToolMessage([ToolResultPart("call_1", "f", ToolResultOutput("json", {"ok": True}))]),
    ]
    sent = body(CallOptions(prompt))["input"]
    assert sent[0] == {"role": "system", "content": "Be brief."}
    assert sent[1]["content"] == [
        {"type": "input_text", "text": "Look"},
        {
            "type": "input_image",
            "image_url": "data:image/png;base64,iVBORw0KGgoAAAAAAAAAAA==",
            "detail": "low",
        },
        {"type": "input_image", "image_url": "https://x.test/a.png"},
        {"type": "input_file", "filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjQ="},
        {"type": "input_file", "file_url": "https://x.test/a.pdf"},
    ]
    assert sent[2:] == [
        {"role": "assistant", "content": [{"type": "output_text", "text": "Sure."}]},
        {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": '{"a": 1}'},
        {"type": "function_call_output", "call_id": "call_1", "output": '{"ok": true}'},
    ]


def test_reasoning_models_take_developer_messages_and_no_sampling_settings() -> None:
    options = CallOptions([SystemMessage("Be brief."), USER], top_k=3, seed=1, stop_sequences=["x"])
    assert body(options, "o4-mini")["input"][0] == {"role": "developer", "content": "Be brief."}
    assert [w.feature for w in warnings(options, "o4-mini")] == ["topK", "seed", "stopSequences"]
    model = language_model("openai.responses:gpt-5-mini")
    _, request = model._request(CallOptions([USER], temperature=0.2, top_p=0.5), False)
    assert "temperature" not in request.body and "top_p" not in request.body
    assert [w.feature for w in request.warnings] == ["temperature", "topP"]


def test_reasoning_options() -> None:
    opts = {"openai": {"reasoningEffort": "high", "reasoningSummary": "detailed", "store": False}}
    sent = body(CallOptions([USER], provider_options=opts), "gpt-5")
    assert sent["reasoning"] == {"effort": "high", "summary": "detailed"}
    assert sent["store"] is False and sent["include"] == ["reasoning.encrypted_content"]
    assert body(CallOptions([USER], reasoning="low"), "gpt-5")["reasoning"] == {"effort": "low"}
    plain = CallOptions([USER], provider_options=opts)
    assert "reasoning" not in body(plain) and "include" not in body(plain)
    assert [w.feature for w in warnings(plain)] == ["reasoningEffort", "reasoningSummary"]


def test_reasoning_round_trip_without_store() -> None:
    meta = {"openai": {"itemId": "rs_1", "reasoningEncryptedContent": "enc-1"}}
    later = {"openai": {"itemId": "rs_1", "reasoningEncryptedContent": "enc-2"}}
    prompt = [
        USER,
        AssistantMessage(
            [
                ReasoningPart("first", provider_options=meta),
                ReasoningPart("second", provider_options=later),
                ReasoningPart("from elsewhere", provider_options={"anthropic": {"signature": "sig"}}),
                ToolCallPart("call_1", "f", {}, provider_options={"openai": {"itemId": "fc_1"}}),
            ]
        ),
        ToolMessage([ToolResultPart("call_1", "f", ToolResultOutput("text", "done"))]),
    ]
    options = CallOptions(prompt, provider_options={"openai": {"store": False}})
    sent = body(options, "gpt-5")["input"]
    assert sent[1] == {
        "type": "reasoning",
        "id": "rs_1",
        "summary": [{"type": "summary_text", "text": "first"}, {"type": "summary_text", "text": "second"}],
        "encrypted_content": "enc-2",
    }
    assert sent[2]["type"] == "function_call" and "id" not in sent[2]
    assert [w.message for w in warnings(options, "gpt-5")] == [
        "reasoning from another provider cannot be sent to OpenAI; it was left out"
    ]


def test_stored_items_are_referenced() -> None:
    prompt = [
        USER,
        AssistantMessage(
            [
                ReasoningPart("a", provider_options={"openai": {"itemId": "rs_1"}}),
                ReasoningPart("b", provider_options={"openai": {"itemId": "rs_1"}}),
                ToolCallPart(
                    "ws_1",
                    "web_search",
                    {},
                    provider_executed=True,
                    provider_options={"openai": {"itemId": "ws_1"}},
                ),
                TextPart("Answer", provider_options={"openai": {"itemId": "msg_1"}}),
            ]
        ),
        UserMessage([TextPart("More")]),
    ]
    sent = body(CallOptions(prompt))["input"]
    assert sent[1:4] == [
        {"type": "item_reference", "id": "rs_1"},
        {"type": "item_reference", "id": "ws_1"},
        {"type": "item_reference", "id": "msg_1"},
    ]
    unstored = body(CallOptions(prompt, provider_options={"openai": {"store": False}}))["input"]
    assert [i.get("type", i.get("role")) for i in unstored] == ["user", "assistant", "user"]


def test_previous_response_id_skips_what_the_response_holds() -> None:
    prompt = [
        USER,
        AssistantMessage([ReasoningPart("a", provider_options={"openai": {"itemId": "rs_1"}})]),
        UserMessage([TextPart("Next")]),
    ]
    sent = body(CallOptions(prompt, provider_options={"openai": {"previousResponseId": "resp_1"}}), "gpt-5")
    assert sent["previous_response_id"] == "resp_1"
    assert [i.get("type", i.get("role")) for i in sent["input"]] == ["user", "user"]


def test_tools_tool_choice_and_strict() -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string"}}}
    tools = [FunctionTool("weather", schema, "Weather."), web_search(search_context_size="low")]
    sent = body(CallOptions([USER], tools=tools, tool_choice=ToolChoice("tool", "weather")))
    assert sent["tools"] == [
        {
            "type": "function",
            "name": "weather",
            "parameters": schema,
            "strict": False,
            "description": "Weather.",
        },
        {"type": "web_search", "search_context_size": "low"},
    ]
    assert sent["tool_choice"] == {"type": "function", "name": "weather"}
    assert sent["include"] == ["web_search_call.action.sources"]
    forced = body(CallOptions([USER], tools=tools, tool_choice=ToolChoice("tool", "web_search")))
    assert forced["tool_choice"] == {"type": "web_search"}
    strict = body(
        CallOptions([USER], tools=tools[:1], provider_options={"openai": {"strictJsonSchema": True}})
    )
    assert strict["tools"][0]["strict"] is True
    assert strict["tools"][0]["parameters"]["required"] == ["city", "unit"]
    assert strict["tools"][0]["parameters"]["additionalProperties"] is False
    assert (
        body(CallOptions([USER], tools=tools, tool_choice=ToolChoice("required")))["tool_choice"]
        == "required"
    )


def test_built_in_tool_arguments_in_wire_names() -> None:
    tools = [
        file_search(["vs_1"], max_num_results=3, ranker="auto", score_threshold=0.5),
        code_interpreter(file_ids=["file_1"]),
        web_search(user_location={"country": "GB"}, allowed_domains=["bbc.co.uk"], external_web_access=False),
    ]
    sent = body(CallOptions([USER], tools=tools))
    assert sent["tools"] == [
        {
            "type": "file_search",
            "vector_store_ids": ["vs_1"],
            "max_num_results": 3,
            "ranking_options": {"ranker": "auto", "score_threshold": 0.5},
        },
        {"type": "code_interpreter", "container": {"type": "auto", "file_ids": ["file_1"]}},
        {
            "type": "web_search",
            "user_location": {"type": "approximate", "country": "GB"},
            "filters": {"allowed_domains": ["bbc.co.uk"]},
            "external_web_access": False,
        },
    ]
    assert sent["include"] == ["web_search_call.action.sources", "code_interpreter_call.outputs"]


def test_structured_output_formats() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    sent = body(CallOptions([USER], response_format=JsonFormat(schema, name="thing", description="A thing.")))
    assert sent["text"] == {
        "format": {
            "type": "json_schema",
            "name": "thing",
            "schema": schema,
            "strict": False,
            "description": "A thing.",
        }
    }
    assert body(CallOptions([USER], response_format=JsonFormat()))["text"] == {
        "format": {"type": "json_object"}
    }
    verbose = body(CallOptions([USER], provider_options={"openai": {"textVerbosity": "low"}}))
    assert verbose["text"] == {"verbosity": "low"}


def test_provider_options_by_wire_name_and_unknown_ones_pass_through() -> None:
    opts = {"openai": {"serviceTier": "flex", "parallelToolCalls": False, "user": "u", "somethingNew": 1}}
    sent = body(CallOptions([USER], max_output_tokens=100, provider_options=opts), stream=True)
    assert {k: sent[k] for k in ("service_tier", "parallel_tool_calls", "user", "somethingNew")} == {
        "service_tier": "flex",
        "parallel_tool_calls": False,
        "user": "u",
        "somethingNew": 1,
    }
    assert sent["max_output_tokens"] == 100 and sent["stream"] is True


# -- response ------------------------------------------------------------------------------


def response(output: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 1765591383,
        "status": "completed",
        "error": None,
        "incomplete_details": None,
        "model": "gpt-5-mini-2025-08-07",
        "output": output,
        "service_tier": "default",
        "usage": {
            "input_tokens": 865,
            "input_tokens_details": {"cached_tokens": 128},
            "output_tokens": 163,
            "output_tokens_details": {"reasoning_tokens": 100},
            "total_tokens": 1028,
        },
        **fields,
    }


REASONING = {
    "id": "rs_1",
    "type": "reasoning",
    "encrypted_content": "gAAAAABenc",
    "summary": [{"type": "summary_text", "text": "**Plan**"}, {"type": "summary_text", "text": "**Act**"}],
}
MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "status": "completed",
    "role": "assistant",
    "content": [
        {
            "type": "output_text",
            "text": "Sunny in Paris.",
            "logprobs": [],
            "annotations": [
                {
                    "type": "url_citation",
                    "start_index": 0,
                    "end_index": 5,
                    "url": "https://a.test/",
                    "title": "A",
                },
                {"type": "file_citation", "file_id": "file-1", "filename": "notes.pdf", "index": 10},
            ],
        }
    ],
}


def test_parse_reasoning_text_citations_and_metadata() -> None:
    result = codec("gpt-5-mini").parse_response(response([REASONING, MESSAGE]), {"x-request-id": "req_1"})
    reasoning = {"openai": {"itemId": "rs_1", "reasoningEncryptedContent": "gAAAAABenc"}}
    assert result.content == [
        ReasoningContent("**Plan**", reasoning),
        ReasoningContent("**Act**", reasoning),
        TextContent(
            "Sunny in Paris.",
            {"openai": {"itemId": "msg_1", "annotations": MESSAGE["content"][0]["annotations"]}},
        ),
        SourceContent("url", "id-1", url="https://a.test/", title="A"),
        SourceContent(
            "document",
            "id-1",
            title="notes.pdf",
            media_type="text/plain",
            filename="notes.pdf",
            provider_metadata={"openai": {"type": "file_citation", "fileId": "file-1", "index": 10}},
        ),
    ]
    assert (result.finish_reason.unified, result.finish_reason.raw) == ("stop", None)
    usage = result.usage
    assert (usage.input_tokens.total, usage.input_tokens.cache_read, usage.input_tokens.no_cache) == (
        865,
        128,
        737,
    )
    assert (usage.output_tokens.total, usage.output_tokens.reasoning, usage.output_tokens.text) == (
        163,
        100,
        63,
    )
    assert result.provider_metadata == {"openai": {"responseId": "resp_1", "serviceTier": "default"}}
    assert result.response is not None
    assert result.response.id == "resp_1" and result.response.model_id == "gpt-5-mini-2025-08-07"
    assert result.response.timestamp == datetime.fromtimestamp(1765591383, tz=UTC)
    assert result.response.headers == {"x-request-id": "req_1"}


def test_reasoning_without_summary_is_one_empty_part() -> None:
    result = codec().parse_response(response([{"id": "rs_2", "type": "reasoning", "summary": []}]))
    assert result.content == [
        ReasoningContent("", {"openai": {"itemId": "rs_2", "reasoningEncryptedContent": None}})
    ]


def test_function_calls_finish_with_tool_calls() -> None:
    call = {"id": "fc_1", "type": "function_call", "call_id": "call_1", "name": "f", "arguments": '{"a":1}'}
    result = codec().parse_response(response([call]))
    assert result.content == [
        ToolCallContent("call_1", "f", '{"a":1}', provider_metadata={"openai": {"itemId": "fc_1"}})
    ]
    assert result.finish_reason.unified == "tool-calls"


@pytest.mark.parametrize(
    ("reason", "unified"),
    [("max_output_tokens", "length"), ("content_filter", "content-filter"), ("new", "other")],
)
def test_incomplete_reasons(reason: str, unified: str) -> None:
    body_ = response([MESSAGE], status="incomplete", incomplete_details={"reason": reason})
    result = codec().parse_response(body_)
    assert (result.finish_reason.unified, result.finish_reason.raw) == (unified, reason)


def test_built_in_tool_items_are_provider_executed_calls_and_results() -> None:
    items = [
        {
            "id": "ws_1",
            "type": "web_search_call",
            "status": "completed",
            "action": {
                "type": "search",
                "query": "q",
                "sources": [{"type": "url", "url": "https://a.test/"}],
            },
        },
        {
            "id": "fs_1",
            "type": "file_search_call",
            "status": "completed",
            "queries": ["q"],
            "results": [
                {"attributes": {}, "file_id": "file-1", "filename": "a.pdf", "score": 0.9, "text": "t"}
            ],
        },
        {
            "id": "ci_1",
            "type": "code_interpreter_call",
            "status": "completed",
            "code": "print(1)",
            "container_id": "cntr_1",
            "outputs": [{"type": "logs", "logs": "1"}],
        },
    ]
    content = codec().parse_response(response(items)).content
    calls = [c for c in content if isinstance(c, ToolCallContent)]
    results = [c for c in content if isinstance(c, ToolResultContent)]
    assert [(c.tool_call_id, c.tool_name, c.provider_executed) for c in calls] == [
        ("ws_1", "web_search", True),
        ("fs_1", "file_search", True),
        ("ci_1", "code_interpreter", True),
    ]
    assert json.loads(calls[2].input) == {"code": "print(1)", "containerId": "cntr_1"}
    assert [r.result for r in results] == [
        {"action": {"type": "search", "query": "q"}, "sources": [{"type": "url", "url": "https://a.test/"}]},
        {
            "queries": ["q"],
            "results": [
                {"attributes": {}, "fileId": "file-1", "filename": "a.pdf", "score": 0.9, "text": "t"}
            ],
        },
        {"outputs": [{"type": "logs", "logs": "1"}]},
    ]
    assert codec().parse_response(response(items)).finish_reason.unified == "stop"


def test_refusal_is_metadata() -> None:
    refusal = {**MESSAGE, "content": [{"type": "refusal", "refusal": "I can't help with that."}]}
    result = codec().parse_response(response([refusal]))
    assert result.content == []
    assert result.provider_metadata == {
        "openai": {"responseId": "resp_1", "serviceTier": "default", "refusal": "I can't help with that."}
    }


def test_failed_response_raises_by_code_and_bad_shapes_are_invalid() -> None:
    failed = response([], status="failed", error={"code": "rate_limit_exceeded", "message": "Slow down."})
    with pytest.raises(RateLimitError, match="Slow down"):
        codec().parse_response(failed)
    with pytest.raises(ServerError):
        codec().parse_response(response([], error={"code": "server_error", "message": "oops"}))
    for bad in ({}, {"output": "text"}, [], None):
        with pytest.raises(InvalidResponseDataError):
            codec().parse_response(bad)
    odd = codec().parse_response(response([MESSAGE], usage="n/a", created_at="x", model=3))
    assert odd.content[0] == TextContent("Sunny in Paris.", odd.content[0].provider_metadata)
    assert (
        odd.usage.input_tokens.total is None and odd.response is not None and odd.response.timestamp is None
    )
