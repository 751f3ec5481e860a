"""Each wire format's replies, in the provider's own shapes, for the fault suite.

A ``Wire`` says how one provider answers: a whole completion, a stream of text pieces
(and the events that end it, so a test can leave them out), a tool call whose arguments
are any value (a string that is not JSON, an object where a string belongs), its error
bodies by status, an error object inside a 200, and one stream chunk whose JSON is
broken. The shapes follow each provider's documented wire format (the fakes in
``tests/*_provider/`` and ``tests/openai_responses`` speak the same), cut down to what
a fault needs; the codec under test reads every one of them as it reads the real thing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bedrock_provider.eventstream_frames import encode_message, event, exception
from http_loopback import Reply, sse
from observe import KEY

TOOL = "get_weather"
CALL_ID = "call_1"
SSE_HEADERS = {"content-type": "text/event-stream", "cache-control": "no-cache"}
AWS_STREAM = {"content-type": "application/vnd.amazon.eventstream"}
JSON_HEADERS = {"content-type": "application/json"}
BROKEN_JSON = '{"broken": "chunk", "echo": "' + KEY + '", "cut": '
"""A chunk cut mid-JSON, echoing the key (a server that logs the request into its output)."""


def named_sse(kind: str, payload: Any) -> bytes:
    """An SSE event with an ``event:`` line, as Anthropic, Cohere and Responses send."""
    return f"event: {kind}\ndata: {json.dumps(payload)}\n\n".encode()


@dataclass(frozen=True)
class Wire:
    name: str
    model: str
    """The model string, resolved with ``base_url=`` and ``api_key=`` (plus ``settings``)."""
    body: Callable[[str], Any]
    """A whole, successful answer whose text is the argument."""
    start: Callable[[], list[bytes]]
    """The stream's opening events (before any text)."""
    piece: Callable[[str], bytes]
    """One event carrying a piece of text."""
    end: Callable[[], list[bytes]]
    """The events that end a text stream properly (finish, usage, terminator)."""
    tool_body: Callable[[Any], Any]
    tool_stream: Callable[[Any], list[bytes]]
    error: Callable[[int, str], tuple[Any, Mapping[str, str]]]
    """(body, extra headers) of an error response with this status and message."""
    error_in_200: Callable[[str], Any]
    broken: bytes
    """A stream event whose payload is not valid JSON, framed as this wire frames."""
    stream_headers: Mapping[str, str] = field(default_factory=lambda: SSE_HEADERS)
    settings: Mapping[str, Any] = field(default_factory=dict)

    def reply(self, text: str) -> Reply:
        return Reply(200, JSON_HEADERS, json.dumps(self.body(text)).encode())

    def stream_chunks(self, pieces: Sequence[str], *, ended: bool = True) -> list[bytes]:
        return [*self.start(), *(self.piece(p) for p in pieces), *(self.end() if ended else [])]

    def stream(self, pieces: Sequence[str], tail: Sequence[Any] = ()) -> Reply:
        """A text stream; ``tail`` (chunk actions) replaces the proper ending when given."""
        chunks: list[Any] = self.stream_chunks(pieces, ended=not tail)
        return Reply(200, self.stream_headers, chunks=[*chunks, *tail])

    def error_reply(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> Reply:
        body, extra = self.error(status, message)
        return Reply(status, {**JSON_HEADERS, **extra, **(headers or {})}, json.dumps(body).encode())


# -- OpenAI Chat Completions ------------------------------------------------------------


def _chat_chunk(delta: Mapping[str, Any], finish: str | None = None, usage: Any = None) -> bytes:
    chunk: dict[str, Any] = {
        "id": "chatcmpl-r",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "m",
        "choices": [{"index": 0, "delta": dict(delta), "finish_reason": finish}],
    }
    if usage is not None:
        chunk["usage"] = usage
    return sse(chunk)


_CHAT_USAGE = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}


