"""Reasoning, its provider metadata, and sources as LangChain v1 content blocks, and
reasoning sent back on the next turn, on real LangChain types against the scripted
loopback server (the recorded second request is what the round-trip tests read)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from http_loopback import API_KEY, Reply, ScriptedServer, completion, json_reply, retry_delays, server, sse
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage

from ai_sdk_integrations.integrations.langchain._messages import convert_messages
from ai_sdk_integrations.integrations.langchain._outputs import ChunkBuilder
from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.spec import (
    AssistantMessage,
    Finish,
    FinishReason,
    GenerateResult,
    InputTokens,
    OutputTokens,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningPart,
    ReasoningStart,
    ResponseMetadata,
    SourceContent,
    StreamStart,
    TextContent,
    TextDelta,
    TextEnd,
    TextPart,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
    Usage,
)
from ai_sdk_integrations.spec.wire import to_wire

__all__ = ["retry_delays", "server"]  # the loopback fixtures

QUESTION = "What is 2 + 2?"
THOUGHT = "Two plus two is four."
SIGNATURE = {"anthropic": {"signature": "sig-abc"}}


def deepseek(url: str, **settings: Any) -> ChatAISDK:
    return ChatAISDK(
        model="deepseek:deepseek-reasoner", base_url=url, api_key=API_KEY, max_retries=0, **settings
    )


def reasoning_completion(text: str, reasoning: str) -> dict[str, Any]:
    body = completion(text)
    body["choices"][0]["message"]["reasoning_content"] = reasoning
    return body


def reasoning_stream(text: str, reasoning: str) -> Reply:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        return sse(
            {
                "id": "chatcmpl-r",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": "deepseek-reasoner",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
        )

    half = len(reasoning) // 2
    chunks = [
        chunk({"role": "assistant", "reasoning_content": reasoning[:half]}),
        chunk({"reasoning_content": reasoning[half:]}),
        chunk({"content": text}),
        chunk({}, "stop"),
        sse("[DONE]"),
    ]
    return Reply(200, {"content-type": "text/event-stream"}, chunks=chunks)


def first_turn(llm: ChatAISDK, how: str) -> BaseMessage:
    if how == "invoke":
        return llm.invoke(QUESTION)
    total: AIMessageChunk | None = None
    for chunk in llm.stream(QUESTION):
        total = chunk if total is None else total + chunk
    assert total is not None
    return total


@pytest.mark.parametrize("output_version", ["v0", "v1"])
@pytest.mark.parametrize("how", ["invoke", "stream"])
def test_reasoning_goes_back_to_a_service_that_wants_it(
    server: ScriptedServer, how: str, output_version: str
) -> None:
    """DeepSeek answers with ``reasoning_content`` and wants it back in the history
    (its dialect's ``send_reasoning_content``)."""
    server.queue(
        reasoning_stream("4", THOUGHT) if how == "stream" else json_reply(reasoning_completion("4", THOUGHT)),
        json_reply(completion("Yes.")),
    )
    llm = deepseek(server.url, output_version=output_version)
    answer = first_turn(llm, how)
    # Streamed blocks keep the index they were merged by; that is the only difference.
    reasoning = [
        {key: value for key, value in block.items() if key != "index"}
        for block in answer.content_blocks
        if block["type"] == "reasoning"
    ]
    assert reasoning == [{"type": "reasoning", "reasoning": THOUGHT}]
    assert answer.text == "4"
    if output_version == "v1":
        assert [block["type"] for block in answer.content] == ["reasoning", "text"]  # type: ignore[index]

    llm.invoke([HumanMessage(QUESTION), answer, HumanMessage("Sure?")])
    sent = server.requests[1].json["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["reasoning_content"] == THOUGHT
    assert sent[1]["content"] == "4"


def test_reasoning_stays_home_where_the_service_does_not_take_it(server: ScriptedServer) -> None:
    server.queue(json_reply(reasoning_completion("4", THOUGHT)), json_reply(completion("Yes.")))
    llm = ChatAISDK(model="openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY, max_retries=0)
    answer = llm.invoke(QUESTION)
    assert answer.content_blocks[0] == {"type": "reasoning", "reasoning": THOUGHT}
    llm.invoke([HumanMessage(QUESTION), answer, HumanMessage("Sure?")])
    assert "reasoning_content" not in server.requests[1].json["messages"][1]


# -- provider metadata and sources, through the Gateway (which carries both) -----------

SOURCE = SourceContent("url", "src_1", url="https://example.com/maths", title="Arithmetic")


def gateway(url: str, **settings: Any) -> ChatAISDK:
    return ChatAISDK(
        model="gateway:anthropic/claude-sonnet-4.5", base_url=url, api_key=API_KEY, max_retries=0, **settings
    )


def gateway_result() -> dict[str, Any]:
    result = GenerateResult(
        content=[ReasoningContent(THOUGHT, SIGNATURE), SOURCE, TextContent("4")],
        finish_reason=FinishReason("stop", "end_turn"),
        usage=Usage(InputTokens(12), OutputTokens(9)),
    )
    return to_wire(result)  # type: ignore[no-any-return]


def gateway_stream() -> Reply:
    parts = [
        StreamStart(),
        ResponseMetadata(id="msg_1", model_id="claude-sonnet-4.5"),
        ReasoningStart("r1"),
        ReasoningDelta("r1", THOUGHT[:9]),
        ReasoningDelta("r1", THOUGHT[9:]),
        ReasoningEnd("r1", SIGNATURE),
        SOURCE,
        TextStart("t1"),
        TextDelta("t1", "4"),
        TextEnd("t1"),
        Finish(FinishReason("stop", "end_turn"), Usage(InputTokens(12), OutputTokens(9))),
    ]
    chunks = [sse(json.dumps(to_wire(part))) for part in parts]
    return Reply(200, {"content-type": "text/event-stream"}, chunks=chunks)


def sent_assistant_parts(server: ScriptedServer) -> list[dict[str, Any]]:
    [assistant] = [m for m in server.requests[-1].json["prompt"] if m["role"] == "assistant"]
    return assistant["content"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("output_version", ["v0", "v1"])
@pytest.mark.parametrize("how", ["invoke", "stream"])
def test_a_signature_is_kept_on_the_message_and_sent_back(
    server: ScriptedServer, how: str, output_version: str
) -> None:
    server.queue(
        gateway_stream() if how == "stream" else json_reply(gateway_result()),
        json_reply(gateway_result()),
    )
    llm = gateway(server.url, output_version=output_version)
    answer = first_turn(llm, how)

    blocks = answer.content_blocks
    [reasoning] = [block for block in blocks if block["type"] == "reasoning"]
    assert reasoning["reasoning"] == THOUGHT
    assert reasoning["extras"] == {"provider_metadata": SIGNATURE}
    [text] = [block for block in blocks if block["type"] == "text"]
    assert text["text"] == "4"
    assert text["annotations"] == [
        {
            "type": "citation",
            "id": "src_1",
            "url": "https://example.com/maths",
            "title": "Arithmetic",
            "extras": {"source_type": "url"},
        }
    ]
    if output_version == "v1":
        assert answer.content == blocks
        assert answer.response_metadata["output_version"] == "v1"

    llm.invoke([HumanMessage(QUESTION), answer, HumanMessage("Sure?")])
    assert sent_assistant_parts(server) == [
        {"type": "reasoning", "text": THOUGHT, "providerOptions": SIGNATURE},
        {"type": "text", "text": "4"},
    ]


def test_stream_events_v3_carry_reasoning_with_its_signature(server: ScriptedServer) -> None:
    """LangChain's protocol events (``stream_events(version="v3")``, built from our
    chunks) keep the lifecycle langchain-tests checks, and the finished blocks keep the
    signature and the citation."""
    from langchain_tests.utils.stream_lifecycle import assert_valid_event_stream

    server.queue(gateway_stream())
    stream = gateway(server.url).stream_events(QUESTION, version="v3")
    events = list(stream)
    assert_valid_event_stream(events)
    finished = [e["content"] for e in events if e["event"] == "content-block-finish"]
    assert [block["type"] for block in finished] == ["reasoning", "text"]
    assert finished[0]["extras"] == {"provider_metadata": SIGNATURE}
    assert finished[1]["annotations"][0]["url"] == "https://example.com/maths"


def test_two_reasoning_parts_keep_their_own_signatures_through_a_stream() -> None:
    parts = [
        ReasoningStart("a"),
        ReasoningDelta("a", "first"),
        ReasoningEnd("a", {"anthropic": {"signature": "sig-1"}}),
        ReasoningStart("b"),
        ReasoningDelta("b", "second"),
        ReasoningDelta("b", "", {"anthropic": {"signature": "sig-2"}}),  # signature as a delta
        ReasoningEnd("b"),
        TextStart("t"),
        TextDelta("t", "done"),
        Finish(FinishReason("stop"), Usage(InputTokens(1), OutputTokens(1))),
    ]
    builder = ChunkBuilder("m")
    chunks = [c.message for p in parts if (c := builder.chunk(p)) is not None]
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    assert total.additional_kwargs["reasoning_content"] == "firstsecond"
    assert [(b["reasoning"], b["extras"]) for b in total.content_blocks if b["type"] == "reasoning"] == [
        ("first", {"provider_metadata": {"anthropic": {"signature": "sig-1"}}}),
        ("second", {"provider_metadata": {"anthropic": {"signature": "sig-2"}}}),
    ]
    [message] = convert_messages(
        [AIMessage(**total.model_dump(exclude={"type", "tool_call_chunks", "chunk_position"}))]
    )
    assert message == AssistantMessage(
        [
            ReasoningPart("first", {"anthropic": {"signature": "sig-1"}}),
            ReasoningPart("second", {"anthropic": {"signature": "sig-2"}}),
            TextPart("done"),
        ]
    )


def test_v1_reasoning_blocks_written_by_hand_go_back_with_their_metadata() -> None:
    """A history stored in v1 form (``content`` = blocks) converts back the same way."""
    message = AIMessage(
        content=[
            {"type": "reasoning", "reasoning": THOUGHT, "extras": {"provider_metadata": SIGNATURE}},
            {
                "type": "text",
                "text": "4",
                "annotations": [{"type": "citation", "url": "https://example.com"}],
            },
        ],
        response_metadata={"output_version": "v1", "model_provider": "ai-sdk"},
    )
    [converted] = convert_messages([message])
    assert converted == AssistantMessage([ReasoningPart(THOUGHT, SIGNATURE), TextPart("4")])


def test_messages_from_elsewhere_keep_langchain_generic_reading() -> None:
    """List content we did not make is left to LangChain's own translator."""
    message = AIMessage(
        content=[{"type": "text", "text": "hi"}],
        additional_kwargs={"reasoning_content": "hmm"},
        response_metadata={"model_provider": "ai-sdk"},
    )
    assert message.content_blocks == [
        {"type": "reasoning", "reasoning": "hmm"},
        {"type": "text", "text": "hi"},
    ]


THOUGHT_SIGNATURE = {"google": {"thoughtSignature": "c2lnLTE="}}
"""Gemini 3 signs each function call and answers 400 to a tool loop that drops it."""


def signed_call_result() -> dict[str, Any]:
    result = GenerateResult(
        content=[
            ToolCallContent("call_1", "get_weather", '{"city": "Paris"}', provider_metadata=THOUGHT_SIGNATURE)
        ],
        finish_reason=FinishReason("tool-calls", "STOP"),
        usage=Usage(InputTokens(12), OutputTokens(9)),
    )
    return to_wire(result)  # type: ignore[no-any-return]


def signed_call_stream() -> Reply:
    parts = [
        StreamStart(),
        ToolInputStart("call_1", "get_weather"),
        ToolInputDelta("call_1", '{"city": '),
        ToolInputDelta("call_1", '"Paris"}'),
        ToolInputEnd("call_1"),
        ToolCallContent("call_1", "get_weather", '{"city": "Paris"}', provider_metadata=THOUGHT_SIGNATURE),
        Finish(FinishReason("tool-calls", "STOP"), Usage(InputTokens(12), OutputTokens(9))),
    ]
    chunks = [sse(json.dumps(to_wire(part))) for part in parts]
    return Reply(200, {"content-type": "text/event-stream"}, chunks=chunks)


@pytest.mark.parametrize("how", ["invoke", "stream"])
def test_a_tool_call_keeps_its_provider_metadata_for_the_next_turn(server: ScriptedServer, how: str) -> None:
    server.queue(
        signed_call_stream() if how == "stream" else json_reply(signed_call_result()),
        json_reply(gateway_result()),
    )
    llm = gateway(server.url)
    answer = first_turn(llm, how)
    assert isinstance(answer, AIMessage)
    assert [(c["id"], c["args"]) for c in answer.tool_calls] == [("call_1", {"city": "Paris"})]
    assert answer.additional_kwargs["tool_call_provider_metadata"] == {"call_1": THOUGHT_SIGNATURE}

    result = ToolMessage("18C and sunny", tool_call_id="call_1")
    llm.invoke([HumanMessage(QUESTION), answer, result])
    [sent_call] = sent_assistant_parts(server)
    assert sent_call == {
        "type": "tool-call",
        "toolCallId": "call_1",
        "toolName": "get_weather",
        "input": {"city": "Paris"},
        "providerOptions": THOUGHT_SIGNATURE,
    }


def test_cache_control_on_blocks_reaches_anthropic(server: ScriptedServer) -> None:
    """ChatAnthropic's ``cache_control`` on a content block (a system prompt, a document
    in a human message) is Anthropic's prompt caching here too."""
    from langchain_core.messages import SystemMessage

    answer = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [{"type": "text", "text": "Yes."}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 2100, "output_tokens": 2, "cache_creation_input_tokens": 2048},
    }
    server.queue(json_reply(answer))
    llm = ChatAISDK(model="anthropic:claude-sonnet-4-5", base_url=server.url, api_key=API_KEY)
    ephemeral = {"type": "ephemeral"}
    llm.invoke(
        [
            SystemMessage(
                [{"type": "text", "text": "You answer from the manual.", "cache_control": ephemeral}]
            ),
            HumanMessage(
                [
                    {"type": "text", "text": "A very long manual...", "cache_control": ephemeral},
                    {"type": "text", "text": "Is rye a grain?"},
                ]
            ),
        ]
    )
    body = server.requests[0].json
    assert body["system"][-1]["cache_control"] == ephemeral
    manual, question = body["messages"][0]["content"]
    assert manual["cache_control"] == ephemeral and "cache_control" not in question
