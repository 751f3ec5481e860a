"""The LangChain adapter's translations, on real LangChain types and no network."""

from __future__ import annotations

import base64
import pickle
import subprocess
import sys
from typing import Any

import pytest
from fake_keys import fake_key
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.utils.function_calling import convert_to_json_schema
from pydantic import BaseModel

from ai_sdk_integrations.integrations.langchain._messages import convert_messages
from ai_sdk_integrations.integrations.langchain._outputs import ChunkBuilder, ai_message
from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.spec import (
    AssistantMessage,
    DataFile,
    FilePart,
    Finish,
    FinishReason,
    GenerateResult,
    InputTokens,
    JsonFormat,
    OutputTokens,
    ReasoningContent,
    ReasoningDelta,
    ReasoningPart,
    ResponseInfo,
    ResponseMetadata,
    StreamError,
    StreamStart,
    TextContent,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolCallPart,
    ToolChoice,
    ToolInputDelta,
    ToolInputStart,
    ToolResultPart,
    UrlFile,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec import SystemMessage as SpecSystem
from ai_sdk_integrations.spec import ToolMessage as SpecTool
from ai_sdk_integrations.spec.errors import InvalidPromptError, RateLimitError, UsageError

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 8).decode()


def test_a_conversation_with_tools_and_reasoning_round_trips() -> None:
    prompt = convert_messages(
        [
            SystemMessage("be brief"),
            HumanMessage("weather in Paris?"),
            AIMessage(
                content="",
                additional_kwargs={"reasoning_content": "I should call the tool"},
                tool_calls=[{"name": "get_weather", "args": {"city": "Paris"}, "id": "call_1"}],
            ),
            ToolMessage("18C", tool_call_id="call_1"),
            ToolMessage("boom", tool_call_id="call_1", status="error"),
        ]
    )
    assert prompt[0] == SpecSystem("be brief")
    assert prompt[1] == UserMessage([TextPart("weather in Paris?")])
    assert prompt[2] == AssistantMessage(
        [ReasoningPart("I should call the tool"), ToolCallPart("call_1", "get_weather", {"city": "Paris"})]
    )
    [ok] = prompt[3].content  # type: ignore[union-attr]
    assert isinstance(ok, ToolResultPart)
    assert (ok.tool_name, ok.output.type, ok.output.value) == ("get_weather", "text", "18C")
    [failed] = prompt[4].content  # type: ignore[union-attr]
    assert failed.output.type == "error-text"  # type: ignore[union-attr]


def test_image_blocks_in_openai_and_standard_formats() -> None:
    [message] = convert_messages(
        [
            HumanMessage(
                content=[
                    {"type": "text", "text": "what is this?"},
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
                    {"type": "image", "base64": PNG, "mime_type": "image/png"},
                    {"type": "image", "url": "https://example.com/dog.png"},
                    {"type": "file", "base64": PNG, "mime_type": "application/pdf", "filename": "a.pdf"},
                ]
            )
        ]
    )
    parts = message.content
    assert parts[0] == TextPart("what is this?")
    assert parts[1] == FilePart(UrlFile("https://example.com/cat.png"), "image/*")
    assert parts[2] == FilePart(DataFile(PNG), "image/png")
    assert parts[3] == FilePart(UrlFile("https://example.com/dog.png"), "image/*")
    assert parts[4] == FilePart(DataFile(PNG), "application/pdf", "a.pdf")


def test_tool_message_with_list_content_and_ai_message_with_tool_use_blocks() -> None:
    prompt = convert_messages(
        [
            AIMessage(
                content=[
                    {"type": "text", "text": "calling"},
                    {"type": "tool_use", "id": "t1", "name": "f", "input": {"a": 1}},
                ],
                tool_calls=[{"name": "f", "args": {"a": 1}, "id": "t1"}],
            ),
            ToolMessage(content=[{"type": "text", "text": "done"}, "!"], tool_call_id="t1"),
        ]
    )
    assert prompt[0] == AssistantMessage([TextPart("calling"), ToolCallPart("t1", "f", {"a": 1})])
    assert prompt[1] == SpecTool([prompt[1].content[0]])  # type: ignore[index]
    assert prompt[1].content[0].output.value == "done!"  # type: ignore[union-attr,index]


@pytest.mark.parametrize(
    ("message", "error"),
    [
        (HumanMessage(content=[{"type": "hologram"}]), "hologram"),
        (HumanMessage(content=[{"type": "audio", "base64": PNG}]), "mime_type"),
        (ChatMessage(role="wizard", content="hi"), "wizard"),
    ],
)
def test_bad_content_says_what_was_wrong(message: Any, error: str) -> None:
    with pytest.raises(InvalidPromptError, match=error):
        convert_messages([message])


