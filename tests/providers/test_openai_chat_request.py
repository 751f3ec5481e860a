"""OpenAIChatCodec.build_request: call options -> Chat Completions request body.

Checked against the AI SDK's openai-compatible chat model (reference notes section 4.2)
and the dialect quirks in ``presets.py``.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from ai_sdk_integrations import language_model
from ai_sdk_integrations.provider.profile import DEFAULT
from ai_sdk_integrations.providers.openai.chat import OpenAIChatCodec
from ai_sdk_integrations.providers.openai.dialect import ChatDialect
from ai_sdk_integrations.providers.openai.provider import split_quirks
from ai_sdk_integrations.providers.openai_compatible.services import SERVICES
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    CallWarning,
    DataFile,
    FilePart,
    FunctionTool,
    JsonFormat,
    Message,
    ProviderTool,
    Raw,
    ReasoningPart,
    SystemMessage,
    TextFormat,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UrlFile,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import UnsupportedFunctionalityError
from ai_sdk_integrations.spec.request import PreparedRequest

PROMPT: list[Message] = [UserMessage([TextPart("Hello")])]
WEATHER = FunctionTool(
    "weather",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    description="Get the weather",
)
TIME = FunctionTool("time", {"type": "object", "properties": {}})
SCHEMA = {"type": "object", "properties": {"answer": {"type": "integer"}}, "required": ["answer"]}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
GIF = b"GIF89a\x01\x00\x01\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt "
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def codec(provider: str = "openai", **quirks: Any) -> OpenAIChatCodec:
    dialect, profile = split_quirks(quirks, {}, {})
    return OpenAIChatCodec(
        "test-model", ChatDialect(provider, **dialect), DEFAULT.merged(profile), new_id=lambda: "generated"
    )


def preset_codec(name: str) -> OpenAIChatCodec:
    if name not in SERVICES:  # openai, azure: providers of their own
        model = language_model(f"{name}:test-model", resource_name="r") if name == "azure" else None
        codec: OpenAIChatCodec = (model or language_model(f"{name}:test-model")).codec  # type: ignore[assignment]
        return codec
    row = SERVICES[name]
    return OpenAIChatCodec("test-model", ChatDialect(name, **row.dialect), DEFAULT.merged(row.profile))


def build(options: CallOptions | None = None, *, stream: bool = False, **dialect: Any) -> PreparedRequest:
    return codec(**dialect).build_request(options or CallOptions(prompt=PROMPT), stream=stream)


def body(**options: Any) -> dict[str, Any]:
    return dict(build(CallOptions(prompt=PROMPT, **options)).body)


def messages(*prompt: Message, **dialect: Any) -> list[dict[str, Any]]:
    return list(build(CallOptions(prompt=list(prompt)), **dialect).body["messages"])


def user_parts(*parts: TextPart | FilePart, **dialect: Any) -> Any:
    return messages(UserMessage(list(parts)), **dialect)[0]["content"]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# -- every setting has an effect ----------------------------------------------------

Check = Callable[[PreparedRequest], None]


def sends(**expected: Any) -> Check:
    def check(request: PreparedRequest) -> None:
        for key, value in expected.items():
            assert request.body[key] == value

    return check


def warns(feature: str) -> Check:
    def check(request: PreparedRequest) -> None:
        assert [w.feature for w in request.warnings] == [feature]

    return check


def sends_headers(request: PreparedRequest) -> None:
    assert request.headers == {"X-Trace": "t-1"}


# field, value, options of the baseline call, what must be seen. tool_choice is probed
# with tools present: without tools there is nothing to choose from (the AI SDK drops it
# too). include_raw_chunks changes the stream decoder, not the request (checked below).
PROBES: list[tuple[str, Any, dict[str, Any], Check | None]] = [
    (
        "prompt",
        [UserMessage([TextPart("Other")])],
        {},
        sends(messages=[{"role": "user", "content": "Other"}]),
    ),
    ("max_output_tokens", 77, {}, sends(max_tokens=77)),
    ("temperature", 0.3, {}, sends(temperature=0.3)),
    ("stop_sequences", ["END", "STOP"], {}, sends(stop=["END", "STOP"])),
    ("top_p", 0.9, {}, sends(top_p=0.9)),
    ("top_k", 40, {}, warns("topK")),
    ("presence_penalty", 0.5, {}, sends(presence_penalty=0.5)),
    ("frequency_penalty", -0.5, {}, sends(frequency_penalty=-0.5)),
    ("response_format", JsonFormat(), {}, sends(response_format={"type": "json_object"})),
    ("seed", 1234, {}, sends(seed=1234)),
    ("tools", [WEATHER], {}, None),
    ("tool_choice", ToolChoice("none"), {"tools": [WEATHER]}, sends(tool_choice="none")),
    ("include_raw_chunks", True, {}, None),
    ("headers", {"X-Trace": "t-1"}, {}, sends_headers),
    ("reasoning", "high", {}, sends(reasoning_effort="high")),
    ("provider_options", {"openai": {"user": "u-1"}}, {}, sends(user="u-1")),
]


def test_probe_table_covers_every_call_option() -> None:
    assert [name for name, *_ in PROBES] == [f.name for f in dataclasses.fields(CallOptions)]


@pytest.mark.parametrize(("field", "value", "base", "check"), PROBES, ids=[p[0] for p in PROBES])
def test_every_setting_changes_the_request_or_warns(
    field: str, value: Any, base: dict[str, Any], check: Check | None
) -> None:
    baseline = CallOptions(**{"prompt": PROMPT, **base})
    probed = dataclasses.replace(baseline, **{field: value})
    before = build(baseline)
    after = build(probed)
    if field == "include_raw_chunks":
        assert after == before
        chunk = '{"id":"c","choices":[]}'
        assert codec().stream_decoder(probed).feed(chunk)[0] == Raw({"id": "c", "choices": []})
        assert not any(isinstance(p, Raw) for p in codec().stream_decoder(baseline).feed(chunk))
        return
    assert (after.body, after.headers, after.warnings) != (before.body, before.headers, before.warnings)
    if check is not None:
        check(after)


def test_baseline_request() -> None:
    request = build()
    assert request.path == "/chat/completions"
    assert request.method == "POST"
    assert request.stream is False
    assert request.warnings == ()
    assert request.body == {"model": "test-model", "messages": [{"role": "user", "content": "Hello"}]}


# -- sampling settings ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["max_tokens", "max_completion_tokens"])
def test_max_tokens_field(field: str) -> None:
    other = {"max_tokens", "max_completion_tokens"} - {field}
    request = build(CallOptions(prompt=PROMPT, max_output_tokens=100), max_tokens_field=field)
    assert request.body[field] == 100
    assert other.isdisjoint(request.body)


def test_openai_presets_use_max_completion_tokens() -> None:
    for name in ("openai", "azure"):
        request = preset_codec(name).build_request(
            CallOptions(prompt=PROMPT, max_output_tokens=5), stream=False
        )
        assert request.body["max_completion_tokens"] == 5
        assert "max_tokens" not in request.body


@pytest.mark.parametrize(
    ("dialect", "expected_body", "expected_warnings"),
    [
        ({}, None, [CallWarning("unsupported", feature="topK")]),
        ({"top_k": True}, 40, []),
    ],
)
def test_top_k(
    dialect: dict[str, Any], expected_body: int | None, expected_warnings: list[CallWarning]
) -> None:
    request = build(CallOptions(prompt=PROMPT, top_k=40), **dialect)
    assert request.body.get("top_k") == expected_body
    assert list(request.warnings) == expected_warnings


@pytest.mark.parametrize("preset", ["llamacpp", "vllm", "local"])
def test_top_k_presets(preset: str) -> None:
    request = preset_codec(preset).build_request(CallOptions(prompt=PROMPT, top_k=3), stream=False)
    assert request.body["top_k"] == 3
    assert not request.warnings


def test_zero_values_are_sent() -> None:
    sent = body(temperature=0.0, seed=0, max_output_tokens=0, top_p=0.0)
    assert (sent["temperature"], sent["seed"], sent["max_tokens"], sent["top_p"]) == (0.0, 0, 0, 0.0)


def test_empty_stop_sequences_are_not_sent() -> None:
    assert "stop" not in body(stop_sequences=[])
    assert body(stop_sequences=("a",))["stop"] == ["a"]


@pytest.mark.parametrize(
    ("reasoning", "expected"),
    [
        ("minimal", "minimal"),
        ("low", "low"),
        ("medium", "medium"),
        ("high", "high"),
        ("xhigh", "xhigh"),
        ("none", None),
        ("provider-default", None),
        (None, None),
    ],
)
def test_reasoning_effort(reasoning: Any, expected: str | None) -> None:
    assert body(reasoning=reasoning).get("reasoning_effort") == expected


def test_provider_option_reasoning_effort_wins_over_reasoning() -> None:
    # AI SDK: reasoning_effort = providerOptions.reasoningEffort ?? reasoning
    assert (
        body(reasoning="low", provider_options={"openai": {"reasoningEffort": "high"}})["reasoning_effort"]
        == "high"
    )


# -- provider options -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "field"),
    [
        ("user", "user"),
        ("reasoningEffort", "reasoning_effort"),
        ("parallelToolCalls", "parallel_tool_calls"),
        ("textVerbosity", "verbosity"),
        ("serviceTier", "service_tier"),
        ("logitBias", "logit_bias"),
        ("topLogprobs", "top_logprobs"),
        ("promptCacheKey", "prompt_cache_key"),
        ("safetyIdentifier", "safety_identifier"),
    ],
)
def test_known_provider_options_are_renamed(option: str, field: str) -> None:
    value = {"option": option}  # any JSON value travels as is
    sent = body(provider_options={"openai": {option: value}})
    assert sent[field] == value
    assert option not in sent or option == field


def test_unknown_provider_options_pass_through_verbatim() -> None:
    extra = {"top_k": 20, "repetition_penalty": 1.1, "customCamelKey": {"nested_key": [1]}}
    sent = body(provider_options={"openai": extra})
    assert {key: sent[key] for key in extra} == extra


def test_options_for_other_providers_are_ignored() -> None:
    assert body(provider_options={"anthropic": {"user": "x", "thinking": True}}) == body()


def test_provider_options_use_the_dialect_provider_key() -> None:
    request = codec("groq").build_request(
        CallOptions(prompt=PROMPT, provider_options={"groq": {"user": "g"}, "openai": {"user": "o"}}),
        stream=False,
    )
    assert request.body["user"] == "g"


@pytest.mark.parametrize("option", ["strictJsonSchema", "imageDetail"])
def test_consumed_options_are_not_sent(option: str) -> None:
    sent = body(provider_options={"openai": {option: True}})
    assert sent == body()


# -- response format ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected", "warning_features"),
    [
        (
            "json_schema",
            {"type": "json_schema", "json_schema": {"name": "response", "schema": SCHEMA}},
            [],
        ),
        ("json_object_schema", {"type": "json_object", "schema": SCHEMA}, []),
        ("json_object", {"type": "json_object"}, ["responseFormat"]),
    ],
)
def test_json_schema_per_structured_outputs_mode(
    mode: str, expected: dict[str, Any], warning_features: list[str]
) -> None:
    request = build(CallOptions(prompt=PROMPT, response_format=JsonFormat(SCHEMA)), structured_outputs=mode)
    assert request.body["response_format"] == expected
    assert [w.feature for w in request.warnings] == warning_features
    assert all(w.type == "unsupported" for w in request.warnings)


def test_json_schema_name_description_and_strict() -> None:
    sent = body(
        response_format=JsonFormat(SCHEMA, name="answer", description="The answer"),
        provider_options={"openai": {"strictJsonSchema": False}},
    )
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "answer", "description": "The answer", "schema": SCHEMA, "strict": False},
    }
    assert "strictJsonSchema" not in sent


def test_json_schema_strict_is_opt_in() -> None:
    """Pydantic schemas are not strict-ready (optional fields, no additionalProperties:
    false), and OpenAI rejects them under strict, so strict is sent only when asked."""
    assert "strict" not in body(response_format=JsonFormat(SCHEMA))["response_format"]["json_schema"]
    strict = body(response_format=JsonFormat(SCHEMA), provider_options={"openai": {"strictJsonSchema": True}})
    assert strict["response_format"]["json_schema"]["strict"] is True


@pytest.mark.parametrize("mode", ["json_schema", "json_object_schema", "json_object"])
def test_json_without_schema_is_json_object(mode: str) -> None:
    request = build(CallOptions(prompt=PROMPT, response_format=JsonFormat()), structured_outputs=mode)
    assert request.body["response_format"] == {"type": "json_object"}
    assert request.warnings == ()


def test_text_format_sends_nothing() -> None:
    assert body(response_format=TextFormat()) == body()


@pytest.mark.parametrize(
    ("preset", "expected_type"),
    [
        ("openai", "json_schema"),
        ("local", "json_object"),
        ("deepseek", "json_object"),
        ("groq", "json_schema"),
    ],
)
def test_presets_response_format(preset: str, expected_type: str) -> None:
    request = preset_codec(preset).build_request(
        CallOptions(prompt=PROMPT, response_format=JsonFormat(SCHEMA)), stream=False
    )
    assert request.body["response_format"]["type"] == expected_type


# -- tools ----------------------------------------------------------------------------


def test_function_tools_mapping() -> None:
    strict_tool = FunctionTool("calc", {"type": "object"}, strict=True)
    sent = body(tools=[WEATHER, strict_tool])
    assert sent["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "weather",
                "description": "Get the weather",
                "parameters": dict(WEATHER.input_schema),
            },
        },
        {"type": "function", "function": {"name": "calc", "parameters": {"type": "object"}, "strict": True}},
    ]
    assert "tool_choice" not in sent


def test_provider_tool_is_dropped_with_a_warning() -> None:
    request = build(
        CallOptions(prompt=PROMPT, tools=[ProviderTool("openai.web_search", "web_search"), WEATHER])
    )
    assert [t["function"]["name"] for t in request.body["tools"]] == ["weather"]
    assert len(request.warnings) == 1
    assert request.warnings[0].type == "unsupported"
    assert "openai.web_search" in (request.warnings[0].feature or "")


NAMED_WEATHER = {"type": "function", "function": {"name": "weather"}}


@pytest.mark.parametrize(
    ("dialect", "tools", "choice", "expected", "warning_types"),
    [
        ({}, [WEATHER], None, None, []),
        ({"default_tool_choice": "auto"}, [WEATHER], None, "auto", []),
        ({}, [WEATHER], ToolChoice("auto"), "auto", []),
        ({}, [WEATHER], ToolChoice("none"), "none", []),
        ({}, [WEATHER, TIME], ToolChoice("required"), "required", []),
        ({}, [WEATHER, TIME], ToolChoice("tool", "weather"), NAMED_WEATHER, []),
        ({"tool_choice_required": False}, [WEATHER], ToolChoice("required"), NAMED_WEATHER, []),
        ({"tool_choice_required": False}, [WEATHER, TIME], ToolChoice("required"), "auto", ["compatibility"]),
        ({"tool_choice_required": False}, [WEATHER, TIME], ToolChoice("none"), "none", []),
        ({"default_tool_choice": "auto"}, [WEATHER], ToolChoice("none"), "none", []),
    ],
)
def test_tool_choice(
    dialect: dict[str, Any],
    tools: list[FunctionTool],
    choice: ToolChoice | None,
    expected: Any,
    warning_types: list[str],
) -> None:
    request = build(CallOptions(prompt=PROMPT, tools=tools, tool_choice=choice), **dialect)
    assert request.body.get("tool_choice") == expected
    assert [w.type for w in request.warnings] == warning_types
    if warning_types:
        assert request.warnings[0].feature == "toolChoice"


def test_local_preset_tool_choice_quirks() -> None:
    local = preset_codec("local")
    one = local.build_request(CallOptions(prompt=PROMPT, tools=[WEATHER]), stream=False)
    assert one.body["tool_choice"] == "auto"
    required = local.build_request(
        CallOptions(prompt=PROMPT, tools=[WEATHER], tool_choice=ToolChoice("required")), stream=False
    )
    assert required.body["tool_choice"] == NAMED_WEATHER


def test_tool_choice_without_tools_is_not_sent() -> None:
    sent = body(tool_choice=ToolChoice("required"))
    assert "tool_choice" not in sent and "tools" not in sent


# -- messages -------------------------------------------------------------------------


def test_system_and_single_text_user_message() -> None:
    assert messages(SystemMessage("Be brief."), UserMessage([TextPart("Hi")])) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]


def test_user_message_with_several_text_parts_keeps_parts() -> None:
    assert user_parts(TextPart("a"), TextPart("b")) == [
        {"type": "text", "text": "a"},
        {"type": "text", "text": "b"},
    ]


def test_image_by_url_with_detail() -> None:
    url = "https://example.com/cat.png"
    assert user_parts(TextPart("What?"), FilePart(UrlFile(url), "image/png")) == [
        {"type": "text", "text": "What?"},
        {"type": "image_url", "image_url": {"url": url}},
    ]
    detailed = FilePart(UrlFile(url), "image/png", provider_options={"openai": {"imageDetail": "low"}})
    assert user_parts(detailed) == [{"type": "image_url", "image_url": {"url": url, "detail": "low"}}]


@pytest.mark.parametrize(
    ("data", "media_type", "expected_type"),
    [
        (PNG, "image", "image/png"),
        (JPEG, "image", "image/jpeg"),
        (GIF, "image", "image/gif"),
        (WEBP, "image", "image/webp"),
        (PNG, "image/*", "image/png"),
        (b"\x00\x01unknown", "image", "image/jpeg"),
        (PNG, "image/webp", "image/webp"),  # a full media type is trusted
    ],
)
def test_image_bytes_become_a_data_url(data: bytes, media_type: str, expected_type: str) -> None:
    [part] = user_parts(FilePart(DataFile(data), media_type))
    assert part == {"type": "image_url", "image_url": {"url": f"data:{expected_type};base64,{b64(data)}"}}


def test_image_base64_string_is_sniffed_and_sent_unchanged() -> None:
    encoded = b64(PNG + bytes(32))
    [part] = user_parts(FilePart(DataFile(encoded), "image"))
    assert part["image_url"]["url"] == f"data:image/png;base64,{encoded}"


def test_pdf_bytes() -> None:
    [part] = user_parts(FilePart(DataFile(PDF), "application/pdf", filename="report.pdf"))
    assert part == {
        "type": "file",
        "file": {"filename": "report.pdf", "file_data": f"data:application/pdf;base64,{b64(PDF)}"},
    }
    [unnamed] = user_parts(FilePart(DataFile(b64(PDF)), "application/pdf"))
    assert unnamed["file"]["file_data"] == f"data:application/pdf;base64,{b64(PDF)}"
    assert unnamed["file"]["filename"].endswith(".pdf")


@pytest.mark.parametrize(
    ("media_type", "audio_format"), [("audio/wav", "wav"), ("audio/mpeg", "mp3"), ("audio/mp3", "mp3")]
)
def test_audio(media_type: str, audio_format: str) -> None:
    [part] = user_parts(FilePart(DataFile(WAV), media_type))
    assert part == {"type": "input_audio", "input_audio": {"data": b64(WAV), "format": audio_format}}


@pytest.mark.parametrize("media_type", ["audio/wav", "application/pdf"])
def test_audio_and_pdf_urls_are_unsupported(media_type: str) -> None:
    with pytest.raises(UnsupportedFunctionalityError):
        user_parts(FilePart(UrlFile("https://example.com/file"), media_type))


@pytest.mark.parametrize("data", [b"caf\xc3\xa9 notes", b64("café notes".encode())])
def test_text_file_is_inlined(data: bytes | str) -> None:
    assert user_parts(FilePart(DataFile(data), "text/plain")) == [{"type": "text", "text": "café notes"}]


@pytest.mark.parametrize("media_type", ["video/mp4", "application/zip", "audio/ogg"])
def test_unsupported_media_type_raises_naming_it(media_type: str) -> None:
    with pytest.raises(UnsupportedFunctionalityError, match=re.escape(repr(media_type))):
        user_parts(FilePart(DataFile(b"\x00\x01"), media_type))


CALL = ToolCallPart("call_1", "weather", {"city": "Oslo"})


@pytest.mark.parametrize(("dialect", "content"), [({}, None), ({"assistant_tool_call_content": "empty"}, "")])
def test_assistant_with_only_tool_calls(dialect: dict[str, Any], content: str | None) -> None:
    [message] = messages(AssistantMessage([CALL]), **dialect)
    assert message["role"] == "assistant"
    assert message["content"] == content
    [call] = message["tool_calls"]
    assert call["id"] == "call_1"
    assert call["type"] == "function"
    assert call["function"]["name"] == "weather"
    assert json.loads(call["function"]["arguments"]) == {"city": "Oslo"}


def test_local_preset_sends_empty_content_for_tool_calls() -> None:
    request = preset_codec("local").build_request(
        CallOptions(prompt=[AssistantMessage([CALL])]), stream=False
    )
    assert request.body["messages"][0]["content"] == ""


def test_assistant_with_empty_text_and_tool_calls_has_null_content() -> None:
    [message] = messages(AssistantMessage([TextPart(""), CALL]))
    assert message["content"] is None


def test_assistant_text_and_string_input_passes_verbatim() -> None:
    raw = '{"city": "Oslo",  "unit":"C"}'
    [message] = messages(
        AssistantMessage([TextPart("Let me "), TextPart("check."), ToolCallPart("c2", "weather", raw)])
    )
    assert message["content"] == "Let me check."
    assert message["tool_calls"][0]["function"]["arguments"] == raw


@pytest.mark.parametrize(("dialect", "echoed"), [({}, False), ({"send_reasoning_content": True}, True)])
def test_reasoning_echo(dialect: dict[str, Any], echoed: bool) -> None:
    [message] = messages(
        AssistantMessage([ReasoningPart("think "), ReasoningPart("more"), TextPart("done")]), **dialect
    )
    assert message["content"] == "done"
    assert message.get("reasoning_content") == ("think more" if echoed else None)


def test_deepseek_preset_echoes_reasoning() -> None:
    request = preset_codec("deepseek").build_request(
        CallOptions(prompt=[AssistantMessage([ReasoningPart("r"), TextPart("t")])]), stream=False
    )
    assert request.body["messages"][0]["reasoning_content"] == "r"


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (ToolResultOutput("text", "sunny, 21°C"), "sunny, 21°C"),
        (ToolResultOutput("error-text", "city not found"), "city not found"),
        (ToolResultOutput("execution-denied", reason="user said no"), "user said no"),
        (ToolResultOutput("execution-denied"), "Tool call execution denied."),
    ],
)
def test_tool_result_text_outputs(output: ToolResultOutput, expected: str) -> None:
    [message] = messages(ToolMessage([ToolResultPart("call_1", "weather", output)]))
    assert message == {"role": "tool", "tool_call_id": "call_1", "content": expected}


@pytest.mark.parametrize("kind", ["json", "error-json"])
def test_tool_result_json_outputs(kind: str) -> None:
    value = {"temp": 21, "tags": ["sunny", "é"], "ok": True}
    [message] = messages(ToolMessage([ToolResultPart("call_1", "weather", ToolResultOutput(kind, value))]))  # type: ignore[arg-type]
    assert json.loads(message["content"]) == value


def test_tool_result_content_items_are_joined_text() -> None:
    items = [{"type": "text", "text": "sunny, "}, {"type": "text", "text": "21°C"}]
    [message] = messages(
        ToolMessage([ToolResultPart("call_1", "weather", ToolResultOutput("content", items))])
    )
    assert message["content"] == "sunny, 21°C"


def test_tool_result_with_a_file_is_refused_with_a_reason() -> None:
    items = [{"type": "file", "data": b"\x89PNG", "mediaType": "image/png"}]
    with pytest.raises(UnsupportedFunctionalityError, match="text-only tool results"):
        messages(ToolMessage([ToolResultPart("call_1", "weather", ToolResultOutput("content", items))]))


def test_each_tool_result_is_its_own_message_in_order() -> None:
    results = messages(
        ToolMessage(
            [
                ToolResultPart("a", "weather", ToolResultOutput.from_value("x")),
                ToolResultPart("b", "time", ToolResultOutput.from_value({"h": 1})),
            ]
        )
    )
    assert [(m["role"], m["tool_call_id"]) for m in results] == [("tool", "a"), ("tool", "b")]
    assert results[0]["content"] == "x"
    assert json.loads(results[1]["content"]) == {"h": 1}


# -- streaming ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stream", "include_usage", "expected"),
    [
        (True, True, {"stream": True, "stream_options": {"include_usage": True}}),
        (True, False, {"stream": True}),
        (False, True, {}),
        (False, False, {}),
    ],
)
def test_stream_flags(stream: bool, include_usage: bool, expected: dict[str, Any]) -> None:
    request = build(stream=stream, include_usage=include_usage)
    assert request.stream is stream
    assert {k: v for k, v in request.body.items() if k in ("stream", "stream_options")} == expected


def test_stream_does_not_change_the_rest_of_the_body() -> None:
    options = CallOptions(prompt=PROMPT, temperature=0.2, tools=[WEATHER])
    streamed = dict(build(options, stream=True).body)
    del streamed["stream"], streamed["stream_options"]
    assert streamed == build(options, stream=False).body