def _chat_body(message: Mapping[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-r",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish}],
        "usage": _CHAT_USAGE,
    }


def _chat_call(arguments: Any) -> dict[str, Any]:
    return {"id": CALL_ID, "type": "function", "function": {"name": TOOL, "arguments": arguments}}


def _openai_error(status: int, message: str) -> tuple[Any, Mapping[str, str]]:
    kind = {400: "invalid_request_error", 401: "invalid_request_error", 429: "rate_limit_exceeded"}
    code = {401: "invalid_api_key", 429: "rate_limit_exceeded"}.get(status)
    return {"error": {"message": message, "type": kind.get(status, "server_error"), "code": code}}, {}


OPENAI_CHAT = Wire(
    name="openai-chat",
    model="openai:gpt-4o-mini",
    body=lambda text: _chat_body({"content": text}),
    start=lambda: [_chat_chunk({"role": "assistant", "content": ""})],
    piece=lambda text: _chat_chunk({"content": text}),
    end=lambda: [_chat_chunk({}, "stop"), _chat_chunk({}, None, _CHAT_USAGE), sse("[DONE]")],
    tool_body=lambda args: _chat_body({"content": None, "tool_calls": [_chat_call(args)]}, "tool_calls"),
    tool_stream=lambda args: [
        _chat_chunk({"role": "assistant", "tool_calls": [{"index": 0, **_chat_call(args)}]}),
        _chat_chunk({}, "tool_calls"),
        sse("[DONE]"),
    ],
    error=_openai_error,
    error_in_200=lambda message: {"error": {"message": message, "type": "server_error", "code": None}},
    broken=f"data: {BROKEN_JSON}\n\n".encode(),
)

# -- OpenAI Responses -------------------------------------------------------------------


def _response(output: list[Any], status: str = "completed") -> dict[str, Any]:
    return {
        "id": "resp_r",
        "object": "response",
        "created_at": 1_700_000_000,
        "status": status,
        "model": "gpt-4o-mini-2024-07-18",
        "output": output,
        "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}
        if status == "completed"
        else None,
        "error": None,
        "incomplete_details": None,
    }


def _message_item(text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "id": "msg_r",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }


def _function_item(arguments: Any) -> dict[str, Any]:
    return {
        "type": "function_call",
        "id": "fc_r",
        "call_id": CALL_ID,
        "name": TOOL,
        "arguments": arguments,
        "status": "completed",
    }


def _responses_start() -> list[bytes]:
    return [
        named_sse("response.created", {"type": "response.created", "response": _response([], "in_progress")}),
        named_sse(
            "response.output_item.added",
            {
                "type": "response.output_item.added",
                "output_index": 0,
                "item": {**_message_item(""), "status": "in_progress", "content": []},
            },
        ),
    ]


def _responses_piece(text: str) -> bytes:
    return named_sse(
        "response.output_text.delta",
        {
            "type": "response.output_text.delta",
            "item_id": "msg_r",
            "output_index": 0,
            "content_index": 0,
            "delta": text,
        },
    )


def _responses_end() -> list[bytes]:
    item = _message_item("(the whole text)")
    return [
        named_sse(
            "response.output_item.done",
            {"type": "response.output_item.done", "output_index": 0, "item": item},
        ),
        named_sse("response.completed", {"type": "response.completed", "response": _response([item])}),
    ]


def _responses_tool_stream(arguments: Any) -> list[bytes]:
    item = _function_item(arguments)
    return [
        named_sse("response.created", {"type": "response.created", "response": _response([], "in_progress")}),
        named_sse(
            "response.output_item.added",
            {"type": "response.output_item.added", "output_index": 0, "item": {**item, "arguments": ""}},
        ),
        named_sse(
            "response.function_call_arguments.delta",
            {
                "type": "response.function_call_arguments.delta",
                "item_id": "fc_r",
                "output_index": 0,
                "delta": arguments,
            },
        ),
        named_sse(
            "response.output_item.done",
            {"type": "response.output_item.done", "output_index": 0, "item": item},
        ),
        named_sse("response.completed", {"type": "response.completed", "response": _response([item])}),
    ]


OPENAI_RESPONSES = Wire(
    name="openai-responses",
    model="openai.responses:gpt-4o-mini",
    body=lambda text: _response([_message_item(text)]),
    start=_responses_start,
    piece=_responses_piece,
    end=_responses_end,
    tool_body=lambda args: _response([_function_item(args)]),
    tool_stream=_responses_tool_stream,
    error=_openai_error,
    error_in_200=lambda message: {
        "error": {"message": message, "type": "server_error", "code": "server_error"}
    },
    broken=f"event: response.output_text.delta\ndata: {BROKEN_JSON}\n\n".encode(),
)

# -- Anthropic Messages -----------------------------------------------------------------

_ANTHROPIC_KINDS = {
    400: "invalid_request_error",
    401: "authentication_error",
    429: "rate_limit_error",
    529: "overloaded_error",
}


def _anthropic_message(content: list[Any], stop: str | None = "end_turn") -> dict[str, Any]:
    return {
        "id": "msg_r",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 3, "output_tokens": 2},
    }


