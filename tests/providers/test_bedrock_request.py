"""The Converse request, field by field, against AWS's documented shapes, and responses
read from documented examples (the AI SDK's recorded Bedrock fixtures, vercel/ai,
Apache-2.0: ``amazon-bedrock-reasoning.json``, ``amazon-bedrock-guard-content-intervened.json``,
``bedrock-reasoning.chunks.txt``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ai_sdk_integrations.provider.profile import model_profile
from ai_sdk_integrations.providers.bedrock import model_ids
from ai_sdk_integrations.providers.bedrock.codec import BedrockConverseCodec
from ai_sdk_integrations.providers.bedrock.embedding import BedrockEmbeddingCodec
from ai_sdk_integrations.providers.bedrock.errors import bedrock_error_message
from ai_sdk_integrations.spec import (
    AssistantMessage,
    CallOptions,
    DataFile,
    FilePart,
    FunctionTool,
    JsonFormat,
    ReasoningContent,
    ReasoningPart,
    SystemMessage,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolMessage,
    ToolResultOutput,
    ToolResultPart,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import InvalidPromptError, UnsupportedFunctionalityError

CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
HI = [UserMessage([TextPart("hi")])]
TOOL = FunctionTool("get_weather", {"type": "object", "properties": {"city": {"type": "string"}}}, "Weather.")


def codec(model_id: str = CLAUDE) -> BedrockConverseCodec:
    return BedrockConverseCodec(
        model_id, "bedrock", model_profile(model_ids.family_name(model_id)), new_id=lambda: "gen"
    )


def body(model_id: str = CLAUDE, **options: Any) -> tuple[dict[str, Any], list[Any]]:
    request = codec(model_id).build_request(
        CallOptions(prompt=options.pop("prompt", HI), **options), stream=False
    )
    return dict(request.body), [w.feature for w in request.warnings]


def test_model_ids() -> None:
    arn = (
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0"
    )
    assert model_ids.family_name(arn) == "claude-3-5-haiku-20241022-v1:0"
    assert model_ids.family_name("global.anthropic.claude-sonnet-4-5-20250929-v1:0").startswith(
        "claude-sonnet-4-5"
    )
    assert model_ids.family_name("amazon.nova-pro-v1:0") == "nova-pro-v1:0"
    assert model_ids.is_anthropic(arn) and model_ids.is_nova("us.amazon.nova-lite-v1:0")
    assert model_ids.model_path(arn, "converse") == (
        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2F"
        "us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse"
    )
    request = codec().build_request(CallOptions(prompt=HI), stream=True)
    assert request.path.endswith("/converse-stream") and request.framing == "aws-eventstream"


def test_inference_config_and_warnings() -> None:
    sent, warnings = body(
        max_output_tokens=50, temperature=1.5, top_p=0.9, stop_sequences=["x"], seed=1, presence_penalty=0.1
    )
    assert sent["inferenceConfig"] == {
        "maxTokens": 50,
        "temperature": 1.0,
        "topP": 0.9,
        "stopSequences": ["x"],
    }
    assert warnings == ["presencePenalty", "seed", "temperature"]


@pytest.mark.parametrize(
    ("model_id", "extra", "warned"),
    [
        (CLAUDE, {"top_k": 5}, []),
        ("mistral.mistral-large-2402-v1:0", {"top_k": 5}, []),
        ("amazon.nova-pro-v1:0", {"inferenceConfig": {"topK": 5}}, []),
        ("meta.llama3-1-70b-instruct-v1:0", None, ["topK"]),
    ],
)
def test_top_k_goes_where_each_family_reads_it(model_id: str, extra: Any, warned: list[str]) -> None:
    sent, warnings = body(model_id, top_k=5)
    assert sent.get("additionalModelRequestFields") == extra and warnings == warned


def test_reasoning_effort_becomes_a_thinking_budget() -> None:
    sent, warnings = body(reasoning="low", temperature=0.2)
    budget = int(64_000 * 0.1)
    assert sent["additionalModelRequestFields"] == {"thinking": {"type": "enabled", "budget_tokens": budget}}
    assert sent["inferenceConfig"] == {"maxTokens": 4096 + budget}
    assert warnings == ["temperature"]
    nova, _ = body("us.amazon.nova-pro-v1:0", reasoning="high")
    assert nova["additionalModelRequestFields"] == {
        "reasoningConfig": {"type": "enabled", "maxReasoningEffort": "high"}
    }


def test_tools_choice_and_cache_point_on_a_tool() -> None:
    cached = FunctionTool(
        "t2", {"type": "object"}, provider_options={"bedrock": {"cachePoint": {"type": "default"}}}
    )
    sent, _ = body(tools=[TOOL, cached], tool_choice=ToolChoice("required"))
    assert sent["toolConfig"] == {
        "tools": [
            {
                "toolSpec": {
                    "name": "get_weather",
                    "inputSchema": {"json": TOOL.input_schema},
                    "description": "Weather.",
                }
            },
            {"toolSpec": {"name": "t2", "inputSchema": {"json": {"type": "object"}}}},
            {"cachePoint": {"type": "default"}},
        ],
        "toolChoice": {"any": {}},
    }


def test_tool_choice_none_drops_tools_and_tool_history_with_a_warning() -> None:
    prompt = [
        UserMessage([TextPart("weather?")]),
        AssistantMessage([ToolCallPart("c1", "get_weather", {"city": "Paris"})]),
        ToolMessage([ToolResultPart("c1", "get_weather", ToolResultOutput("text", "sunny"))]),
        UserMessage([TextPart("thanks")]),
    ]
    sent, warnings = body(prompt=prompt, tools=[TOOL], tool_choice=ToolChoice("none"))
    assert "toolConfig" not in sent and warnings == ["toolContent"]
    assert sent["messages"] == [{"role": "user", "content": [{"text": "weather?"}, {"text": "thanks"}]}]


def test_messages_group_turns_and_carry_tool_results_reasoning_and_cache_points() -> None:
    prompt = [
        SystemMessage("sys", provider_options={"bedrock": {"cachePoint": {"type": "default"}}}),
        UserMessage([TextPart("q")]),
        AssistantMessage(
            [
                ReasoningPart("thought", provider_options={"bedrock": {"signature": "sig"}}),
                ReasoningPart("", provider_options={"bedrock": {"redactedData": "cmVk"}}),
                ReasoningPart("other provider's", provider_options={"anthropic": {"signature": "x"}}),
                TextPart("   "),
                ToolCallPart("c1", "get weather!", "not json"),
            ]
        ),
        ToolMessage(
            [
                ToolResultPart("c1", "get_weather", ToolResultOutput("error-json", {"error": "down"})),
                ToolResultPart("c2", "get_weather", ToolResultOutput("json", {"t": 18})),
            ]
        ),
        UserMessage(
            [TextPart("and?", provider_options={"bedrock": {"cachePoint": {"type": "default", "ttl": "1h"}}})]
        ),
    ]
    sent, _ = body(prompt=prompt, tools=[TOOL])
    assert sent["system"] == [{"text": "sys"}, {"cachePoint": {"type": "default"}}]
    assert sent["messages"] == [
        {"role": "user", "content": [{"text": "q"}]},
        {
            "role": "assistant",
            "content": [
                {"reasoningContent": {"reasoningText": {"text": "thought", "signature": "sig"}}},
                {"reasoningContent": {"redactedContent": "cmVk"}},
                {"text": "   "},
                {
                    "toolUse": {
                        "toolUseId": "c1",
                        "name": "getweather",
                        "input": {"rawInvalidInput": "not json"},
                    }
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {
                    "toolResult": {
                        "toolUseId": "c1",
                        "content": [{"text": '{"error": "down"}'}],
                        "status": "error",
                    }
                },
                {"toolResult": {"toolUseId": "c2", "content": [{"text": '{"t": 18}'}]}},
                {"text": "and?"},
                {"cachePoint": {"type": "default", "ttl": "1h"}},
            ],
        },
    ]


def test_files() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
    prompt = [
        UserMessage(
            [
                FilePart(DataFile(png), "image"),
                FilePart(DataFile(b"%PDF-1.4"), "application/pdf", filename="Q3: report.v2.pdf"),
                FilePart(
                    DataFile(b"a,b"),
                    "text/csv",
                    provider_options={"bedrock": {"citations": {"enabled": True}}},
                ),
            ]
        )
    ]
    sent, _ = body(prompt=prompt)
    image, pdf, csv = sent["messages"][0]["content"]
    assert image["image"]["format"] == "png"
    assert pdf["document"]["name"] == "Q3 reportv2" and pdf["document"]["format"] == "pdf"
    assert csv["document"] == {
        "format": "csv",
        "name": "document-1",
        "source": {"bytes": "YSxi"},
        "citations": {"enabled": True},
    }
    with pytest.raises(UnsupportedFunctionalityError, match="does not fetch"):
        from ai_sdk_integrations.spec import UrlFile

        body(prompt=[UserMessage([FilePart(UrlFile("https://example.com/a.png"), "image/png")])])


def test_system_message_after_the_start_is_refused() -> None:
    with pytest.raises(InvalidPromptError, match="only at the start"):
        body(prompt=[*HI, SystemMessage("late")])


def test_json_output_native_or_by_tool() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    native, _ = body(response_format=JsonFormat(schema=schema, name="thing"))
    assert native["outputConfig"] == {
        "textFormat": {
            "type": "json_schema",
            "structure": {"jsonSchema": {"schema": json.dumps(schema), "name": "thing"}},
        }
    }
    tool, _ = body("amazon.nova-pro-v1:0", response_format=JsonFormat(schema=schema))
    assert tool["toolConfig"]["toolChoice"] == {"tool": {"name": "json"}}
    _, warnings = body(response_format=JsonFormat())
    assert warnings == ["responseFormat"]


def test_provider_options_pass_through() -> None:
    options = {
        "bedrock": {
            "guardrailConfig": {"guardrailIdentifier": "g", "guardrailVersion": "1", "trace": "enabled"},
            "serviceTier": "flex",
            "anthropicBeta": ["b1"],
            "additionalModelRequestFields": {"x": 1},
        }
    }
    sent, _ = body(provider_options=options)
    assert sent["guardrailConfig"]["trace"] == "enabled" and sent["serviceTier"] == {"type": "flex"}
    assert sent["additionalModelRequestFields"] == {"x": 1, "anthropic_beta": ["b1"]}


# -- responses -----------------------------------------------------------------------------

REASONING_BODY = {
    "metrics": {"latencyMs": 2202},
    "output": {
        "message": {
            "content": [
                {
                    "reasoningContent": {
                        "reasoningText": {"signature": "EvYBCkgICxAB", "text": "Let me count."}
                    }
                },
                {"text": "There are **3** r's."},
            ],
            "role": "assistant",
        }
    },
    "stopReason": "end_turn",
    "usage": {
        "cacheReadInputTokens": 0,
        "cacheWriteInputTokens": 0,
        "inputTokens": 51,
        "outputTokens": 78,
        "totalTokens": 129,
    },
}
GUARDRAIL_BODY = {
    "metrics": {"latencyMs": 412},
    "output": {
        "message": {
            "content": [{"text": "Sorry, the model cannot answer this question."}],
            "role": "assistant",
        }
    },
    "stopReason": "guardrail_intervened",
    "trace": {
        "guardrail": {
            "inputAssessment": {"1abcd2ef34gh": {"topicPolicy": {"topics": [{"action": "BLOCKED"}]}}}
        }
    },
    "usage": {"inputTokens": 18, "outputTokens": 12, "totalTokens": 30},
}


def test_reasoning_response() -> None:
    result = codec().parse_response(
        REASONING_BODY, {"x-amzn-requestid": "r-1", "date": "Tue, 18 Aug 2026 21:17:05 GMT"}
    )
    reasoning, _ = result.content
    assert reasoning == ReasoningContent("Let me count.", {"bedrock": {"signature": "EvYBCkgICxAB"}})
    assert (
        result.response is not None and result.response.id == "r-1" and result.response.timestamp is not None
    )
    assert result.usage.input_tokens.total == 51 and result.usage.output_tokens.total == 78


def test_guardrail_response() -> None:
    result = codec().parse_response(GUARDRAIL_BODY)
    assert result.finish_reason.unified == "content-filter"
    assert result.provider_metadata["bedrock"]["trace"] == GUARDRAIL_BODY["trace"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("raw", "unified"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("model_context_window_exceeded", "length"),
        ("tool_use", "tool-calls"),
        ("guardrail_intervened", "content-filter"),
        ("content_filtered", "content-filter"),
        ("something_new", "other"),
    ],
)
def test_stop_reasons(raw: str, unified: str) -> None:
    result = codec().parse_response({**REASONING_BODY, "stopReason": raw})
    assert (result.finish_reason.unified, result.finish_reason.raw) == (unified, raw)


def test_error_bodies() -> None:
    assert bedrock_error_message({"message": "Too many requests"}) == "Too many requests"
    assert bedrock_error_message({"Message": "Denied"}) == "Denied"
    assert bedrock_error_message("nope") is None


def test_embedding_bodies() -> None:
    titan = BedrockEmbeddingCodec("amazon.titan-embed-text-v2:0", dimensions=256)
    request = titan.build_request(["a"], provider_options={"bedrock": {"normalize": True}})
    assert request.body == {"inputText": "a", "dimensions": 256, "normalize": True}
    assert (
        request.path == "/model/amazon.titan-embed-text-v2%3A0/invoke" and titan.max_embeddings_per_call == 1
    )
    cohere = BedrockEmbeddingCodec("cohere.embed-v4:0")
    assert cohere.max_embeddings_per_call == 96
    assert cohere.build_request(["a", "b"]).body == {"texts": ["a", "b"], "input_type": "search_query"}
    parsed = cohere.parse_response(
        {"embeddings": {"float": [[0.1], [0.2]]}}, {"x-amzn-bedrock-input-token-count": "7"}
    )
    assert parsed.embeddings == [[0.1], [0.2]] and parsed.usage is not None and parsed.usage.tokens == 7