def result(**changes: Any) -> GenerateResult:
    base: dict[str, Any] = {
        "content": [
            ReasoningContent("thinking"),
            TextContent("Hello"),
            ToolCallContent("call_1", "get_weather", '{"city": "Paris"}'),
            ToolCallContent("call_2", "get_weather", '{"city": '),
        ],
        "finish_reason": FinishReason("tool-calls", "tool_calls"),
        "usage": Usage(InputTokens(20, 15, 5, None), OutputTokens(9, 7, 2)),
        "response": ResponseInfo(id="resp_1", model_id="gpt-4o-mini-2024-07-18"),
    }
    return GenerateResult(**{**base, **changes})


def test_ai_message_carries_calls_usage_and_metadata() -> None:
    message = ai_message(result(), "gpt-4o-mini")
    assert message.content == "Hello"
    assert message.additional_kwargs == {
        "reasoning_content": "thinking",
        "reasoning_parts": [{"index": "lc_rs_0", "text": "thinking"}],
    }
    assert message.tool_calls == [
        {"name": "get_weather", "args": {"city": "Paris"}, "id": "call_1", "type": "tool_call"}
    ]
    [invalid] = message.invalid_tool_calls  # malformed JSON never raises
    assert (invalid["id"], invalid["args"]) == ("call_2", '{"city": ')
    assert message.usage_metadata == {
        "input_tokens": 20,
        "output_tokens": 9,
        "total_tokens": 29,
        "input_token_details": {"cache_read": 5},
        "output_token_details": {"reasoning": 2},
    }
    assert message.response_metadata["model_name"] == "gpt-4o-mini-2024-07-18"
    assert message.response_metadata["finish_reason"] == "tool_calls"
    assert message.id == "resp_1"
    # Our block translator (model_provider "ai-sdk") puts the reasoning block first.
    assert message.content_blocks[0] == {"type": "reasoning", "reasoning": "thinking"}


def test_unknown_usage_is_absent_not_zero() -> None:
    assert ai_message(result(usage=Usage()), "m").usage_metadata is None


def stream_parts() -> list[Any]:
    return [
        StreamStart(),
        ResponseMetadata(id="resp_9", model_id="served-model"),
        ReasoningDelta("reasoning-0", "hmm"),
        TextDelta("txt-0", "Hel"),
        TextDelta("txt-0", "lo"),
        ToolInputStart("call_a", "f"),
        ToolInputDelta("call_a", '{"x": '),
        ToolInputDelta("call_a", "1}"),
        ToolCallContent("call_a", "f", '{"x": 1}'),
        ToolCallContent("call_b", "g", "{}"),  # a whole call with no input deltas
        Finish(FinishReason("tool-calls", "tool_calls"), Usage(InputTokens(10), OutputTokens(4))),
    ]


def test_chunks_aggregate_to_the_message_with_usage_on_the_last_chunk_only() -> None:
    builder = ChunkBuilder("requested-model")
    chunks = [c.message for p in stream_parts() if (c := builder.chunk(p)) is not None]
    assert all(isinstance(c, AIMessageChunk) for c in chunks)
    assert [c.usage_metadata is not None for c in chunks] == [False] * (len(chunks) - 1) + [True]
    # Only the last chunk says more than the provider's name (string metadata concatenates).
    said = [set(c.response_metadata) - {"model_provider"} for c in chunks]
    assert [bool(keys) for keys in said] == [False] * (len(chunks) - 1) + [True]
    assert all(c.response_metadata["model_provider"] == "ai-sdk" for c in chunks)
    assert chunks[-1].chunk_position == "last"
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    assert total.content == "Hello"
    assert total.additional_kwargs["reasoning_content"] == "hmm"
    assert [(c["name"], c["args"], c["id"]) for c in total.tool_calls] == [
        ("f", {"x": 1}, "call_a"),
        ("g", {}, "call_b"),
    ]
    assert total.usage_metadata == {"input_tokens": 10, "output_tokens": 4, "total_tokens": 14}
    assert total.response_metadata["model_name"] == "served-model"
    assert total.id == "resp_9"


def test_an_error_part_raises_the_typed_error() -> None:
    error = RateLimitError("slow down", status_code=429)
    with pytest.raises(RateLimitError):
        ChunkBuilder("m").chunk(StreamError(error))