def _anthropic(kind: str, **payload: Any) -> bytes:
    return named_sse(kind, {"type": kind, **payload})


def _anthropic_start() -> list[bytes]:
    return [
        _anthropic(
            "message_start",
            message={**_anthropic_message([], None), "usage": {"input_tokens": 3, "output_tokens": 1}},
        ),
        _anthropic("content_block_start", index=0, content_block={"type": "text", "text": ""}),
    ]


def _anthropic_end(stop: str = "end_turn") -> list[bytes]:
    return [
        _anthropic("content_block_stop", index=0),
        _anthropic(
            "message_delta", delta={"stop_reason": stop, "stop_sequence": None}, usage={"output_tokens": 2}
        ),
        _anthropic("message_stop"),
    ]


def _anthropic_tool_stream(arguments: Any) -> list[bytes]:
    block = {"type": "tool_use", "id": "toolu_r", "name": TOOL, "input": {}}
    return [
        _anthropic("message_start", message=_anthropic_message([], None)),
        _anthropic("content_block_start", index=0, content_block=block),
        _anthropic(
            "content_block_delta", index=0, delta={"type": "input_json_delta", "partial_json": arguments}
        ),
        *_anthropic_end("tool_use"),
    ]


ANTHROPIC = Wire(
    name="anthropic",
    model="anthropic:claude-sonnet-4-5",
    body=lambda text: _anthropic_message([{"type": "text", "text": text}]),
    start=_anthropic_start,
    piece=lambda text: _anthropic("content_block_delta", index=0, delta={"type": "text_delta", "text": text}),
    end=_anthropic_end,
    tool_body=lambda args: _anthropic_message(
        [{"type": "tool_use", "id": "toolu_r", "name": TOOL, "input": args}], "tool_use"
    ),
    tool_stream=_anthropic_tool_stream,
    error=lambda status, message: (
        {"type": "error", "error": {"type": _ANTHROPIC_KINDS.get(status, "api_error"), "message": message}},
        {"request-id": "req_r"},
    ),
    error_in_200=lambda message: {"type": "error", "error": {"type": "overloaded_error", "message": message}},
    broken=f"event: content_block_delta\ndata: {BROKEN_JSON}\n\n".encode(),
)

# -- Google Gemini ----------------------------------------------------------------------

_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}
_GOOGLE_USAGE = {"promptTokenCount": 3, "candidatesTokenCount": 2, "totalTokenCount": 5}


def _gemini(parts: list[Any], finish: str | None = None, usage: bool = False) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    body: dict[str, Any] = {"candidates": [candidate], "modelVersion": "gemini-2.5-flash", "responseId": "r"}
    if usage:
        body["usageMetadata"] = _GOOGLE_USAGE
    return body


GOOGLE = Wire(
    name="google",
    model="google:gemini-2.5-flash",
    body=lambda text: _gemini([{"text": text}], "STOP", usage=True),
    start=lambda: [],
    piece=lambda text: sse(_gemini([{"text": text}])),
    end=lambda: [sse(_gemini([{"text": ""}], "STOP", usage=True))],
    tool_body=lambda args: _gemini([{"functionCall": {"name": TOOL, "args": args}}], "STOP", usage=True),
    tool_stream=lambda args: [
        sse(_gemini([{"functionCall": {"name": TOOL, "args": args}}], "STOP", usage=True))
    ],
    error=lambda status, message: (
        {"error": {"code": status, "message": message, "status": _GOOGLE_STATUS.get(status, "INTERNAL")}},
        {},
    ),
    error_in_200=lambda message: {"error": {"code": 500, "message": message, "status": "INTERNAL"}},
    broken=f"data: {BROKEN_JSON}\r\n\r\n".encode(),
)

# -- Mistral ----------------------------------------------------------------------------


def _mistral_error(status: int, message: str) -> tuple[Any, Mapping[str, str]]:
    if status == 401:
        return {"message": message, "request_id": "r"}, {}
    kind = {400: "invalid_request_error", 429: "rate_limited"}.get(status, "internal_server_error")
    return {"object": "error", "message": message, "type": kind, "param": None, "code": str(status)}, {}


