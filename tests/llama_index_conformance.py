"""A LlamaIndex conformance suite, as strict as LangChain's standard integration tests.

llama-index-core ships no standard tests (research notes, section 3.6), so this module
is ours: ``LlamaIndexLLMConformance`` for a ``FunctionCallingLLM`` and
``LlamaIndexEmbeddingConformance`` for a ``BaseEmbedding``. It mirrors langchain-tests'
categories (invoke/stream/async, usage, stop, tool calling and choice, tool-message
histories, structured output, JSON mode, image input, unicode tool arguments, an agent
loop, init and metadata, embeddings) in LlamaIndex's own terms, plus LlamaIndex's
instrumentation (the events and spans its built-in LLMs send).

Use it like langchain-tests: subclass in a test module, mark the class
``@pytest.mark.vcr``, give ``llm_class``/``llm_params`` (or ``embedding_class``/
``embedding_params``) and the capability flags the provider really has. A test that a
provider or model truly cannot pass is skipped by its flag (with the reason) or
overridden with ``pytest.mark.xfail(reason=..., strict=True)``.

Expected values are read from the test's own cassette (``cassette_reader.interactions``),
never written here: re-recording with different words passes unchanged. What the
tests assert besides is the contract: streamed ``delta`` is the new text and
``message.content`` the text so far, usage equals what the server reported, the
request carried what was asked for (stop, tool choice, the provider's JSON schema,
image parts, tool-call ids), and tool arguments are those the server sent.
``ChatCompletionsWire`` reads OpenAI Chat Completions cassettes; a provider with
another wire format overrides ``wire``.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from cassette_reader import Interaction, interactions
from fake_keys import fake_key
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    CompletionResponse,
    ImageBlock,
    MessageRole,
    TextBlock,
    ToolCallBlock,
)
from llama_index.core.callbacks import CallbackManager, TokenCountingHandler
from llama_index.core.instrumentation import get_dispatcher
from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.events import BaseEvent
from llama_index.core.instrumentation.events.llm import (
    LLMChatEndEvent,
    LLMChatInProgressEvent,
    LLMChatStartEvent,
    LLMCompletionEndEvent,
    LLMCompletionInProgressEvent,
    LLMCompletionStartEvent,
    LLMStructuredPredictEndEvent,
    LLMStructuredPredictInProgressEvent,
    LLMStructuredPredictStartEvent,
)
from llama_index.core.instrumentation.span import SimpleSpan
from llama_index.core.instrumentation.span_handlers import SimpleSpanHandler
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.llms.llm import ToolSelection
from llama_index.core.prompts import PromptTemplate
from llama_index.core.tools import FunctionTool
from pydantic import BaseModel, Field
from pytest_recording.plugin import get_default_cassette_name

# -- tools, schemas and files the tests use (as langchain-tests' own) ----------------------


def magic_function(input: int) -> int:
    """Apply a magic function to an input."""
    return input + 2


def magic_function_no_args() -> int:
    """Calculate a magic function."""
    return 5


def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return "It's sunny."


def my_adder_tool(a: int, b: int) -> int:
    """Takes two integers, a and b, and returns their sum."""
    return a + b


def unicode_customer(customer_name: str, description: str) -> str:
    """Tool for creating a customer with Unicode name.

    customer_name: The customer's name in their native language.
    description: Description of the customer.
    """
    return f"Created customer: {customer_name} - {description}"


MAGIC = FunctionTool.from_defaults(magic_function)
MAGIC_NO_ARGS = FunctionTool.from_defaults(magic_function_no_args)
WEATHER = FunctionTool.from_defaults(get_weather)
ADDER = FunctionTool.from_defaults(my_adder_tool)
UNICODE_CUSTOMER = FunctionTool.from_defaults(unicode_customer)

MAGIC_QUERY = "What is the value of magic_function(3)? Use the tool."
JOKE_PROMPT = PromptTemplate("Tell me a joke about {topic}.")
JSON_MODE_QUERY = (
    "Tell me a joke about cats. Return the result as a JSON with 'setup' and "
    "'punchline' keys. Return nothing other than JSON."
)
IMAGE_URL = "https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png"


class Joke(BaseModel):
    """Joke to tell user."""

    setup: str = Field(description="question to set up a joke")
    punchline: str = Field(description="answer to resolve the joke")


def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30), size: int = 8) -> bytes:
    """An ``size`` x ``size`` PNG of one colour, built here (no download)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def user(text: str) -> ChatMessage:
    return ChatMessage(role=MessageRole.USER, content=text)


def count_tokens(text: str) -> list[str]:
    """``TokenCountingHandler``'s tokenizer; only used when a response reports no usage."""
    return text.split()


# -- reading the cassette ------------------------------------------------------------------


class ChatCompletionsWire:
    """What an OpenAI Chat Completions (or compatible) cassette says: the reply, its
    stream, usage and tool calls, and what the request asked for."""

    @staticmethod
    def is_stream(call: Interaction) -> bool:
        return call.response_body.lstrip().startswith("data:")

    def reply_text(self, call: Interaction) -> str:
        if self.is_stream(call):
            return "".join(self.stream_deltas(call))
        return str(call.json["choices"][0]["message"].get("content") or "")

    @staticmethod
    def stream_deltas(call: Interaction) -> list[str]:
        """The non-empty text deltas, one per server chunk, in order."""
        return [
            p["choices"][0]["delta"]["content"]
            for p in call.sse_data
            if p.get("choices") and p["choices"][0].get("delta", {}).get("content")
        ]

    def response_id(self, call: Interaction) -> str:
        return str(call.sse_data[0]["id"] if self.is_stream(call) else call.json["id"])

    def usage(self, call: Interaction) -> dict[str, Any] | None:
        if self.is_stream(call):
            reported = [p["usage"] for p in call.sse_data if p.get("usage")]
            return reported[-1] if reported else None
        usage: dict[str, Any] | None = call.json.get("usage")
        return usage

    def tool_calls(self, call: Interaction) -> list[tuple[str, str, str]]:
        """``(id, name, arguments text)`` of each call the server made."""
        if not self.is_stream(call):
            message = call.json["choices"][0]["message"]
            return [
                (c["id"], c["function"]["name"], c["function"].get("arguments") or "")
                for c in message.get("tool_calls") or ()
            ]
        calls: dict[int, list[str]] = {}
        for payload in call.sse_data:
            for choice in payload.get("choices") or ():
                for delta in choice.get("delta", {}).get("tool_calls") or ():
                    entry = calls.setdefault(delta.get("index", 0), ["", "", ""])
                    function = delta.get("function") or {}
                    entry[0] = delta.get("id") or entry[0]
                    entry[1] = function.get("name") or entry[1]
                    entry[2] += function.get("arguments") or ""
        return [(c[0], c[1], c[2]) for _, c in sorted(calls.items())]

    @staticmethod
    def messages(call: Interaction) -> list[dict[str, Any]]:
        return list(call.request_body["messages"])

    @staticmethod
    def stop(call: Interaction) -> list[str]:
        stop = call.request_body.get("stop")
        return [stop] if isinstance(stop, str) else list(stop or ())

    @staticmethod
    def tool_choice(call: Interaction) -> Any:
        return call.request_body.get("tool_choice")

    @staticmethod
    def tool_names(call: Interaction) -> list[str]:
        return [t["function"]["name"] for t in call.request_body.get("tools") or ()]

    @staticmethod
    def named_choice(name: str) -> Any:
        return {"type": "function", "function": {"name": name}}

    required_choice = "required"

    @staticmethod
    def response_format(call: Interaction) -> dict[str, Any] | None:
        fmt: dict[str, Any] | None = call.request_body.get("response_format")
        return fmt

    def sent_schema(self, call: Interaction, kind: str) -> dict[str, Any]:
        """The JSON schema the request constrained output to, the provider's way:
        ``json_schema`` (OpenAI) or ``json_object_schema`` (``{"type": "json_object",
        "schema": ...}``, llama-cpp-python)."""
        fmt = self.response_format(call) or {}
        if kind == "json_schema":
            assert fmt.get("type") == "json_schema", fmt
            schema: dict[str, Any] = fmt["json_schema"]["schema"]
            return schema
        assert kind == "json_object_schema", kind
        assert fmt.get("type") == "json_object" and "schema" in fmt, fmt
        schema = fmt["schema"]
        return schema

    @staticmethod
    def image_urls(call: Interaction) -> list[str]:
        return [
            part["image_url"]["url"]
            for message in call.request_body["messages"]
            if isinstance(message.get("content"), list)
            for part in message["content"]
            if part.get("type") == "image_url"
        ]

    @staticmethod
    def embeddings(call: Interaction) -> list[list[float]]:
        data = sorted(call.json["data"], key=lambda d: d["index"])
        return [list(d["embedding"]) for d in data]

    @staticmethod
    def embedding_inputs(call: Interaction) -> list[str]:
        value = call.request_body["input"]
        return [value] if isinstance(value, str) else list(value)


