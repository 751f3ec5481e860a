"""Mistral requests, field by field, against Mistral's documented request shapes and
the AI SDK's ``@ai-sdk/mistral`` tests (which fix what each option becomes)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from ai_sdk_integrations.provider.profile import model_profile
from ai_sdk_integrations.providers.mistral.chat import MistralChatCodec
from ai_sdk_integrations.providers.mistral.embedding import MistralEmbeddingCodec
from ai_sdk_integrations.providers.mistral.provider import create_mistral
from ai_sdk_integrations.providers.mistral.tool_call_ids import mistral_tool_call_id, new_tool_call_id
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
from ai_sdk_integrations.spec.errors import UnsupportedFunctionalityError, UsageError

HELLO = [UserMessage([TextPart("Hello")])]
TOOL = FunctionTool("test-tool", {"type": "object", "properties": {"value": {"type": "string"}}}, "A tool.")


def body(model: str = "mistral-small-latest", *, stream: bool = False, **options: Any) -> dict[str, Any]:
    codec = MistralChatCodec(model, profile=model_profile(model))
    request = codec.build_request(CallOptions(**{"prompt": HELLO, **options}), stream=stream)
    assert request.path == "/chat/completions" and request.method == "POST"
    return dict(request.body)


def warnings(model: str = "mistral-small-latest", **options: Any) -> list[tuple[str, str | None]]:
    codec = MistralChatCodec(model, profile=model_profile(model))
    request = codec.build_request(CallOptions(**{"prompt": HELLO, **options}), stream=False)
    return [(w.type, w.feature) for w in request.warnings]


def test_minimal_body_is_the_ai_sdks() -> None:
    assert body() == {
        "model": "mistral-small-latest",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}],
    }


def test_settings_use_mistrals_names() -> None:
    sent = body(max_output_tokens=50, temperature=0.3, top_p=0.8, seed=7, stop_sequences=["END"])
    assert {k: sent[k] for k in ("max_tokens", "temperature", "top_p", "random_seed", "stop")} == {
        "max_tokens": 50,
        "temperature": 0.3,
        "top_p": 0.8,
        "random_seed": 7,
        "stop": ["END"],
    }
    assert "seed" not in sent


def test_penalties_pass_and_top_k_warns() -> None:
    sent = body(presence_penalty=0.5, frequency_penalty=0.25, top_k=3)
    assert (sent["presence_penalty"], sent["frequency_penalty"]) == (0.5, 0.25) and "top_k" not in sent
    assert warnings(top_k=3) == [("unsupported", "topK")]


def test_stream_sets_stream_and_nothing_else() -> None:
    sent = body(stream=True)
    assert sent["stream"] is True and "stream_options" not in sent


@pytest.mark.parametrize(
    ("option", "field", "value"),
    [
        ("safePrompt", "safe_prompt", True),
        ("documentImageLimit", "document_image_limit", 8),
        ("documentPageLimit", "document_page_limit", 64),
        ("promptMode", "prompt_mode", "reasoning"),
        ("promptCacheKey", "prompt_cache_key", "k1"),
        ("someFutureField", "someFutureField", 1),
    ],
)
def test_provider_options_map_to_fields(option: str, field: str, value: Any) -> None:
    assert body(provider_options={"mistral": {option: value}})[field] == value


def test_other_providers_options_are_ignored() -> None:
    assert body(provider_options={"openai": {"user": "u"}}) == body()


def test_flags_must_be_booleans() -> None:
    with pytest.raises(UsageError):
        body(provider_options={"mistral": {"structuredOutputs": "yes"}})


# -- response format -----------------------------------------------------------------------

SCHEMA = {"type": "object", "properties": {"name": {"type": "string"}}}


def test_json_schema_is_native_and_not_strict_by_default() -> None:
    sent = body(response_format=JsonFormat(SCHEMA))
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "response", "schema": SCHEMA, "strict": False},
    }
    assert sent["messages"] == body()["messages"]


def test_json_schema_strict_name_and_description() -> None:
    sent = body(
        response_format=JsonFormat(SCHEMA, name="person", description="A person."),
        provider_options={"mistral": {"strictJsonSchema": True}},
    )
    assert sent["response_format"]["json_schema"] == {
        "name": "person",
        "schema": SCHEMA,
        "strict": True,
        "description": "A person.",
    }


def test_json_mode_injects_the_ai_sdks_instruction() -> None:
    sent = body(response_format=JsonFormat())
    assert sent["response_format"] == {"type": "json_object"}
    assert sent["messages"][0] == {"role": "system", "content": "You MUST answer with JSON."}


def test_json_instruction_joins_an_existing_system_message() -> None:
    codec = MistralChatCodec("mistral-small-latest")
    prompt = [SystemMessage("Be brief."), *HELLO]
    sent = codec.build_request(CallOptions(prompt, response_format=JsonFormat()), stream=False).body
    assert sent["messages"][0] == {"role": "system", "content": "Be brief.\n\nYou MUST answer with JSON."}
    assert len(sent["messages"]) == 2


def test_structured_outputs_off_sends_json_mode_with_the_schema_in_the_prompt() -> None:
    sent = body(
        response_format=JsonFormat(SCHEMA), provider_options={"mistral": {"structuredOutputs": False}}
    )
    assert sent["response_format"] == {"type": "json_object"}
    assert sent["messages"][0]["content"] == (
        f"JSON schema:\n{json.dumps(SCHEMA)}\n"
        "You MUST answer with a JSON object that matches the JSON schema above."
    )


# -- reasoning effort ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "effort"), [("high", "high"), ("medium", "high"), ("minimal", "high"), ("none", "none")]
)
def test_reasoning_effort_on_models_that_take_it(level: str, effort: str) -> None:
    assert body(reasoning=level)["reasoning_effort"] == effort


def test_reasoning_effort_warnings() -> None:
    assert warnings(reasoning="high") == []
    assert warnings(reasoning="medium") == [("compatibility", "reasoning")]
    assert warnings(reasoning="max") == [("unsupported", "reasoning")]
    assert warnings("mistral-large-latest", reasoning="medium") == [("unsupported", "reasoning")]
    assert "reasoning_effort" not in body("mistral-large-latest", reasoning="medium")
    assert "reasoning_effort" not in body(reasoning="provider-default")


def test_reasoning_effort_provider_option_wins() -> None:
    assert (
        body(reasoning="high", provider_options={"mistral": {"reasoningEffort": "none"}})["reasoning_effort"]
        == "none"
    )
    with pytest.raises(UsageError):
        body(provider_options={"mistral": {"reasoningEffort": "medium"}})


# -- tools ---------------------------------------------------------------------------------


def test_tools_and_default_choice() -> None:
    sent = body(tools=[TOOL])
    assert sent["tools"] == [
        {
            "type": "function",
            "function": {"name": "test-tool", "parameters": TOOL.input_schema, "description": "A tool."},
        }
    ]
    assert "tool_choice" not in sent and "parallel_tool_calls" not in sent


@pytest.mark.parametrize(("choice", "wire"), [("auto", "auto"), ("none", "none"), ("required", "any")])
def test_tool_choice(choice: str, wire: str) -> None:
    assert body(tools=[TOOL], tool_choice=ToolChoice(choice))["tool_choice"] == wire  # type: ignore[arg-type]


def test_named_tool_is_sent_alone_with_any() -> None:
    other = FunctionTool("other", {"type": "object"})
    sent = body(tools=[TOOL, other], tool_choice=ToolChoice("tool", "other"))
    assert [t["function"]["name"] for t in sent["tools"]] == ["other"] and sent["tool_choice"] == "any"
    with pytest.raises(UsageError):
        body(tools=[TOOL], tool_choice=ToolChoice("tool", "missing"))


def test_strict_tools_and_parallel_tool_calls() -> None:
    strict = FunctionTool("s", {"type": "object"}, strict=True)
    sent = body(tools=[strict], provider_options={"mistral": {"parallelToolCalls": False}})
    assert sent["tools"][0]["function"]["strict"] is True and sent["parallel_tool_calls"] is False
    assert "parallel_tool_calls" not in body(provider_options={"mistral": {"parallelToolCalls": False}})


def test_provider_tools_are_left_out_with_a_warning() -> None:
    tool = ProviderTool("openai.web_search", "web_search")
    assert "tools" not in body(tools=[tool])
    assert warnings(tools=[tool]) == [("unsupported", "provider-defined tool openai.web_search")]


# -- messages ------------------------------------------------------------------------------


def messages(*prompt: Any) -> list[dict[str, Any]]:
    return list(MistralChatCodec("m").build_request(CallOptions(list(prompt)), stream=False).body["messages"])


def test_images_are_url_strings() -> None:
    png = b"\x89PNG\r\n\x1a\n0000"
    sent = messages(
        UserMessage(
            [
                FilePart(DataFile(png), "image"),
                FilePart(DataFile(base64.b64encode(png).decode()), "image/png"),
                FilePart(UrlFile("https://x.test/cat.jpg"), "image/jpeg"),
            ]
        )
    )
    data_url = "data:image/png;base64," + base64.b64encode(png).decode()
    assert sent[0]["content"] == [
        {"type": "image_url", "image_url": data_url},
        {"type": "image_url", "image_url": data_url},
        {"type": "image_url", "image_url": "https://x.test/cat.jpg"},
    ]


def test_pdfs_are_document_urls() -> None:
    sent = messages(
        UserMessage(
            [
                FilePart(UrlFile("https://x.test/a.pdf"), "application/pdf"),
                FilePart(DataFile(b"%PDF-1.4"), "application/pdf", filename="a.pdf"),
            ]
        )
    )
    assert sent[0]["content"] == [
        {"type": "document_url", "document_url": "https://x.test/a.pdf"},
        {
            "type": "document_url",
            "document_url": "data:application/pdf;base64,JVBERi0xLjQ=",
            "document_name": "a.pdf",
        },
    ]


def test_other_files_are_refused() -> None:
    with pytest.raises(UnsupportedFunctionalityError):
        messages(UserMessage([FilePart(DataFile(b"abc"), "text/plain")]))


def test_assistant_reasoning_becomes_closed_thinking_in_order() -> None:
    sent = messages(
        *HELLO,
        AssistantMessage(
            [
                ReasoningPart("First.", provider_options={"anthropic": {"signature": "sig"}}),
                TextPart("Partial."),
                ReasoningPart("Second."),
                TextPart("Final."),
            ]
        ),
        UserMessage([TextPart("Go on.")]),
    )
    assert sent[1] == {
        "role": "assistant",
        "content": [
            {"type": "thinking", "thinking": [{"type": "text", "text": "First."}], "closed": True},
            {"type": "text", "text": "Partial."},
            {"type": "thinking", "thinking": [{"type": "text", "text": "Second."}], "closed": True},
            {"type": "text", "text": "Final."},
        ],
    }


def test_trailing_assistant_message_is_a_prefix() -> None:
    sent = messages(*HELLO, AssistantMessage([TextPart("Hello!")]))
    assert sent[1] == {"role": "assistant", "content": "Hello!", "prefix": True}


def test_tool_calls_and_results() -> None:
    sent = messages(
        *HELLO,
        AssistantMessage([ToolCallPart("gSIMJiOkT", "weather", {"location": "SF"})]),
        ToolMessage(
            [
                ToolResultPart("gSIMJiOkT", "weather", ToolResultOutput("json", {"t": 20})),
                ToolResultPart("gSIMJiOkT", "weather", ToolResultOutput("text", "sunny")),
                ToolResultPart("gSIMJiOkT", "weather", ToolResultOutput("execution-denied")),
            ]
        ),
    )
    assert sent[1] == {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "id": "gSIMJiOkT",
                "type": "function",
                "function": {"name": "weather", "arguments": '{"location": "SF"}'},
            }
        ],
    }
    assert sent[2:] == [
        {"role": "tool", "name": "weather", "tool_call_id": "gSIMJiOkT", "content": '{"t": 20}'},
        {"role": "tool", "name": "weather", "tool_call_id": "gSIMJiOkT", "content": "sunny"},
        {
            "role": "tool",
            "name": "weather",
            "tool_call_id": "gSIMJiOkT",
            "content": "Tool call execution denied.",
        },
    ]


def test_foreign_tool_call_ids_are_mapped_the_same_way_on_both_sides() -> None:
    foreign = "call_8Hh2xLQ0cVb1aZ"
    sent = messages(
        *HELLO,
        AssistantMessage([ToolCallPart(foreign, "f", "{broken")]),
        ToolMessage([ToolResultPart(foreign, "f", ToolResultOutput("text", "ok"))]),
    )
    mapped = sent[1]["tool_calls"][0]["id"]
    assert mapped == sent[2]["tool_call_id"] == mistral_tool_call_id(foreign)
    assert len(mapped) == 9 and mapped.isalnum() and mapped != foreign
    assert sent[1]["tool_calls"][0]["function"]["arguments"] == "{broken", (
        "malformed arguments go back as written"
    )


def test_tool_call_ids() -> None:
    assert mistral_tool_call_id("gSIMJiOkT") == "gSIMJiOkT"
    assert mistral_tool_call_id("abc123") == mistral_tool_call_id("abc123") != mistral_tool_call_id("abc124")
    assert len({new_tool_call_id() for _ in range(50)}) == 50
    assert all(len(i) == 9 and i.isalnum() for i in (new_tool_call_id(), mistral_tool_call_id("")))


# -- embeddings and the provider -------------------------------------------------------------


def test_embedding_request() -> None:
    request = MistralEmbeddingCodec("mistral-embed").build_request(["a", "b"])
    assert (request.path, dict(request.body)) == (
        "/embeddings",
        {"model": "mistral-embed", "input": ["a", "b"], "encoding_format": "float"},
    )
    codec = MistralEmbeddingCodec("codestral-embed", dimensions=256)
    sent = codec.build_request(
        ["a"], provider_options={"mistral": {"outputDtype": "int8", "metadata": {"k": 1}}}
    ).body
    assert sent == {
        "model": "codestral-embed",
        "input": ["a"],
        "output_dimension": 256,
        "output_dtype": "int8",
        "metadata": {"k": 1},
        "encoding_format": "float",
    }
    assert codec.max_embeddings_per_call == 32


def test_provider_endpoint_and_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_BASE_URL", raising=False)
    provider = create_mistral(api_key="k")
    model = provider.language_model("mistral-small-latest")
    assert model.endpoint.base_url == "https://api.mistral.ai/v1" and model.provider == "mistral"
    assert type(model.endpoint.auth).__name__ == "BearerAuth"
    assert model.endpoint.auth.source.env == ("MISTRAL_API_KEY",)  # type: ignore[union-attr]
    embedder = provider.embedding_model("mistral-embed")
    assert embedder.max_embeddings_per_call == 32 and not embedder.supports_parallel_calls
    monkeypatch.setenv("MISTRAL_BASE_URL", "http://proxy.test")
    assert create_mistral().language_model("m").endpoint.base_url == "http://proxy.test/v1"
    with pytest.raises(UsageError):
        create_mistral(organization="x")