MISTRAL = Wire(
    name="mistral",
    model="mistral:mistral-small-latest",
    body=OPENAI_CHAT.body,
    start=lambda: [_chat_chunk({"role": "assistant", "content": ""})],
    piece=OPENAI_CHAT.piece,
    end=lambda: [_chat_chunk({"content": ""}, "stop", _CHAT_USAGE), sse("[DONE]")],
    tool_body=OPENAI_CHAT.tool_body,
    tool_stream=lambda args: [
        _chat_chunk({"role": "assistant", "content": ""}),
        _chat_chunk({"tool_calls": [{"index": 0, **_chat_call(args)}]}, "tool_calls", _CHAT_USAGE),
        sse("[DONE]"),
    ],
    error=_mistral_error,
    error_in_200=lambda message: {"object": "error", "message": message, "type": "internal_server_error"},
    broken=OPENAI_CHAT.broken,
)

# -- Cohere Chat v2 ---------------------------------------------------------------------

_COHERE_USAGE = {
    "billed_units": {"input_tokens": 3, "output_tokens": 2},
    "tokens": {"input_tokens": 3, "output_tokens": 2},
}


def _cohere(kind: str, **payload: Any) -> bytes:
    return named_sse(kind, {"type": kind, **payload})


def _cohere_start() -> list[bytes]:
    return [
        _cohere(
            "message-start",
            id="c_r",
            delta={"message": {"role": "assistant", "content": [], "tool_calls": []}},
        ),
        _cohere("content-start", index=0, delta={"message": {"content": {"type": "text", "text": ""}}}),
    ]


def _cohere_end(reason: str = "COMPLETE") -> list[bytes]:
    return [
        *([_cohere("content-end", index=0)] if reason == "COMPLETE" else []),
        _cohere("message-end", delta={"finish_reason": reason, "usage": _COHERE_USAGE}),
    ]


def _cohere_call(arguments: Any) -> dict[str, Any]:
    return {"id": CALL_ID, "type": "function", "function": {"name": TOOL, "arguments": arguments}}


def _cohere_body(message: Mapping[str, Any], reason: str = "COMPLETE") -> dict[str, Any]:
    return {
        "id": "c_r",
        "finish_reason": reason,
        "message": {"role": "assistant", **message},
        "usage": _COHERE_USAGE,
    }


COHERE = Wire(
    name="cohere",
    model="cohere:command-a-03-2025",
    body=lambda text: _cohere_body({"content": [{"type": "text", "text": text}]}),
    start=_cohere_start,
    piece=lambda text: _cohere("content-delta", index=0, delta={"message": {"content": {"text": text}}}),
    end=_cohere_end,
    tool_body=lambda args: _cohere_body(
        {"tool_plan": "I will call it.", "tool_calls": [_cohere_call(args)]}, "TOOL_CALL"
    ),
    tool_stream=lambda args: [
        _cohere(
            "message-start",
            id="c_r",
            delta={"message": {"role": "assistant", "content": [], "tool_calls": []}},
        ),
        _cohere(
            "tool-call-start", index=0, delta={"message": {"tool_calls": {**_cohere_call(""), "index": 0}}}
        ),
        _cohere(
            "tool-call-delta", index=0, delta={"message": {"tool_calls": {"function": {"arguments": args}}}}
        ),
        _cohere("tool-call-end", index=0),
        *_cohere_end("TOOL_CALL"),
    ],
    error=lambda status, message: ({"id": "e_r", "message": message}, {}),
    error_in_200=lambda message: {"error": message, "message": message},
    broken=f"event: content-delta\ndata: {BROKEN_JSON}\n\n".encode(),
)

# -- Amazon Bedrock Converse (binary AWS event stream) ----------------------------------

_AWS_ERRORS = {
    400: "ValidationException",
    401: "UnrecognizedClientException",
    403: "AccessDeniedException",
    429: "ThrottlingException",
    503: "ServiceUnavailableException",
}


def _converse(content: list[Any], stop: str = "end_turn") -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": stop,
        "usage": {"inputTokens": 3, "outputTokens": 2, "totalTokens": 5},
        "metrics": {"latencyMs": 10},
    }


def _bedrock_end(stop: str = "end_turn") -> list[bytes]:
    return [
        event("contentBlockStop", {"contentBlockIndex": 0}),
        event("messageStop", {"stopReason": stop}),
        event(
            "metadata",
            {"usage": {"inputTokens": 3, "outputTokens": 2, "totalTokens": 5}, "metrics": {"latencyMs": 10}},
        ),
    ]