def test_call_options_from_bound_tools_structured_output_and_extra_kwargs() -> None:
    llm = ChatAISDK(model="openai:gpt-4o-mini", temperature=0.2, stop=["END"])

    def get_weather(city: str) -> str:
        """Get the weather."""
        return city

    bound = llm.bind_tools([get_weather], tool_choice="any")
    _, options = llm._prepare([HumanMessage("hi")], None, bound.kwargs)  # type: ignore[attr-defined]
    assert options.tool_choice == ToolChoice("required")
    assert options.tools is not None and options.tools[0].name == "get_weather"
    assert options.temperature == 0.2 and options.stop_sequences == ["END"]

    _, options = llm._prepare(
        [HumanMessage("hi")],
        ["STOP"],
        {"tool_choice": "get_weather", "provider_options": {"openai": {"logprobs": True}}},
    )
    assert options.tool_choice == ToolChoice("tool", "get_weather")
    assert options.stop_sequences == ["STOP"]
    assert options.provider_options == {"openai": {"logprobs": True}}  # passed through to the body

    with_body = ChatAISDK(model="openai:gpt-4o-mini", model_kwargs={"logprobs": True})
    _, options = with_body._prepare([HumanMessage("hi")], None, {})  # type: ignore[attr-defined]
    assert options.provider_options == {"openai": {"logprobs": True}}


def test_per_call_client_settings_never_reach_the_body_and_unknown_keywords_fail() -> None:
    llm = ChatAISDK(model="openai:gpt-4o-mini")
    model, options = llm._prepare(  # type: ignore[attr-defined]
        [HumanMessage("hi")], None, {"stream_usage": True, "timeout": 5, "max_retries": 0}
    )
    assert options.provider_options is None
    assert (model.endpoint.timeout, model.endpoint.max_retries) == (5, 0)
    with pytest.raises(UsageError, match=r"did you mean 'temperature'.*model_kwargs"):
        llm._prepare([HumanMessage("hi")], None, {"temprature": 0.1})  # type: ignore[attr-defined]
    with pytest.raises(UsageError, match="on the model, not per call"):
        llm._prepare([HumanMessage("hi")], None, {"api_key": "k"})  # type: ignore[attr-defined]


class Person(BaseModel):
    name: str
    age: int


@pytest.mark.parametrize("method", ["json_schema", "function_calling", "json_mode"])
def test_with_structured_output_binds_what_the_method_needs(method: str) -> None:
    runnable = ChatAISDK(model="openai:gpt-4o-mini").with_structured_output(Person, method=method)  # type: ignore[arg-type]
    kwargs = runnable.first.kwargs  # type: ignore[attr-defined]
    if method == "json_schema":
        assert kwargs["response_format"] == JsonFormat(schema=convert_to_json_schema(Person), name="Person")
    elif method == "function_calling":
        assert kwargs["tool_choice"] == "Person"
    else:
        assert kwargs["response_format"] == {"type": "json_object"}
    assert kwargs["ls_structured_output_format"]["kwargs"]["method"] == method


def test_default_structured_output_method_follows_the_provider() -> None:
    schema_provider = ChatAISDK(model="openai:gpt-4o-mini").with_structured_output(Person)
    json_mode_only = ChatAISDK(model="deepseek:deepseek-chat").with_structured_output(Person)
    assert "response_format" in schema_provider.first.kwargs  # type: ignore[attr-defined]
    assert json_mode_only.first.kwargs["tool_choice"] == "Person"  # type: ignore[attr-defined]


def test_ls_params_honour_a_per_call_model() -> None:
    llm = ChatAISDK(model="groq:llama-3.1-8b-instant", temperature=0.5, max_tokens=7)
    params = llm._get_ls_params()
    assert (params["ls_provider"], params["ls_model_name"]) == ("groq", "llama-3.1-8b-instant")
    assert (params["ls_temperature"], params["ls_max_tokens"]) == (0.5, 7)
    assert llm._get_ls_params(model="llama-3.3-70b")["ls_model_name"] == "llama-3.3-70b"
    assert llm.language_model("llama-3.3-70b").model_id == "llama-3.3-70b"


def test_the_key_is_hidden_and_the_model_pickles() -> None:
    llm = ChatAISDK(model="openai:gpt-4o-mini", api_key=fake_key("hidden-key-1234567890abcdef"))
    assert "sk-hidden" not in repr(llm) and "sk-hidden" not in str(llm)
    copy = pickle.loads(pickle.dumps(llm))
    assert copy.language_model().endpoint.request_headers({})[0]["authorization"].endswith("abcdef")


def test_the_adapter_does_not_import_llama_index() -> None:
    code = "import sys, ai_sdk_integrations.langchain; print('llama_index' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
