"""The Cohere codecs' outbound side, field by field against Cohere's documented v2
request bodies (``POST /v2/chat``, ``POST /v2/embed``) and the AI SDK's Cohere provider."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from ai_sdk_integrations.provider.profile import model_profile
from ai_sdk_integrations.providers.cohere.chat import CohereChatCodec
from ai_sdk_integrations.providers.cohere.embedding import CohereEmbeddingCodec
from ai_sdk_integrations.providers.cohere.provider import create_cohere
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    DataFile,
    FilePart,
    FunctionTool,
    JsonFormat,
    ProviderTool,
    ReasoningPart,
    SystemMessage,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UrlFile,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import InvalidPromptError, UnsupportedFunctionalityError, UsageError

HELLO = [UserMessage([TextPart("Hello")])]
WEATHER = FunctionTool(
    "weather", {"type": "object", "properties": {"city": {"type": "string"}}}, "The weather."
)
TIME = FunctionTool("time", {"type": "object", "properties": {}})


def codec(model_id: str = "command-a-03-2025") -> CohereChatCodec:
    return CohereChatCodec(model_id, profile=model_profile(model_id), new_id=lambda: "id")


def body(
    options: CallOptions, *, stream: bool = False, model_id: str = "command-a-03-2025"
) -> dict[str, Any]:
    return dict(codec(model_id).build_request(options, stream=stream).body)


def test_path_framing_and_minimal_body() -> None:
    request = codec().build_request(CallOptions(prompt=HELLO, headers={"X-Client-Name": "t"}), stream=True)
    assert (request.path, request.method, request.framing, request.stream) == ("/chat", "POST", "sse", True)
    assert request.body == {
        "model": "command-a-03-2025",
        "messages": [{"role": "user", "content": "Hello"}],
        "stream": True,
    }
    assert request.headers == {"X-Client-Name": "t"} and request.warnings == ()
    assert "stream" not in body(CallOptions(prompt=HELLO))


def test_sampling_settings_use_coheres_names() -> None:
    options = CallOptions(
        prompt=HELLO,
        max_output_tokens=100,
        temperature=0.5,
        top_p=0.9,
        top_k=40,
        seed=3,
        frequency_penalty=0.1,
        presence_penalty=0.2,
        stop_sequences=["END", "STOP"],
    )
    sent = body(options)
    assert {k: v for k, v in sent.items() if k not in ("model", "messages")} == {
        "max_tokens": 100,
        "temperature": 0.5,
        "p": 0.9,
        "k": 40,
        "seed": 3,
        "frequency_penalty": 0.1,
        "presence_penalty": 0.2,
        "stop_sequences": ["END", "STOP"],
    }


def test_response_format() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert body(CallOptions(prompt=HELLO, response_format=JsonFormat()))["response_format"] == {
        "type": "json_object"
    }
    assert body(CallOptions(prompt=HELLO, response_format=JsonFormat(schema=schema)))["response_format"] == {
        "type": "json_object",
        "json_schema": schema,
    }


# -- messages ---------------------------------------------------------------------------------


def test_system_user_assistant_tool_messages() -> None:
    prompt = [
        SystemMessage("Be brief."),
        UserMessage([TextPart("Weather in "), TextPart("Paris?")]),
        AssistantMessage(
            [
                ReasoningPart("thinking hard", {"cohere": {"type": "thinking"}}),
                ReasoningPart("I will call weather.", {"cohere": {"type": "tool_plan"}}),
                ReasoningPart("someone else's reasoning", {"openai": {"itemId": "x"}}),
                ToolCallPart("weather_abc", "weather", {"city": "Paris"}),
            ]
        ),
        ToolMessage(
            [
                ToolResultPart("weather_abc", "weather", ToolResultOutput("json", {"temp": 18})),
                ToolResultPart("weather_def", "weather", ToolResultOutput("text", "sunny")),
                ToolResultPart("weather_ghi", "weather", ToolResultOutput("execution-denied", reason="no")),
                ToolResultPart("weather_jkl", "weather", ToolResultOutput("error-text", "boom")),
            ]
        ),
        AssistantMessage([TextPart("It is 18 degrees.")]),
    ]
    messages = body(CallOptions(prompt=prompt))["messages"]
    assert messages == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "tool_calls": [
                {
                    "id": "weather_abc",
                    "type": "function",
                    "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
                }
            ],
            "tool_plan": "I will call weather.",
            "content": [{"type": "thinking", "thinking": "thinking hard"}],
        },
        {"role": "tool", "tool_call_id": "weather_abc", "content": '{"temp": 18}'},
        {"role": "tool", "tool_call_id": "weather_def", "content": "sunny"},
        {"role": "tool", "tool_call_id": "weather_ghi", "content": "no"},
        {"role": "tool", "tool_call_id": "weather_jkl", "content": "boom"},
        {"role": "assistant", "content": "It is 18 degrees."},
    ]


def test_text_before_tool_calls_is_the_tool_plan() -> None:
    prompt = [*HELLO, AssistantMessage([TextPart("Let me check."), ToolCallPart("c1", "time", {})])]
    (_, assistant) = body(CallOptions(prompt=prompt))["messages"]
    assert assistant == {
        "role": "assistant",
        "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "time", "arguments": "{}"}}],
        "tool_plan": "Let me check.",
    }


def test_images_make_the_user_content_a_list() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    prompt = [
        UserMessage(
            [
                TextPart("What is this?"),
                FilePart(DataFile(png), "image", provider_options={"cohere": {"detail": "high"}}),
                FilePart(UrlFile("https://example.com/cat.jpg"), "image/jpeg"),
            ]
        )
    ]
    (user,) = body(CallOptions(prompt=prompt))["messages"]
    assert user["content"] == [
        {"type": "text", "text": "What is this?"},
        {
            "type": "image_url",
            "image_url": {"url": f"data:image/png;base64,{base64.b64encode(png).decode()}", "detail": "high"},
        },
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
    ]


def test_text_files_become_documents_after_the_option_documents() -> None:
    prompt = [
        UserMessage(
            [
                TextPart("Summarise."),
                FilePart(DataFile(b"first doc"), "text/plain", filename="a.txt"),
                FilePart(DataFile(base64.b64encode(b'{"k": 1}').decode()), "application/json"),
            ]
        )
    ]
    sent = body(CallOptions(prompt=prompt, provider_options={"cohere": {"documents": ["given"]}}))
    assert sent["messages"] == [{"role": "user", "content": "Summarise."}]
    assert sent["documents"] == [
        "given",
        {"data": {"text": "first doc", "title": "a.txt"}},
        {"data": {"text": '{"k": 1}'}},
    ]


@pytest.mark.parametrize(
    ("part", "error"),
    [
        (FilePart(DataFile(b"%PDF-1.4"), "application/pdf"), UnsupportedFunctionalityError),
        (FilePart(UrlFile("https://example.com/a.txt"), "text/plain"), UnsupportedFunctionalityError),
        (FilePart(DataFile("not base64!!"), "text/plain"), InvalidPromptError),
    ],
)
def test_files_cohere_cannot_take_are_errors(part: FilePart, error: type[Exception]) -> None:
    with pytest.raises(error):
        body(CallOptions(prompt=[UserMessage([TextPart("x"), part])]))


def test_file_tool_results_are_refused() -> None:
    output = ToolResultOutput("content", [{"type": "file", "data": "aGk=", "mediaType": "image/png"}])
    prompt = [
        *HELLO,
        AssistantMessage([ToolCallPart("c1", "time", {})]),
        ToolMessage([ToolResultPart("c1", "time", output)]),
    ]
    with pytest.raises(UnsupportedFunctionalityError):
        body(CallOptions(prompt=prompt))


# -- tools ------------------------------------------------------------------------------------


def test_tools_and_choices() -> None:
    tools = [WEATHER, TIME, ProviderTool("openai.web_search", "web_search")]
    auto = codec().build_request(CallOptions(prompt=HELLO, tools=tools), stream=False)
    assert auto.body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "weather",
                "parameters": WEATHER.input_schema,
                "description": "The weather.",
            },
        },
        {
            "type": "function",
            "function": {"name": "time", "parameters": {"type": "object", "properties": {}}},
        },
    ]
    assert "tool_choice" not in auto.body
    assert [w.feature for w in auto.warnings] == ["provider-defined tool openai.web_search"]
    for choice, wire in (("none", "NONE"), ("required", "REQUIRED")):
        sent = body(CallOptions(prompt=HELLO, tools=[WEATHER, TIME], tool_choice=ToolChoice(choice)))  # type: ignore[arg-type]
        assert sent["tool_choice"] == wire and len(sent["tools"]) == 2
    named = codec().build_request(
        CallOptions(prompt=HELLO, tools=[WEATHER, TIME], tool_choice=ToolChoice("tool", "time")), stream=False
    )
    assert named.body["tool_choice"] == "REQUIRED"
    assert [t["function"]["name"] for t in named.body["tools"]] == ["time"]
    assert [(w.type, w.feature) for w in named.warnings] == [("compatibility", "toolChoice")]
    only = codec().build_request(
        CallOptions(prompt=HELLO, tools=[TIME], tool_choice=ToolChoice("tool", "time")), stream=False
    )
    assert only.warnings == ()
    with pytest.raises(UsageError, match="'nope'"):
        body(CallOptions(prompt=HELLO, tools=[TIME], tool_choice=ToolChoice("tool", "nope")))


# -- thinking and provider options ------------------------------------------------------------


def test_thinking_option_and_reasoning_levels() -> None:
    option = {"cohere": {"thinking": {"type": "enabled", "tokenBudget": 2048}}}
    assert body(CallOptions(prompt=HELLO, provider_options=option))["thinking"] == {
        "type": "enabled",
        "token_budget": 2048,
    }
    reasoning_model = "command-a-reasoning-08-2025"
    for level, budget in (
        ("minimal", 1024),
        ("low", 3277),
        ("medium", 9830),
        ("high", 19661),
        ("xhigh", 29491),
    ):
        sent = body(CallOptions(prompt=HELLO, reasoning=level), model_id=reasoning_model)  # type: ignore[arg-type]
        assert sent["thinking"] == {"type": "enabled", "token_budget": budget}
    assert body(CallOptions(prompt=HELLO, reasoning="none"), model_id=reasoning_model)["thinking"] == {
        "type": "disabled"
    }
    assert "thinking" not in body(
        CallOptions(prompt=HELLO, reasoning="provider-default"), model_id=reasoning_model
    )
    plain = codec().build_request(CallOptions(prompt=HELLO, reasoning="high"), stream=False)
    assert "thinking" not in plain.body and [w.feature for w in plain.warnings] == ["reasoning"]
    with pytest.raises(UsageError):
        body(CallOptions(prompt=HELLO, provider_options={"cohere": {"thinking": 5}}))


def test_provider_options_are_renamed_or_passed_through() -> None:
    options = {
        "cohere": {
            "citationOptions": {"mode": "FAST"},
            "safetyMode": "STRICT",
            "strictTools": True,
            "logprobs": True,
            "priority": 1,
            "brand_new_field": 1,
        },
        "openai": {"user": "ignored"},
    }
    sent = body(CallOptions(prompt=HELLO, provider_options=options))
    assert {k: v for k, v in sent.items() if k not in ("model", "messages")} == {
        "citation_options": {"mode": "FAST"},
        "safety_mode": "STRICT",
        "strict_tools": True,
        "logprobs": True,
        "priority": 1,
        "brand_new_field": 1,
    }


# -- embeddings -------------------------------------------------------------------------------


def test_embedding_request() -> None:
    request = CohereEmbeddingCodec("embed-v4.0", dimensions=512).build_request(["a", "b"], headers={"h": "1"})
    assert (request.path, request.headers) == ("/embed", {"h": "1"})
    assert request.body == {
        "model": "embed-v4.0",
        "texts": ["a", "b"],
        "input_type": "search_document",
        "embedding_types": ["float"],
        "output_dimension": 512,
    }


def test_embedding_options_and_input_types() -> None:
    embedding = CohereEmbeddingCodec("embed-english-v3.0")
    assert embedding.max_embeddings_per_call == 96
    assert embedding.input_type_options("query") == {"cohere": {"inputType": "search_query"}}
    assert embedding.input_type_options("document") == {"cohere": {"inputType": "search_document"}}
    options = {"cohere": {"inputType": "search_query", "truncate": "START", "maxTokens": 100, "x_new": 1}}
    sent = embedding.build_request(["q"], provider_options=options).body
    assert sent == {
        "model": "embed-english-v3.0",
        "texts": ["q"],
        "input_type": "search_query",
        "embedding_types": ["float"],
        "truncate": "START",
        "max_tokens": 100,
        "x_new": 1,
    }
    with pytest.raises(UnsupportedFunctionalityError):
        embedding.build_request(["q"], provider_options={"cohere": {"embeddingType": "int8"}})


def test_provider_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COHERE_BASE_URL", raising=False)
    provider = create_cohere(api_key="k")
    assert provider.endpoint.base_url == "https://api.cohere.com/v2"
    assert (
        create_cohere(api_key="k", base_url="https://proxy.example").endpoint.base_url
        == "https://proxy.example/v2"
    )
    model = provider.language_model("command-a-reasoning-08-2025")
    assert model.provider == "cohere" and model.profile.reasoning and model.profile.context_window == 256_000
    embedding = provider.embedding_model("embed-v4.0", dimensions=256)
    assert embedding.max_embeddings_per_call == 96
    assert embedding.input_type_options("query") == {"cohere": {"inputType": "search_query"}}
    with pytest.raises(UsageError):
        create_cohere(api_key="k", organisation="x")
    assert json.dumps(repr(provider)).find("'k'") == -1
