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

from ai_sdk_integrations.integrations.llama_index._messages import convert_messages
from ai_sdk_integrations.integrations.llama_index.llm import _StreamState
from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding
from ai_sdk_integrations.spec import (
    AssistantMessage,
    Finish,
    FinishReason,
    InputTokens,
    OutputTokens,
    ReasoningPart,
    ResponseMetadata,
    SystemMessage,
    TextDelta,
    TextPart,
    ToolCallContent,
    ToolCallPart,
    ToolInputDelta,
    ToolInputStart,
    Usage,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import InvalidPromptError


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


def test_malformed_tool_arguments_never_raise_and_no_call_raises_only_when_asked() -> None:
    llm = AISDK(model="openai:gpt-4o-mini")
    broken = ChatResponse(
        message=ChatMessage(
            role=MessageRole.ASSISTANT,
            blocks=[ToolCallBlock(tool_call_id="c", tool_name="f", tool_kwargs="{not json")],
        )
    )
    assert llm.get_tool_calls_from_response(broken)[0].tool_name == "f"
    empty = ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content="hi"))
    assert llm.get_tool_calls_from_response(empty, error_on_no_tool_call=False) == []
    with pytest.raises(ValueError, match="tool call"):
        llm.get_tool_calls_from_response(empty)


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
