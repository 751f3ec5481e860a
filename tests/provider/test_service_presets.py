"""Together, Fireworks, DeepInfra and Cerebras: the same calls, and the request body each
preset sends, as each service documents its Chat Completions dialect.

Sources, per service (what each expectation below rests on):

- Together: togethercomputer/openapi ``ChatCompletionRequest`` (``top_k``,
  ``response_format`` json_schema with ``strict``, ``reasoning_effort`` low/medium/high;
  the assistant message has no reasoning field); the AI SDK's togetherai provider sets
  ``includeUsage``.
- Fireworks: docs.fireworks.ai chat completions reference (``top_k``) and structured
  outputs (json_schema), the reasoning guide (``reasoning_content`` sent back on tool
  turns); the AI SDK's fireworks provider (``includeUsage``, structured outputs, efforts
  mapped to low/medium/high, ``thinking.budgetTokens`` and ``reasoningHistory``).
- DeepInfra: docs.deepinfra.com chat completions reference (``top_k``,
  ``stream_options.include_usage``) and JSON mode (``json_object``); the AI SDK's
  deepinfra provider takes no schemas either.
- Cerebras: inference-docs.cerebras.ai OpenAI compatibility (``frequency_penalty``,
  ``presence_penalty``, ``logit_bias`` answer 400), structured outputs (nullable types as
  ``anyOf``, every property required), the Cerebras SDK's request params
  (``max_completion_tokens``, assistant ``reasoning``, ``stream_options``, no ``top_k``);
  the AI SDK's cerebras provider (``max_completion_tokens``, reasoning sent back as
  ``reasoning``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from http_loopback import API_KEY, Reply, ScriptedServer, completion, json_reply, sse, stream_reply

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.openai_compatible.services import cerebras_strict_schema
from ai_sdk_integrations.spec import (
    AssistantMessage,
    Message,
    ReasoningPart,
    TextPart,
    ToolCallPart,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import APICallError

MODELS = {
    "togetherai": "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "fireworks": "accounts/fireworks/models/llama-v3p3-70b-instruct",
    "deepinfra": "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    "cerebras": "llama-3.3-70b",
}
SERVICES = list(MODELS)
CITY = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "country": {"type": "string", "description": "ISO code"}},
    "required": ["city"],
}


def model(service: str, server: ScriptedServer) -> Any:
    return ai.language_model(f"{service}:{MODELS[service]}", base_url=server.url, api_key=API_KEY)


def features(warnings: Any) -> list[tuple[str, str | None]]:
    return [(w.type, w.feature) for w in warnings]


# -- a strict JSON-schema call --------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_strict_json_schema_call(service: str, server: ScriptedServer) -> None:
    server.queue(json_reply(completion('{"city": "Paris", "country": null}')))
    result = ai.generate_text(
        model(service, server),
        prompt="Where is the Louvre?",
        output=ai.Output.object(CITY, name="place"),
        max_output_tokens=200,
        provider_options={service: {"strictJsonSchema": True}},
    )
    body = server.requests[0].json
    if service == "deepinfra":  # JSON mode only: the schema goes in the prompt instead
        assert body["response_format"] == {"type": "json_object"}
        assert body["messages"][0]["role"] == "system" and '"city"' in body["messages"][0]["content"]
    else:
        fmt = body["response_format"]
        assert fmt["type"] == "json_schema"
        assert fmt["json_schema"]["name"] == "place"
        assert fmt["json_schema"]["strict"] is True
    if service == "cerebras":
        # Strict: every property required, no extra keys, and the optional one
        # nullable through anyOf (Cerebras rejects "type": ["string", "null"]).
        assert body["max_completion_tokens"] == 200 and "max_tokens" not in body
        assert body["response_format"]["json_schema"]["schema"] == {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "country": {"description": "ISO code", "anyOf": [{"type": "string"}, {"type": "null"}]},
            },
            "required": ["city", "country"],
            "additionalProperties": False,
        }
    else:
        assert body["max_tokens"] == 200 and "max_completion_tokens" not in body
        if service != "deepinfra":
            assert body["response_format"]["json_schema"]["schema"] == CITY
    assert result.output == {"city": "Paris", "country": None}


def test_cerebras_strict_schema_rewrites_nested_type_lists() -> None:
    schema = {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": ["string", "integer"]}},
            "owner": {
                "type": "object",
                "title": "Owner",
                "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
                "required": ["name"],
            },
        },
        "required": ["tags"],
    }
    strict = cerebras_strict_schema(schema)
    assert strict["required"] == ["tags", "owner"]
    assert strict["properties"]["tags"]["items"] == {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    owner = strict["properties"]["owner"]
    assert owner["title"] == "Owner"
    object_branch, null_branch = owner["anyOf"]
    assert null_branch == {"type": "null"}
    assert object_branch["required"] == ["name", "age"]
    assert object_branch["additionalProperties"] is False
    assert object_branch["properties"]["age"] == {
        "anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]
    }
    assert not type_lists(strict)


def type_lists(node: Any) -> list[Any]:
    if isinstance(node, list):
        return [found for item in node for found in type_lists(item)]
    if not isinstance(node, dict):
        return []
    own = [node["type"]] if isinstance(node.get("type"), list) else []
    return own + [found for value in node.values() for found in type_lists(value)]


def test_cerebras_strict_tools_take_the_same_schema(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    ai.generate_text(
        model("cerebras", server),
        prompt="Where is the Louvre?",
        tools={"locate": ai.tool(description="Find a place", parameters=CITY, strict=True)},
    )
    function = server.requests[0].json["tools"][0]["function"]
    assert function["strict"] is True
    assert function["parameters"]["properties"]["country"]["anyOf"][1] == {"type": "null"}


# -- a call with penalties ------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_penalties_and_logit_bias(service: str, server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    result = ai.generate_text(
        model(service, server),
        prompt="hi",
        frequency_penalty=0.5,
        presence_penalty=0.25,
        provider_options={service: {"logitBias": {"50256": -100}}},
    )
    body = server.requests[0].json
    sent = {name: body.get(name) for name in ("frequency_penalty", "presence_penalty", "logit_bias")}
    if service == "cerebras":  # each would be a 400: left out, each with a warning
        assert sent == {"frequency_penalty": None, "presence_penalty": None, "logit_bias": None}
        assert features(result.warnings) == [
            ("unsupported", "frequencyPenalty"),
            ("unsupported", "presencePenalty"),
            ("unsupported", "logitBias"),
        ]
    else:
        assert sent == {"frequency_penalty": 0.5, "presence_penalty": 0.25, "logit_bias": {"50256": -100}}
        assert result.warnings == ()
    assert result.text == "ok"


@pytest.mark.parametrize("service", SERVICES)
def test_top_k(service: str, server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    result = ai.generate_text(model(service, server), prompt="hi", top_k=40)
    body = server.requests[0].json
    if service == "cerebras":  # not a Cerebras parameter
        assert "top_k" not in body
        assert features(result.warnings) == [("unsupported", "topK")]
    else:
        assert body["top_k"] == 40
        assert result.warnings == ()


# -- a streamed call ------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_streamed_call_asks_for_usage(service: str, server: ScriptedServer) -> None:
    usage_chunk = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": MODELS[service],
        "choices": [],
        "usage": {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13},
    }
    finish = {**usage_chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": None}
    server.queue(stream_reply(["Bonjour", " !"], tail=[sse(finish), sse(usage_chunk), sse("[DONE]")]))
    stream = ai.stream_text(model(service, server), prompt="Say hello in French", max_output_tokens=50)
    assert "".join(stream.text_stream) == "Bonjour !"
    body = server.requests[0].json
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert body["max_completion_tokens" if service == "cerebras" else "max_tokens"] == 50
    usage = stream.result.usage
    assert (usage.input_tokens.total, usage.output_tokens.total) == (9, 4)


# -- reasoning --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "asked", "sent"),
    [
        ("togetherai", "xhigh", "high"),
        ("fireworks", "minimal", "low"),
        ("fireworks", "xhigh", "high"),
        ("cerebras", "minimal", "low"),
        ("cerebras", "medium", "medium"),
        ("deepinfra", "xhigh", "xhigh"),  # DeepInfra documents no levels: sent as given
    ],
)
def test_reasoning_effort_levels(service: str, asked: str, sent: str, server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    result = ai.generate_text(model(service, server), prompt="think", reasoning=asked)  # type: ignore[arg-type]
    assert server.requests[0].json["reasoning_effort"] == sent
    expected = [] if asked == sent else [("compatibility", "reasoning")]
    assert features(result.warnings) == expected


TOOL_TURN: list[Message] = [
    UserMessage([TextPart("Weather in Paris?")]),
    AssistantMessage(
        [
            ReasoningPart("The user wants the weather; call the tool."),
            ToolCallPart("call_1", "weather", {"city": "Paris"}),
        ]
    ),
    ToolMessage([ToolResultPart("call_1", "weather", ToolResultOutput("json", {"celsius": 21}))]),
]


@pytest.mark.parametrize(
    ("service", "field"),
    [
        ("fireworks", "reasoning_content"),
        ("cerebras", "reasoning"),
        ("togetherai", None),
        ("deepinfra", None),
    ],
)
def test_reasoning_goes_back_on_tool_turns(service: str, field: str | None, server: ScriptedServer) -> None:
    server.queue(json_reply(completion("21 °C")))
    ai.generate_text(model(service, server), messages=TOOL_TURN)
    assistant = server.requests[0].json["messages"][1]
    assert assistant["role"] == "assistant" and assistant["tool_calls"][0]["id"] == "call_1"
    echoed = {key for key in ("reasoning_content", "reasoning") if key in assistant}
    assert echoed == ({field} if field else set())
    if field:
        assert assistant[field] == "The user wants the weather; call the tool."


@pytest.mark.parametrize("service", SERVICES)
def test_reasoning_is_read_in_either_field(service: str, server: ScriptedServer) -> None:
    """Together and Cerebras answer with ``message.reasoning``; Fireworks and DeepInfra
    with ``reasoning_content``."""
    field = "reasoning" if service in ("togetherai", "cerebras") else "reasoning_content"
    answer = completion("42")
    answer["choices"][0]["message"][field] = "Six times seven."
    server.queue(json_reply(answer))
    result = ai.generate_text(model(service, server), prompt="6*7?")
    assert result.reasoning_text == "Six times seven."
    assert result.text == "42"


def test_fireworks_thinking_options_in_wire_names(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    ai.generate_text(
        model("fireworks", server),
        prompt="think",
        provider_options={
            "fireworks": {
                "thinking": {"type": "enabled", "budgetTokens": 2048},
                "reasoningHistory": "interleaved",
            }
        },
    )
    body = server.requests[0].json
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert body["reasoning_history"] == "interleaved"
    assert "reasoningHistory" not in body


# -- errors ----------------------------------------------------------------------------


def test_cerebras_error_body_message_reaches_the_caller(server: ScriptedServer) -> None:
    """Cerebras's error body is flat: ``{message, type, param, code}``."""
    error = {
        "message": "Unsupported parameter: top_logprobs",
        "type": "invalid_request_error",
        "param": "top_logprobs",
        "code": "wrong_api_format",
    }
    server.queue(Reply(400, {"content-type": "application/json"}, json.dumps(error).encode()))
    with pytest.raises(APICallError, match="Unsupported parameter: top_logprobs"):
        ai.generate_text(model("cerebras", server), prompt="hi", max_retries=0)


def test_fireworks_string_error_body_reaches_the_caller(server: ScriptedServer) -> None:
    server.queue(json_reply({"error": "Model not found, inaccessible, and/or not deployed"}, status=404))
    with pytest.raises(APICallError, match="Model not found"):
        ai.generate_text(model("fireworks", server), prompt="hi", max_retries=0)


def test_reasoning_counted_outside_completion_is_added_to_output() -> None:
    """DeepInfra's Gemini and Gemma models leave reasoning out of completion_tokens; a
    server that reports more reasoning than completion tokens must be doing so."""
    from ai_sdk_integrations.providers.openai.usage import convert_usage

    usage = convert_usage(
        {"prompt_tokens": 9, "completion_tokens": 12, "completion_tokens_details": {"reasoning_tokens": 300}}
    )
    assert (usage.output_tokens.total, usage.output_tokens.text, usage.output_tokens.reasoning) == (
        312,
        12,
        300,
    )
    inside = convert_usage(
        {"prompt_tokens": 9, "completion_tokens": 312, "completion_tokens_details": {"reasoning_tokens": 300}}
    )
    assert (inside.output_tokens.total, inside.output_tokens.text) == (312, 12)
