"""The LlamaIndex adapter's translations, on real LlamaIndex types and no network."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fake_keys import fake_key
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)

from ai_sdk_integrations.integrations.llama_index._messages import assistant_message, convert_messages
from ai_sdk_integrations.integrations.llama_index.llm import _StreamState
from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding
from ai_sdk_integrations.spec import (
    AssistantMessage,
    Finish,
    FinishReason,
    InputTokens,
    OutputTokens,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningPart,
    ReasoningStart,
    ResponseMetadata,
    SystemMessage,
    TextContent,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolCallPart,
    ToolInputDelta,
    ToolInputStart,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import InvalidPromptError, InvalidToolInputError


def test_a_tool_round_trip_history_converts() -> None:
    prompt = convert_messages(
        [
            ChatMessage(role=MessageRole.SYSTEM, content="be brief"),
            ChatMessage(role=MessageRole.USER, content="weather in Paris?"),
            ChatMessage(
                role=MessageRole.ASSISTANT,
                blocks=[
                    ThinkingBlock(content="call the tool"),
                    ToolCallBlock(tool_call_id="c1", tool_name="get_weather", tool_kwargs={"city": "Paris"}),
                ],
            ),
            ChatMessage(role=MessageRole.TOOL, content="18C", additional_kwargs={"tool_call_id": "c1"}),
        ]
    )
    assert prompt[0] == SystemMessage("be brief")
    assert prompt[1] == UserMessage([TextPart("weather in Paris?")])
    assert prompt[2] == AssistantMessage(
        [ReasoningPart("call the tool"), ToolCallPart("c1", "get_weather", {"city": "Paris"})]
    )
    [result] = prompt[3].content  # type: ignore[union-attr]
    assert (result.tool_call_id, result.tool_name, result.output.value) == ("c1", "get_weather", "18C")  # type: ignore[union-attr]


def test_legacy_openai_tool_calls_in_additional_kwargs() -> None:
    message = ChatMessage(
        role=MessageRole.ASSISTANT,
        content="",
        additional_kwargs={
            "tool_calls": [
                {"id": "c9", "type": "function", "function": {"name": "f", "arguments": '{"x": 1}'}}
            ]
        },
    )
    assert convert_messages([message]) == [AssistantMessage([ToolCallPart("c9", "f", {"x": 1})])]


def test_image_blocks_by_url_and_bytes() -> None:
    message = ChatMessage(
        role=MessageRole.USER,
        blocks=[
            TextBlock(text="what is this?"),
            ImageBlock(url="https://example.com/cat.png"),
            ImageBlock(image=b"\x89PNG\r\n\x1a\n", image_mimetype="image/png"),
        ],
    )
    [converted] = convert_messages([message])
    parts = converted.content
    assert parts[1].data.url == "https://example.com/cat.png"  # type: ignore[union-attr]
    assert parts[2].media_type == "image/png"  # type: ignore[union-attr]


def test_unknown_roles_are_refused_clearly() -> None:
    message = ChatMessage(role=MessageRole.USER, content="x")
    object.__setattr__(message, "role", "wizard")
    with pytest.raises(InvalidPromptError, match="wizard"):
        convert_messages([message])


def test_streamed_responses_accumulate_text_and_partial_tool_calls() -> None:
    state = _StreamState("m")
    parts = [
        ResponseMetadata(id="r1"),
        TextDelta("t", "Hel"),
        TextDelta("t", "lo"),
        ToolInputStart("c1", "f"),
        ToolInputDelta("c1", '{"x": '),
        ToolInputDelta("c1", "1}"),
        ToolCallContent("c1", "f", '{"x": 1}'),
        Finish(FinishReason("tool-calls", "tool_calls"), Usage(InputTokens(5), OutputTokens(3))),
    ]
    responses = [r for p in parts if (r := state.add(p)) is not None]
    assert [r.delta for r in responses[:2]] == ["Hel", "lo"]
    assert [r.message.content for r in responses[:2]] == ["Hel", "Hello"]
    llm = AISDK(model="openai:gpt-4o-mini")
    partial = responses[2]  # '{"x": ' so far: tolerated, not raised
    assert llm.get_tool_calls_from_response(partial)[0].tool_kwargs == {}
    final = responses[-1]
    [call] = llm.get_tool_calls_from_response(final)
    assert (call.tool_id, call.tool_name, call.tool_kwargs) == ("c1", "f", {"x": 1})
    assert final.raw["usage"] == {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}


def test_a_call_streaming_in_reads_as_far_as_it_goes_and_a_finished_one_strictly() -> None:
    """Partial arguments are read into a dict while the call streams in (never
    raising, as FunctionAgent reads every response); once the call is finished its
    arguments are the model's text, and malformed text is reported."""
    state = _StreamState("m")
    parts = [
        ToolInputStart("c1", "f"),
        ToolInputDelta("c1", '{"x": 1'),
        ToolInputDelta("c1", ", oops"),
        ToolCallContent("c1", "f", '{"x": 1, oops'),
        Finish(FinishReason("tool-calls", "tool_calls"), Usage()),
    ]
    responses = [r for p in parts if (r := state.add(p)) is not None]
    llm = AISDK(model="openai:gpt-4o-mini")
    read = [llm.get_tool_calls_from_response(r)[0].tool_kwargs for r in responses[:3]]
    assert read == [{}, {"x": 1}, {}]  # '{"x": 1, oops' reads as nothing until it is finished
    for finished in responses[3:]:
        [block] = [b for b in finished.message.blocks if isinstance(b, ToolCallBlock)]
        assert block.tool_kwargs == '{"x": 1, oops'
        with pytest.raises(InvalidToolInputError, match="'f' with arguments that are not JSON"):
            llm.get_tool_calls_from_response(finished, error_on_no_tool_call=False)