# -- checks shared by several tests ---------------------------------------------------------


def check_stream(responses: Sequence[Any], expected_deltas: Sequence[str], *, text_attr: str) -> str:
    """Streamed LlamaIndex responses: ``delta`` is the new text, the message (or
    ``text``) the text so far; the deltas are the server's own chunks, in order."""
    assert responses, "the stream yielded nothing"
    so_far = ""
    for response in responses:
        so_far += response.delta or ""
        text = response.message.content if text_attr == "message" else response.text
        assert (text or "") == so_far, "message.content must be the accumulated deltas"
    assert [r.delta for r in responses if r.delta] == list(expected_deltas)
    assert so_far == "".join(expected_deltas)
    assert len(expected_deltas) > 1, "one chunk is not a stream"
    return so_far


def tool_blocks(response: ChatResponse) -> list[ToolCallBlock]:
    return [b for b in response.message.blocks if isinstance(b, ToolCallBlock)]


def check_tool_calls(
    llm: FunctionCallingLLM,
    response: ChatResponse,
    expected: Sequence[tuple[str, str, str]],
    name: str,
) -> ToolSelection:
    """Exactly one call to ``name``, with the server's id and arguments, in a
    ``ToolCallBlock`` and through ``get_tool_calls_from_response``."""
    assert response.message.role == MessageRole.ASSISTANT
    [(call_id, call_name, arguments)] = expected
    assert call_name == name
    [block] = tool_blocks(response)
    assert (block.tool_call_id, block.tool_name) == (call_id, name)
    [selection] = llm.get_tool_calls_from_response(response)
    assert isinstance(selection, ToolSelection)
    assert (selection.tool_id, selection.tool_name) == (call_id, name)
    assert selection.tool_kwargs == (json.loads(arguments) if arguments.strip() else {})
    return selection


def check_partial_tool_calls(llm: FunctionCallingLLM, responses: Sequence[ChatResponse]) -> None:
    """As ``FunctionAgent`` does: every partial streamed response is read for calls."""
    for response in responses:
        for selection in llm.get_tool_calls_from_response(response, error_on_no_tool_call=False):
            assert isinstance(selection.tool_kwargs, dict)


def tool_history(call_id: str, text: str = "") -> list[ChatMessage]:
    """langchain-tests' tool-message history: a question, the assistant's call to
    ``my_adder_tool`` as a ``ToolCallBlock``, and the tool's result."""
    return [
        user("What is 1 + 2"),
        ChatMessage(
            role=MessageRole.ASSISTANT,
            blocks=[
                TextBlock(text=text),
                ToolCallBlock(tool_call_id=call_id, tool_name="my_adder_tool", tool_kwargs={"a": 1, "b": 2}),
            ],
        ),
        ChatMessage(
            role=MessageRole.TOOL,
            content=json.dumps({"result": 3}),
            additional_kwargs={"tool_call_id": call_id, "name": "my_adder_tool"},
        ),
    ]


# -- instrumentation -----------------------------------------------------------------------


class EventRecorder(BaseEventHandler):
    """Every event LlamaIndex's dispatchers send, in order."""

    events: list[BaseEvent] = Field(default_factory=list)

    @classmethod
    def class_name(cls) -> str:
        return "EventRecorder"

    def handle(self, event: BaseEvent, **kwargs: Any) -> None:
        self.events.append(event)


@dataclass(frozen=True)
class Instrumented:
    """What the root dispatcher saw: events in order, and the spans."""

    events: list[BaseEvent]
    spans: SimpleSpanHandler

    def kinds(self) -> list[type[BaseEvent]]:
        return [type(e) for e in self.events]

    def of(self, *kinds: type[BaseEvent]) -> list[BaseEvent]:
        return [e for e in self.events if isinstance(e, kinds)]

    def span(self, name: str) -> SimpleSpan:
        """The one span of ``name`` (``Class.method``), completed, not dropped."""
        assert not self.spans.dropped_spans, [s.id_ for s in self.spans.dropped_spans]
        found = [s for s in self.spans.completed_spans if s.id_.startswith(f"{name}-")]
        assert len(found) == 1, [s.id_ for s in self.spans.completed_spans]
        return found[0]

    def within(self, span_id: str | None, ancestor: str) -> bool:
        """Whether ``span_id`` is ``ancestor`` or one of its descendants."""
        parents = {s.id_: s.parent_id for s in self.spans.completed_spans}
        while span_id is not None:
            if span_id == ancestor:
                return True
            span_id = parents.get(span_id)
        return False


@contextmanager
def instrumented() -> Iterator[Instrumented]:
    """An event handler and a span handler on the root dispatcher, as an application
    registers them, removed afterwards."""
    root = get_dispatcher()
    events, spans = EventRecorder(), SimpleSpanHandler(open_spans={}, completed_spans=[], dropped_spans=[])
    root.add_event_handler(events)
    root.add_span_handler(spans)
    try:
        yield Instrumented(events.events, spans)
    finally:
        root.event_handlers.remove(events)
        root.span_handlers.remove(spans)


@dataclass(frozen=True)
class Traced:
    """One entry point, run under instrumentation. It sends the request another test of
    the suite recorded (``replays``), so it needs no recording of its own."""

    method: str
    replays: str
    events: tuple[type[BaseEvent], type[BaseEvent], type[BaseEvent]]
    """Start, in progress (streams only), end."""
    run: Callable[[FunctionCallingLLM], Awaitable[Any]]
    """Returns the response, or the list of streamed responses."""
    streams: bool = False

    def __repr__(self) -> str:
        return self.method