def _bedrock_tool_stream(arguments: Any) -> list[bytes]:
    return [
        event("messageStart", {"role": "assistant"}),
        event(
            "contentBlockStart",
            {"contentBlockIndex": 0, "start": {"toolUse": {"toolUseId": CALL_ID, "name": TOOL}}},
        ),
        event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"toolUse": {"input": arguments}}}),
        *_bedrock_end("tool_use"),
    ]


_BROKEN_FRAME = encode_message(
    {":event-type": "contentBlockDelta", ":content-type": "application/json", ":message-type": "event"},
    BROKEN_JSON.encode(),
)

BEDROCK = Wire(
    name="bedrock",
    model="bedrock:anthropic.claude-3-haiku-20240307-v1:0",
    settings={"region": "us-east-1"},
    body=lambda text: _converse([{"text": text}]),
    start=lambda: [event("messageStart", {"role": "assistant"})],
    piece=lambda text: event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": text}}),
    end=_bedrock_end,
    tool_body=lambda args: _converse(
        [{"toolUse": {"toolUseId": CALL_ID, "name": TOOL, "input": args}}], "tool_use"
    ),
    tool_stream=_bedrock_tool_stream,
    error=lambda status, message: (
        {"message": message},
        {
            "x-amzn-errortype": f"{_AWS_ERRORS.get(status, 'InternalServerException')}:http://internal.amazon.com/"
        },
    ),
    error_in_200=lambda message: {"message": message, "__type": "InternalServerException"},
    broken=_BROKEN_FRAME,
    stream_headers=AWS_STREAM,
)

# -- Vercel AI Gateway ------------------------------------------------------------------

_GATEWAY_KINDS = {
    400: "invalid_request_error",
    401: "authentication_error",
    429: "rate_limit_exceeded",
}
_GATEWAY_USAGE = {"inputTokens": {"total": 3}, "outputTokens": {"total": 2}}


def _gateway_finish(reason: str = "stop") -> bytes:
    return sse(
        {"type": "finish", "finishReason": {"unified": reason, "raw": reason}, "usage": _GATEWAY_USAGE}
    )


def _gateway_result(content: list[Any], reason: str = "stop") -> dict[str, Any]:
    return {
        "content": content,
        "finishReason": {"unified": reason, "raw": reason},
        "usage": _GATEWAY_USAGE,
        "warnings": [],
    }


def _gateway_tool_stream(arguments: Any) -> list[bytes]:
    delta = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return [
        sse({"type": "stream-start", "warnings": []}),
        sse({"type": "tool-input-start", "id": CALL_ID, "toolName": TOOL}),
        sse({"type": "tool-input-delta", "id": CALL_ID, "delta": delta}),
        sse({"type": "tool-input-end", "id": CALL_ID}),
        sse({"type": "tool-call", "toolCallId": CALL_ID, "toolName": TOOL, "input": arguments}),
        _gateway_finish("tool-calls"),
    ]


GATEWAY = Wire(
    name="gateway",
    model="gateway:openai/gpt-4o-mini",
    body=lambda text: _gateway_result([{"type": "text", "text": text}]),
    start=lambda: [sse({"type": "stream-start", "warnings": []}), sse({"type": "text-start", "id": "t0"})],
    piece=lambda text: sse({"type": "text-delta", "id": "t0", "delta": text}),
    end=lambda: [sse({"type": "text-end", "id": "t0"}), _gateway_finish()],
    tool_body=lambda args: _gateway_result(
        [{"type": "tool-call", "toolCallId": CALL_ID, "toolName": TOOL, "input": args}], "tool-calls"
    ),
    tool_stream=_gateway_tool_stream,
    error=lambda status, message: (
        {"error": {"message": message, "type": _GATEWAY_KINDS.get(status, "internal_server_error")}},
        {},
    ),
    error_in_200=lambda message: {"error": {"message": message, "type": "internal_server_error"}},
    broken=OPENAI_CHAT.broken,
)

WIRES: tuple[Wire, ...] = (
    OPENAI_CHAT,
    OPENAI_RESPONSES,
    ANTHROPIC,
    GOOGLE,
    MISTRAL,
    COHERE,
    BEDROCK,
    GATEWAY,
)
BY_NAME = {wire.name: wire for wire in WIRES}
EXCEPTION_FRAME = exception


def embeddings_body(count: int) -> dict[str, Any]:
    """An OpenAI embeddings answer with ``count`` vectors."""
    return {
        "object": "list",
        "data": [
            {"object": "embedding", "index": i, "embedding": [0.5, -0.25, float(i)]} for i in range(count)
        ],
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": count, "total_tokens": count},
    }