def test_calls_are_also_listed_openai_style_and_trimmed_with_the_blocks() -> None:
    """``additional_kwargs["tool_calls"]`` as llama-index-llms-openai keeps it (the
    streaming function-calling program looks for it); one call kept when parallel
    calls were not allowed, in both places."""
    message = assistant_message(
        [ToolCallContent("c1", "f", '{"x": 1}'), ToolCallContent("c2", "g", "{}")], {"c3": ("h", '{"y"')}
    )
    assert message.additional_kwargs["tool_calls"] == [
        {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"x": 1}'}},
        {"id": "c2", "type": "function", "function": {"name": "g", "arguments": "{}"}},
        {"id": "c3", "type": "function", "function": {"name": "h", "arguments": '{"y"'}},
    ]
    # Sent back once, from the blocks (the list is only read when there are none).
    [converted] = convert_messages([message])
    assert [p.tool_call_id for p in converted.content if isinstance(p, ToolCallPart)] == ["c1", "c2", "c3"]
    llm = AISDK(model="openai:gpt-4o-mini")
    response = llm._validate_chat_with_tools_response(ChatResponse(message=message), [])
    assert [b.tool_call_id for b in response.message.blocks if isinstance(b, ToolCallBlock)] == ["c1"]
    assert [c["id"] for c in response.message.additional_kwargs["tool_calls"]] == ["c1"]
    assert assistant_message([TextContent("no calls")]).additional_kwargs == {}


def test_no_call_raises_only_when_asked() -> None:
    llm = AISDK(model="openai:gpt-4o-mini")
    empty = ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content="hi"))
    assert llm.get_tool_calls_from_response(empty, error_on_no_tool_call=False) == []
    with pytest.raises(ValueError, match="tool call"):
        llm.get_tool_calls_from_response(empty)


def test_streamed_reasoning_is_thinking_delta_and_thinking_blocks_keep_their_metadata() -> None:
    signed = {"anthropic": {"signature": "sig"}}
    state = _StreamState("m")
    parts = [
        ReasoningStart("r0"),
        ReasoningDelta("r0", "Let me "),
        ReasoningDelta("r0", "see."),
        ReasoningEnd("r0", signed),
        TextDelta("t", "Yes"),
        Finish(FinishReason("stop", "stop"), Usage()),
    ]
    responses = [r for p in parts if (r := state.add(p)) is not None]
    assert [r.additional_kwargs.get("thinking_delta") for r in responses] == ["Let me ", "see.", None, None]
    assert [r.delta for r in responses] == ["", "", "Yes", ""]
    assert responses[-1].message.blocks == [
        ThinkingBlock(content="Let me see.", additional_information={"provider_metadata": signed}),
        TextBlock(text="Yes"),
    ]
    assert convert_messages([responses[-1].message]) == [
        AssistantMessage([ReasoningPart("Let me see.", signed), TextPart("Yes")])
    ]


def test_thinking_blocks_in_a_history_become_reasoning_parts() -> None:
    redacted = {"anthropic": {"redactedData": "opaque"}}
    message = ChatMessage(
        role=MessageRole.ASSISTANT,
        blocks=[
            ThinkingBlock(content="plain"),
            ThinkingBlock(content="", additional_information={"provider_metadata": redacted}),
            ThinkingBlock(content=""),  # nothing to send
            # Another integration's own keys (llama-index-llms-anthropic's): not provider options.
            ThinkingBlock(content="theirs", additional_information={"signature": "s"}),
            TextBlock(text="answer"),
        ],
    )
    assert convert_messages([message]) == [
        AssistantMessage(
            [
                ReasoningPart("plain"),
                ReasoningPart("", redacted),
                ReasoningPart("theirs"),
                TextPart("answer"),
            ]
        )
    ]


@pytest.mark.parametrize(
    ("model", "window"),
    [("openai:gpt-4o-mini", 128_000), ("local:smollm2", 2_048), ("openai-compatible:brand-new-model", 8_192)],
)
def test_metadata_knows_models_and_never_fails_on_unknown_ones(model: str, window: int) -> None:
    metadata = AISDK(model=model, base_url="http://h").metadata
    assert metadata.context_window == window
    assert metadata.is_chat_model and metadata.is_function_calling_model


def test_keys_are_hidden_and_embedding_batches_follow_the_provider() -> None:
    llm = AISDK(model="openai:gpt-4o-mini", api_key=fake_key("hidden-key-1234567890abcdef"))
    assert "sk-hidden" not in repr(llm) and "sk-hidden" not in str(llm.to_dict())
    embedder = AISDKEmbedding(
        model="openai:text-embedding-3-small", api_key=fake_key("hidden-key-1234567890abcdef")
    )
    assert embedder.embed_batch_size == 2048
    assert "sk-hidden" not in repr(embedder) and "sk-hidden" not in str(embedder.to_dict())
    assert AISDKEmbedding(model="openai:text-embedding-3-small", embed_batch_size=16).embed_batch_size == 16


def test_the_adapter_does_not_import_langchain() -> None:
    code = (
        "import sys, ai_sdk_integrations.llama_index as li; li.AISDK; print('langchain_core' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