async def _chat(llm: FunctionCallingLLM) -> Any:
    return llm.chat([user("Hello")])


async def _achat(llm: FunctionCallingLLM) -> Any:
    return await llm.achat([user("Hello")])


async def _stream_chat(llm: FunctionCallingLLM) -> Any:
    return list(llm.stream_chat([user("Hello")]))


async def _astream_chat(llm: FunctionCallingLLM) -> Any:
    return [r async for r in await llm.astream_chat([user("Hello")])]


async def _complete(llm: FunctionCallingLLM) -> Any:
    return llm.complete("Hello")


async def _acomplete(llm: FunctionCallingLLM) -> Any:
    return await llm.acomplete("Hello")


async def _stream_complete(llm: FunctionCallingLLM) -> Any:
    return list(llm.stream_complete("Hello"))


async def _astream_complete(llm: FunctionCallingLLM) -> Any:
    return [r async for r in await llm.astream_complete("Hello")]


_CHAT_EVENTS = (LLMChatStartEvent, LLMChatInProgressEvent, LLMChatEndEvent)
_COMPLETION_EVENTS = (LLMCompletionStartEvent, LLMCompletionInProgressEvent, LLMCompletionEndEvent)
_STRUCTURED_EVENTS = (
    LLMStructuredPredictStartEvent,
    LLMStructuredPredictInProgressEvent,
    LLMStructuredPredictEndEvent,
)

TRACED_CALLS = (
    Traced("chat", "test_chat", _CHAT_EVENTS, _chat),
    Traced("achat", "test_achat", _CHAT_EVENTS, _achat),
    Traced("stream_chat", "test_stream_chat", _CHAT_EVENTS, _stream_chat, streams=True),
    Traced("astream_chat", "test_astream_chat", _CHAT_EVENTS, _astream_chat, streams=True),
    Traced("complete", "test_complete", _COMPLETION_EVENTS, _complete),
    Traced("acomplete", "test_acomplete", _COMPLETION_EVENTS, _acomplete),
    Traced("stream_complete", "test_stream_complete", _COMPLETION_EVENTS, _stream_complete, streams=True),
    Traced("astream_complete", "test_astream_complete", _COMPLETION_EVENTS, _astream_complete, streams=True),
)


async def _structured_predict(llm: FunctionCallingLLM) -> Any:
    return llm.structured_predict(Joke, JOKE_PROMPT, topic="cats")


async def _astructured_predict(llm: FunctionCallingLLM) -> Any:
    return await llm.astructured_predict(Joke, JOKE_PROMPT, topic="cats")


async def _stream_structured_predict(llm: FunctionCallingLLM) -> Any:
    return list(llm.stream_structured_predict(Joke, JOKE_PROMPT, topic="cats"))


async def _astream_structured_predict(llm: FunctionCallingLLM) -> Any:
    return [p async for p in await llm.astream_structured_predict(Joke, JOKE_PROMPT, topic="cats")]


TRACED_STRUCTURED = (
    Traced("structured_predict", "test_structured_predict", _STRUCTURED_EVENTS, _structured_predict),
    Traced("astructured_predict", "test_astructured_predict", _STRUCTURED_EVENTS, _astructured_predict),
    Traced(
        "stream_structured_predict",
        "test_stream_structured_predict",
        _STRUCTURED_EVENTS,
        _stream_structured_predict,
        streams=True,
    ),
    Traced(
        "astream_structured_predict",
        "test_astream_structured_predict",
        _STRUCTURED_EVENTS,
        _astream_structured_predict,
        streams=True,
    ),
)


# -- the LLM suite -------------------------------------------------------------------------


class LlamaIndexLLMConformance:
    """Subclass with ``@pytest.mark.vcr`` and set ``llm_class`` and ``llm_params``.

    Capability flags (properties, as langchain-tests'): set each to what the provider
    and model really do.
    """

    wire = ChatCompletionsWire()
    # llama-index's workflow runtime (FunctionAgent) runs inspect.getmembers over its
    # pydantic agent, touching attributes pydantic deprecates; nothing of ours.
    pytestmark: ClassVar[list[pytest.MarkDecorator]] = [
        pytest.mark.filterwarnings("ignore::pydantic.warnings.PydanticDeprecatedSince20"),
        pytest.mark.filterwarnings("ignore::pydantic.warnings.PydanticDeprecatedSince211"),
    ]

    # -- what to test ------------------------------------------------------------------

    @property
    def llm_class(self) -> type[FunctionCallingLLM]:
        raise NotImplementedError

    @property
    def llm_params(self) -> dict[str, Any]:
        raise NotImplementedError

    @property
    def unknown_model(self) -> str:
        """A model name no table knows; ``metadata`` must still answer."""
        raise NotImplementedError

    @property
    def context_window(self) -> int:
        """``metadata.context_window`` for ``llm_params``' model."""
        raise NotImplementedError

    # -- capability flags ----------------------------------------------------------------

    @property
    def has_tool_calling(self) -> bool:
        return True

    @property
    def has_tool_choice(self) -> bool:
        """A named ``tool_choice`` (and ``tool_required`` with one tool) forces that call."""
        return True

    @property
    def supports_tool_choice_required(self) -> bool:
        """``tool_required=True`` forces a call when several tools are offered."""
        return True

    @property
    def structured_output_format(self) -> str | None:
        """How ``structured_predict`` constrains output: ``"json_schema"`` (OpenAI's
        ``response_format``), ``"json_object_schema"`` (llama-cpp-python's), or
        ``None`` (LlamaIndex's function-calling program)."""
        return "json_schema"

    @property
    def supports_json_mode(self) -> bool:
        return False

    @property
    def supports_image_inputs(self) -> bool:
        return False

    @property
    def supports_image_urls(self) -> bool:
        return False

    @property
    def returns_usage(self) -> bool:
        return True

    @property
    def returns_usage_in_streams(self) -> bool:
        return True

    @property
    def supports_stop_sequences(self) -> bool:
        return True

    # -- fixtures ------------------------------------------------------------------------

    @pytest.fixture
    def llm(self) -> FunctionCallingLLM:
        return self.llm_class(**self.llm_params)

    @pytest.fixture
    def default_cassette_name(self, request: pytest.FixtureRequest) -> str:
        """pytest-recording's ``<class>.<test>``, except that a ``Traced`` case replays
        the recording of the suite test it names."""
        callspec = getattr(request.node, "callspec", None)
        traced = callspec.params.get("traced") if callspec is not None else None
        test = traced.replays if isinstance(traced, Traced) else request.node.name
        return get_default_cassette_name(type(self), test)

    def _require_tools(self) -> None:
        if not self.has_tool_calling:
            pytest.skip("the provider has no tool calling")

    def _tool_kwargs(self) -> dict[str, Any]:
        """Force a call to the only tool offered."""
        return {"tool_required": True} if self.has_tool_choice else {}

    # -- init and metadata (langchain-tests' unit tests) ----------------------------------

    def test_init(self) -> None:
        """Constructs with the standard settings; secrets stay out of every dump."""
        secret = fake_key("conformance-not-a-real-key")
        llm = self.llm_class(
            **{
                **self.llm_params,
                "temperature": 0,
                "max_tokens": 100,
                "timeout": 60,
                "max_retries": 2,
                "api_key": secret,
            }
        )
        assert isinstance(llm, FunctionCallingLLM)
        assert llm.class_name() != "base_component"
        for dump in (llm.to_json(), repr(llm), str(llm.to_dict()), json.dumps(llm.metadata.model_dump())):
            assert secret not in dump

    def test_metadata(self, llm: FunctionCallingLLM) -> None:
        meta = llm.metadata
        assert meta.context_window == self.context_window
        assert meta.num_output > 0
        if "max_tokens" in self.llm_params:
            assert meta.num_output == self.llm_params["max_tokens"]
        assert meta.is_chat_model is True
        assert meta.is_function_calling_model is self.has_tool_calling
        # Without the provider prefix, as the peers name it (tokenizers look it up).
        assert meta.model_name == self.llm_params["model"].partition(":")[2]

    def test_unknown_model_metadata(self) -> None:
        """A model name no table knows (a new release) must not raise, unlike
        llama-index-llms-openai's ``Unknown model`` error."""
        meta = self.llm_class(**{**self.llm_params, "model": self.unknown_model}).metadata
        assert meta.context_window > 0
        assert meta.num_output > 0
        assert meta.model_name == self.unknown_model.partition(":")[2]

    # -- chat ------------------------------------------------------------------------------

    def test_chat(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        response = llm.chat([user("Hello")])
        [call] = interactions(vcr)
        assert isinstance(response, ChatResponse)
        assert response.message.role == MessageRole.ASSISTANT
        assert response.message.content == self.wire.reply_text(call)
        assert response.message.content
        assert response.raw["id"] == self.wire.response_id(call)

    async def test_achat(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        response = await llm.achat([user("Hello")])
        [call] = interactions(vcr)
        assert isinstance(response, ChatResponse)
        assert response.message.content == self.wire.reply_text(call)
        assert response.message.content

    def test_stream_chat(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        responses = list(llm.stream_chat([user("Hello")]))
        [call] = interactions(vcr)
        assert all(isinstance(r, ChatResponse) for r in responses)
        assert all(r.message.role == MessageRole.ASSISTANT for r in responses)
        check_stream(responses, self.wire.stream_deltas(call), text_attr="message")
        assert responses[-1].raw["id"] == self.wire.response_id(call)

    async def test_astream_chat(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        responses = [r async for r in await llm.astream_chat([user("Hello")])]
        [call] = interactions(vcr)
        check_stream(responses, self.wire.stream_deltas(call), text_attr="message")

    def test_conversation(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        history = [
            ChatMessage(role=MessageRole.SYSTEM, content="You are a helpful assistant."),
            user("hello"),
            ChatMessage(role=MessageRole.ASSISTANT, content="hello"),
            user("how are you"),
        ]
        response = llm.chat(history)
        [call] = interactions(vcr)
        assert [m["role"] for m in self.wire.messages(call)] == ["system", "user", "assistant", "user"]
        assert response.message.content == self.wire.reply_text(call)

    def test_double_messages_conversation(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """Consecutive messages of one role are accepted (langchain-tests' test of it)."""
        history = [
            ChatMessage(role=MessageRole.SYSTEM, content="hello"),
            ChatMessage(role=MessageRole.SYSTEM, content="hello"),
            user("hello"),
            user("hello"),
            ChatMessage(role=MessageRole.ASSISTANT, content="hello"),
            ChatMessage(role=MessageRole.ASSISTANT, content="hello"),
            user("how are you"),
        ]
        response = llm.chat(history)
        [call] = interactions(vcr)
        assert response.message.content == self.wire.reply_text(call)

    # -- completion ----------------------------------------------------------------------

    def test_complete(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        response = llm.complete("Hello")
        [call] = interactions(vcr)
        assert isinstance(response, CompletionResponse)
        assert response.text == self.wire.reply_text(call)
        assert response.text

    async def test_acomplete(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        response = await llm.acomplete("Hello")
        [call] = interactions(vcr)
        assert isinstance(response, CompletionResponse)
        assert response.text == self.wire.reply_text(call)

    def test_stream_complete(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        responses = list(llm.stream_complete("Hello"))
        [call] = interactions(vcr)
        assert all(isinstance(r, CompletionResponse) for r in responses)
        check_stream(responses, self.wire.stream_deltas(call), text_attr="text")

    async def test_astream_complete(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        responses = [r async for r in await llm.astream_complete("Hello")]
        [call] = interactions(vcr)
        check_stream(responses, self.wire.stream_deltas(call), text_attr="text")

    # -- usage ----------------------------------------------------------------------------

    def _check_usage(self, response: ChatResponse | CompletionResponse, reported: dict[str, Any]) -> None:
        counts = response.raw["usage"]
        assert counts["prompt_tokens"] == reported["prompt_tokens"]
        assert counts["completion_tokens"] == reported["completion_tokens"]
        assert counts["total_tokens"] == reported["prompt_tokens"] + reported["completion_tokens"]
        assert response.additional_kwargs["prompt_tokens"] == reported["prompt_tokens"]
        assert response.additional_kwargs["completion_tokens"] == reported["completion_tokens"]

    def test_usage(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        if not self.returns_usage:
            pytest.skip("the provider reports no usage")
        response = llm.chat([user("Hello")])
        [call] = interactions(vcr)
        reported = self.wire.usage(call)
        assert reported, "the provider is flagged as reporting usage, but the response has none"
        self._check_usage(response, reported)

    def test_usage_streaming(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        responses = list(llm.stream_chat([user("Hello")]))
        [call] = interactions(vcr)
        reported = self.wire.usage(call)
        if not self.returns_usage_in_streams:
            # Unknown, never a made-up zero: TokenCountingHandler then counts itself.
            assert reported is None
            assert all(r.raw["usage"] is None for r in responses)
            pytest.skip(
                "returns_usage_in_streams is False: the stream carries no usage "
                "(checked: the adapter reports None, not 0)"
            )
        assert reported
        self._check_usage(responses[-1], reported)
        assert all(r.raw["usage"] is None for r in responses[:-1]), "usage is reported once, at the end"

    def _counting_llm(self) -> tuple[FunctionCallingLLM, TokenCountingHandler]:
        if not self.returns_usage:
            pytest.skip("the provider reports no usage")
        counter = TokenCountingHandler(tokenizer=count_tokens)
        return self.llm_class(**self.llm_params, callback_manager=CallbackManager([counter])), counter

    def _check_counted(self, counter: TokenCountingHandler, calls: list[Interaction]) -> None:
        """One count per request, equal to the server's usage."""
        assert len(counter.llm_token_counts) == len(calls), "each request is counted once"
        reports = [self.wire.usage(call) or {} for call in calls]
        assert [e.prompt_token_count for e in counter.llm_token_counts] == [
            r["prompt_tokens"] for r in reports
        ]
        assert [e.completion_token_count for e in counter.llm_token_counts] == [
            r["completion_tokens"] for r in reports
        ]
        assert counter.prompt_llm_token_count == sum(r["prompt_tokens"] for r in reports)
        assert counter.completion_llm_token_count == sum(r["completion_tokens"] for r in reports)

    def test_token_counting_handler(self, vcr: Any) -> None:
        """LlamaIndex's ``TokenCountingHandler`` counts what the server reported."""
        llm, counter = self._counting_llm()
        llm.chat([user("Hello")])
        if self.returns_usage_in_streams:
            list(llm.stream_chat([user("Hello")]))
        self._check_counted(counter, interactions(vcr))

    def test_token_counting_handler_completion(self, vcr: Any) -> None:
        """The same through ``complete``/``stream_complete``: one count per request."""
        llm, counter = self._counting_llm()
        llm.complete("Hello")
        if self.returns_usage_in_streams:
            list(llm.stream_complete("Hello"))
        self._check_counted(counter, interactions(vcr))

    # -- stop sequences -------------------------------------------------------------------

    def test_stop_sequence(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """``stop`` per call and in ``additional_kwargs`` reaches the server, and the
        answer ends before it. The stop word is taken from the unstopped answer."""
        if not self.supports_stop_sequences:
            pytest.skip("the provider takes no stop sequences")
        full = llm.chat([user("hi")]).message.content or ""
        words = full.split()
        assert len(words) >= 2, f"need an answer of two words or more to pick a stop word from: {full!r}"
        stop = words[1]
        cut = llm.chat([user("hi")], stop=[stop])
        configured = self.llm_class(**{**self.llm_params, "additional_kwargs": {"stop": [stop]}})
        cut_again = configured.chat([user("hi")])
        first, second, third = interactions(vcr)
        assert self.wire.stop(first) == []
        assert self.wire.stop(second) == self.wire.stop(third) == [stop]
        for response, call in ((cut, second), (cut_again, third)):
            text = response.message.content or ""
            assert text == self.wire.reply_text(call)
            assert stop not in text
            assert full.startswith(text) and len(text) < len(full)

    # -- tool calling ---------------------------------------------------------------------

    def test_tool_calling(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """``chat_with_tools`` gives one ``ToolCallBlock`` with the server's id and
        arguments; ``get_tool_calls_from_response`` reads it."""
        self._require_tools()
        response = llm.chat_with_tools([MAGIC], user_msg=MAGIC_QUERY, **self._tool_kwargs())
        [call] = interactions(vcr)
        assert self.wire.tool_names(call) == ["magic_function"]
        check_tool_calls(llm, response, self.wire.tool_calls(call), "magic_function")

    def test_tool_calling_arguments(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """langchain-tests' check: the model calls ``magic_function`` with ``{"input": 3}``."""
        self._require_tools()
        response = llm.chat_with_tools([MAGIC], user_msg=MAGIC_QUERY, **self._tool_kwargs())
        [selection] = llm.get_tool_calls_from_response(response)
        assert selection.tool_name == "magic_function"
        assert selection.tool_kwargs == {"input": 3}

    async def test_achat_with_tools(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        self._require_tools()
        response = await llm.achat_with_tools([MAGIC], user_msg=MAGIC_QUERY, **self._tool_kwargs())
        [call] = interactions(vcr)
        check_tool_calls(llm, response, self.wire.tool_calls(call), "magic_function")

    def test_stream_chat_with_tools(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """Streamed calls: every partial response is readable (as ``FunctionAgent``
        reads them), the last holds the whole call."""
        self._require_tools()
        responses = list(llm.stream_chat_with_tools([MAGIC], user_msg=MAGIC_QUERY, **self._tool_kwargs()))
        [call] = interactions(vcr)
        assert self.wire.is_stream(call)
        check_partial_tool_calls(llm, responses)
        check_tool_calls(llm, responses[-1], self.wire.tool_calls(call), "magic_function")

    async def test_astream_chat_with_tools(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        self._require_tools()
        stream = await llm.astream_chat_with_tools([MAGIC], user_msg=MAGIC_QUERY, **self._tool_kwargs())
        responses = [r async for r in stream]
        [call] = interactions(vcr)
        check_partial_tool_calls(llm, responses)
        check_tool_calls(llm, responses[-1], self.wire.tool_calls(call), "magic_function")

    def test_predict_and_call(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """The tool runs with the server's arguments; its output is the answer."""
        self._require_tools()
        output = llm.predict_and_call([MAGIC], user_msg=MAGIC_QUERY, **self._tool_kwargs())
        [call] = interactions(vcr)
        [(_, _, arguments)] = self.wire.tool_calls(call)
        kwargs = json.loads(arguments)
        [source] = output.sources
        assert source.tool_name == "magic_function"
        assert source.raw_input["kwargs"] == kwargs
        assert source.raw_output == magic_function(**kwargs)
        assert output.response == str(magic_function(**kwargs))

    async def test_apredict_and_call(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        self._require_tools()
        output = await llm.apredict_and_call([MAGIC], user_msg=MAGIC_QUERY, **self._tool_kwargs())
        [call] = interactions(vcr)
        [(_, _, arguments)] = self.wire.tool_calls(call)
        [source] = output.sources
        assert source.raw_output == magic_function(**json.loads(arguments))

    def test_tool_calling_with_no_arguments(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        self._require_tools()
        query = "What is the value of magic_function_no_args()? Use the tool."
        response = llm.chat_with_tools([MAGIC_NO_ARGS], user_msg=query, **self._tool_kwargs())
        streamed = list(llm.stream_chat_with_tools([MAGIC_NO_ARGS], user_msg=query, **self._tool_kwargs()))
        first, second = interactions(vcr)
        for result, call in ((response, first), (streamed[-1], second)):
            selection = check_tool_calls(llm, result, self.wire.tool_calls(call), "magic_function_no_args")
            assert selection.tool_kwargs == {}

    # -- tool choice ----------------------------------------------------------------------

    def test_tool_choice_required(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """``tool_required=True`` with two tools and a greeting still gives a call."""
        self._require_tools()
        if not self.supports_tool_choice_required:
            pytest.skip("supports_tool_choice_required is False: no forced call among several tools")
        response = llm.chat_with_tools([MAGIC, WEATHER], user_msg="Hello!", tool_required=True)
        [call] = interactions(vcr)
        assert self.wire.tool_choice(call) == self.wire.required_choice
        [(_, name, _)] = self.wire.tool_calls(call)
        assert name in ("magic_function", "get_weather")
        check_tool_calls(llm, response, self.wire.tool_calls(call), name)

    def test_tool_choice_named(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """``tool_choice="<name>"`` with two tools gives a call to that tool."""
        self._require_tools()
        if not self.has_tool_choice:
            pytest.skip("the provider cannot force a named tool")
        response = llm.chat_with_tools([MAGIC, WEATHER], user_msg="Hello!", tool_choice="get_weather")
        [call] = interactions(vcr)
        assert self.wire.tool_names(call) == ["magic_function", "get_weather"]
        assert self.wire.tool_choice(call) == self.wire.named_choice("get_weather")
        check_tool_calls(llm, response, self.wire.tool_calls(call), "get_weather")

    # -- tool-message histories -------------------------------------------------------------

    def _check_sent_history(self, call: Interaction, call_id: str) -> None:
        sent = self.wire.messages(call)
        [assistant] = [m for m in sent if m["role"] == "assistant"]
        [(sent_id, name, arguments)] = [
            (c["id"], c["function"]["name"], c["function"]["arguments"]) for c in assistant["tool_calls"]
        ]
        assert (sent_id, name, json.loads(arguments)) == (call_id, "my_adder_tool", {"a": 1, "b": 2})
        [tool] = [m for m in sent if m["role"] == "tool"]
        assert tool["tool_call_id"] == call_id
        assert json.loads(tool["content"]) == {"result": 3}

    def test_tool_message_histories_string_content(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """An assistant ``ToolCallBlock`` with empty text, then a tool message."""
        self._require_tools()
        response = llm.chat_with_tools([ADDER], chat_history=tool_history("abc123"))
        [call] = interactions(vcr)
        self._check_sent_history(call, "abc123")
        assert isinstance(response, ChatResponse)
        assert response.message.content == self.wire.reply_text(call)

    def test_tool_message_histories_list_content(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """An assistant message with text beside its ``ToolCallBlock``."""
        self._require_tools()
        response = llm.chat_with_tools([ADDER], chat_history=tool_history("abc123", "some text"))
        [call] = interactions(vcr)
        self._check_sent_history(call, "abc123")
        [assistant] = [m for m in self.wire.messages(call) if m["role"] == "assistant"]
        content = assistant["content"]
        text = content if isinstance(content, str) else "".join(p.get("text", "") for p in content)
        assert text == "some text"
        assert response.message.content == self.wire.reply_text(call)

    def test_tool_message_histories_legacy_tool_calls(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """Calls kept OpenAI-style in ``additional_kwargs["tool_calls"]`` (older
        LlamaIndex integrations' memory) are sent like ``ToolCallBlock`` s."""
        self._require_tools()
        history = tool_history("abc123")
        history[1] = ChatMessage(
            role=MessageRole.ASSISTANT,
            content="",
            additional_kwargs={
                "tool_calls": [
                    {
                        "id": "abc123",
                        "type": "function",
                        "function": {"name": "my_adder_tool", "arguments": '{"a": 1, "b": 2}'},
                    }
                ]
            },
        )
        response = llm.chat_with_tools([ADDER], chat_history=history)
        [call] = interactions(vcr)
        self._check_sent_history(call, "abc123")
        assert response.message.content == self.wire.reply_text(call)

    def test_tool_round_trip(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """A call the model made goes back as the assistant's ``ToolCallBlock`` with
        the tool's result, and the model answers."""
        self._require_tools()
        query = "What is 1 + 2? Use my_adder_tool."
        first = llm.chat_with_tools([ADDER], user_msg=query, **self._tool_kwargs())
        [selection] = llm.get_tool_calls_from_response(first)
        result = ADDER.call(**selection.tool_kwargs)
        history = [
            user(query),
            first.message,
            ChatMessage(
                role=MessageRole.TOOL,
                content=str(result),
                additional_kwargs={"tool_call_id": selection.tool_id, "name": selection.tool_name},
            ),
        ]
        final = llm.chat_with_tools([ADDER], chat_history=history)
        asked, answered = interactions(vcr)
        [(call_id, _, arguments)] = self.wire.tool_calls(asked)
        assert selection.tool_id == call_id
        sent = self.wire.messages(answered)
        [assistant] = [m for m in sent if m["role"] == "assistant"]
        [sent_call] = assistant["tool_calls"]
        assert sent_call["id"] == call_id
        assert json.loads(sent_call["function"]["arguments"] or "{}") == json.loads(arguments or "{}")
        [tool] = [m for m in sent if m["role"] == "tool"]
        assert (tool["tool_call_id"], tool["content"]) == (call_id, str(result))
        assert final.message.content == self.wire.reply_text(answered)
        assert [b.tool_call_id for b in tool_blocks(final)] == [c[0] for c in self.wire.tool_calls(answered)]

    # -- malformed tool arguments ------------------------------------------------------------

    def test_malformed_tool_arguments(self, llm: FunctionCallingLLM) -> None:
        """A finished call whose arguments are not a JSON object (a weak model's
        mistake) is reported by ``get_tool_calls_from_response``, naming the tool and
        quoting what the model wrote; it is never read as ``{}``. Empty arguments are
        no arguments. (A call still streaming in must not raise: the streaming tests
        read every partial response as ``FunctionAgent`` does.)"""
        self._require_tools()

        def finished(arguments: str) -> ChatResponse:
            blocks = [
                TextBlock(text=""),
                ToolCallBlock(tool_call_id="call_1", tool_name="magic_function", tool_kwargs=arguments),
            ]
            return ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, blocks=blocks))

        for arguments, expected in (('{"input": 3}', {"input": 3}), ("", {}), ("  ", {})):
            [selection] = llm.get_tool_calls_from_response(finished(arguments))
            assert (selection.tool_id, selection.tool_name) == ("call_1", "magic_function")
            assert selection.tool_kwargs == expected
        for arguments in ('{"input": 3', '{"input": ', "not json at all", "[1, 2]", '"3"'):
            for error_on_no_tool_call in (True, False):
                with pytest.raises(Exception) as raised:  # any type, as long as it says what went wrong
                    llm.get_tool_calls_from_response(
                        finished(arguments), error_on_no_tool_call=error_on_no_tool_call
                    )
                assert "magic_function" in str(raised.value)
                assert arguments in str(raised.value)
        empty = ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content="no call"))
        assert llm.get_tool_calls_from_response(empty, error_on_no_tool_call=False) == []
        with pytest.raises(ValueError):
            llm.get_tool_calls_from_response(empty)

    def test_malformed_tool_arguments_in_history(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """An agent keeps the model's message, broken arguments and all, in its memory
        and sends it back with the tool's result: that must not raise either."""
        self._require_tools()
        history = tool_history("abc123")
        history[1].blocks[1] = ToolCallBlock(
            tool_call_id="abc123", tool_name="my_adder_tool", tool_kwargs='{"a": 1, "b": 2'
        )
        response = llm.chat_with_tools([ADDER], chat_history=history)
        [call] = interactions(vcr)
        [assistant] = [m for m in self.wire.messages(call) if m["role"] == "assistant"]
        [sent] = assistant["tool_calls"]
        # Sent back as the model wrote it (as llama-index-llms-openai does), not dropped.
        assert (sent["id"], sent["function"]["arguments"]) == ("abc123", '{"a": 1, "b": 2')
        assert response.message.content == self.wire.reply_text(call)

    # -- unicode tool arguments ----------------------------------------------------------------

    def test_unicode_tool_arguments(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """Chinese and Japanese names survive in tool arguments (not ``\\uXXXX``)."""
        self._require_tools()
        queries = (
            ("Create a customer named '你好啊集团' (Hello Group) - a Chinese technology company", "你好"),
            (
                "Create a customer named 'こんにちは株式会社' (Hello Corporation) - a Japanese company",
                "こんにちは",
            ),
        )
        responses = [
            llm.chat_with_tools([UNICODE_CUSTOMER], user_msg=query, **self._tool_kwargs())
            for query, _ in queries
        ]
        for response, call, (_, name) in zip(responses, interactions(vcr), queries, strict=True):
            selection = check_tool_calls(llm, response, self.wire.tool_calls(call), "unicode_customer")
            assert "\\u" not in json.dumps(selection.tool_kwargs, ensure_ascii=False)
            assert name in selection.tool_kwargs["customer_name"]

    # -- agent loop ------------------------------------------------------------------------------

    @property
    def agent_kwargs(self) -> dict[str, Any]:
        """Extra ``FunctionAgent`` settings (e.g. ``initial_tool_choice`` for a model
        that does not pick tools by itself)."""
        return {}

    async def test_agent_loop(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """``FunctionAgent`` (streaming, as by default): a tool call, the tool's result
        sent back, then a final answer in text."""
        self._require_tools()
        from llama_index.core.agent.workflow import AgentOutput, FunctionAgent, ToolCallResult

        agent = FunctionAgent(tools=[WEATHER], llm=llm, **self.agent_kwargs)
        handler = agent.run("What is the weather in San Francisco, CA?")
        results = [e async for e in handler.stream_events() if isinstance(e, ToolCallResult)]
        output = await handler
        calls = interactions(vcr)
        assert len(calls) == 2, "one call to the tool, then the answer"
        asked, answered = calls
        [(call_id, name, arguments)] = self.wire.tool_calls(asked)
        assert name == "get_weather"
        [ran] = results
        assert (ran.tool_id, ran.tool_name, ran.tool_kwargs) == (call_id, name, json.loads(arguments))
        assert ran.tool_output.content == get_weather(**json.loads(arguments))
        [tool] = [m for m in self.wire.messages(answered) if m["role"] == "tool"]
        assert (tool["tool_call_id"], tool["content"]) == (call_id, ran.tool_output.content)
        assert not self.wire.tool_calls(answered)
        assert isinstance(output, AgentOutput)
        assert output.response.content == self.wire.reply_text(answered)
        assert output.response.content

    # -- instrumentation ---------------------------------------------------------------------

    @pytest.mark.parametrize("traced", TRACED_CALLS, ids=repr)
    async def test_instrumentation(self, llm: FunctionCallingLLM, traced: Traced, vcr: Any) -> None:
        """As LlamaIndex's built-in LLMs: a start event, one in-progress event per
        streamed response, an end event with the (last) response, all in the span of
        the method called; a completion sends completion events only (one request,
        one pair), never chat events as well."""
        with instrumented() as seen:
            result = await traced.run(llm)
        responses = result if traced.streams else [result]
        start, in_progress, end = traced.events
        middle = [in_progress] * len(responses) if traced.streams else []
        assert seen.kinds() == [start, *middle, end]
        first, *progress, last = seen.events
        if start is LLMChatStartEvent:
            assert first.messages == [user("Hello")]  # type: ignore[attr-defined]
        else:
            assert first.prompt == "Hello"  # type: ignore[attr-defined]
        assert [e.response for e in progress] == (responses if traced.streams else [])  # type: ignore[attr-defined]
        assert last.response == responses[-1]  # type: ignore[attr-defined]
        span = seen.span(f"{type(llm).__name__}.{traced.method}")
        assert span.parent_id is None
        assert [s.id_ for s in seen.spans.completed_spans] == [span.id_]
        assert {e.span_id for e in seen.events} == {span.id_}

    @pytest.mark.parametrize("traced", TRACED_STRUCTURED, ids=repr)
    async def test_structured_predict_instrumentation(
        self, llm: FunctionCallingLLM, traced: Traced, vcr: Any
    ) -> None:
        """The structured-predict events and span the base class sends, whatever
        program runs underneath: start (class, template, arguments), one in-progress
        event per partial object when streaming, end with the object; inside them one
        chat request with its own events, in a span under the structured one."""
        with instrumented() as seen:
            result = await traced.run(llm)
        outputs = result if traced.streams else [result]
        start, in_progress, end = traced.events
        structured = seen.of(*traced.events)
        middle = [in_progress] * len(outputs) if traced.streams else []
        assert [type(e) for e in structured] == [start, *middle, end]
        first, *progress, last = structured
        assert first.output_cls is Joke  # type: ignore[attr-defined]
        assert first.template is JOKE_PROMPT  # type: ignore[attr-defined]
        assert first.template_args == {"topic": "cats"}  # type: ignore[attr-defined]
        assert [e.output for e in progress] == (outputs if traced.streams else [])  # type: ignore[attr-defined]
        assert last.output == outputs[-1]  # type: ignore[attr-defined]
        assert isinstance(outputs[-1], Joke)
        assert seen.events[0] is first and seen.events[-1] is last
        chat = seen.of(LLMChatStartEvent, LLMChatEndEvent)
        assert [type(e) for e in chat] == [LLMChatStartEvent, LLMChatEndEvent], "one request"
        span = seen.span(f"{type(llm).__name__}.{traced.method}")
        assert span.parent_id is None
        if not traced.streams:
            # A generator's span closes when it is made, before it runs (the base
            # class's own behaviour), so only a call's events can sit in its span.
            assert {e.span_id for e in structured} == {span.id_}
            assert all(seen.within(e.span_id, span.id_) for e in chat)
            assert chat[0].span_id != span.id_, "the request has its own span"

    # -- structured output ---------------------------------------------------------------------

    def _check_structured_request(self, call: Interaction) -> None:
        """The request used the provider's native JSON schema, where it has one."""
        fmt = self.structured_output_format
        if fmt is None:
            assert self.wire.tool_names(call) == ["Joke"]
            return
        schema = self.wire.sent_schema(call, fmt)
        assert set(schema["properties"]) == {"setup", "punchline"}
        assert set(schema.get("required", ())) == {"setup", "punchline"}

    def _expected_joke(self, call: Interaction) -> Joke:
        if self.structured_output_format is None:
            [(_, _, arguments)] = self.wire.tool_calls(call)
            return Joke.model_validate_json(arguments)
        return Joke.model_validate_json(self.wire.reply_text(call))

    def test_structured_predict(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        joke = llm.structured_predict(Joke, JOKE_PROMPT, topic="cats")
        [call] = interactions(vcr)
        self._check_structured_request(call)
        assert isinstance(joke, Joke)
        assert joke == self._expected_joke(call)

    async def test_astructured_predict(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        joke = await llm.astructured_predict(Joke, JOKE_PROMPT, topic="cats")
        [call] = interactions(vcr)
        self._check_structured_request(call)
        assert joke == self._expected_joke(call)

    def test_stream_structured_predict(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """The object fills in as it streams; the last one is the whole answer."""
        partials = list(llm.stream_structured_predict(Joke, JOKE_PROMPT, topic="cats"))
        [call] = interactions(vcr)
        assert self.wire.is_stream(call)
        self._check_structured_request(call)
        assert len(partials) > 1
        assert all(isinstance(p, BaseModel) for p in partials)
        assert isinstance(partials[-1], Joke)
        assert partials[-1] == self._expected_joke(call)

    async def test_astream_structured_predict(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        partials = [p async for p in await llm.astream_structured_predict(Joke, JOKE_PROMPT, topic="cats")]
        [call] = interactions(vcr)
        self._check_structured_request(call)
        assert isinstance(partials[-1], Joke)
        assert partials[-1] == self._expected_joke(call)

    def test_as_structured_llm(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """``StructuredLLM.chat`` answers with the object as JSON and in ``raw``."""
        structured = llm.as_structured_llm(Joke)
        response = structured.chat([user("Tell me a joke about cats.")])
        [call] = interactions(vcr)
        self._check_structured_request(call)
        expected = self._expected_joke(call)
        assert response.raw == expected
        assert Joke.model_validate_json(response.message.content or "") == expected

    # -- JSON mode ----------------------------------------------------------------------------

    def test_json_mode(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """``response_format={"type": "json_object"}`` (chat and stream) gives a JSON
        object with the keys asked for, as langchain-tests' ``test_json_mode``."""
        if not self.supports_json_mode:
            pytest.skip("the provider has no JSON mode")
        fmt = {"type": "json_object"}
        response = llm.chat([user(JSON_MODE_QUERY)], response_format=fmt)
        streamed = list(llm.stream_chat([user(JSON_MODE_QUERY)], response_format=fmt))
        calls = interactions(vcr)
        for result, call in zip((response, streamed[-1]), calls, strict=True):
            assert (self.wire.response_format(call) or {}).get("type") == "json_object"
            assert result.message.content == self.wire.reply_text(call)
            value = json.loads(result.message.content or "")
            assert isinstance(value, dict)
            assert set(value) == {"setup", "punchline"}

    # -- image input ----------------------------------------------------------------------------

    def test_image_input_bytes(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """An ``ImageBlock`` of PNG bytes (made here) goes as a base64 data URL."""
        if not self.supports_image_inputs:
            pytest.skip("supports_image_inputs is False: the model reads no images")
        png = tiny_png()
        message = ChatMessage(
            role=MessageRole.USER,
            blocks=[TextBlock(text="Give a concise description of this image."), ImageBlock(image=png)],
        )
        response = llm.chat([message])
        [call] = interactions(vcr)
        assert self.wire.image_urls(call) == [f"data:image/png;base64,{base64.b64encode(png).decode()}"]
        assert response.message.content == self.wire.reply_text(call)
        assert response.message.content

    def test_image_input_url(self, llm: FunctionCallingLLM, vcr: Any) -> None:
        """An ``ImageBlock`` by URL goes as that URL (the provider fetches it)."""
        if not (self.supports_image_inputs and self.supports_image_urls):
            pytest.skip("supports_image_inputs/supports_image_urls: the model reads no images by URL")
        message = ChatMessage(
            role=MessageRole.USER,
            blocks=[TextBlock(text="Give a concise description of this image."), ImageBlock(url=IMAGE_URL)],
        )
        response = llm.chat([message])
        [call] = interactions(vcr)
        assert self.wire.image_urls(call) == [IMAGE_URL]
        assert response.message.content == self.wire.reply_text(call)
        assert response.message.content


# -- the embedding suite -----------------------------------------------------------------------

DOCUMENTS = ["cats purr when they are content", "dogs bark at the postman", "the sea is salty"]


class LlamaIndexEmbeddingConformance:
    """Subclass with ``@pytest.mark.vcr`` and set ``embedding_class``,
    ``embedding_params``, ``dimensions`` and ``max_batch_size``."""

    wire = ChatCompletionsWire()

    @property
    def embedding_class(self) -> type[BaseEmbedding]:
        raise NotImplementedError

    @property
    def embedding_params(self) -> dict[str, Any]:
        raise NotImplementedError

    @property
    def dimensions(self) -> int:
        raise NotImplementedError

    @property
    def max_batch_size(self) -> int:
        """The provider's limit of inputs per request (LlamaIndex allows up to 2048)."""
        raise NotImplementedError

    @pytest.fixture
    def embedding(self) -> BaseEmbedding:
        return self.embedding_class(**self.embedding_params)

    def _check(self, vectors: list[list[float]], calls: list[Interaction], texts: list[str]) -> None:
        assert [text for call in calls for text in self.wire.embedding_inputs(call)] == texts
        expected = [vector for call in calls for vector in self.wire.embeddings(call)]
        assert vectors == expected
        assert all(len(v) == self.dimensions for v in vectors)
        assert all(isinstance(x, float) for v in vectors for x in v)

    def test_init(self) -> None:
        secret = fake_key("conformance-not-a-real-key")
        embedding = self.embedding_class(**self.embedding_params, api_key=secret)
        assert isinstance(embedding, BaseEmbedding)
        assert embedding.class_name() != "BaseEmbedding"
        assert embedding.model_name == self.embedding_params["model"]
        for dump in (embedding.to_json(), repr(embedding), str(embedding.to_dict())):
            assert secret not in dump

    def test_embed_batch_size_default(self, embedding: BaseEmbedding) -> None:
        """LlamaIndex's largest batch: ``embed_many`` splits each batch to the provider's
        per-call limit (``test_embed_batch_size_splits_requests``), so ingestion sends as
        few requests as the provider allows without resolving the model up front."""
        assert embedding.embed_batch_size == 2048

    def test_get_query_embedding(self, embedding: BaseEmbedding, vcr: Any) -> None:
        vector = embedding.get_query_embedding("What do cats do?")
        self._check([vector], interactions(vcr), ["What do cats do?"])

    def test_get_text_embedding(self, embedding: BaseEmbedding, vcr: Any) -> None:
        vector = embedding.get_text_embedding(DOCUMENTS[0])
        self._check([vector], interactions(vcr), DOCUMENTS[:1])

    def test_get_text_embedding_batch(self, embedding: BaseEmbedding, vcr: Any) -> None:
        """One request for a batch within the provider's limit, vectors in order."""
        vectors = embedding.get_text_embedding_batch(DOCUMENTS)
        calls = interactions(vcr)
        assert len(calls) == 1
        self._check(vectors, calls, DOCUMENTS)

    def test_embed_batch_size_splits_requests(self, vcr: Any) -> None:
        embedding = self.embedding_class(**self.embedding_params, embed_batch_size=2)
        texts = [*DOCUMENTS, "rain is wet", "snow is cold"]
        vectors = embedding.get_text_embedding_batch(texts)
        calls = interactions(vcr)
        assert [len(self.wire.embedding_inputs(c)) for c in calls] == [2, 2, 1]
        self._check(vectors, calls, texts)

    async def test_aget_query_embedding(self, embedding: BaseEmbedding, vcr: Any) -> None:
        vector = await embedding.aget_query_embedding("What do cats do?")
        self._check([vector], interactions(vcr), ["What do cats do?"])

    async def test_aget_text_embedding(self, embedding: BaseEmbedding, vcr: Any) -> None:
        vector = await embedding.aget_text_embedding(DOCUMENTS[0])
        self._check([vector], interactions(vcr), DOCUMENTS[:1])

    async def test_aget_text_embedding_batch(self, embedding: BaseEmbedding, vcr: Any) -> None:
        vectors = await embedding.aget_text_embedding_batch(DOCUMENTS)
        calls = interactions(vcr)
        assert len(calls) == 1
        self._check(vectors, calls, DOCUMENTS)
